const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
(async () => {
  console.log('winner:', await Promise.race([sleep(40, 'slow'), sleep(15, 'fast')]));
  try {
    await Promise.race([sleep(80, 'work'), timeout(30)]);
  } catch (e) {
    console.log('race lost:', e.message);
  }
  console.log('settled first:', await Promise.race([Promise.resolve('a'), Promise.resolve('b')]));
})();
