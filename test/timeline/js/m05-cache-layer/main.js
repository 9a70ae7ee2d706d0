const cachedQuery = require('./lib/cache');
const db = require('./lib/db');

async function main() {
  const a = await Promise.all([cachedQuery('SELECT 1'), cachedQuery('SELECT 1')]);
  console.log(a.map((r) => r.cached), 'db queries:', db.count());
  console.log((await cachedQuery('SELECT 1')).cached, 'db queries:', db.count());
  await new Promise((r) => setTimeout(r, 40));
  console.log((await cachedQuery('SELECT 1')).cached, 'db queries:', db.count());
}
main();
