/** Base of the asyncio objects written in TypeScript (locks, queues, task groups…). */
import type { AsyncioRuntime } from './futures';
import type { SyntaxNode } from './syntax';
import { NativeObject, PyBuiltin, PyRaise, type Gen, type NativeFn, type PyCoroutine, type Value } from './values';

export type MakeCoroutine = (name: string, body: () => Gen) => PyCoroutine;

export abstract class Primitive extends NativeObject {
  constructor(protected readonly rt: AsyncioRuntime, protected readonly coroutine: MakeCoroutine) {
    super();
  }
  protected get node(): SyntaxNode | null {
    return this.rt.interp.currentNode;
  }
  protected method(name: string, fn: NativeFn): PyBuiltin {
    return new PyBuiltin(name, fn);
  }
  protected isCancelled(e: unknown): e is PyRaise {
    return e instanceof PyRaise && this.rt.interp.raiser.is(e.exc, 'CancelledError');
  }
  /** `async with x:` support through acquire()/release(). */
  protected contextManager(name: string, acquire: () => PyCoroutine, release: () => void): Value | undefined {
    if (name === '__aenter__') return this.method(name, () => this.coroutine('__aenter__', () => this.rt.interp.awaitValue(acquire(), this.node)));
    if (name === '__aexit__') return this.method(name, () => this.coroutine('__aexit__', function* () {
      release();
      return null;
    }));
    return undefined;
  }
}

