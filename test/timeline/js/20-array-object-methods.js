const people = [
  { name: 'Ann', age: 31 },
  { name: 'Bob', age: 25 },
  { name: 'Cid', age: 42 },
];
console.log(people.filter((p) => p.age > 30).map((p) => p.name).join(', '));
console.log(people.reduce((sum, p) => sum + p.age, 0));
console.log([...people].sort((a, b) => a.age - b.age).map((p) => p.name));
console.log(Object.keys(people[0]), Object.entries({ x: 1, y: [2, 3] }));
console.log(JSON.stringify(people[1]), JSON.stringify({ a: [1, { b: 2 }] }, null, 2));
console.log([1, 2, 3, 4, 5].slice(1, 3), [1, [2, [3]]].flat(Infinity), Array.from({ length: 3 }, (_, i) => i * i));
console.log('abc'.toUpperCase(), 'a-b-c'.split('-'), ' x '.trim(), 'x'.padStart(3, '.'), 'hello'.includes('ell'));
console.log(Math.max(...[3, 9, 2]), (0.1 + 0.2).toFixed(2), parseInt('42px'), Number('7') + 1);
const copy = { ...people[0], extra: true };
console.log(copy, people.find((p) => p.name === 'Bob'), people.some((p) => p.age > 40));
people.forEach((p, i) => console.log(i, p.name));
console.log(new Map([['a', 1]]), new Set([1, 2, 2]), [undefined, null, 'str', 1.5, true]);
