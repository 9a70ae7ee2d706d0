class PriorityQueue {
  constructor() { this.items = []; }
  push(item, priority) {
    this.items.push({ item, priority });
    this.items.sort((a, b) => b.priority - a.priority);
  }
  pop() { return this.items.shift()?.item; }
  get size() { return this.items.length; }
}

class Scheduler {
  constructor(concurrency) {
    this.queue = new PriorityQueue();
    this.running = 0;
    this.concurrency = concurrency;
  }
  add(name, priority, ms) {
    return new Promise((resolve) => {
      this.queue.push({ name, ms, resolve }, priority);
      setImmediate(() => this.drain());
    });
  }
  drain() {
    while (this.running < this.concurrency && this.queue.size) {
      const task = this.queue.pop();
      this.running++;
      console.log(`start ${task.name}`);
      setTimeout(() => {
        this.running--;
        console.log(`done ${task.name}`);
        task.resolve(task.name);
        this.drain();
      }, task.ms);
    }
  }
}

const s = new Scheduler(2);
const tasks = [
  s.add('backup', 1, 40),
  s.add('email', 5, 10),
  s.add('thumbnail', 3, 28),
  s.add('alert', 10, 5),
  s.add('report', 2, 15),
];
Promise.all(tasks).then((names) => console.log('finished:', names));
