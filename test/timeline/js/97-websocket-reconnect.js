const { EventEmitter } = require('events');

let connectAttempts = 0;
class FakeSocket extends EventEmitter {
  constructor(url) {
    super();
    this.url = url;
    const attempt = ++connectAttempts;
    setTimeout(() => {
      if (attempt < 3) this.emit('error', new Error('ECONNREFUSED'));
      else {
        this.emit('open');
        setTimeout(() => this.emit('message', '{"type":"welcome"}'), 10);
        setTimeout(() => this.emit('close', 1000), 20);
      }
    }, 10);
  }
}

function connect(url, backoff = 10) {
  const ws = new FakeSocket(url);
  ws.on('open', () => console.log(`open after ${connectAttempts} attempts`));
  ws.on('message', (m) => console.log('message', JSON.parse(m).type));
  ws.on('error', (e) => {
    console.log(`error ${e.message}, reconnect in ${backoff}ms`);
    setTimeout(() => connect(url, backoff * 2), backoff);
  });
  ws.on('close', (code) => console.log('closed with', code));
}

connect('ws://localhost:8080');
