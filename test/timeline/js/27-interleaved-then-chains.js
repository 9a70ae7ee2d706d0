Promise.resolve()
  .then(() => console.log('a1'))
  .then(() => console.log('a2'))
  .then(() => console.log('a3'));
Promise.resolve()
  .then(() => console.log('b1'))
  .then(() => console.log('b2'))
  .then(() => console.log('b3'));
const p = new Promise((resolve) => setTimeout(() => resolve('late'), 10));
p.then((v) => console.log('first reaction', v));
p.then((v) => console.log('second reaction', v));
