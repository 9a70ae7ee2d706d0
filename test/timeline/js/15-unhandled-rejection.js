setTimeout(() => console.log('never printed: the process already crashed'), 20);
Promise.resolve().then(() => console.log('first microtask'));
Promise.reject(new Error('nobody handles me'));
console.log('sync done');
