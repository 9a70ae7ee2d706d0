const thenable = {
  then(resolve) {
    console.log('then() called');
    resolve('from thenable');
  },
};
Promise.resolve(thenable).then((v) => console.log(v));
Promise.resolve().then(() => console.log('plain 1')).then(() => console.log('plain 2')).then(() => console.log('plain 3'));
(async () => {
  const v = await thenable;
  console.log('awaited', v);
})();
console.log('sync end');
