class Semaphore {
  constructor(n) { this.n = n; this.waiting = []; }
  async acquire() {
    if (this.n > 0) { this.n--; return; }
    await new Promise((r) => this.waiting.push(r));
  }
  release() {
    const next = this.waiting.shift();
    if (next) next(); else this.n++;
  }
  async use(fn) {
    await this.acquire();
    try { return await fn(); } finally { this.release(); }
  }
}

const sem = new Semaphore(2);
const files = ['a.zip', 'b.zip', 'c.zip', 'd.zip', 'e.zip'];
const sizes = { 'a.zip': 30, 'b.zip': 10, 'c.zip': 24, 'd.zip': 15, 'e.zip': 5 };

async function download(file) {
  return sem.use(async () => {
    console.log('downloading', file);
    await new Promise((r) => setTimeout(r, sizes[file]));
    console.log('saved', file);
    return sizes[file];
  });
}

Promise.all(files.map(download)).then((s) => console.log('bytes', s.reduce((a, b) => a + b, 0)));
