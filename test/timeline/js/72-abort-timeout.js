function slowOperation(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => resolve(`finished after ${ms}ms`), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

async function withTimeout(ms, fn) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${ms}ms`)), ms);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  console.log(await withTimeout(50, (signal) => slowOperation(20, signal)));
  try {
    await withTimeout(30, (signal) => slowOperation(100, signal));
  } catch (e) {
    console.log('error:', e.message);
  }
  const c = new AbortController();
  c.abort();
  console.log('aborted:', c.signal.aborted, c.signal.reason.name);
}
main();
