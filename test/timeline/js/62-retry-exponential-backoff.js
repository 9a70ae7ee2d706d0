const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let attempts = 0;
async function flakyFetch(url) {
  attempts++;
  await sleep(10);
  if (attempts < 4) {
    const err = new Error(`503 Service Unavailable for ${url}`);
    err.status = 503;
    throw err;
  }
  return { status: 200, body: 'ok' };
}

async function withRetry(fn, { retries = 5, baseDelay = 20, factor = 2 } = {}) {
  let delay = baseDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt > retries || err.status < 500) throw err;
      console.log(`attempt ${attempt} failed (${err.message}), retrying in ${delay}ms`);
      await sleep(delay);
      delay *= factor;
    }
  }
}

(async () => {
  console.time('fetch');
  const res = await withRetry(() => flakyFetch('/api/users'));
  console.log('got', res);
  console.log('total attempts:', attempts);
})();
