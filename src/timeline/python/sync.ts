/**
 * asyncio synchronisation: Queue (FIFO, LIFO, priority), Event, Lock, Condition,
 * Semaphore, after CPython 3.11 (waiters are futures woken in
 * FIFO order, so a waiter resumes one iteration after the release/put/set).
 */
import { lessThan } from './operations';
import { Future, type AsyncioRuntime } from './futures';
import { Primitive, type MakeCoroutine } from './primitive';
import { TaskGroup, Timeout } from './structure';
import type { SyntaxNode } from './syntax';
import {
  PyBuiltin, PyClass, PyCoroutine, isNumber, num, type Gen, type PyModule, type Value,
} from './values';

class Event extends Primitive {
  readonly typeName = 'Event';
  private value = false;
  private waiters: Future[] = [];
  getAttr(name: string): Value | undefined {
    switch (name) {
      case 'is_set': return this.method(name, () => this.value);
      case 'clear': return this.method(name, () => ((this.value = false), null));
      case 'set': return this.method(name, () => {
        if (!this.value) {
          this.value = true;
          for (const f of this.waiters) if (!f.done()) f.setResult(true);
        }
        return null;
      });
      case 'wait': return this.method(name, () => {
        const self = this;
        const node = this.node;
        return this.coroutine('wait', function* () {
          if (self.value) return true;
          const fut = new Future(self.rt);
          self.waiters.push(fut);
          try {
            yield* self.rt.awaitFuture(fut, node);
            return true;
          } finally {
            self.waiters = self.waiters.filter((f) => f !== fut);
          }
        });
      });
      default: return undefined;
    }
  }
}

class Lock extends Primitive {
  readonly typeName = 'Lock';
  private held = false;
  private waiters: Future[] = [];
  get locked(): boolean {
    return this.held;
  }
  acquire(): PyCoroutine {
    const self = this;
    const node = this.node;
    return this.coroutine('acquire', function* () {
      if (!self.held && self.waiters.every((w) => w.cancelled())) {
        self.held = true;
        return true;
      }
      const fut = new Future(self.rt);
      self.waiters.push(fut);
      try {
        try {
          yield* self.rt.awaitFuture(fut, node);
        } finally {
          self.waiters = self.waiters.filter((w) => w !== fut);
        }
      } catch (e) {
        if (self.isCancelled(e) && !self.held) self.wakeUpFirst();
        throw e;
      }
      self.held = true;
      return true;
    });
  }
  release(): void {
    if (!this.held) throw this.rt.interp.raiser.raise('RuntimeError', 'Lock is not acquired.', this.node);
    this.held = false;
    this.wakeUpFirst();
  }
  private wakeUpFirst(): void {
    const first = this.waiters[0];
    if (first && !first.done()) first.setResult(true);
  }
  getAttr(name: string): Value | undefined {
    if (name === 'acquire') return this.method(name, () => this.acquire());
    if (name === 'release') return this.method(name, () => (this.release(), null));
    if (name === 'locked') return this.method(name, () => this.held);
    return this.contextManager(name, () => this.acquire(), () => this.release());
  }
}

class Condition extends Primitive {
  readonly typeName = 'Condition';
  private waiters: Future[] = [];
  constructor(rt: AsyncioRuntime, coroutine: MakeCoroutine, private readonly lock: Lock) {
    super(rt, coroutine);
  }
  private *wait(node: SyntaxNode | null): Gen {
    const raiser = this.rt.interp.raiser;
    if (!this.lock.locked) throw raiser.raise('RuntimeError', 'cannot wait on un-acquired lock', node);
    this.lock.release();
    try {
      const fut = new Future(this.rt);
      this.waiters.push(fut);
      try {
        yield* this.rt.awaitFuture(fut, node);
        return true;
      } finally {
        this.waiters = this.waiters.filter((w) => w !== fut);
      }
    } finally {
      let cancelled = false;
      for (;;) {
        try {
          yield* this.rt.interp.awaitValue(this.lock.acquire(), node);
          break;
        } catch (e) {
          if (!this.isCancelled(e)) throw e;
          cancelled = true;
        }
      }
      // eslint-disable-next-line no-unsafe-finally
      if (cancelled) throw raiser.raise('CancelledError', undefined, node);
    }
  }
  private notify(n: number): void {
    if (!this.lock.locked) throw this.rt.interp.raiser.raise('RuntimeError', 'cannot notify on un-acquired lock', this.node);
    let woken = 0;
    for (const fut of this.waiters) {
      if (woken >= n) break;
      if (!fut.done()) {
        woken++;
        fut.setResult(false);
      }
    }
  }
  getAttr(name: string): Value | undefined {
    const self = this;
    const node = this.node;
    switch (name) {
      case 'wait': return this.method(name, () => this.coroutine('wait', () => self.wait(node)));
      case 'wait_for': return this.method(name, (a) => this.coroutine('wait_for', function* () {
        let result = self.rt.interp.callSync(a[0]!, []);
        while (!self.rt.interp.truthy(result)) {
          yield* self.wait(node);
          result = self.rt.interp.callSync(a[0]!, []);
        }
        return result;
      }));
      case 'notify': return this.method(name, (a) => (this.notify(a[0] === undefined ? 1 : num(a[0] as number)), null));
      case 'notify_all': return this.method(name, () => (this.notify(this.waiters.length), null));
      case 'locked': return this.method(name, () => this.lock.locked);
      case 'acquire': return this.method(name, () => this.lock.acquire());
      case 'release': return this.method(name, () => (this.lock.release(), null));
      default: return this.contextManager(name, () => this.lock.acquire(), () => this.lock.release());
    }
  }
}

