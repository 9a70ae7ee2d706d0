// Parse a server-sent-events stream arriving in arbitrary chunks.
const { EventEmitter } = require('events');

class SseParser extends EventEmitter {
  constructor() { super(); this.buffer = ''; }
  push(chunk) {
    this.buffer += chunk;
    let idx;
    while ((idx = this.buffer.indexOf('\n\n')) >= 0) {
      const raw = this.buffer.slice(0, idx);
      this.buffer = this.buffer.slice(idx + 2);
      const event = { type: 'message', data: [] };
      for (const line of raw.split('\n')) {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').trimStart();
        if (field === 'event') event.type = value;
        else if (field === 'data') event.data.push(value);
      }
      this.emit(event.type, event.data.join('\n'));
    }
  }
}

const parser = new SseParser();
parser.on('message', (d) => console.log('message:', d));
parser.on('price', (d) => console.log('price update:', JSON.parse(d)));
const chunks = ['data: hel', 'lo\n\nevent: price\ndata: {"sym":"ACME",', '"px":12.5}\n\n', 'data: a\ndata: b\n\n'];
chunks.forEach((c, i) => setTimeout(() => parser.push(c), 10 * (i + 1)));
