console.log('A');
const p = new Promise((resolve, reject) => {
  console.log('B: executor runs synchronously');
  resolve('first');
  resolve('ignored');
  reject(new Error('ignored too'));
  console.log('C: still in executor');
});
p.then((v) => console.log('E:', v));
console.log('D');
