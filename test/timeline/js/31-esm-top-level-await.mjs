const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
console.log('before await');
setTimeout(() => console.log('timer 5'), 5);
await sleep(20);
console.log('after await');
process.nextTick(() => console.log('tick'));
await null;
console.log('after await null');
