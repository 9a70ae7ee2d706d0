/**
 * The default executor behind to_thread / run_in_executor: a pool of
 * min(32, CPUs + 4) worker threads (as ThreadPoolExecutor sizes it), each
 * running its function on its own clock; time.sleep there only blocks that
 * worker, and the result comes back to the loop with call_soon_threadsafe.
 */
import { availableParallelism } from 'node:os';
import { Future, type AsyncioRuntime } from './futures';
import type { ThreadWork } from './scheduler';
import type { SyntaxNode } from './syntax';
import { PyBuiltin, PyFunction, PyRaise, type Gen, type Value } from './values';

export class ThreadPool {
  readonly maxWorkers = Math.min(32, availableParallelism() + 4);
  private busy = 0;
  private readonly queued: ((at: number) => void)[] = [];

  constructor(private readonly rt: AsyncioRuntime) {}

  submit(fn: Value, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Future {
    const { interp } = this.rt;
    const fut = new Future(this.rt);
    const name = callableName(fn);
    const cause = interp.rec.step('schedule', interp.ctx.lane, interp.clock(), node, `${name}() is handed to a worker thread; the loop keeps running meanwhile`);
    const start = (at: number, now: boolean): void => this.start(fut, fn, args, kwargs, node, cause, at, now);
    if (this.busy < this.maxWorkers) start(interp.clock(), true);
    else {
      interp.rec.note('approximate', `more than ${this.maxWorkers} functions are in the default thread pool at once (min(32, CPUs + 4) workers on this machine): the others wait for a free worker`, node);
      this.queued.push((at) => start(at, false));
    }
    return fut;
  }

  /** `now`: run at once up to the first sleep (a fresh submit); otherwise when the loop's clock reaches `at`. */
  private start(fut: Future, fn: Value, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null, cause: number, at: number, now: boolean): void {
    const { interp, loop } = this.rt;
    const raiser = interp.raiser;
    const name = callableName(fn);
    this.busy++;
    let gen: Gen | null = null;
    let sawSleep = false;
    const work: ThreadWork = {
      wakeAt: at,
      finished: false,
      advance: (): void => {
        interp.withContext({ lane: 'thread', threadTime: work.wakeAt, task: null }, () => {
          if (!gen) {
            interp.rec.step('run', 'thread', work.wakeAt, node, `a worker thread runs ${name}() in parallel with the loop`, { cause });
            gen = interp.call(fn, args, kwargs, node);
          }
          const finish = (settle: () => void, what: string): void => {
            work.finished = true;
            this.busy--;
            if (!sawSleep) interp.rec.note('approximate', `the duration of ${name}() in the thread is unknown (no time.sleep found): shown as instant`, node);
            else if (loop.timerNear(work.wakeAt, 1) || loop.threads.some((w) => w !== work && !w.finished && Math.abs(w.wakeAt - work.wakeAt) < 1)) {
              interp.rec.race(`${name}() in its thread ends at the same moment as other work: which one the loop sees first varies between runs`, node);
            }
            const id = interp.rec.step('resolve', 'thread', work.wakeAt, node, `${name}() ${what}; the thread hands the result back with call_soon_threadsafe`);
            loop.callSoon(() => {
              if (!fut.cancelled()) settle();
            }, 'loop', node, id);
            this.queued.shift()?.(work.wakeAt);
          };
          let r: IteratorResult<unknown, Value>;
          try {
            r = gen.next();
          } catch (e) {
            if (!(e instanceof PyRaise)) throw e;
            finish(() => fut.setException(e.exc), `raised ${e.exc.cls.name}`);
            return;
          }
          if (r.done) {
            const value = r.value;
            finish(() => fut.setResult(value), 'returned');
            return;
          }
          const s = r.value as { kind: string; ms?: number; node: SyntaxNode | null };
          if (s.kind !== 'thread-sleep') throw new PyRaise(raiser.make('RuntimeError', 'no running event loop in the worker thread'), s.node);
          sawSleep = true;
          interp.rec.step('block', 'thread', work.wakeAt, s.node, 'the worker thread sleeps; only this thread waits, the loop keeps running', { duration: s.ms! });
          work.wakeAt += s.ms!;
        });
      },
    };
    if (now) work.advance();
    if (!work.finished) loop.threads.push(work);
  }
}

export function callableName(fn: Value): string {
  if (fn instanceof PyFunction || fn instanceof PyBuiltin) return fn.name;
  return 'callback';
}
