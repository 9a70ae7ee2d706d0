// Tries: a V8 fatal error from one builtin call ('ab'.repeat(2**27).split('a') builds a 2^27-element array), which used to abort the whole process.
// outcome: stopped-or-note
const parts = 'ab'.repeat(2 ** 27).split('a');
console.log(parts.length);
