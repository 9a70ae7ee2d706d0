function risky(n) {
  if (n > 2) throw new RangeError(`too big: ${n}`);
  return n * 2;
}
for (const n of [1, 3]) {
  try {
    console.log('result', risky(n));
  } catch (e) {
    console.log('caught', e.name, e.message);
  } finally {
    console.log('finally', n);
  }
}
async function failLater() {
  await null;
  throw new TypeError('async failure');
}
failLater().catch((e) => console.log('promise caught', e.message)).finally(() => console.log('cleanup'));
try {
  null.x;
} catch (e) {
  console.log(e instanceof TypeError, e.message);
}
console.log('end of script');
