const axios = require('axios');

async function main() {
  for (const id of [1, 2, 3]) {
    await axios.get(`https://api.example.com/users/${id}`);
    console.log('fetched user', id);
  }
  // The times of these lines (300 ms, then 400 ms) carry the 3L-versus-L shape; the text stays load-proof.
  console.log('sequential done');

  await Promise.all([1, 2, 3].map((id) => axios.get(`https://api.example.com/users/${id}`)));
  console.log('parallel done');
}

main().catch((err) => console.error('request failed', err.message));
