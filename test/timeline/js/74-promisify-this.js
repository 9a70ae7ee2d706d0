const util = require('util');

class LegacyDb {
  constructor(name) { this.name = name; this.rows = { 1: 'alice', 2: 'bob' }; }
  find(id, cb) {
    setTimeout(() => {
      if (!this.rows[id]) cb(new Error(`${this.name}: row ${id} not found`));
      else cb(null, this.rows[id]);
    }, 10);
  }
}

const db = new LegacyDb('users');
const find = util.promisify(db.find).bind(db);
const findUnbound = util.promisify(db.find);

(async () => {
  console.log(await find(1));
  try {
    await find(3);
  } catch (e) {
    console.log(e.message);
  }
  try {
    await findUnbound(2);
  } catch (e) {
    console.log('unbound:', e.constructor.name);
  }
  db.findAsync = util.promisify(db.find);
  console.log(await db.findAsync(2));
})();
