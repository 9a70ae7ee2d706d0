/**
 * The `asyncio` module: run, sleep, create_task, gather, wait_for, wait,
 * as_completed, to_thread, the loop object (call_soon/call_later/call_at,
 * run_in_executor), written after CPython 3.11's own implementation so the
 * number of loop iterations each step takes matches.
 */
import { collect } from './limits';
import type { Lane } from '../model';
import { AsyncioRuntime, Future, Task } from './futures';
import type { Interpreter } from './interpreter';
import type { TimerHandle } from './scheduler';
import { installSync } from './sync';
import { ThreadPool, callableName } from './threads';
import type { SyntaxNode } from './syntax';
import {
  BudgetExceeded, NativeObject, PyBuiltin, PyClass, PyCoroutine, PyFloat, PyFunction, PyList, PyModule, PyRaise, PySet, PyTuple, isNumber, num,
  type Gen, type NativeFn, type Value,
} from './values';

const LOOP_TIME_BASE = 1000;

class HandleObject extends NativeObject {
  readonly typeName = 'TimerHandle';
  constructor(private readonly handle: { cancel(): void; cancelled: boolean; when?: number }) {
    super();
  }
  getAttr(name: string): Value | undefined {
    if (name === 'cancel') return new PyBuiltin(name, () => (this.handle.cancel(), null));
    if (name === 'cancelled') return new PyBuiltin(name, () => this.handle.cancelled);
    if (name === 'when' && this.handle.when !== undefined) return new PyBuiltin(name, () => new PyFloat(LOOP_TIME_BASE + this.handle.when! / 1000));
    return undefined;
  }
}

class GatheringFuture extends Future {
  constructor(rt: AsyncioRuntime, readonly children: readonly Future[]) {
    super(rt);
  }
  override cancel(msg: Value = null): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this.children) if (child.cancel(msg)) ret = true;
    if (ret) this.cancelRequested = true;
    return ret;
  }
}


