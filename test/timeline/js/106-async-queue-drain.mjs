import { setTimeout as sleep } from 'timers/promises';

class Queue {
  #items = [];
  #running = 0;
  #idle = [];
  constructor(worker, concurrency = 1) {
    this.worker = worker;
    this.concurrency = concurrency;
  }
  push(item) {
    this.#items.push(item);
    this.#next();
  }
  drained() {
    if (this.#running === 0 && this.#items.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }
  async #next() {
    if (this.#running >= this.concurrency || this.#items.length === 0) return;
    this.#running++;
    const item = this.#items.shift();
    try {
      await this.worker(item);
    } catch (e) {
      console.log('worker error', e.message);
    }
    this.#running--;
    if (this.#items.length) this.#next();
    else if (this.#running === 0) this.#idle.splice(0).forEach((r) => r());
  }
}

const q = new Queue(async (n) => {
  await sleep(n * 10);
  if (n === 3) throw new Error('bad item 3');
  console.log('processed', n);
}, 2);
[4, 1, 3, 2].forEach((n) => q.push(n));
await q.drained();
console.log('queue drained');
