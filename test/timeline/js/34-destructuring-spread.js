const { a, b: { c = 10, d } = {}, ...rest } = { a: 1, b: { d: 4 }, e: 5, f: 6 };
console.log(a, c, d, rest);
const [first, , third = 'def', ...others] = [1, 2, undefined, 4, 5];
console.log(first, third, others);
function f({ x, y = 2 } = {}, ...more) {
  return [x, y, more.length];
}
console.log(f(), f({ x: 1 }, 'a', 'b'));
let p = 1, q = 2;
[p, q] = [q, p];
console.log(p, q, Math.min(...[5, 3, 8]), [...'hey'], { ...null, z: 1 });
const key = 'dyn';
console.log({ [key + '1']: true, [`${key}2`]: false });
