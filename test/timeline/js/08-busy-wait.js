setTimeout(() => console.log('timer (asked for 10 ms)'), 10);
setTimeout(() => console.log('timer (asked for 80 ms)'), 80);
console.log('start');
const start = Date.now();
while (Date.now() - start < 50) {
  // busy wait: the loop cannot run timers
}
console.log('blocked for 50 ms');
