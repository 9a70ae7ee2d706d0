// Tries: to change the builtins of later predictions (Math.max = Math.min, String.prototype.split, Promise.prototype.then,
// Object.prototype pollution); the harness runs a normal prediction right after, which must be unaffected.
// outcome: model
Math.max = Math.min;
String.prototype.split = function () { return ['polluted']; };
Object.prototype.polluted = true;
Promise.prototype.then = function () { return this; };
console.log(Math.max(1, 2), 'a,b'.split(','));
