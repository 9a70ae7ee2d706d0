const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function* ticker(count, every) {
  try {
    for (let i = 1; i <= count; i++) {
      await sleep(every);
      yield i;
    }
  } finally {
    console.log('ticker cleaned up');
  }
}
(async () => {
  for await (const n of ticker(5, 15)) {
    console.log('tick', n);
    if (n === 3) break;
  }
  const gen = ticker(2, 5);
  console.log(await gen.next(), await gen.next(), await gen.next());
})();
