const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
(async () => {
  for await (const v of [sleep(30, 'slow first'), 'plain', sleep(10, 'fast third')]) {
    console.log('got', v);
  }
  console.log('loop done');
})();
Promise.resolve().then(() => console.log('microtask 1')).then(() => console.log('microtask 2')).then(() => console.log('microtask 3'));
