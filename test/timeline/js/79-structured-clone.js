const original = {
  id: 7,
  tags: new Set(['a', 'b']),
  meta: new Map([['created', 'today']]),
  nested: { list: [1, 2, { x: 3 }] },
  when: new Date(0),
};
const copy = structuredClone(original);
copy.nested.list[2].x = 99;
copy.tags.add('c');
console.log(original.nested.list[2].x, copy.nested.list[2].x);
console.log(original.tags.size, copy.tags.size);
console.log(copy.meta.get('created'), copy.when instanceof Date, copy.when.getTime());
try {
  structuredClone({ fn() {} });
} catch (e) {
  console.log(e.name);
}
