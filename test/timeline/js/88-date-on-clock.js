const start = Date.now();
const t0 = performance.now();

function log(msg) {
  const elapsed = Date.now() - start;
  console.log(`[+${Math.round(elapsed / 25) * 25}ms] ${msg}`);
}

setTimeout(() => log('first'), 50);
setTimeout(() => {
  log('second');
  const spent = performance.now() - t0;
  console.log('perf elapsed >= 100:', spent >= 100);
}, 100);
log('start');
