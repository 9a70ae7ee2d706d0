// Counts the microtask turns each kind of awaited expression takes.
async function measure(name, make) {
  let ticks = 0;
  let done = false;
  const count = () => {
    if (done) return;
    ticks++;
    Promise.resolve().then(count);
  };
  Promise.resolve().then(count);
  await make();
  done = true;
  console.log(`${name}: ${ticks}`);
}
const settled = Promise.resolve(1);
async function plain() { return 1; }
async function returnAwait() { return await settled; }
async function returnPromise() { return settled; }
(async () => {
  await measure('plain value', () => 1);
  await measure('settled promise', () => settled);
  await measure('sync thenable', () => ({ then(r) { r(1); } }));
  await measure('async fn returning value', () => plain());
  await measure('async fn return await', () => returnAwait());
  await measure('async fn return promise', () => returnPromise());
  await measure('promise resolved with promise', () => new Promise((r) => r(Promise.resolve(1))));
  await measure('then of settled', () => settled.then((x) => x));
  await measure('Promise.all', () => Promise.all([settled, 2]));
  await measure('Promise.race', () => Promise.race([settled]));
  await measure('finally', () => Promise.resolve(1).finally(() => {}));
})();
