class WorkerPool {
  constructor(size, handler) {
    this.size = size;
    this.handler = handler;
    this.queue = [];
    this.busy = 0;
  }
  run(task) {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.#tick();
    });
  }
  #tick() {
    if (this.busy >= this.size || !this.queue.length) return;
    const { task, resolve, reject } = this.queue.shift();
    this.busy++;
    this.handler(task).then(resolve, reject).finally(() => {
      this.busy--;
      this.#tick();
    });
  }
}
module.exports = { WorkerPool };