class Semaphore extends Primitive {
  readonly typeName: string;
  private waiters: Future[] = [];
  constructor(rt: AsyncioRuntime, coroutine: MakeCoroutine, private value: number, private readonly bound: number | null) {
    super(rt, coroutine);
    this.typeName = bound === null ? 'Semaphore' : 'BoundedSemaphore';
  }
  private locked(): boolean {
    return this.value === 0 || this.waiters.some((w) => !w.cancelled());
  }
  private acquire(): PyCoroutine {
    const self = this;
    const node = this.node;
    return this.coroutine('acquire', function* () {
      if (!self.locked()) {
        self.value--;
        return true;
      }
      const fut = new Future(self.rt);
      self.waiters.push(fut);
      try {
        try {
          yield* self.rt.awaitFuture(fut, node);
        } finally {
          self.waiters = self.waiters.filter((w) => w !== fut);
        }
      } catch (e) {
        if (self.isCancelled(e) && !fut.cancelled()) {
          self.value++;
          self.wakeUpNext();
        }
        throw e;
      }
      if (self.value > 0) self.wakeUpNext();
      return true;
    });
  }
  private release(): void {
    if (this.bound !== null && this.value >= this.bound) throw this.rt.interp.raiser.raise('ValueError', 'BoundedSemaphore released too many times', this.node);
    this.value++;
    this.wakeUpNext();
  }
  private wakeUpNext(): void {
    for (const fut of this.waiters) {
      if (!fut.done()) {
        this.value--;
        fut.setResult(true);
        return;
      }
    }
  }
  getAttr(name: string): Value | undefined {
    if (name === 'acquire') return this.method(name, () => this.acquire());
    if (name === 'release') return this.method(name, () => (this.release(), null));
    if (name === 'locked') return this.method(name, () => this.locked());
    if (name === '_value') return this.value;
    return this.contextManager(name, () => this.acquire(), () => this.release());
  }
}

type Less = (a: Value, b: Value) => boolean;

/** heapq._siftdown: the item at `pos` moves up towards `start` (so ties keep heapq's own order). */
function siftDown(heap: Value[], start: number, pos: number, less: Less): void {
  const item = heap[pos]!;
  while (pos > start) {
    const parent = (pos - 1) >> 1;
    if (!less(item, heap[parent]!)) break;
    heap[pos] = heap[parent]!;
    pos = parent;
  }
  heap[pos] = item;
}

/** heapq.heappop (with _siftup). */
function heapPop(heap: Value[], less: Less): Value {
  const last = heap.pop()!;
  if (heap.length === 0) return last;
  const top = heap[0]!;
  heap[0] = last;
  let pos = 0;
  const end = heap.length;
  const item = heap[0]!;
  let child = 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !less(heap[child]!, heap[right]!)) child = right;
    heap[pos] = heap[child]!;
    pos = child;
    child = 2 * pos + 1;
  }
  heap[pos] = item;
  siftDown(heap, 0, pos, less);
  return top;
}

