exports.Priority = Object.freeze({ LOW: 0, NORMAL: 1, HIGH: 2 });
