const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let attempts = 0;
async function flaky() {
  attempts++;
  if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
  return 'success';
}
async function retry(fn, tries, delay) {
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (e) {
      console.log(e.message, `- retrying in ${delay} ms`);
      await sleep(delay);
      delay *= 2;
    }
  }
  throw new Error('gave up');
}
retry(flaky, 5, 10).then((v) => console.log(v, 'after', attempts, 'attempts'));
