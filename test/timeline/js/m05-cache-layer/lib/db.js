let queries = 0;
async function query(sql) {
  queries++;
  await new Promise((r) => setTimeout(r, 20));
  return { sql, rows: [{ id: 1 }] };
}
module.exports = { query, count: () => queries };
