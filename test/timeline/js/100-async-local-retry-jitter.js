// Retry with full jitter: the delays are random, so only the outcome is stable.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let n = 0;
async function send() {
  n++;
  if (n < 3) throw new Error('ETIMEDOUT');
  return 'delivered';
}
async function retry(fn, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (e) {
      const delay = Math.floor(Math.random() * 10 * 2 ** i);
      await sleep(delay);
    }
  }
  throw new Error('gave up');
}
retry(send).then((r) => console.log(r, 'after', n, 'attempts'));
