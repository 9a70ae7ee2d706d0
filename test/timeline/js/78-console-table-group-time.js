const users = [
  { name: 'alice', role: 'admin', active: true },
  { name: 'bob', role: 'dev', active: false },
];
console.group('Report');
console.log('generated');
console.group('Users');
console.table(users);
console.groupEnd();
console.log('count', users.length);
console.groupEnd();
console.log('outside group');
console.table([[1, 2], [3, 4]]);
console.dir({ nested: { deep: { deeper: { deepest: 1 } } } }, { depth: 0 });
