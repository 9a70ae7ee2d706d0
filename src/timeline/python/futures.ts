/**
 * asyncio Futures and Tasks, mirroring CPython's `futures.py` / `tasks.py`:
 * done callbacks are scheduled with call_soon, a Task steps its coroutine until
 * it yields a future and wakes one iteration after that future completes.
 */
import type { Lane } from '../model';
import type { AwaitHost, Interpreter } from './interpreter';
import type { EventLoop } from './scheduler';
import type { SyntaxNode } from './syntax';
import {
  BudgetExceeded, NativeObject, PyBuiltin, PyCoroutine, PyInstance, PyRaise, PyTuple, Unsupported, type Gen, type Value,
} from './values';

type DoneCallback = { readonly fn: (f: Future) => void; readonly key: unknown };

export class Future extends NativeObject {
  readonly typeName: string = 'Future';
  state: 'PENDING' | 'CANCELLED' | 'FINISHED' = 'PENDING';
  result: Value = null;
  exception: PyInstance | null = null;
  cancelMessage: Value = null;
  /** The exception was looked at (result(), exception(), await): no "never retrieved" log. */
  retrieved = false;
  /** Set by a gathering future when its cancel() reached a child. */
  cancelRequested = false;
  private callbacks: DoneCallback[] = [];

  constructor(readonly rt: AsyncioRuntime) {
    super();
  }

  done(): boolean {
    return this.state !== 'PENDING';
  }

  cancelled(): boolean {
    return this.state === 'CANCELLED';
  }

  makeCancelledError(): PyInstance {
    return this.rt.interp.raiser.make('CancelledError', typeof this.cancelMessage === 'string' ? this.cancelMessage : undefined);
  }

  resultOrRaise(node: SyntaxNode | null): Value {
    this.retrieved = true;
    if (this.state === 'CANCELLED') throw new PyRaise(this.makeCancelledError(), node);
    if (this.state === 'PENDING') throw this.rt.interp.raiser.raise('InvalidStateError', 'Result is not set.', node);
    if (this.exception) throw new PyRaise(this.exception, node);
    return this.result;
  }

  setResult(v: Value): void {
    if (this.done()) throw this.rt.interp.raiser.raise('InvalidStateError', 'invalid state', null);
    this.result = v;
    this.state = 'FINISHED';
    this.scheduleCallbacks();
  }

  setException(e: PyInstance): void {
    if (this.done()) throw this.rt.interp.raiser.raise('InvalidStateError', 'invalid state', null);
    this.exception = e;
    this.state = 'FINISHED';
    this.scheduleCallbacks();
  }

  cancel(msg: Value = null): boolean {
    if (this.state !== 'PENDING') return false;
    this.state = 'CANCELLED';
    this.cancelMessage = msg;
    this.scheduleCallbacks();
    return true;
  }

  addDoneCallback(fn: (f: Future) => void, key: unknown = fn): void {
    if (this.done()) this.rt.loop.callSoon(() => fn(this), 'loop', null);
    else this.callbacks.push({ fn, key });
  }

  removeDoneCallback(key: unknown): number {
    const before = this.callbacks.length;
    this.callbacks = this.callbacks.filter((c) => c.key !== key);
    return before - this.callbacks.length;
  }

  private scheduleCallbacks(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const cb of callbacks) this.rt.loop.callSoon(() => cb.fn(this), 'loop', null);
  }

  getAttr(name: string): Value | undefined {
    const fn = (f: (a: Value[]) => Value): PyBuiltin => new PyBuiltin(name, f);
    switch (name) {
      case 'done': return fn(() => this.done());
      case 'cancelled': return fn(() => this.cancelled());
      case 'result': return fn(() => this.resultOrRaise(this.rt.interp.currentNode));
      case 'exception': return fn(() => {
        if (this.state === 'CANCELLED') throw new PyRaise(this.makeCancelledError(), this.rt.interp.currentNode);
        if (this.state === 'PENDING') throw this.rt.interp.raiser.raise('InvalidStateError', 'Exception is not set.', this.rt.interp.currentNode);
        this.retrieved = true;
        return this.exception;
      });
      case 'cancel': return fn((a) => this.cancel(a[0] ?? null));
      case 'set_result': return fn((a) => (this.setResult(a[0] ?? null), null));
      case 'set_exception': return fn((a) => (this.setException(a[0] as PyInstance), null));
      case 'add_done_callback': return fn((a) => (this.addDoneCallback((f) => this.rt.runPyCallback(a[0]!, [f], null), a[0]), null));
      case 'remove_done_callback': return fn((a) => this.removeDoneCallback(a[0]));
      case '__repr__': return `<${this.typeName} ${this.state.toLowerCase()}>`;
      default: return undefined;
    }
  }
}

