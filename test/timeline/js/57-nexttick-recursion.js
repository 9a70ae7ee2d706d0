let n = 0;
function again() {
  if (++n <= 3) {
    console.log('tick', n);
    process.nextTick(again);
  }
}
process.nextTick(again);
Promise.resolve().then(() => console.log('promise waits for every tick'));
setImmediate(() => console.log('immediate'));
setTimeout(() => console.log('timeout 5'), 5);
