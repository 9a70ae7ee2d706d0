const util = require('util');

class Money {
  constructor(amount, currency) { this.amount = amount; this.currency = currency; }
  [util.inspect.custom]() { return `Money<${this.amount.toFixed(2)} ${this.currency}>`; }
}

const order = { id: 'o-1', total: new Money(12.5, 'EUR'), lines: [{ sku: 'A', qty: 2 }], meta: { a: { b: { c: { d: 1 } } } } };
console.log(order);
console.log(util.inspect(order, { depth: 0 }));
console.log(util.format('%s has %d items costing %j', order.id, order.lines.length, { eur: 12.5 }));
console.log(util.format('%o', [1]));
console.log(util.inspect('text'), util.inspect(new Map([[1, { x: 1 }]])));
console.log(util.types.isPromise(Promise.resolve()), util.isDeepStrictEqual({ a: [1] }, { a: [1] }));
console.log('%s is %i years', 'Ann', 41.9);
