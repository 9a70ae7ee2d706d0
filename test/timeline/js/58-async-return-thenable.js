async function viaReturn() {
  return { then(resolve) { resolve('thenable result'); } };
}
async function direct() {
  return 'direct';
}
viaReturn().then((v) => console.log(v));
direct().then((v) => console.log(v));
Promise.resolve().then(() => console.log('m1')).then(() => console.log('m2')).then(() => console.log('m3'));
