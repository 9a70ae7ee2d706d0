// Tries: catastrophic backtracking inside one RegExp.test call, work the interpreter's step budget cannot see.
// outcome: stopped-or-note
const evil = /^(a+)+$/;
console.log(evil.test('a'.repeat(48) + 'b'));
