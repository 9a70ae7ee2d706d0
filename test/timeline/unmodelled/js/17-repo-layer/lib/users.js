const db = require('./db');

exports.findUser = async (id) => {
  await db.query('SELECT * FROM users WHERE id = $1', [id]);
  return { id };
};
exports.saveAll = (users) => Promise.all(users.map((u) => db.query('INSERT INTO users VALUES ($1)', [u.id])));
