const axios = require('axios');

async function main() {
  console.time('sequential');
  for (const id of [1, 2, 3]) {
    await axios.get(`https://api.example.com/users/${id}`);
    console.log('fetched user', id);
  }
  console.timeEnd('sequential');

  const started = Date.now();
  await Promise.all([1, 2, 3].map((id) => axios.get(`https://api.example.com/users/${id}`)));
  console.log('parallel took about', Math.round((Date.now() - started) / 100) * 100, 'ms');
}

main().catch((err) => console.error('request failed', err.message));
