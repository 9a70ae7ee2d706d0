// Stands in for a fuzz child stuck in an infinite loop: announces the case, then never finishes it.
process.on('message', () => process.send({ type: 'start', index: 0 }));
