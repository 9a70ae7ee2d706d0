class Countdown {
  constructor(from) {
    this.from = from;
  }
  *[Symbol.iterator]() {
    for (let i = this.from; i > 0; i--) yield i;
  }
}
const c = new Countdown(3);
console.log([...c], Math.max(...c));
const manual = {
  [Symbol.iterator]() {
    let n = 0;
    return { next: () => (n < 2 ? { value: n++, done: false } : { value: undefined, done: true }) };
  },
};
for (const v of manual) console.log('manual', v);
const [first, ...others] = new Set(['x', 'y', 'z']);
console.log(first, others, Object.fromEntries(new Map([['k', 1]])));
