process.nextTick(() => console.log('tick 1'));
console.log('sync 1');
await Promise.resolve();
console.log('after first await');
process.nextTick(() => console.log('tick 2'));
Promise.resolve().then(() => console.log('promise after await'));
console.log('sync 2');
