const { Pool } = require('pg');
const pool = new Pool({ max: 2 });

async function query(sql, params) {
  const result = await pool.query(sql, params);
  return result;
}
module.exports = { query, close: () => pool.end() };
