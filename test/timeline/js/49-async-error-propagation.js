async function level3() {
  await null;
  throw new Error('deep failure');
}
async function level2() {
  try {
    return await level3();
  } finally {
    console.log('level2 finally');
  }
}
async function level1() {
  try {
    await level2();
  } catch (e) {
    console.log('level1 caught:', e.message);
    return 'recovered';
  }
}
level1().then((v) => console.log('result:', v));
Promise.resolve().then(() => console.log('other microtask'));
