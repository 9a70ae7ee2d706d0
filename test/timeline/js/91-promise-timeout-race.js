function timeout(promise, ms, label) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

const query = (ms, rows) => new Promise((r) => setTimeout(() => r(rows), ms));

async function main() {
  const fast = await timeout(query(10, ['row1']), 50, 'fast query');
  console.log('fast:', fast);
  try {
    await timeout(query(80, ['row2']), 30, 'slow query');
  } catch (e) {
    console.log(e.message);
  }
  const results = await Promise.allSettled([
    timeout(query(5, 1), 20, 'a'),
    timeout(query(40, 2), 20, 'b'),
  ]);
  console.log(results.map((r) => r.status + ':' + (r.value ?? r.reason.message)));
}
main();