class Queue extends Primitive {
  readonly typeName: string;
  private readonly items: Value[] = [];
  private getters: Future[] = [];
  private putters: Future[] = [];
  private unfinished = 0;
  private readonly finished: Event;
  constructor(rt: AsyncioRuntime, coroutine: MakeCoroutine, private readonly maxsize: number, private readonly order: 'Queue' | 'LifoQueue' | 'PriorityQueue') {
    super(rt, coroutine);
    this.typeName = order;
    this.finished = new Event(rt, coroutine);
    this.callFinished('set');
  }
  private callFinished(name: string): Value {
    return (this.finished.getAttr(name) as PyBuiltin).fn([], new Map()) as Value;
  }
  private full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }
  private wakeupNext(waiters: Future[]): void {
    while (waiters.length) {
      const w = waiters.shift()!;
      if (!w.done()) {
        w.setResult(null);
        break;
      }
    }
  }
  private putNowait(item: Value): void {
    if (this.full()) throw this.rt.interp.raiser.raise('QueueFull', undefined, this.node);
    this.items.push(item);
    if (this.order === 'PriorityQueue') siftDown(this.items, 0, this.items.length - 1, (a, b) => lessThan(this.rt.interp, a, b));
    this.unfinished++;
    this.callFinished('clear');
    this.wakeupNext(this.getters);
  }
  private getNowait(): Value {
    if (this.items.length === 0) throw this.rt.interp.raiser.raise('QueueEmpty', undefined, this.node);
    const item = this.takeNext();
    this.wakeupNext(this.putters);
    return item;
  }
  private takeNext(): Value {
    if (this.order === 'LifoQueue') return this.items.pop()!;
    if (this.order === 'PriorityQueue') return heapPop(this.items, (a, b) => lessThan(this.rt.interp, a, b));
    return this.items.shift()!;
  }
  private waitOn(list: () => Future[], setList: (l: Future[]) => void, blocked: () => boolean, node: SyntaxNode | null): Gen<void> {
    const self = this;
    return (function* () {
      while (blocked()) {
        const fut = new Future(self.rt);
        list().push(fut);
        try {
          yield* self.rt.awaitFuture(fut, node);
        } catch (e) {
          fut.cancel();
          setList(list().filter((f) => f !== fut));
          throw e;
        }
      }
    })();
  }
  getAttr(name: string): Value | undefined {
    const self = this;
    const node = this.node;
    switch (name) {
      case 'put': return this.method(name, (a) => this.coroutine('put', function* () {
        yield* self.waitOn(() => self.putters, (l) => (self.putters = l), () => self.full(), node);
        self.putNowait(a[0] ?? null);
        return null;
      }));
      case 'get': return this.method(name, () => this.coroutine('get', function* () {
        yield* self.waitOn(() => self.getters, (l) => (self.getters = l), () => self.items.length === 0, node);
        return self.getNowait();
      }));
      case 'put_nowait': return this.method(name, (a) => (this.putNowait(a[0] ?? null), null));
      case 'get_nowait': return this.method(name, () => this.getNowait());
      case 'qsize': return this.method(name, () => this.items.length);
      case 'empty': return this.method(name, () => this.items.length === 0);
      case 'full': return this.method(name, () => this.full());
      case 'task_done': return this.method(name, () => {
        if (this.unfinished <= 0) throw this.rt.interp.raiser.raise('ValueError', 'task_done() called too many times', this.node);
        if (--this.unfinished === 0) this.callFinished('set');
        return null;
      });
      case 'join': return this.method(name, () => this.coroutine('join', function* () {
        if (self.unfinished > 0) yield* self.rt.interp.awaitValue((self.finished.getAttr('wait') as PyBuiltin).fn([], new Map()) as Value, node);
        return null;
      }));
      default: return undefined;
    }
  }
}

export function installSync(rt: AsyncioRuntime, mod: PyModule, coroutine: MakeCoroutine): void {
  const cls = (name: string, make: (args: Value[], kwargs: Map<string, Value>) => Value): void => {
    const c = new PyClass(name, [], (_cls, a, k) => make(a, k));
    c.attrs.set('__module__', 'asyncio');
    mod.attrs.set(name, c);
  };
  const int = (v: Value | undefined, dflt: number): number => (v !== undefined && isNumber(v) ? num(v) : dflt);
  cls('Event', () => new Event(rt, coroutine));
  cls('Lock', () => new Lock(rt, coroutine));
  cls('Condition', (a) => new Condition(rt, coroutine, a[0] instanceof Lock ? a[0] : new Lock(rt, coroutine)));
  cls('Semaphore', (a, k) => new Semaphore(rt, coroutine, int(a[0] ?? k.get('value'), 1), null));
  cls('BoundedSemaphore', (a, k) => new Semaphore(rt, coroutine, int(a[0] ?? k.get('value'), 1), int(a[0] ?? k.get('value'), 1)));
  for (const order of ['Queue', 'LifoQueue', 'PriorityQueue'] as const) cls(order, (a, k) => new Queue(rt, coroutine, int(a[0] ?? k.get('maxsize'), 0), order));
  cls('TaskGroup', () => new TaskGroup(rt, coroutine));
  mod.attrs.set('timeout', new PyBuiltin('timeout', (a) => new Timeout(rt, coroutine, a[0] === null || a[0] === undefined ? null : num(a[0] as number) * 1000)));
}
