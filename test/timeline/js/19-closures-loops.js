for (var i = 0; i < 3; i++) setTimeout(() => console.log('var', i), 0);
for (let j = 0; j < 3; j++) setTimeout(() => console.log('let', j), 0);
function makeCounter() {
  let n = 0;
  return { inc: () => ++n, get: () => n };
}
const c = makeCounter();
c.inc();
c.inc();
console.log('counter', c.get());
const adders = [1, 2, 3].map((x) => (y) => x + y);
console.log(adders.map((f) => f(10)));
