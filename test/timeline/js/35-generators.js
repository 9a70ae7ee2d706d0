function* range(start, end) {
  for (let i = start; i < end; i++) yield i;
  return 'done';
}
console.log([...range(0, 4)]);
const it = range(5, 7);
console.log(it.next(), it.next(), it.next(), it.next());
function* fib() {
  let [x, y] = [0, 1];
  for (;;) {
    yield x;
    [x, y] = [y, x + y];
  }
}
const out = [];
for (const n of fib()) {
  if (n > 30) break;
  out.push(n);
}
console.log(out.join(' '));
function* delegate() {
  yield 'a';
  yield* ['b', 'c'];
}
console.log(Array.from(delegate()));
