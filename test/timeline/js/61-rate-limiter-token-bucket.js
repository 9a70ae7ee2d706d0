// Token bucket rate limiter guarding an API client.
class TokenBucket {
  constructor(capacity, refillPerSec) {
    this.capacity = capacity;
    this.tokens = capacity;
    this.refillMs = 1000 / refillPerSec;
    this.waiters = [];
    this.timer = null;
  }
  take() {
    if (this.tokens > 0) {
      this.tokens--;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }
  schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tokens = Math.min(this.capacity, this.tokens + 1);
      while (this.tokens > 0 && this.waiters.length) {
        this.tokens--;
        this.waiters.shift()();
      }
      if (this.waiters.length) this.schedule();
    }, this.refillMs);
  }
}

const bucket = new TokenBucket(2, 25);

async function callApi(id) {
  await bucket.take();
  console.log(`request ${id} sent`);
}

Promise.all([1, 2, 3, 4, 5].map(callApi)).then(() => console.log('all requests sent'));
