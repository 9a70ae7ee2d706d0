import { setInterval as every, setTimeout as delay } from 'node:timers/promises';

const started = Date.now();
let ticks = 0;
for await (const startTime of every(20, 'tick')) {
  ticks++;
  console.log(`${startTime} #${ticks}`);
  if (ticks === 4) break;
}
const value = await delay(10, 'done waiting');
console.log(value);
console.log('elapsed bucket', Math.round((Date.now() - started) / 10) * 10 >= 80);
