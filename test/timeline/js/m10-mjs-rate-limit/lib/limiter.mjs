export function createLimiter({ perWindow, windowMs }) {
  let used = 0;
  let windowStart = Date.now();
  const waiting = [];
  function release() {
    while (waiting.length && used < perWindow) {
      used++;
      waiting.shift()();
    }
  }
  setInterval(() => {
    used = 0;
    windowStart = Date.now();
    release();
  }, windowMs).unref();
  return function acquire() {
    if (used < perWindow) {
      used++;
      return Promise.resolve();
    }
    return new Promise((r) => waiting.push(r));
  };
}
