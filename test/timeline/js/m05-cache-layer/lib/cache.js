const db = require('./db');
const store = new Map();
const inflight = new Map();
module.exports = async function cachedQuery(sql, ttl = 30) {
  const hit = store.get(sql);
  if (hit && Date.now() < hit.expires) return { ...hit.value, cached: true };
  if (!inflight.has(sql)) {
    inflight.set(sql, db.query(sql).then((value) => {
      store.set(sql, { value, expires: Date.now() + ttl });
      inflight.delete(sql);
      return value;
    }));
  }
  return { ...(await inflight.get(sql)), cached: false };
};
