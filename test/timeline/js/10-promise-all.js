const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
(async () => {
  const values = await Promise.all([sleep(60, 'slow'), sleep(20, 'fast'), 3]);
  console.log('all', values);
  try {
    await Promise.all([sleep(10, 'a'), Promise.reject(new Error('boom'))]);
  } catch (e) {
    console.log('all rejected:', e.message);
  }
})();
