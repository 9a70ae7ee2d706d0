let n = 0;
const id = setInterval(() => {
  n++;
  console.log('interval', n);
  if (n === 1) {
    const until = Date.now() + 45;
    while (Date.now() < until) {}
    console.log('blocked 45 ms inside the callback');
  }
  if (n === 3) clearInterval(id);
}, 20);