export function installAsyncio(interp: Interpreter): AsyncioRuntime {
  const loop = interp.loop;
  const rt = new AsyncioRuntime(interp, loop);
  interp.awaitHost = rt;
  const raiser = interp.raiser;
  const mod = new PyModule('asyncio');
  const def = (name: string, fn: NativeFn, gen = false): void => void mod.attrs.set(name, new PyBuiltin(name, fn, gen));
  const coroutine = (name: string, body: () => Gen): PyCoroutine => {
    const c = new PyCoroutine(name, body, interp.currentNode);
    c.native = true;
    interp.pendingCoroutines.add(c);
    return c;
  };
  const seconds = (v: Value | undefined, what: string): number => {
    if (v === undefined || v === null || !isNumber(v)) throw raiser.raise('TypeError', `${what} must be a number`, interp.currentNode);
    return num(v) * 1000;
  };
  const awaitF = (f: Future, node: SyntaxNode | null): Gen => rt.awaitFuture(f, node);

  // ---- run ----
  const runUntil = (done: () => boolean, node: SyntaxNode | null): void => {
    while (!done()) {
      if (!loop.runOnce()) throw new BudgetExceeded('the program would wait forever here: nothing left can wake the awaiting task', node);
    }
  };
  /** Runs `aw` as the main task; asyncio.run also cancels what is left and waits for the threads. */
  const runMain = (aw: Value, node: SyntaxNode | null, shutdown: boolean): Value => {
    const what = shutdown ? 'asyncio.run()' : 'run_until_complete()';
    if (rt.running) throw raiser.raise('RuntimeError', `${what} cannot be called from a running event loop`, node);
    if (!(aw instanceof PyCoroutine) && !(aw instanceof Future)) throw raiser.raise('ValueError', `a coroutine was expected, got ${interp.repr(aw)}`, node);
    rt.running = true;
    interp.rec.step('run', 'loop', loop.now, node, shutdown ? 'asyncio.run creates the event loop and runs the main coroutine as a task' : 'the loop runs until this coroutine is done');
    const main = aw instanceof Future ? aw : rt.createTask(aw, null, node, 'main');
    main.addDoneCallback(() => void (loop.stopping = true));
    try {
      runUntil(() => loop.stopping, node);
      loop.stopping = false;
      if (!shutdown) return main.resultOrRaise(node);
      const remaining = rt.allTasks.filter((t) => !t.done());
      if (loop.limits.flipTies) remaining.reverse();
      if (remaining.length > 0) {
        if (remaining.length > 1) interp.rec.race('asyncio.run cancels the tasks still running at exit in the order of a WeakSet (arbitrary)', node);
        for (const t of remaining) {
          interp.rec.step('cancel', 'loop', loop.now, t.node, `asyncio.run is ending: it cancels ${t.name}, still pending`);
          t.cancel();
        }
        const outer = gatherFutures(remaining, true);
        runUntil(() => outer.done(), node);
      }
      runUntil(() => loop.threads.length === 0, node);
      for (const t of rt.allTasks) {
        if (t !== main && t.exception && !t.retrieved) {
          const text = interp.str(t.exception);
          interp.rec.print(`Task exception was never retrieved\n${t.exception.cls.name}${text ? `: ${text}` : ''}`, 'stderr', 'loop', loop.now, t.node);
        }
      }
      interp.rec.step('resolve', 'loop', loop.now, node, 'asyncio.run closes the loop and returns');
      return main.resultOrRaise(node);
    } finally {
      rt.running = false;
    }
  };
  def('run', (a) => runMain(a[0] ?? null, interp.currentNode, true));

  // ---- sleep and tasks ----
  def('sleep', (a, k) => {
    const delay = seconds(a[0] ?? k.get('delay'), 'delay');
    const result = a[1] ?? k.get('result') ?? null;
    const node = interp.currentNode;
    return coroutine('sleep', function* () {
      if (delay <= 0) {
        yield { kind: 'yield', node };
        return result;
      }
      const fut = new Future(rt);
      const handle = loop.callAt(loop.now + delay, () => {
        if (!fut.done()) fut.setResult(result);
      }, 'timer', node);
      try {
        return yield* awaitF(fut, node);
      } finally {
        handle.cancel();
      }
    });
  });
  def('create_task', (a, k) => {
    rt.requireLoop('create_task', interp.currentNode);
    return rt.createTask(a[0] ?? null, k.get('name') ?? null, interp.currentNode);
  });
  def('ensure_future', (a) => rt.ensureFuture(a[0] ?? null, interp.currentNode));
  def('current_task', () => rt.currentTask());
  def('all_tasks', () => {
    const pending = rt.allTasks.filter((t) => !t.done());
    if (loop.limits.flipTies) pending.reverse();
    const set = new PySet(pending);
    set.arbitraryOrder = 'all_tasks() returns a set: iterating it gives an arbitrary order';
    return set;
  });
  def('iscoroutine', (a) => a[0] instanceof PyCoroutine);
  def('iscoroutinefunction', (a) => a[0] instanceof PyFunction && a[0].isAsync);
  def('isfuture', (a) => a[0] instanceof Future);

  const gatherFutures = (children: Future[], returnExceptions: boolean): GatheringFuture => {
    const outer = new GatheringFuture(rt, children);
    let finished = 0;
    const onDone = (fut: Future): void => {
      finished++;
      fut.retrieved = true;
      if (outer.done()) return;
      if (!returnExceptions) {
        if (fut.cancelled()) return outer.setException(fut.makeCancelledError());
        if (fut.exception) return outer.setException(fut.exception);
      }
      if (finished === children.length) {
        const results = children.map((c) => (c.cancelled() ? c.makeCancelledError() : c.exception ?? c.result));
        if (outer.cancelRequested) outer.setException(fut.makeCancelledError());
        else outer.setResult(new PyList(results));
      }
    };
    const seen = new Set<Future>();
    for (const c of children) if (!seen.has(c)) {
      seen.add(c);
      c.addDoneCallback(onDone);
    }
    if (children.length === 0) outer.setResult(new PyList([]));
    return outer;
  };
  def('gather', (a, k) => {
    const node = interp.currentNode;
    const byArg = new Map<Value, Future>();
    const children = a.map((arg) => {
      const known = byArg.get(arg);
      if (known) return known;
      const f = rt.ensureFuture(arg, node);
      byArg.set(arg, f);
      return f;
    });
    return gatherFutures(children, interp.truthy(k.get('return_exceptions') ?? false));
  });

  const releaseWaiter = (waiter: Future) => (): void => {
    if (!waiter.done()) waiter.setResult(null);
  };
  function* cancelAndWait(fut: Future, node: SyntaxNode | null): Gen<void> {
    const waiter = new Future(rt);
    const cb = releaseWaiter(waiter);
    fut.addDoneCallback(cb);
    try {
      fut.cancel();
      yield* awaitF(waiter, node);
    } finally {
      fut.removeDoneCallback(cb);
    }
  }
  /** wait_for's ending: the result, or TimeoutError when what it awaited ended in CancelledError. */
  const resultOrTimeout = (fut: Future, node: SyntaxNode | null): Value => {
    try {
      return fut.resultOrRaise(node);
    } catch (e) {
      if (e instanceof PyRaise && raiser.is(e.exc, 'CancelledError')) {
        const timeout = raiser.make('TimeoutError');
        timeout.attrs.set('__cause__', e.exc);
        throw new PyRaise(timeout, node);
      }
      throw e;
    }
  };
  def('wait_for', (a, k) => {
    const node = interp.currentNode;
    const aw = a[0] ?? null;
    const timeout = a[1] ?? k.get('timeout') ?? null;
    return coroutine('wait_for', function* () {
      if (timeout === null) return yield* interp.awaitValue(aw, node);
      const ms = seconds(timeout, 'timeout');
      const fut = rt.ensureFuture(aw, node);
      if (ms <= 0) {
        if (fut.done()) return fut.resultOrRaise(node);
        yield* cancelAndWait(fut, node);
        return resultOrTimeout(fut, node);
      }
      const waiter = new Future(rt);
      const timeoutHandle = loop.callAt(loop.now + ms, releaseWaiter(waiter), 'timer', node);
      const cb = releaseWaiter(waiter);
      fut.addDoneCallback(cb);
      try {
        try {
          yield* awaitF(waiter, node);
        } catch (e) {
          if (!(e instanceof PyRaise) || !raiser.is(e.exc, 'CancelledError')) throw e;
          if (fut.done()) return fut.resultOrRaise(node);
          fut.removeDoneCallback(cb);
          yield* cancelAndWait(fut, node);
          throw e;
        }
        if (fut.done()) return fut.resultOrRaise(node);
        fut.removeDoneCallback(cb);
        interp.rec.step('cancel', interp.ctx.lane, loop.now, node, 'wait_for: the timeout expired, so the awaited task is cancelled');
        yield* cancelAndWait(fut, node);
        return resultOrTimeout(fut, node);
      } finally {
        timeoutHandle.cancel();
      }
    });
  });

  def('shield', (a) => {
    const inner = rt.ensureFuture(a[0] ?? null, interp.currentNode);
    if (inner.done()) return inner;
    const outer = new Future(rt);
    const onInner = (f: Future): void => {
      f.retrieved = true;
      if (outer.cancelled()) return;
      if (f.cancelled()) outer.cancel();
      else if (f.exception) outer.setException(f.exception);
      else outer.setResult(f.result);
    };
    inner.addDoneCallback(onInner);
    outer.addDoneCallback(() => {
      if (!inner.done()) inner.removeDoneCallback(onInner);
    });
    return outer;
  });

  mod.attrs.set('FIRST_COMPLETED', 'FIRST_COMPLETED');
  mod.attrs.set('FIRST_EXCEPTION', 'FIRST_EXCEPTION');
  mod.attrs.set('ALL_COMPLETED', 'ALL_COMPLETED');
  def('wait', (a, k) => {
    const node = interp.currentNode;
    const fs = collect(interp.iterate(a[0] ?? null, node));
    const timeout = a[1] ?? k.get('timeout') ?? null;
    const returnWhen = k.get('return_when') ?? 'ALL_COMPLETED';
    if (fs.length === 0) throw raiser.raise('ValueError', 'Set of Tasks/Futures is empty.', node);
    if (fs.some((f) => f instanceof PyCoroutine)) throw raiser.raise('TypeError', 'Passing coroutines is forbidden, use tasks explicitly.', node);
    const futures = fs as Future[];
    return coroutine('wait', function* () {
      const waiter = new Future(rt);
      const timeoutHandle = timeout === null ? null : loop.callAt(loop.now + seconds(timeout, 'timeout'), releaseWaiter(waiter), 'timer', node);
      let counter = futures.length;
      const onCompletion = (f: Future): void => {
        counter--;
        if (returnWhen === 'FIRST_EXCEPTION') f.retrieved = true;
        if (counter <= 0 || returnWhen === 'FIRST_COMPLETED' || (returnWhen === 'FIRST_EXCEPTION' && !f.cancelled() && f.exception)) {
          timeoutHandle?.cancel();
          if (!waiter.done()) waiter.setResult(null);
        }
      };
      for (const f of futures) f.addDoneCallback(onCompletion);
      try {
        yield* awaitF(waiter, node);
      } finally {
        timeoutHandle?.cancel();
        for (const f of futures) f.removeDoneCallback(onCompletion);
      }
      const done = futures.filter((f) => f.done());
      const pending = futures.filter((f) => !f.done());
      if (loop.limits.flipTies) {
        done.reverse();
        pending.reverse();
      }
      const sets = [new PySet(done), new PySet(pending)];
      for (const set of sets) set.arbitraryOrder = 'asyncio.wait returns sets of tasks: iterating one with several tasks gives an arbitrary order';
      return new PyTuple(sets);
    });
  });

  def('as_completed', (a, k) => {
    const node = interp.currentNode;
    const fs = collect(interp.iterate(a[0] ?? null, node));
    const timeout = a[1] ?? k.get('timeout') ?? null;
    if (fs.filter((f) => f instanceof PyCoroutine).length > 1) {
      interp.rec.race('as_completed() wraps the coroutines in tasks in set order (arbitrary): the order in which they start is not the order written', node);
    }
    if (loop.limits.flipTies) fs.reverse();
    const todo = new Set(fs.map((f) => rt.ensureFuture(f, node)));
    const done: (Future | null)[] = [];
    const getters: Future[] = [];
    const put = (f: Future | null): void => {
      done.push(f);
      const g = getters.shift();
      if (g && !g.done()) g.setResult(null);
    };
    let timeoutHandle: TimerHandle | null = null;
    const onCompletion = (f: Future): void => {
      if (todo.size === 0) return;
      todo.delete(f);
      put(f);
      if (todo.size === 0) timeoutHandle?.cancel();
    };
    for (const f of todo) f.addDoneCallback(onCompletion);
    if (todo.size > 0 && timeout !== null) {
      timeoutHandle = loop.callAt(loop.now + seconds(timeout, 'timeout'), () => {
        for (const f of todo) {
          f.removeDoneCallback(onCompletion);
          put(null);
        }
        todo.clear();
      }, 'timer', node);
    }
    const waitForOne = (): PyCoroutine => coroutine('_wait_for_one', function* () {
      while (done.length === 0) {
        const getter = new Future(rt);
        getters.push(getter);
        yield* awaitF(getter, node);
      }
      const f = done.shift()!;
      if (f === null) throw raiser.raise('TimeoutError', undefined, node);
      return f.resultOrRaise(node);
    });
    const coros: Value[] = [];
    for (let i = 0; i < todo.size; i++) coros.push(waitForOne());
    for (const c of coros) interp.pendingCoroutines.delete(c as PyCoroutine);
    return new PyList(coros);
  });

  // ---- threads ----
  const pool = new ThreadPool(rt);
  const runInThread = (fn: Value, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Future => pool.submit(fn, args, kwargs, node);
  def('to_thread', (a, k) => {
    const node = interp.currentNode;
    const [fn, ...args] = a;
    return coroutine('to_thread', function* () {
      return yield* awaitF(runInThread(fn ?? null, args, k, node), node);
    });
  });

  // ---- the loop object ----
  const schedule = (lane: Lane, fn: Value, args: Value[], node: SyntaxNode | null, cause: number) => (): void => {
    interp.rec.step('run', lane, loop.now, node, `the loop runs ${callableName(fn)}()`, { cause });
    rt.runPyCallback(fn, args, node, lane);
  };
  loop.onTie = (a, b) => interp.rec.race('two callbacks have exactly the same call_at deadline: asyncio does not define which runs first', b.node ?? a.node);
  const loopObject = new (class extends NativeObject {
    readonly typeName = '_UnixSelectorEventLoop';
    getAttr(name: string): Value | undefined {
      const node = (): SyntaxNode | null => interp.currentNode;
      const at = (when: number, fn: Value, args: Value[], exact: boolean): Value => {
        const n = node();
        const cause = interp.rec.step('schedule', interp.ctx.lane, interp.clock(), n, `a timer is set for t=${(when / 1000).toFixed(3).replace(/\.?0+$/, '')} s`);
        return new HandleObject(loop.callAt(when, schedule('timer', fn, args, n, cause), 'timer', n, cause, exact));
      };
      switch (name) {
        case 'time': return new PyBuiltin(name, () => new PyFloat(LOOP_TIME_BASE + loop.now / 1000));
        case 'call_soon':
        case 'call_soon_threadsafe': return new PyBuiltin(name, (a) => {
          const n = node();
          const cause = interp.rec.step('schedule', interp.ctx.lane, interp.clock(), n, 'call_soon appends the callback to the ready queue (FIFO)');
          return new HandleObject(loop.callSoon(schedule('loop', a[0]!, a.slice(1), n, cause), 'loop', n, cause));
        });
        case 'call_later': return new PyBuiltin(name, (a) => at(loop.now + seconds(a[0], 'delay'), a[1]!, a.slice(2), false));
        case 'call_at': return new PyBuiltin(name, (a) => at(Math.round((num(a[0] as number) - LOOP_TIME_BASE) * 1e6) / 1000, a[1]!, a.slice(2), true));
        case 'create_task': return new PyBuiltin(name, (a, k) => rt.createTask(a[0] ?? null, k.get('name') ?? null, node()));
        case 'create_future': return new PyBuiltin(name, () => new Future(rt));
        case 'run_in_executor': return new PyBuiltin(name, (a) => {
          if (a[0] !== null && a[0] !== undefined) interp.rec.note('approximate', 'a custom executor is modelled like the default thread pool', node());
          return runInThread(a[1] ?? null, a.slice(2), new Map(), node());
        });
        case 'is_running': return new PyBuiltin(name, () => rt.running);
        case 'run_until_complete': return new PyBuiltin(name, (a) => runMain(a[0] ?? null, node(), false));
        case 'close':
        case 'shutdown_default_executor': return new PyBuiltin(name, () => null);
        case 'is_closed': return new PyBuiltin(name, () => false);
        default: return undefined;
      }
    }
  })();
  def('get_running_loop', () => {
    rt.requireLoop('get_running_loop', interp.currentNode);
    return loopObject;
  });
  def('get_event_loop', () => loopObject);
  def('new_event_loop', () => loopObject);
  def('set_event_loop', () => null);

  for (const name of ['CancelledError', 'InvalidStateError', 'QueueEmpty', 'QueueFull']) mod.attrs.set(name, raiser.cls(name));
  mod.attrs.set('TimeoutError', raiser.cls('TimeoutError'));
  const futureClass = (name: string, test: (v: Value) => boolean): PyClass => {
    const cls = new PyClass(name, []);
    cls.attrs.set('__module__', 'asyncio');
    cls.attrs.set('__instancecheck__', new PyBuiltin('__instancecheck__', (a) => test(a[0] ?? null)));
    return cls;
  };
  mod.attrs.set('Task', futureClass('Task', (v) => v instanceof Task));
  mod.attrs.set('Future', futureClass('Future', (v) => v instanceof Future));
  installSync(rt, mod, coroutine);
  interp.modules.set('asyncio', mod);
  return rt;
}
