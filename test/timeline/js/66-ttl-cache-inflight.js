// A TTL cache that dedupes concurrent loads of the same key.
class TtlCache {
  constructor(ttl, loader) {
    this.ttl = ttl;
    this.loader = loader;
    this.entries = new Map();
    this.inflight = new Map();
  }
  async get(key) {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    if (this.inflight.has(key)) return this.inflight.get(key);
    const p = this.loader(key).then((value) => {
      this.entries.set(key, { value, expires: Date.now() + this.ttl });
      this.inflight.delete(key);
      return value;
    });
    this.inflight.set(key, p);
    return p;
  }
}

let loads = 0;
const cache = new TtlCache(50, async (key) => {
  loads++;
  console.log(`loading ${key} from db`);
  await new Promise((r) => setTimeout(r, 20));
  return `${key}:v${loads}`;
});

async function main() {
  const [a, b, c] = await Promise.all([cache.get('user:1'), cache.get('user:1'), cache.get('user:2')]);
  console.log(a, b, c, 'loads =', loads);
  console.log('cached:', await cache.get('user:1'), 'loads =', loads);
  await new Promise((r) => setTimeout(r, 60));
  console.log('after ttl:', await cache.get('user:1'), 'loads =', loads);
}
main();
