/**
 * contextlib.contextmanager / asynccontextmanager: the decorated generator runs
 * up to its `yield` on enter; on exit it resumes, or gets the with-block's
 * exception thrown in at the `yield` (and may swallow it).
 */
import { PyAsyncGenerator, PyGenerator } from './generators';
import type { Interpreter } from './interpreter';
import { NativeObject, PyBuiltin, PyClass, PyCoroutine, PyInstance, PyModule, PyRaise, type Gen, type Value } from './values';

function nativeCoroutine(interp: Interpreter, name: string, body: () => Gen): PyCoroutine {
  const c = new PyCoroutine(name, body, interp.currentNode);
  c.native = true;
  return c;
}

class GeneratorContextManager extends NativeObject {
  readonly typeName = '_GeneratorContextManager';
  constructor(private readonly interp: Interpreter, private readonly gen: Value) {
    super();
  }
  getAttr(name: string): Value | undefined {
    const { interp, gen } = this;
    const raiser = interp.raiser;
    if (gen instanceof PyGenerator) {
      if (name === '__enter__') return new PyBuiltin(name, () => {
        const r = gen.it.next();
        if (r.done) throw raiser.raise('RuntimeError', "generator didn't yield", interp.currentNode);
        return r.value;
      });
      if (name === '__exit__') return new PyBuiltin(name, (a) => {
        const exc = a[1];
        if (!(exc instanceof PyInstance)) {
          if (!gen.it.next().done) throw raiser.raise('RuntimeError', "generator didn't stop", interp.currentNode);
          return false;
        }
        try {
          if (!gen.throwIn(new PyRaise(exc, null)).done) throw raiser.raise('RuntimeError', "generator didn't stop after throw()", interp.currentNode);
          return true;
        } catch (e) {
          if (e instanceof PyRaise && e.exc === exc) return false;
          throw e;
        }
      });
    }
    if (gen instanceof PyAsyncGenerator) {
      if (name === '__aenter__') return new PyBuiltin(name, () => nativeCoroutine(interp, name, function* () {
        const r = yield* gen.next();
        if (r.done) throw raiser.raise('RuntimeError', "generator didn't yield", interp.currentNode);
        return r.value;
      }));
      if (name === '__aexit__') return new PyBuiltin(name, (a) => nativeCoroutine(interp, name, function* () {
        const exc = a[1];
        if (!(exc instanceof PyInstance)) {
          if (!(yield* gen.next()).done) throw raiser.raise('RuntimeError', "generator didn't stop", interp.currentNode);
          return false;
        }
        try {
          if (!(yield* gen.next(new PyRaise(exc, null))).done) throw raiser.raise('RuntimeError', "generator didn't stop after athrow()", interp.currentNode);
          return true;
        } catch (e) {
          if (e instanceof PyRaise && e.exc === exc) return false;
          throw e;
        }
      }));
    }
    return undefined;
  }
}

export function installContextlib(interp: Interpreter): void {
  const contextlib = new PyModule('contextlib');
  const decorator = (name: string): PyBuiltin => new PyBuiltin(name, (a) => {
    const fn = a[0] ?? null;
    return new PyBuiltin(name, (args, kwargs) => new GeneratorContextManager(interp, interp.callSync(fn, args, kwargs, interp.currentNode)));
  });
  contextlib.attrs.set('contextmanager', decorator('contextmanager'));
  contextlib.attrs.set('asynccontextmanager', decorator('asynccontextmanager'));
  contextlib.attrs.set('suppress', new PyBuiltin('suppress', (a) => new Suppress(a)));
  interp.modules.set('contextlib', contextlib);
}

/** contextlib.suppress(*exceptions). */
class Suppress extends NativeObject {
  readonly typeName = 'suppress';
  constructor(private readonly classes: Value[]) {
    super();
  }
  getAttr(name: string): Value | undefined {
    if (name === '__enter__') return new PyBuiltin(name, () => null);
    if (name === '__exit__') {
      return new PyBuiltin(name, (a) => {
        const exc = a[1];
        return exc instanceof PyInstance && this.classes.some((c) => c instanceof PyClass && exc.cls.isSubclassOf(c));
      });
    }
    return undefined;
  }
}
