import { setTimeout as sleep, setImmediate as nextTurn } from 'timers/promises';
console.log('start');
const value = await sleep(20, 'slept');
console.log(value);
await nextTurn();
console.log('after setImmediate promise');
const results = await Promise.all([sleep(30, 'x'), sleep(10, 'y')]);
console.log(results);
