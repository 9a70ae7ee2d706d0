const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function task(name, ms) {
  await sleep(ms);
  console.log(`${name} done after ${ms} ms`);
  return name;
}
(async () => {
  await task('a', 30);
  await task('b', 20);
  console.log('sequential finished');
  const results = await Promise.all([task('c', 40), task('d', 10)]);
  console.log('concurrent finished', results);
})();
