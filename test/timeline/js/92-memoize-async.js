function memoize(fn) {
  const cache = new Map();
  return function memoized(...args) {
    const key = JSON.stringify(args);
    if (!cache.has(key)) {
      const p = fn.apply(this, args).catch((e) => {
        cache.delete(key);
        throw e;
      });
      cache.set(key, p);
    }
    return cache.get(key);
  };
}

let calls = 0;
const getRate = memoize(async (from, to) => {
  calls++;
  await new Promise((r) => setTimeout(r, 20));
  if (to === 'XXX') throw new Error('unknown currency');
  return from === 'EUR' && to === 'USD' ? 1.08 : 0.92;
});

(async () => {
  const [a, b] = await Promise.all([getRate('EUR', 'USD'), getRate('EUR', 'USD')]);
  console.log(a, b, 'calls', calls);
  await getRate('EUR', 'XXX').catch((e) => console.log(e.message));
  await getRate('EUR', 'XXX').catch((e) => console.log('again:', e.message));
  console.log('calls', calls);
})();
