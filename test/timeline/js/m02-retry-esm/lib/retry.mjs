import { setTimeout as sleep } from 'node:timers/promises';

export async function retry(fn, { attempts = 3, delay = 10 } = {}) {
  let lastError;
  for (let i = 1; i <= attempts; i++) {
    try {
      return await fn(i);
    } catch (err) {
      lastError = err;
      console.log(`attempt ${i} failed: ${err.message}`);
      if (i < attempts) await sleep(delay * i);
    }
  }
  throw lastError;
}
