const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function main() {
  const started = Date.now();
  for (const ms of [10, 20, 30]) {
    await sleep(ms);
    console.log(`waited ${ms}`);
  }
  console.log('waited at least 60 ms:', Date.now() - started >= 60);
}
main().then(() => console.log('main resolved'));
console.log('main started');
