// Tries: a huge array filled by one builtin call (8 GB of elements, no loop for a step budget to count).
// outcome: stopped-or-note
const a = new Array(2 ** 30).fill(1.5);
console.log(a.length);
