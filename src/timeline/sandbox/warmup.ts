/**
 * Programs of our own that a spare prediction process predicts while it waits
 * for its request, so the engine's hot paths are compiled (V8 tiers code up
 * only after it has run a while) by the time a user's program arrives: a
 * fresh process otherwise predicts several times slower than a warm one.
 * They touch the common constructs of each language: functions, classes,
 * loops, promises, async/await, timers, immediates, nextTick, events, tasks,
 * gather, sleeps, queues, exceptions and printing.
 */
export const WARMUP_ROUNDS = 4;

const JAVASCRIPT = `
const { EventEmitter } = require('events');
const fs = require('fs');
class Queue {
  constructor(name) { this.name = name; this.items = []; }
  push(item) { this.items.push(item); return this.items.length; }
  async drain(ms) {
    const out = [];
    for (const item of this.items) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      out.push(item * 2);
    }
    return out;
  }
}
function sum(values) { let total = 0; for (let i = 0; i < values.length; i++) total += values[i]; return total; }
async function fetchUser(id) {
  await null;
  if (id < 0) throw new Error('bad id ' + id);
  return { id, name: 'user' + id, tags: ['a', 'b'].map((t) => t + id) };
}
async function main() {
  console.log('start');
  const queue = new Queue('q');
  for (let i = 0; i < 5; i++) queue.push(i);
  const emitter = new EventEmitter();
  emitter.on('tick', (n) => console.log('tick', n));
  setTimeout(() => emitter.emit('tick', 1), 3);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('nextTick'));
  queueMicrotask(() => console.log('microtask'));
  Promise.resolve(1).then((v) => v + 1).then((v) => console.log('then', v)).catch(() => {}).finally(() => console.log('finally'));
  const users = await Promise.all([1, 2, 3].map(fetchUser));
  console.log(users.map((u) => u.name).join(','), sum(users.map((u) => u.id)));
  try { await fetchUser(-1); } catch (error) { console.log('caught', error.message); }
  const settled = await Promise.allSettled([fetchUser(4), fetchUser(-2)]);
  console.log(settled.map((s) => s.status).join(' '));
  const first = await Promise.race([new Promise((r) => setTimeout(() => r('slow'), 10)), new Promise((r) => setTimeout(() => r('fast'), 2))]);
  console.log(first, JSON.stringify({ drained: await queue.drain(1) }));
  fs.readFile(__filename, () => console.log('read'));
  const timer = setInterval(() => { console.log('interval'); clearInterval(timer); }, 4);
  let text = '';
  for (const [key, value] of Object.entries({ a: 1, b: 2 })) text += \`\${key}=\${value};\`;
  console.log(text, [3, 1, 2].sort((a, b) => a - b), typeof text, text.length > 2 ? 'long' : 'short');
}
main().then(() => console.log('done'));
`;

const PYTHON = `
import asyncio
import time

class Worker:
    def __init__(self, name, delay):
        self.name = name
        self.delay = delay
        self.done = []

    async def run(self, items):
        for item in items:
            await asyncio.sleep(self.delay)
            self.done.append(item * 2)
        return sum(self.done)

async def fetch(i):
    await asyncio.sleep(0.001 * i)
    if i < 0:
        raise ValueError(f"bad {i}")
    return {"id": i, "name": "user" + str(i)}

async def producer(queue):
    for i in range(3):
        await queue.put(i)
    await queue.put(None)

async def consumer(queue):
    while True:
        item = await queue.get()
        if item is None:
            break
        print("got", item)

async def main():
    print("start")
    worker = Worker("w", 0.002)
    task = asyncio.create_task(worker.run([1, 2, 3]))
    users = await asyncio.gather(*(fetch(i) for i in range(1, 4)))
    print([u["name"] for u in users], len(users))
    try:
        await fetch(-1)
    except ValueError as error:
        print("caught", error)
    queue = asyncio.Queue()
    await asyncio.gather(producer(queue), consumer(queue))
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: print("soon"))
    loop.call_later(0.003, lambda: print("later"))
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.005)
    except asyncio.TimeoutError:
        print("timeout")
    total = await task
    values = {k: v for k, v in zip("abc", range(3))}
    print(total, values, sorted([3, 1, 2]), "%d items" % len(values))
    time.sleep(0.001)
    for done in asyncio.as_completed([fetch(5), fetch(4)]):
        print((await done)["id"])

asyncio.run(main())
`;

export const WARMUP_PROGRAMS: readonly { readonly fileName: string; readonly source: string }[] = [
  { fileName: 'warmup.js', source: JAVASCRIPT },
  { fileName: 'warmup.py', source: PYTHON },
];
