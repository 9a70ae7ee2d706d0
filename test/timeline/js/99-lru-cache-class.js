class LRU {
  #max;
  #map = new Map();
  constructor(max) { this.#max = max; }
  get(key) {
    if (!this.#map.has(key)) return undefined;
    const v = this.#map.get(key);
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }
  set(key, value) {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value);
  }
  get keys() { return [...this.#map.keys()]; }
}

const lru = new LRU(3);
['a', 'b', 'c'].forEach((k, i) => lru.set(k, i));
lru.get('a');
lru.set('d', 3);
console.log(lru.keys);
console.log(lru.get('b'), lru.get('c'));
console.log(lru);
