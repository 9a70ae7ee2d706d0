import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';

const ac = new AbortController();
const slow = sleep(100, 'slow result', { signal: ac.signal });
setTimeout(() => ac.abort(), 20);

try {
  console.log(await slow);
} catch (err) {
  console.log(err.name, err.code);
}

const v = await nextTurn('immediate value');
console.log(v);
const results = await Promise.all([sleep(10, 'a'), sleep(30, 'b'), sleep(20, 'c')]);
console.log(results);
const first = await Promise.race([sleep(15, 'fast'), sleep(40, 'slow')]);
console.log('race winner', first);
