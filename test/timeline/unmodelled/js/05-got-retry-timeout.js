const got = require('got');

async function fetchWithTimeout(url, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([got(url).json(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

(async () => {
  try {
    await fetchWithTimeout('https://slow.example.com', 50);
    console.log('fast enough');
  } catch (e) {
    console.log(e.message);
  }
  await fetchWithTimeout('https://example.com', 500);
  console.log('second request completed');
})();