export class Task extends Future {
  override readonly typeName = 'Task';
  private readonly gen: Gen;
  futWaiter: Future | null = null;
  mustCancel = false;
  numCancelsRequested = 0;
  private started = false;
  private waitingAt: SyntaxNode | null = null;
  /** Step that created the task, then the step where it last suspended: the arrows' origins. */
  private origin = 0;

  constructor(rt: AsyncioRuntime, readonly coro: PyCoroutine, public name: string, readonly lane: Lane, readonly node: SyntaxNode | null) {
    super(rt);
    const { interp } = rt;
    rt.allTasks.push(this);
    interp.pendingCoroutines.delete(coro);
    coro.started = true;
    this.gen = coro.body();
    this.origin = interp.rec.step('schedule', interp.ctx.lane, interp.clock(), node, `a Task for ${coro.name}() is created; its first step is queued with call_soon and runs on a later loop iteration`);
    rt.loop.callSoon(() => this.step(null), lane, node, this.origin);
  }

  step(exc: PyInstance | null): void {
    if (this.done()) return;
    const { interp } = this.rt;
    if (this.mustCancel) {
      exc = this.makeCancelledError();
      this.mustCancel = false;
    }
    this.futWaiter = null;
    const t = interp.clock();
    const who = this.lane.slice('task:'.length);
    const cause = { cause: this.origin };
    if (!this.started) interp.rec.step('run', this.lane, t, this.coro.createdAt, `task ${who} starts running ${this.coro.name}()`, cause);
    else if (exc) interp.rec.step('resume', this.lane, t, this.waitingAt, `${exc.cls.name} is raised inside ${who} at its await`, cause);
    else interp.rec.step('resume', this.lane, t, this.waitingAt, `${who} resumes: what it awaited is done`, cause);
    this.started = true;
    interp.withContext({ lane: this.lane, threadTime: null, task: this }, () => this.advance(exc));
  }

  private advance(exc: PyInstance | null): void {
    const { interp } = this.rt;
    let r: IteratorResult<unknown, Value>;
    try {
      r = exc ? this.gen.throw(new PyRaise(exc, null)) : this.gen.next();
    } catch (e) {
      if (!(e instanceof PyRaise)) throw e;
      if (interp.raiser.is(e.exc, 'CancelledError')) {
        this.mustCancel = false;
        interp.rec.step('cancel', this.lane, interp.clock(), e.node, `task ${this.lane.slice(5)} ends cancelled`);
        super.cancel(e.exc.attrs.get('args') instanceof PyTuple ? ((e.exc.attrs.get('args') as PyTuple).items[0] ?? null) : null);
      } else {
        interp.rec.step('error', this.lane, interp.clock(), e.node, `task ${this.lane.slice(5)} ends with ${e.exc.cls.name}: the exception is stored in the task`);
        this.setException(e.exc);
      }
      return;
    }
    if (r.done) {
      if (this.mustCancel) {
        this.mustCancel = false;
        super.cancel();
      } else this.setResult(r.value);
      return;
    }
    const s = r.value as { kind: string; future?: Future; node: SyntaxNode | null; assumed?: boolean };
    this.waitingAt = s.node;
    if (s.kind === 'future' && s.future) {
      const fut = s.future;
      fut.addDoneCallback((f) => this.wakeup(f), this);
      this.futWaiter = fut;
      this.origin = s.assumed
        ? interp.rec.step('await', this.lane, interp.clock(), s.node, `${this.lane.slice(5)} waits for unmodelled code: its I/O is assumed to take ${interp.ioLatencyMs} ms`, { assumed: true })
        : interp.rec.step('await', this.lane, interp.clock(), s.node, `${this.lane.slice(5)} suspends here; the loop runs other ready work`);
      if (this.mustCancel && fut.cancel(this.cancelMessage)) this.mustCancel = false;
    } else if (s.kind === 'yield') {
      this.origin = interp.rec.step('await', this.lane, interp.clock(), s.node, `${this.lane.slice(5)} yields for one loop iteration`, s.assumed ? { assumed: true } : {});
      this.rt.loop.callSoon(() => this.step(null), this.lane, s.node);
    } else throw new Unsupported(s.kind === 'pyyield' ? 'yield outside a generator' : 'a blocking call suspended outside a thread', s.node);
  }

  private wakeup(fut: Future): void {
    try {
      fut.resultOrRaise(null);
    } catch (e) {
      if (e instanceof PyRaise) {
        this.step(e.exc);
        return;
      }
      throw e;
    }
    this.step(null);
  }

