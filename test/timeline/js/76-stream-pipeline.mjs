import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const lines = ['alpha', 'beta', 'gamma', 'delta'];
const upper = new Transform({
  objectMode: true,
  transform(chunk, _enc, callback) {
    callback(null, chunk.toUpperCase());
  },
});
const collected = [];
const sink = new Writable({
  objectMode: true,
  write(chunk, _enc, callback) {
    collected.push(chunk);
    console.log('write', chunk);
    callback();
  },
});

await pipeline(Readable.from(lines), upper, sink);
console.log('pipeline done:', collected.join(' '));
