class CircuitBreaker {
  constructor(action, { failureThreshold = 3, resetTimeout = 50 } = {}) {
    this.action = action;
    this.failureThreshold = failureThreshold;
    this.resetTimeout = resetTimeout;
    this.state = 'CLOSED';
    this.failures = 0;
    this.openedAt = 0;
  }
  async fire(...args) {
    if (this.state === 'OPEN') {
      if (Date.now() - this.openedAt >= this.resetTimeout) {
        this.state = 'HALF_OPEN';
      } else {
        throw new Error('breaker is open');
      }
    }
    try {
      const result = await this.action(...args);
      this.failures = 0;
      this.state = 'CLOSED';
      return result;
    } catch (err) {
      this.failures++;
      if (this.state === 'HALF_OPEN' || this.failures >= this.failureThreshold) {
        this.state = 'OPEN';
        this.openedAt = Date.now();
      }
      throw err;
    }
  }
}

let healthy = false;
const breaker = new CircuitBreaker(async (n) => {
  await new Promise((r) => setTimeout(r, 5));
  if (!healthy) throw new Error(`upstream down (call ${n})`);
  return `result ${n}`;
});

async function main() {
  for (let i = 1; i <= 6; i++) {
    try {
      console.log(await breaker.fire(i));
    } catch (e) {
      console.log(`call ${i}: ${e.message} [${breaker.state}]`);
    }
  }
  healthy = true;
  await new Promise((r) => setTimeout(r, 60));
  console.log(await breaker.fire(7), breaker.state);
}
main();
