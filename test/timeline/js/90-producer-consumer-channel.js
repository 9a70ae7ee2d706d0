class Channel {
  constructor() { this.buffer = []; this.takers = []; this.closed = false; }
  send(v) {
    const taker = this.takers.shift();
    if (taker) taker({ value: v, done: false });
    else this.buffer.push(v);
  }
  close() {
    this.closed = true;
    for (const t of this.takers.splice(0)) t({ value: undefined, done: true });
  }
  [Symbol.asyncIterator]() {
    return {
      next: () => {
        if (this.buffer.length) return Promise.resolve({ value: this.buffer.shift(), done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => this.takers.push(r));
      },
    };
  }
}

const ch = new Channel();
async function producer() {
  for (let i = 1; i <= 4; i++) {
    await new Promise((r) => setTimeout(r, 10 * i));
    console.log('produce', i);
    ch.send(i);
  }
  ch.close();
}
async function consumer() {
  let total = 0;
  for await (const v of ch) {
    console.log('consume', v);
    total += v;
  }
  console.log('consumer done, total', total);
}
producer();
consumer();
