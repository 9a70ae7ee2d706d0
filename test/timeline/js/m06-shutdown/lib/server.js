const { EventEmitter } = require('events');
class Server extends EventEmitter {
  constructor() { super(); this.inflight = 0; this.timer = null; }
  listen(port) {
    this.timer = setInterval(() => this.emit('request', `req-${Date.now() % 1000 >= 0 ? 'x' : 'y'}`), 15);
    setImmediate(() => this.emit('listening', port));
    return this;
  }
  close(cb) {
    clearInterval(this.timer);
    setTimeout(() => { this.emit('close'); cb && cb(); }, 10);
  }
}
module.exports = { createServer: () => new Server() };
