const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let runs = 0;
const id = setInterval(async () => {
  const n = ++runs;
  console.log('start', n);
  await sleep(45);
  console.log('finish', n);
  if (n === 2) clearInterval(id);
}, 30);
