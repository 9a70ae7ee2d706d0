const { EventEmitter } = require('events');

class Monitor extends EventEmitter {
  constructor(timeoutMs) {
    super();
    this.timeoutMs = timeoutMs;
    this.timer = setTimeout(() => this.emit('dead'), timeoutMs);
  }
  beat(n) {
    this.timer.refresh();
    this.emit('beat', n);
  }
  stop() { clearTimeout(this.timer); }
}

const m = new Monitor(30);
m.on('beat', (n) => console.log('beat', n));
m.on('dead', () => console.log('peer considered dead'));

let n = 0;
const beats = setInterval(() => {
  n++;
  m.beat(n);
  if (n === 3) clearInterval(beats);
}, 15);
