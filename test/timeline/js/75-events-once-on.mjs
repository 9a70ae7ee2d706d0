import { EventEmitter, once, on } from 'node:events';

const queue = new EventEmitter();

setTimeout(() => queue.emit('ready', 'broker-1', 3), 10);
const [name, partitions] = await once(queue, 'ready');
console.log(`connected to ${name} with ${partitions} partitions`);

setTimeout(() => {
  queue.emit('message', { offset: 0, body: 'hello' });
  queue.emit('message', { offset: 1, body: 'world' });
}, 10);
setTimeout(() => queue.emit('message', { offset: 2, body: 'stop' }), 30);

for await (const [msg] of on(queue, 'message')) {
  console.log('consumed', msg.offset, msg.body);
  if (msg.body === 'stop') break;
}
console.log('listeners left:', queue.listenerCount('message'));
