/**
 * Promises as the ECMAScript spec defines them (§27.2), with every job queued
 * on the simulated microtask queue: resolving functions, NewPromiseReactionJob,
 * NewPromiseResolveThenableJob, then/catch/finally, the combinators, `await`,
 * and the host rejection tracker Node uses to find unhandled rejections.
 * Tick counts (e.g. 3 turns for `await` on an async function that returns a
 * promise) follow from implementing these steps literally.
 */
import { inspect } from 'node:util';
import { isInternalError, type NodeLike } from './trace';

type Callable = (...args: unknown[]) => unknown;
type State = 'pending' | 'fulfilled' | 'rejected';

interface Slot {
  state: State;
  value: unknown;
  fulfillReactions: Reaction[];
  rejectReactions: Reaction[];
  handled: boolean;
}

interface Reaction {
  readonly capability: Capability | undefined;
  readonly type: 'fulfill' | 'reject';
  readonly handler: Callable | undefined;
  readonly meta: JobMeta;
}

export interface Capability {
  readonly promise: object;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

export interface JobMeta {
  readonly label: string;
  readonly node?: NodeLike;
  /** Step kind of the job's run (default `run`; `resume` for await continuations). */
  readonly kind?: 'run' | 'resume';
}

export interface PromiseHost {
  /** Queues a microtask (a promise job). */
  queueJob(meta: JobMeta, run: () => void): void;
  /** Describes a user callback for step labels. */
  describe(fn: unknown, role: string): JobMeta;
  /** HostPromiseRejectionTracker(promise, "reject"). */
  rejectedWithoutHandler(promise: object): void;
  /** HostPromiseRejectionTracker(promise, "handle"). */
  handlerAdded(promise: object): void;
}

export interface PromiseRealm {
  /** The `Promise` constructor the simulated program sees. */
  readonly Promise: Callable & { resolve(value: unknown): object };
  isPromise(value: unknown): value is object;
  newCapability(): Capability;
  /** PromiseResolve(%Promise%, value). */
  promiseResolve(value: unknown): object;
  /** PerformPromiseThen with internal handlers (no derived promise when capability is omitted). */
  performThen(promise: object, onFulfilled: Callable | undefined, onRejected: Callable | undefined, capability: Capability | undefined, meta?: JobMeta): void;
  state(promise: object): { state: State; value: unknown } | undefined;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export function createPromiseRealm(host: PromiseHost): PromiseRealm {
  const slots = new WeakMap<object, Slot>();

  function slotOf(value: unknown): Slot | undefined {
    return isObject(value) ? slots.get(value) : undefined;
  }

  function settle(promise: object, state: 'fulfilled' | 'rejected', value: unknown): void {
    const slot = slots.get(promise)!;
    if (slot.state !== 'pending') return;
    const reactions = state === 'fulfilled' ? slot.fulfillReactions : slot.rejectReactions;
    slot.state = state;
    slot.value = value;
    slot.fulfillReactions = [];
    slot.rejectReactions = [];
    if (state === 'rejected' && !slot.handled) host.rejectedWithoutHandler(promise);
    for (const reaction of reactions) queueReactionJob(reaction, value);
  }

  function queueReactionJob(reaction: Reaction, argument: unknown): void {
    host.queueJob(reaction.meta, () => {
      let result: unknown;
      let threw = false;
      if (!reaction.handler) {
        result = argument;
        threw = reaction.type === 'reject';
      } else {
        try {
          result = reaction.handler(argument);
        } catch (error) {
          if (isInternalError(error)) throw error;
          result = error;
          threw = true;
        }
      }
      if (!reaction.capability) return;
      if (threw) reaction.capability.reject(result);
      else reaction.capability.resolve(result);
    });
  }

  function createResolvingFunctions(promise: object): { resolve: Callable; reject: Callable } {
    let alreadyResolved = false;
    const resolve = (resolution: unknown): undefined => {
      if (alreadyResolved) return undefined;
      alreadyResolved = true;
      if (resolution === promise) {
        settle(promise, 'rejected', new TypeError('Chaining cycle detected for promise #<Promise>'));
        return undefined;
      }
      if (!isObject(resolution)) {
        settle(promise, 'fulfilled', resolution);
        return undefined;
      }
      let then: unknown;
      try {
        then = (resolution as { then?: unknown }).then;
      } catch (error) {
        if (isInternalError(error)) throw error;
        settle(promise, 'rejected', error);
        return undefined;
      }
      if (typeof then !== 'function') {
        settle(promise, 'fulfilled', resolution);
        return undefined;
      }
      const meta = slots.has(resolution)
        ? { label: 'adopt the state of a resolved-with promise (NewPromiseResolveThenableJob)' }
        : host.describe(then, 'call thenable.then (NewPromiseResolveThenableJob)');
      host.queueJob(meta, () => {
        const fns = createResolvingFunctions(promise);
        try {
          (then as Callable).call(resolution, fns.resolve, fns.reject);
        } catch (error) {
          if (isInternalError(error)) throw error;
          fns.reject(error);
        }
      });
      return undefined;
    };
    const reject = (reason: unknown): undefined => {
      if (alreadyResolved) return undefined;
      alreadyResolved = true;
      settle(promise, 'rejected', reason);
      return undefined;
    };
    Object.defineProperty(resolve, 'name', { value: '' });
    Object.defineProperty(reject, 'name', { value: '' });
    return { resolve, reject };
  }

  function performThen(promise: object, onFulfilled: unknown, onRejected: unknown, capability: Capability | undefined, meta?: JobMeta): void {
    const slot = slots.get(promise)!;
    const f = typeof onFulfilled === 'function' ? (onFulfilled as Callable) : undefined;
    const r = typeof onRejected === 'function' ? (onRejected as Callable) : undefined;
    const fulfillMeta = meta ?? (f ? host.describe(f, '.then callback') : { label: 'pass the value on (.then without a fulfil handler)' });
    const rejectMeta = meta ?? (r ? host.describe(r, 'rejection handler') : { label: 'pass the rejection on (no rejection handler here)' });
    const fulfill: Reaction = { capability, type: 'fulfill', handler: f, meta: fulfillMeta };
    const reject: Reaction = { capability, type: 'reject', handler: r, meta: rejectMeta };
    if (slot.state === 'pending') {
      slot.fulfillReactions.push(fulfill);
      slot.rejectReactions.push(reject);
    } else if (slot.state === 'fulfilled') {
      queueReactionJob(fulfill, slot.value);
    } else {
      if (!slot.handled) host.handlerAdded(promise);
      queueReactionJob(reject, slot.value);
    }
    slot.handled = true;
  }

  class SimPromise {
    constructor(executor: unknown) {
      if (typeof executor !== 'function') throw new TypeError(`Promise resolver ${inspect(executor)} is not a function`);
      slots.set(this, { state: 'pending', value: undefined, fulfillReactions: [], rejectReactions: [], handled: false });
      const { resolve, reject } = createResolvingFunctions(this);
      try {
        (executor as Callable)(resolve, reject);
      } catch (error) {
        if (isInternalError(error)) throw error;
        reject(error);
      }
    }

    then(onFulfilled?: unknown, onRejected?: unknown): object {
      if (!slots.has(this)) throw new TypeError('Method Promise.prototype.then called on incompatible receiver');
      const capability = newCapability();
      performThen(this, onFulfilled, onRejected, capability);
      return capability.promise;
    }

    catch(onRejected?: unknown): unknown {
      return (this as unknown as { then: Callable }).then(undefined, onRejected);
    }

    finally(onFinally?: unknown): unknown {
      const invokeThen = (p: object, ...args: unknown[]): unknown => (p as { then: Callable }).then(...args);
      if (typeof onFinally !== 'function') return invokeThen(this, onFinally, onFinally);
      const handler = onFinally as Callable;
      const meta = host.describe(handler, '.finally callback');
      const thenFinally = (value: unknown): unknown => {
        const p = promiseResolve(handler());
        return invokeThen(p, () => value);
      };
      const catchFinally = (reason: unknown): unknown => {
        const p = promiseResolve(handler());
        return invokeThen(p, () => {
          throw reason;
        });
      };
      const capability = newCapability();
      performThen(this, thenFinally, catchFinally, capability, meta);
      return capability.promise;
    }

    static resolve(value: unknown): object {
      return promiseResolve(value);
    }

    static reject(reason: unknown): object {
      const capability = newCapability();
      capability.reject(reason);
      return capability.promise;
    }

    static all(iterable: unknown): object {
      return combine(iterable, 'Promise.all', (values, capability, index, state) => ({
        onFulfilled: once((value: unknown) => {
          values[index] = value;
          if (--state.remaining === 0) capability.resolve(values);
        }),
        onRejected: capability.reject,
      }), (values, capability) => capability.resolve(values));
    }

    static allSettled(iterable: unknown): object {
      return combine(iterable, 'Promise.allSettled', (values, capability, index, state) => {
        let called = false;
        const settleWith = (entry: object): void => {
          if (called) return;
          called = true;
          values[index] = entry;
          if (--state.remaining === 0) capability.resolve(values);
        };
        return {
          onFulfilled: (value: unknown) => settleWith({ status: 'fulfilled', value }),
          onRejected: (reason: unknown) => settleWith({ status: 'rejected', reason }),
        };
      }, (values, capability) => capability.resolve(values));
    }

    static any(iterable: unknown): object {
      return combine(iterable, 'Promise.any', (errors, capability, index, state) => ({
        onFulfilled: capability.resolve,
        onRejected: once((reason: unknown) => {
          errors[index] = reason;
          if (--state.remaining === 0) capability.reject(new AggregateError(errors, 'All promises were rejected'));
        }),
      }), (errors, capability) => capability.reject(new AggregateError(errors, 'All promises were rejected')));
    }

    static race(iterable: unknown): object {
      const capability = newCapability();
      try {
        for (const item of iterable as Iterable<unknown>) {
          performThen(promiseResolve(item), capability.resolve, capability.reject, newCapability(), { label: 'Promise.race element settles' });
        }
      } catch (error) {
        if (isInternalError(error)) throw error;
        capability.reject(error);
      }
      return capability.promise;
    }

    [inspect.custom](_depth: number, options: object): string {
      const slot = slots.get(this);
      if (!slot || slot.state === 'pending') return 'Promise { <pending> }';
      const shown = inspect(slot.value, options);
      return `Promise { ${slot.state === 'rejected' ? '<rejected> ' : ''}${shown} }`;
    }
  }
  Object.defineProperty(SimPromise, 'name', { value: 'Promise' });
  Object.defineProperty(SimPromise.prototype, Symbol.toStringTag, { value: 'Promise', configurable: true });

  type Handlers = { onFulfilled: Callable; onRejected: Callable };
  function combine(
    iterable: unknown,
    name: string,
    element: (values: unknown[], capability: Capability, index: number, state: { remaining: number }) => Handlers,
    done: (values: unknown[], capability: Capability) => void,
  ): object {
    const capability = newCapability();
    const values: unknown[] = [];
    const state = { remaining: 1 };
    try {
      let index = 0;
      for (const item of iterable as Iterable<unknown>) {
        values.push(undefined);
        const handlers = element(values, capability, index, state);
        state.remaining++;
        performThen(promiseResolve(item), handlers.onFulfilled, handlers.onRejected, newCapability(), { label: `${name} element ${index} settles` });
        index++;
      }
      if (--state.remaining === 0) done(values, capability);
    } catch (error) {
      if (isInternalError(error)) throw error;
      capability.reject(error);
    }
    return capability.promise;
  }

  function once(fn: Callable): Callable {
    let called = false;
    return (...args: unknown[]) => {
      if (called) return undefined;
      called = true;
      return fn(...args);
    };
  }

  function newCapability(): Capability {
    let resolve: Callable = () => undefined;
    let reject: Callable = () => undefined;
    const promise = new SimPromise((res: Callable, rej: Callable) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  function promiseResolve(value: unknown): object {
    if (slots.has(value as object) && (value as { constructor?: unknown }).constructor === SimPromise) return value as object;
    const capability = newCapability();
    capability.resolve(value);
    return capability.promise;
  }

  return {
    Promise: SimPromise as unknown as PromiseRealm['Promise'],
    isPromise: (value: unknown): value is object => slotOf(value) !== undefined,
    newCapability,
    promiseResolve,
    performThen,
    state: (promise) => {
      const slot = slotOf(promise);
      return slot ? { state: slot.state, value: slot.value } : undefined;
    },
  };
}
