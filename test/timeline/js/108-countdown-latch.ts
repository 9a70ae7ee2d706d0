class CountDownLatch {
  private waiters: Array<() => void> = [];
  constructor(private count: number) {}
  countDown(): void {
    if (this.count === 0) return;
    this.count--;
    if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
  }
  wait(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
}

const services = ['config', 'db', 'cache', 'queue'];
const latch = new CountDownLatch(services.length);

services.forEach((name, i) => {
  setTimeout(() => {
    console.log(`${name} ready`);
    latch.countDown();
  }, 10 + i * 7);
});

(async () => {
  console.log('waiting for services');
  await latch.wait();
  console.log('all services ready, starting http');
  await latch.wait();
  console.log('second wait resolves immediately');
})();
