function throttle(fn, interval) {
  let last = 0;
  let trailing = null;
  return (...args) => {
    const now = Date.now();
    const remaining = interval - (now - last);
    if (remaining <= 0) {
      last = now;
      fn(...args);
    } else if (!trailing) {
      trailing = setTimeout(() => {
        last = Date.now();
        trailing = null;
        fn(...args);
      }, remaining);
    }
  };
}

const positions = [];
const onScroll = throttle((y) => {
  positions.push(y);
  console.log('handle scroll at', y);
}, 35);

let y = 0;
const t = setInterval(() => {
  y += 100;
  onScroll(y);
  if (y >= 1000) {
    clearInterval(t);
    setTimeout(() => console.log('handled', positions.length, 'of 10 events'), 60);
  }
}, 10);
