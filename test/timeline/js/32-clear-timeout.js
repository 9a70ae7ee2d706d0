const a = setTimeout(() => console.log('a (cancelled)'), 10);
const b = setTimeout(() => console.log('b'), 20);
setTimeout(() => {
  clearTimeout(b);
  console.log('cancelled b at 15');
}, 15);
clearTimeout(a);
const imm = setImmediate(() => console.log('immediate (cancelled)'));
clearImmediate(imm);
setTimeout(() => console.log('c'), 30).unref();
setTimeout(() => console.log('d keeps the loop alive'), 40);