  override cancel(msg: Value = null): boolean {
    if (this.done()) return false;
    this.numCancelsRequested++;
    if (this.futWaiter && this.futWaiter.cancel(msg)) return true;
    this.mustCancel = true;
    this.cancelMessage = msg;
    return true;
  }

  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'get_name': return new PyBuiltin(name, () => this.name);
      case 'set_name': return new PyBuiltin(name, (a) => ((this.name = this.rt.interp.str(a[0]!)), null));
      case 'get_coro': return new PyBuiltin(name, () => this.coro);
      case 'cancelling': return new PyBuiltin(name, () => this.numCancelsRequested);
      case 'uncancel': return new PyBuiltin(name, () => (this.numCancelsRequested > 0 ? --this.numCancelsRequested : 0));
      case 'cancel': return new PyBuiltin(name, (a, k) => {
        this.rt.interp.rec.step('cancel', this.rt.interp.ctx.lane, this.rt.interp.clock(), this.rt.interp.currentNode, `cancel() asks ${this.name} to stop: CancelledError is raised at its current await on a later iteration`);
        return this.cancel(a[0] ?? k.get('msg') ?? null);
      });
      case '__repr__': return `<Task ${this.state.toLowerCase()} name='${this.name}' coro=<${this.coro.name}()>>`;
      default: return super.getAttr(name);
    }
  }
}

/** Shared state of one simulated asyncio runtime. */
export class AsyncioRuntime implements AwaitHost {
  readonly allTasks: Task[] = [];
  private taskCounter = 0;
  private readonly lanes = new Set<string>();
  running = false;

  constructor(readonly interp: Interpreter, readonly loop: EventLoop) {}

  isFuture(v: Value): boolean {
    return v instanceof Future;
  }

  /** Waits `ms` of assumed I/O latency (unmodelled code), on a timer like asyncio.sleep. */
  *assumedWait(ms: number, node: SyntaxNode | null): Gen<void> {
    const fut = new Future(this);
    const handle = this.loop.callAt(this.loop.now + ms, () => {
      if (!fut.done()) fut.setResult(null);
    }, 'timer', node);
    try {
      yield* this.awaitFuture(fut, node, true);
    } finally {
      handle.cancel();
    }
  }

  *awaitFuture(v: Value, node: SyntaxNode | null, assumed = false): Gen {
    const fut = v as Future;
    if (!fut.done()) {
      yield assumed ? { kind: 'future', future: fut, node, assumed } : { kind: 'future', future: fut, node };
      if (!fut.done()) throw this.interp.raiser.raise('RuntimeError', 'await wasn\'t used with future', node);
    }
    return fut.resultOrRaise(node);
  }

  currentTask(): Task | null {
    return this.interp.ctx.task instanceof Task ? this.interp.ctx.task : null;
  }

  requireLoop(what: string, node: SyntaxNode | null): void {
    if (!this.running) throw this.interp.raiser.raise('RuntimeError', `no running event loop (${what})`, node);
  }

  laneFor(base: string): Lane {
    let name = base;
    for (let n = 2; this.lanes.has(name); n++) name = `${base}#${n}`;
    this.lanes.add(name);
    return `task:${name}`;
  }

  createTask(coro: Value, name: Value, node: SyntaxNode | null, lane?: string): Task {
    if (!(coro instanceof PyCoroutine)) throw this.interp.raiser.raise('TypeError', `a coroutine was expected, got ${this.interp.repr(coro)}`, node);
    const given = typeof name === 'string' ? name : null;
    // asyncio.create_task and TaskGroup.create_task (3.11) take a Task-N number even when they then rename the task.
    const numbered = `Task-${++this.taskCounter}`;
    const pyName = given ?? numbered;
    return new Task(this, coro, pyName, this.laneFor(lane ?? given ?? coro.name), node);
  }

  /** `ensure_future`: coroutines become tasks, futures pass through. */
  ensureFuture(v: Value, node: SyntaxNode | null): Future {
    if (v instanceof Future) return v;
    return this.createTask(v, null, node);
  }

  /** Runs a Python callback from the loop; an exception is logged like asyncio does. */
  runPyCallback(fn: Value, args: Value[], node: SyntaxNode | null, lane: Lane = 'loop'): void {
    const { interp } = this;
    interp.withContext({ lane, threadTime: null, task: null }, () => {
      try {
        interp.callSync(fn, args, new Map(), node);
      } catch (e) {
        if (e instanceof BudgetExceeded || e instanceof Unsupported || !(e instanceof PyRaise)) throw e;
        interp.rec.step('error', lane, interp.clock(), e.node ?? node, `the callback raised ${e.exc.cls.name}; the loop logs it and keeps running`);
        interp.rec.print(`Exception in callback: ${e.exc.cls.name}: ${interp.str(e.exc)}`, 'stderr', lane, interp.clock(), node);
      }
    });
  }
}
