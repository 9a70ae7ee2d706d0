/**
 * Structured concurrency: asyncio.TaskGroup and asyncio.timeout(), after CPython 3.11
 * (a failing child cancels its siblings and the parent; errors surface as an ExceptionGroup).
 */
import { groupException } from './exceptions';
import { Future, type Task } from './futures';
import type { AsyncioRuntime } from './futures';
import { Primitive, type MakeCoroutine } from './primitive';
import type { SyntaxNode } from './syntax';
import { PyInstance, PyRaise, type Gen, type Value } from './values';

export class TaskGroup extends Primitive {
  readonly typeName = 'TaskGroup';
  private tasks = new Set<Task>();
  private errors: PyInstance[] = [];
  private baseError: PyInstance | null = null;
  private parent: Task | null = null;
  private aborting = false;
  private parentCancelRequested = false;
  private onCompleted: Future | null = null;
  private abort(): void {
    this.aborting = true;
    for (const t of this.tasks) if (!t.done()) t.cancel();
  }
  private isBaseError(e: PyInstance): boolean {
    const r = this.rt.interp.raiser;
    return !r.is(e, 'Exception') && !r.is(e, 'CancelledError') && r.is(e, 'BaseException');
  }
  private onTaskDone(task: Task): void {
    this.tasks.delete(task);
    if (this.onCompleted && this.tasks.size === 0 && !this.onCompleted.done()) this.onCompleted.setResult(true);
    task.retrieved = true;
    if (task.cancelled() || !task.exception) return;
    this.errors.push(task.exception);
    if (this.isBaseError(task.exception) && !this.baseError) this.baseError = task.exception;
    if (!this.aborting && !this.parentCancelRequested && this.parent) {
      this.abort();
      this.parentCancelRequested = true;
      this.parent.cancel();
    }
  }
  private *exit(excType: Value, exc: Value, node: SyntaxNode | null): Gen {
    const r = this.rt.interp.raiser;
    let propagate: PyInstance | null = null;
    if (exc instanceof PyInstance && this.isBaseError(exc) && !this.baseError) this.baseError = exc;
    if (exc instanceof PyInstance) {
      if (r.is(exc, 'CancelledError')) {
        if (!(this.parentCancelRequested && this.parent && this.parent.numCancelsRequested > 0 && --this.parent.numCancelsRequested === 0)) propagate = exc;
      }
      if (!this.aborting) this.abort();
    }
    while (this.tasks.size > 0) {
      if (!this.onCompleted) this.onCompleted = new Future(this.rt);
      try {
        yield* this.rt.awaitFuture(this.onCompleted, node);
      } catch (e) {
        if (!this.isCancelled(e)) throw e;
        if (!this.aborting) {
          propagate = e.exc;
          this.abort();
        }
      }
      this.onCompleted = null;
    }
    if (this.baseError) throw new PyRaise(this.baseError, node);
    if (propagate && this.errors.length === 0) throw new PyRaise(propagate, node);
    if (exc instanceof PyInstance && !r.is(exc, 'CancelledError')) this.errors.push(exc);
    if (this.errors.length > 0) {
      const allExceptions = this.errors.every((e) => r.is(e, 'Exception'));
      throw new PyRaise(groupException(r.cls(allExceptions ? 'ExceptionGroup' : 'BaseExceptionGroup'), 'unhandled errors in a TaskGroup', this.errors), node);
    }
    void excType;
    return null;
  }
  getAttr(name: string): Value | undefined {
    const self = this;
    const node = this.node;
    switch (name) {
      case '__aenter__': return this.method(name, () => this.coroutine('__aenter__', function* () {
        self.parent = self.rt.currentTask();
        return self;
      }));
      case '__aexit__': return this.method(name, (a) => this.coroutine('__aexit__', () => self.exit(a[0] ?? null, a[1] ?? null, node)));
      case 'create_task': return this.method(name, (a, k) => {
        const task = this.rt.createTask(a[0] ?? null, k.get('name') ?? null, this.node);
        task.addDoneCallback((t) => this.onTaskDone(t as Task));
        this.tasks.add(task);
        return task;
      });
      default: return undefined;
    }
  }
}

export class Timeout extends Primitive {
  readonly typeName = 'Timeout';
  private task: Task | null = null;
  private expiring = false;
  private handle: { cancel(): void } | null = null;
  constructor(rt: AsyncioRuntime, coroutine: MakeCoroutine, private readonly delayMs: number | null) {
    super(rt, coroutine);
  }
  getAttr(name: string): Value | undefined {
    const self = this;
    const node = this.node;
    if (name === '__aenter__') return this.method(name, () => this.coroutine('__aenter__', function* () {
      self.task = self.rt.currentTask();
      if (self.delayMs !== null) {
        self.handle = self.rt.loop.callAt(self.rt.loop.now + self.delayMs, () => {
          self.task?.cancel();
          self.expiring = true;
        }, 'timer', node);
      }
      return self;
    }));
    if (name === '__aexit__') return this.method(name, (a) => this.coroutine('__aexit__', function* () {
      self.handle?.cancel();
      if (self.expiring && self.task) {
        self.task.numCancelsRequested = Math.max(0, self.task.numCancelsRequested - 1);
        if (self.task.numCancelsRequested === 0 && a[1] instanceof PyInstance && self.rt.interp.raiser.is(a[1], 'CancelledError')) throw self.rt.interp.raiser.raise('TimeoutError', undefined, node);
      }
      return null;
    }));
    if (name === 'expired') return this.method(name, () => this.expiring);
    return undefined;
  }
}

