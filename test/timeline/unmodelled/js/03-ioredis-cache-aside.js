const Redis = require('ioredis');
const redis = new Redis({ host: 'localhost', port: 6379 });

async function getUser(id) {
  const cached = await redis.get(`user:${id}`);
  if (cached) {
    console.log('cache hit for', id);
    return cached;
  }
  console.log('cache miss for', id);
  return null;
}

(async () => {
  await Promise.all([getUser(1), getUser(2)]);
  await redis.set('user:1', JSON.stringify({ id: 1 }), 'EX', 60);
  console.log('stored user 1');
  redis.disconnect();
  console.log('disconnected');
})();
