import Redis from 'ioredis';

const sub = new Redis();
sub.status = 'connecting';
await sub.subscribe('orders');
console.log('subscribed; status field is', sub.status);
let seen = 0;
for await (const message of sub.scanStream({ match: 'order:*' })) {
  seen++;
}
console.log('scan yielded', seen, 'batch(es)');
const winner = await Promise.race([sub.ping(), new Promise((r) => setTimeout(() => r('timeout'), 150))]);
console.log('race settled by', winner === 'timeout' ? 'timer' : 'redis');
