/**
 * Generator functions (`yield`) and async generators (`async for`): the body
 * runs on the same JS-generator machinery as coroutines; a `yield` surfaces as
 * a `pyyield` suspension that the iterating side intercepts, while awaits
 * inside an async generator pass through to the task that drives it.
 */
import type { Interpreter } from './interpreter';
import type { SyntaxNode } from './syntax';
import { NativeObject, PyIterator, Unsupported, type Gen, type Suspend, type Value } from './values';
import { isOpaque, iterateOpaque } from './opaque';

type Yielded = Suspend | { readonly kind: 'pyyield'; readonly value: Value; readonly node: SyntaxNode | null };

/** A sync generator object: an iterator that drives the body until each `yield`. */
export class PyGenerator extends PyIterator {
  constructor(readonly body: Generator<Yielded, Value, unknown>, readonly name: string) {
    super({ next: () => this.step(() => body.next()) }, 'generator');
  }
  /** Throws `error` in at the paused `yield` (what a with-block's exception does to a @contextmanager). */
  throwIn(error: unknown): IteratorResult<Value, Value> {
    return this.step(() => this.body.throw(error));
  }
  private step(resume: () => IteratorResult<Yielded, Value>): IteratorResult<Value, Value> {
    const r = resume();
    if (r.done) return { done: true, value: null };
    if (r.value.kind !== 'pyyield') throw new Unsupported(`await inside the sync generator ${this.name}()`, r.value.node);
    return { done: false, value: r.value.value };
  }
}

export function makeGenerator(body: Gen, name: string): PyGenerator {
  return new PyGenerator(body as Generator<Yielded, Value, unknown>, name);
}

export class PyAsyncGenerator extends NativeObject {
  readonly typeName = 'async_generator';
  private finished = false;
  constructor(private readonly body: Gen, readonly name: string) {
    super();
  }
  getAttr(): Value | undefined {
    return undefined;
  }
  /** One `__anext__`: runs to the next `yield`, forwarding awaits (and what is thrown into them) to the task. */
  *next(error?: unknown): Generator<Suspend, { done: boolean; value: Value }, unknown> {
    if (this.finished) return { done: true, value: null };
    const gen = this.body as Generator<Yielded, Value, unknown>;
    let r: IteratorResult<Yielded, Value>;
    try {
      r = error === undefined ? gen.next() : gen.throw(error);
    } catch (e) {
      this.finished = true;
      throw e;
    }
    for (;;) {
      if (r.done) {
        this.finished = true;
        return { done: true, value: null };
      }
      const s = r.value;
      if (s.kind === 'pyyield') return { done: false, value: s.value };
      let sent: unknown;
      try {
        sent = yield s;
      } catch (e) {
        r = gen.throw(e);
        continue;
      }
      r = gen.next(sent);
    }
  }
}

export function* iterateAsync(interp: Interpreter, iterable: Value, node: SyntaxNode, each: (item: Value) => Gen<boolean>): Gen<void> {
  if (isOpaque(iterable)) return yield* iterateOpaque(interp, iterable, node, each);
  if (!(iterable instanceof PyAsyncGenerator)) {
    const items = interp.iterOrNull(iterable);
    if (iterable instanceof NativeObject && items) {
      for (const item of items) if (!(yield* each(item))) return;
      return;
    }
    throw new Unsupported('async for over an object that is not an async generator', node);
  }
  for (;;) {
    const r = yield* iterable.next();
    if (r.done) return;
    if (!(yield* each(r.value))) return;
  }
}
