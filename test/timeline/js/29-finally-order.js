Promise.resolve('v')
  .finally(() => console.log('finally 1'))
  .then((v) => console.log('then after finally', v));
Promise.reject(new Error('e'))
  .finally(() => console.log('finally 2'))
  .catch((e) => console.log('catch after finally', e.message));
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'));
