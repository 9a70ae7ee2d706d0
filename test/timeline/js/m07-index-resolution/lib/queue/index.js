const { Priority } = require('./priority');
module.exports = class TaskQueue {
  constructor() { this.items = []; }
  add(name, p = Priority.NORMAL) { this.items.push({ name, p }); this.items.sort((a, b) => b.p - a.p); }
  async drain(fn) { while (this.items.length) await fn(this.items.shift()); }
};
module.exports.Priority = Priority;
