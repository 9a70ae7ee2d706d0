setImmediate(() => {
  console.log('immediate 1');
  setImmediate(() => console.log('immediate 3 (next loop turn)'));
  process.nextTick(() => console.log('tick from immediate 1'));
});
setImmediate(() => {
  console.log('immediate 2');
  Promise.resolve().then(() => console.log('promise from immediate 2'));
});
process.nextTick(() => console.log('tick from main'));
