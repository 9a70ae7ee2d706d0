function classify(n) {
  switch (true) {
    case n < 0:
      return 'negative';
    case n === 0:
      return 'zero';
    default:
      if (n % 2 === 0) return 'even';
      return 'odd';
  }
}
console.log([-1, 0, 1, 2].map(classify));
outer: for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer;
    if (i === 2) break outer;
    console.log('pair', i, j);
  }
}
let k = 0;
do {
  k += 2;
} while (k < 7);
let w = 10;
while (w > 1) w = Math.floor(w / 3);
console.log(k, w, typeof undefinedThing, typeof classify, void 0);
const obj = { a: 1, b: 2 };
for (const key in obj) console.log(key, obj[key]);
console.log(obj?.missing?.deep, obj.a ?? 'default', null ?? 'fallback', 0 || 'or', 1 && 'and');
let x = null;
x ??= 5;
x += 1;
x **= 2;
console.log(x, 7 % 3, 2 ** 10, -7 >> 1, 'a' < 'b', [1] == 1);
