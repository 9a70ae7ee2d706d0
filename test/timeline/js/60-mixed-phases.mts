import { readFile } from 'node:fs';
const order: string[] = [];
const log = (s: string): void => {
  order.push(s);
  console.log(s);
};
setTimeout(() => log('timeout 50'), 50);
readFile(process.argv[1] ?? '', () => {
  log('io callback');
  setImmediate(() => log('immediate after io'));
  setTimeout(() => log('timeout 0 after io'), 0);
  process.nextTick(() => log('tick after io'));
});
await Promise.resolve();
log('after top-level await');
setTimeout(() => console.log('count', order.length), 100);
