console.log('str', 42, -0, 1e21, 3.14, true, null, undefined);
console.log(['a', 'b'], [1, [2, [3, [4, [5]]]]], []);
console.log({ nested: { deep: { deeper: { deepest: 1 } } }, list: [1, 2] });
console.log({ 'key with space': 1, valid_id: 2 }, {});
console.log('%s is %d years', 'Ann', 31.5, 'extra');
console.log(Array.from({ length: 8 }, (_, i) => ({ id: i })));
console.log(new Error('shown').message, [new Date(0).toISOString()]);
console.log(Symbol('s'), 10n, [function named() {}, () => {}], class Foo {});
console.log(Promise.resolve(5), new Promise(() => {}), Promise.reject(new Error('r')).catch(() => {}) && 'ok');
