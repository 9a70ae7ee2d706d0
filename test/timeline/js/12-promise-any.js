const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
const fail = (ms, m) => new Promise((_, j) => setTimeout(() => j(new Error(m)), ms));
Promise.any([fail(10, 'x'), sleep(30, 'ok'), sleep(50, 'late')]).then((v) => console.log('any:', v));
Promise.any([fail(5, 'a'), fail(15, 'b')]).catch((e) => {
  console.log(e.constructor.name, e.message);
  console.log(e.errors.map((x) => x.message));
});
