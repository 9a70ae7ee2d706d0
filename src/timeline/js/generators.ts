/**
 * Generator objects of the simulated program. Sync generators are host
 * generators driving the body; async generators keep the spec's request
 * queue: each `next()` returns a promise settled when the body reaches its
 * next `yield` (whose operand is awaited first) or finishes.
 */
import type { Interpreter } from './interpreter';
import type { Capability } from './promises';
import { isInternalError, Unsupported } from './trace';
import { lineOf, type Gen } from './values';

export function startGenerator(body: Gen): Generator<unknown, unknown, unknown> {
  function* driver(): Generator<unknown, unknown, unknown> {
    let mode: 'next' | 'throw' = 'next';
    let input: unknown;
    let finished = false;
    try {
      for (;;) {
        const step = mode === 'next' ? body.next(input) : body.throw(input);
        if (step.done) {
          finished = true;
          return step.value;
        }
        if (step.value.kind === 'await') throw new Unsupported('await inside a generator is not simulated', lineOf(step.value.node));
        try {
          input = yield step.value.value;
          mode = 'next';
        } catch (error) {
          if (isInternalError(error)) throw error;
          input = error;
          mode = 'throw';
        }
      }
    } finally {
      if (!finished) body.return(undefined);
    }
  }
  return driver();
}

type Mode = 'next' | 'throw' | 'return';
interface Request {
  readonly mode: Mode;
  readonly value: unknown;
  readonly capability: Capability;
}

export function startAsyncGenerator(ip: Interpreter, body: Gen, name: string): object {
  const { realm } = ip;
  const queue: Request[] = [];
  let state: 'start' | 'yielded' | 'running' | 'done' = 'start';

  const finishAll = (): void => {
    for (let request = queue.shift(); request; request = queue.shift()) {
      if (request.mode === 'throw') request.capability.reject(request.value);
      else request.capability.resolve({ value: request.mode === 'return' ? request.value : undefined, done: true });
    }
  };
  const resumeNext = (): void => {
    const request = queue[0];
    if (!request) return;
    if (state === 'done' || (state === 'start' && request.mode !== 'next')) {
      state = 'done';
      finishAll();
      return;
    }
    run(request.mode, request.value);
  };
  const run = (mode: Mode, input: unknown): void => {
    state = 'running';
    let step: IteratorResult<{ kind: string; value: unknown; node: import('web-tree-sitter').Node }, unknown>;
    try {
      step = mode === 'next' ? body.next(input) : mode === 'throw' ? body.throw(input) : body.return(input);
    } catch (error) {
      if (isInternalError(error)) throw error;
      state = 'done';
      queue.shift()?.capability.reject(error);
      finishAll();
      return;
    }
    if (step.done) {
      state = 'done';
      queue.shift()?.capability.resolve({ value: step.value, done: true });
      finishAll();
      return;
    }
    const { kind, value, node } = step.value;
    ip.trace.step({ lane: ip.scheduler.currentLane, kind: 'await', label: `${name}: ${node.text.split('\n')[0]!.slice(0, 60)}`, node, ...ip.cause() });
    const onRejected = (error: unknown): void => run('throw', error);
    if (kind === 'await') {
      realm.performThen(realm.promiseResolve(value), (v) => run('next', v), onRejected, undefined, { label: `resume ${name} after await`, node, kind: 'resume' });
      return;
    }
    realm.performThen(realm.promiseResolve(value), (v) => {
      state = 'yielded';
      queue.shift()?.capability.resolve({ value: v, done: false });
      resumeNext();
    }, onRejected, undefined, { label: `${name} yields a value`, node });
  };
  const enqueue = (mode: Mode, value: unknown): object => {
    const capability = realm.newCapability();
    queue.push({ mode, value, capability });
    if (state !== 'running' && queue.length === 1) resumeNext();
    return capability.promise;
  };
  const generator = {
    next: (value?: unknown) => enqueue('next', value),
    return: (value?: unknown) => enqueue('return', value),
    throw: (error?: unknown) => enqueue('throw', error),
    [Symbol.asyncIterator]() {
      return generator;
    },
  };
  Object.defineProperty(generator, Symbol.toStringTag, { value: 'AsyncGenerator' });
  return generator;
}
