// Tries: unbounded recursion, to overflow the interpreter's (and the host's) native stack.
// outcome: stopped-or-note
function down(n) {
  return down(n + 1) + 1;
}
console.log(down(0));
