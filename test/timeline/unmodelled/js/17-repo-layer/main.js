const users = require('./lib/users');
const db = require('./lib/db');

(async () => {
  await users.saveAll([{ id: 1 }, { id: 2 }, { id: 3 }]);
  console.log('saved 3 users');
  for (const id of [1, 2]) {
    const u = await users.findUser(id);
    console.log('found', u.id);
  }
  await db.close();
  console.log('closed');
})();
