/**
 * The tree-walking interpreter for the Python subset: statements, calls,
 * attribute access, scopes. Every routine is a generator so that an `await`
 * anywhere can suspend the running task; expressions live in expressions.ts.
 */
import type { Lane } from '../model';
import { Raiser, type ExceptionClasses } from './exceptions';
import { evalExpr } from './expressions';
import { pyRepr, pyStr, truthy, type DunderHost } from './operations';
import type { EventLoop, Recorder } from './scheduler';
import { field, hasToken, type SyntaxNode } from './syntax';
import {
  BudgetExceeded, NativeObject, PyBoundMethod, PyBuiltin, PyClass, PyCoroutine, PyDict, PyFunction, PyInstance, PyList, PyModule, PySet, PyTuple,
  PyTypeErrorSignal, Scope, Unsupported, typeName, type Gen, type Param, type Value,
} from './values';
import { builtinMethod, iterOther } from './methods';
import { PyAsyncGenerator, makeGenerator } from './generators';
import { OpaqueCall, OpaqueValue, isOpaque } from './opaque';
import { containsYield, localNames } from './scopes';
import { counted } from './limits';
import { enumMembers } from './enums';
import type { SourceFiles } from './modules';

/** The characters of a string one by one (without first copying them all into an array). */
function* codePoints(s: string): Generator<string> {
  for (const ch of s) yield ch;
}
import { execBlock, importModule, neverAwaited } from './statements';

/** Real built-ins; those not modelled here become `unsupported` notes rather than a NameError. */
/**
 * Forwards a native coroutine's suspensions (and what is thrown back in); its own ones
 * (made at `createdAt`) are labelled with the user's `await` instead.
 */
function* atAwait(gen: Gen, node: SyntaxNode, createdAt: SyntaxNode | null): Gen {
  let r = gen.next();
  for (;;) {
    if (r.done) return r.value;
    const s = r.value;
    let sent: unknown;
    try {
      const own = (s.kind === 'future' || s.kind === 'yield') && (s.node === null || s.node === createdAt);
      sent = yield own ? { ...s, node } : s;
    } catch (e) {
      r = gen.throw(e);
      continue;
    }
    r = gen.next(sent);
  }
}

const PYTHON_BUILTINS = new Set(
  ('abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod enumerate ' +
    'eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len list locals map ' +
    'max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum ' +
    'super tuple type vars zip __import__').split(' '),
);

/** Plain calls nested before a RecursionError (CPython's limit minus the frames of the module and asyncio). */
const MAX_CALL_DEPTH = 990;

export type Completion = null | { readonly type: 'return'; readonly value: Value } | { readonly type: 'break' } | { readonly type: 'continue' };

/** Who is running: a task, a plain loop callback, a worker thread, or the module body. */
export interface RunContext {
  readonly lane: Lane;
  /** Set while a worker thread runs: its own virtual clock. */
  readonly threadTime: number | null;
  readonly task: NativeObject | null;
}

/** Hooks the asyncio runtime gives the interpreter. */
export interface AwaitHost {
  isFuture(v: Value): boolean;
  awaitFuture(v: Value, node: SyntaxNode | null): Gen;
  /** Waits out assumed I/O latency (unmodelled code) on the loop's clock. */
  assumedWait(ms: number, node: SyntaxNode | null): Gen<void>;
}

export class Interpreter implements DunderHost {
  readonly raiser: Raiser;
  readonly builtins = new Map<string, Value>();
  readonly globals = new Scope(null);
  readonly modules = new Map<string, PyModule>();
  /** Run when a class deriving from the key is created (enum members). */
  readonly classHooks = new Map<PyClass, (cls: PyClass) => void>();
  /** Replace calling a class deriving from the key (Enum(value) looks a member up). */
  readonly classCallHooks = new Map<PyClass, (cls: PyClass, args: Value[], kwargs: Map<string, Value>) => Value>();
  /** Workspace modules the program may import (parsed by the caller), or null when none were given. */
  sourceFiles: SourceFiles | null = null;
  /** Workspace modules already imported, by path. */
  readonly fileModules = new Map<string, PyModule>();
  /** Assumed latency of unmodelled I/O, in virtual ms. */
  ioLatencyMs = 100;
  /** Paths of the workspace modules imported, in import order. */
  readonly importedFiles: string[] = [];
  readonly exceptionBase: PyClass;
  ctx: RunContext = { lane: 'task:main', threadTime: null, task: null };
  awaitHost: AwaitHost | null = null;
  stepsLeft: number;
  /** Nesting of plain function calls now running (for the recursion limit). */
  depth = 0;
  /** The statement or call being evaluated, for notes raised from builtins. */
  currentNode: SyntaxNode | null = null;
  /** Coroutines created and not yet awaited or wrapped in a task. */
  readonly pendingCoroutines = new Set<PyCoroutine>();

  constructor(readonly rec: Recorder, readonly loop: EventLoop, classes: ExceptionClasses, stepBudget: number, readonly fileName: string) {
    this.raiser = new Raiser(classes);
    this.exceptionBase = classes.get('BaseException')!;
    this.stepsLeft = stepBudget;
  }

  clock(): number {
    return this.ctx.threadTime ?? this.loop.now;
  }

  tick(node: SyntaxNode): void {
    if (--this.stepsLeft < 0) throw new BudgetExceeded('stopped at the step budget (the program may loop forever)', node);
  }

  withContext<T>(ctx: RunContext, run: () => T): T {
    const saved = this.ctx;
    this.ctx = ctx;
    try {
      return run();
    } finally {
      this.ctx = saved;
    }
  }

  str(v: Value): string {
    return pyStr(this, v);
  }

  repr(v: Value): string {
    return pyRepr(this, v);
  }

  truthy(v: Value): boolean {
    return truthy(this, v);
  }

  /** Runs a sync Python callable to the end; it must not suspend. */
  callSync(fn: Value, args: Value[], kwargs: Map<string, Value> = new Map(), node: SyntaxNode | null = null): Value {
    const gen = this.call(fn, args, kwargs, node);
    const r = gen.next();
    if (!r.done) throw new Unsupported('a callback that suspends (await inside a sync call)', node);
    return r.value;
  }

  dunder(obj: PyInstance, name: string, args: Value[]): Value | undefined {
    const method = obj.cls.lookup(name);
    if (!(method instanceof PyFunction) && !(method instanceof PyBuiltin)) return undefined;
    return this.callSync(new PyBoundMethod(obj, method), args);
  }

  /** time.sleep: freezes the loop thread, or only the worker thread that calls it. */
  *blockingSleep(ms: number, node: SyntaxNode | null): Gen {
    if (ms < 0) throw this.raiser.raise('ValueError', 'sleep length must be non-negative', node);
    if (this.ctx.threadTime !== null) {
      yield { kind: 'thread-sleep', ms, node };
      return null;
    }
    this.rec.step('block', this.ctx.lane, this.clock(), node, `time.sleep blocks the whole thread for ${ms / 1000} s: no other task or callback can run meanwhile`, { duration: ms });
    this.loop.block(ms);
    return null;
  }

  /** A known blocking call into unmodelled code: the thread (the loop's, or a worker's) is frozen for `ms`. */
  *assumedBlock(ms: number, node: SyntaxNode | null, label: string): Gen<void> {
    if (this.ctx.threadTime !== null) {
      yield { kind: 'thread-sleep', ms, node };
      return;
    }
    this.rec.step('block', this.ctx.lane, this.clock(), node, `${label} blocks the whole thread for an assumed ${ms} ms: no other task or callback can run meanwhile`, { duration: ms, assumed: true });
    this.loop.block(ms);
  }

  *execBlock(block: SyntaxNode, scope: Scope): Gen<Completion> {
    return yield* execBlock(this, block, scope);
  }

  neverAwaited(coro: PyCoroutine, node: SyntaxNode): void {
    neverAwaited(this, coro, node);
  }

  importModule(name: string, node: SyntaxNode): PyModule {
    return importModule(this, name, node);
  }

  // ---- functions and classes ----

  makeFunction(node: SyntaxNode, scope: Scope): PyFunction {
    const closure = scope.isClassBody ? scope.parent! : scope;
    const isLambda = node.type === 'lambda';
    const params = this.readParams(field(node, 'parameters'), scope);
    const name = isLambda ? '<lambda>' : field(node, 'name')!.text;
    const fn = new PyFunction(name, params, field(node, 'body')!, closure, hasToken(node, 'async'), isLambda, node);
    fn.locals = isLambda ? new Set(params.map((p) => p.name)) : localNames(node);
    fn.qualname = name;
    if (!isLambda && containsYield(fn.body)) fn.isGenerator = true;
    return fn;
  }

  private readParams(node: SyntaxNode | null, scope: Scope): Param[] {
    const params: Param[] = [];
    let kwOnly = false;
    for (const p of node?.named ?? []) {
      switch (p.type) {
        case 'identifier':
          params.push({ name: p.text, kind: kwOnly ? 'kwonly' : 'normal' });
          break;
        case 'typed_parameter': {
          const inner = p.named[0]!;
          if (inner.type === 'list_splat_pattern') {
            params.push({ name: inner.named[0]!.text, kind: 'star' });
            kwOnly = true;
          } else if (inner.type === 'dictionary_splat_pattern') params.push({ name: inner.named[0]!.text, kind: 'kwstar' });
          else params.push({ name: inner.text, kind: kwOnly ? 'kwonly' : 'normal' });
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const defaultValue = this.callSyncGen(evalExpr(this, field(p, 'value')!, scope), p);
          params.push({ name: field(p, 'name')!.text, kind: kwOnly ? 'kwonly' : 'normal', defaultValue });
          break;
        }
        case 'list_splat_pattern':
          params.push({ name: p.named[0]!.text, kind: 'star' });
          kwOnly = true;
          break;
        case 'dictionary_splat_pattern':
          params.push({ name: p.named[0]!.text, kind: 'kwstar' });
          break;
        case 'keyword_separator':
          kwOnly = true;
          break;
        case 'positional_separator':
          break;
        default:
          throw new Unsupported(`parameter ${p.type}`, p);
      }
    }
    return params;
  }

  callSyncGen(gen: Gen, node: SyntaxNode | null): Value {
    const r = gen.next();
    if (!r.done) throw new Unsupported('await in a default value or sync context', node);
    return r.value;
  }

  *makeClass(node: SyntaxNode, scope: Scope, _decorators: readonly SyntaxNode[]): Gen<PyClass> {
    const bases: PyClass[] = [];
    for (const b of field(node, 'superclasses')?.named ?? []) {
      if (b.type === 'keyword_argument') continue;
      const base = yield* evalExpr(this, b, scope);
      if (!(base instanceof PyClass)) throw new Unsupported(`base class ${b.text}`, b);
      bases.push(base);
    }
    const cls = new PyClass(field(node, 'name')!.text, bases);
    cls.attrs.set('__module__', '__main__');
    const body = new Scope(scope, true);
    yield* this.execBlock(field(node, 'body')!, body);
    cls.annotations = body.annotations;
    for (const [k, v] of body.vars) {
      if (v instanceof PyFunction) {
        v.ownerClass = cls;
        v.qualname = `${cls.name}.${v.name}`;
      }
      cls.attrs.set(k, v);
    }
    for (const c of cls.mro.slice(1)) {
      const hook = this.classHooks.get(c);
      if (hook) {
        hook(cls);
        break;
      }
    }
    return cls;
  }

  bindParams(fn: PyFunction, args: Value[], kwargs: Map<string, Value>, scope: Scope, node: SyntaxNode | null): void {
    let i = 0;
    const extraKw = new Map(kwargs);
    for (const p of fn.params) {
      if (p.kind === 'star') {
        scope.vars.set(p.name, new PyTuple(args.slice(i)));
        i = args.length;
      } else if (p.kind === 'kwstar') {
        const d = new PyDict();
        for (const [k, v] of extraKw) d.set(k, v);
        extraKw.clear();
        scope.vars.set(p.name, d);
      } else if (p.kind === 'normal' && i < args.length) {
        scope.vars.set(p.name, args[i++]!);
      } else if (extraKw.has(p.name)) {
        scope.vars.set(p.name, extraKw.get(p.name)!);
        extraKw.delete(p.name);
      } else if (p.defaultValue !== undefined) {
        scope.vars.set(p.name, p.defaultValue);
      } else {
        throw this.raiser.raise('TypeError', `${fn.name}() missing 1 required positional argument: '${p.name}'`, node);
      }
    }
    if (i < args.length) throw this.raiser.raise('TypeError', `${fn.name}() takes ${i} positional arguments but ${args.length} were given`, node);
    if (extraKw.size > 0) throw this.raiser.raise('TypeError', `${fn.name}() got an unexpected keyword argument '${[...extraKw.keys()][0]}'`, node);
  }

  *call(fn: Value, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Gen {
    if (fn instanceof PyFunction) return yield* this.callFunction(fn, args, kwargs, node);
    if (fn instanceof PyBoundMethod) return yield* this.call(fn.fn, [fn.self, ...args], kwargs, node);
    if (fn instanceof PyBuiltin) {
      try {
        const r = fn.fn(args, kwargs);
        return fn.gen ? yield* r as Gen : (r as Value);
      } catch (e) {
        if (e instanceof PyTypeErrorSignal) throw this.raiser.raise(e.pyType, e.message, node);
        throw e;
      }
    }
    if (fn instanceof PyClass) return yield* this.instantiate(fn, args, kwargs, node);
    if (fn instanceof OpaqueCall) return yield* this.call(fn.getAttr('__call__')!, args, kwargs, node);
    if (fn instanceof PyInstance) {
      const method = fn.cls.lookup('__call__');
      if (method) return yield* this.call(new PyBoundMethod(fn, method as PyFunction), args, kwargs, node);
    }
    if (fn instanceof NativeObject) {
      const method = fn.getAttr('__call__');
      if (method) return yield* this.call(method, args, kwargs, node);
    }
    throw this.raiser.raise('TypeError', `'${this.typeNameOf(fn)}' object is not callable`, node);
  }

  private typeNameOf(v: Value): string {
    return typeName(v);
  }

  private *callFunction(fn: PyFunction, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Gen {
    const scope = new Scope(fn.closure);
    scope.locals = fn.locals;
    if (fn.ownerClass) scope.owner = { cls: fn.ownerClass, self: args[0] ?? null };
    this.bindParams(fn, args, kwargs, scope, node);
    if (fn.isGenerator) return fn.isAsync ? new PyAsyncGenerator(this.runBody(fn, scope), fn.name) : makeGenerator(this.runBody(fn, scope), fn.name);
    if (fn.isAsync) {
      const coro = new PyCoroutine(fn.name, () => this.runBody(fn, scope), node);
      this.pendingCoroutines.add(coro);
      return coro;
    }
    // Python's default recursion limit (sys.getrecursionlimit() == 1000) ends runaway recursion with a RecursionError.
    if (++this.depth > MAX_CALL_DEPTH) {
      this.depth--;
      throw this.raiser.raise('RecursionError', 'maximum recursion depth exceeded', node);
    }
    try {
      return yield* this.runBody(fn, scope);
    } finally {
      this.depth--;
    }
  }

  private *runBody(fn: PyFunction, scope: Scope): Gen {
    if (fn.isLambda) return yield* evalExpr(this, fn.body, scope);
    const c = yield* this.execBlock(fn.body, scope);
    return c?.type === 'return' ? c.value : null;
  }

  private *instantiate(cls: PyClass, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Gen {
    for (const c of cls.mro) {
      const hook = c !== cls || !this.classHooks.has(c) ? this.classCallHooks.get(c) : undefined;
      if (hook) return hook(cls, args, kwargs);
    }
    const nativeBase = cls.mro.find((c) => c.native);
    if (nativeBase && nativeBase === cls) return nativeBase.native!(cls, args, kwargs);
    const obj = nativeBase ? nativeBase.native!(cls, args, kwargs) : new PyInstance(cls);
    if (obj instanceof PyInstance && obj.cls.isSubclassOf(this.exceptionBase)) obj.attrs.set('args', new PyTuple(args));
    const init = cls.lookup('__init__');
    if (init instanceof PyFunction) yield* this.callFunction(init, [obj, ...args], kwargs, node);
    else if (init instanceof PyBuiltin) yield* this.call(new PyBoundMethod(obj, init), args, kwargs, node);
    else if (init === undefined) this.dataclassInit(cls, obj, args, kwargs);
    return obj;
  }

  /** Classes without __init__ accept the annotated fields as arguments (dataclass style) when given any. */
  private dataclassInit(cls: PyClass, obj: Value, args: Value[], kwargs: Map<string, Value>): void {
    if (!(obj instanceof PyInstance) || obj.cls.isSubclassOf(this.exceptionBase)) return;
    if (args.length === 0 && kwargs.size === 0) return;
    throw new Unsupported(`constructor arguments for class ${cls.name} without __init__`, null);
  }

  *awaitValue(v: Value, node: SyntaxNode | null): Gen {
    if (v instanceof PyCoroutine) return yield* this.runCoroutine(v, node);
    if (v instanceof OpaqueValue) {
      this.rec.note('assumed', `awaiting ${v.label} (unmodelled, not a call): assumed to take one loop iteration`, node);
      yield { kind: 'yield', node, assumed: true };
      return v;
    }
    if (this.awaitHost?.isFuture(v)) return yield* this.awaitHost.awaitFuture(v, node);
    if (v instanceof PyInstance && v.cls.lookup('__await__')) throw new Unsupported('custom awaitables (__await__)', node);
    throw this.raiser.raise('TypeError', `object ${this.typeNameOf(v)} can't be used in 'await' expression`, node);
  }

  *runCoroutine(coro: PyCoroutine, node: SyntaxNode | null): Gen {
    if (coro.started) throw this.raiser.raise('RuntimeError', 'cannot reuse already awaited coroutine', node);
    coro.started = true;
    this.pendingCoroutines.delete(coro);
    try {
      return yield* coro.native && node?.type === 'await' ? atAwait(coro.body(), node, coro.createdAt) : coro.body();
    } finally {
      coro.finished = true;
    }
  }

  // ---- names and attributes ----

  lookup(name: string, scope: Scope, node: SyntaxNode): Value {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.isClassBody && s !== scope) continue;
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      if (s.locals?.has(name)) throw this.raiser.raise('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`, node);
    }
    const b = this.builtins.get(name);
    if (b !== undefined) return b;
    if (PYTHON_BUILTINS.has(name)) throw new Unsupported(`the built-in ${name}()`, node);
    throw this.raiser.raise('NameError', `name '${name}' is not defined`, node);
  }

  assignName(name: string, value: Value, scope: Scope): void {
    if (scope.globalNames.has(name)) {
      let root = scope;
      while (root.parent) root = root.parent;
      root.vars.set(name, value);
      return;
    }
    if (scope.nonlocalNames.has(name)) {
      for (let s = scope.parent; s; s = s.parent) {
        if (s.vars.has(name)) {
          s.vars.set(name, value);
          return;
        }
      }
    }
    scope.vars.set(name, value);
  }

  getAttr(obj: Value, name: string, node: SyntaxNode | null): Value {
    const v = this.findAttr(obj, name);
    if (v !== undefined) return v;
    if (obj instanceof PyModule && obj.attrs.get('__unknown__') === true) return new OpaqueValue(this, `${obj.name}.${name}`);
    if (obj instanceof OpaqueCall) return obj.getAttr(name)!;
    if (obj instanceof PyModule && !name.startsWith('__')) throw new Unsupported(`${obj.name}.${name}`, node);
    const owner = obj instanceof PyClass ? `type object '${obj.name}'` : obj instanceof PyModule ? `module '${obj.name}'` : `'${this.typeNameOf(obj)}' object`;
    throw this.raiser.raise('AttributeError', `${owner} has no attribute '${name}'`, node);
  }

  findAttr(obj: Value, name: string): Value | undefined {
    if (name === '__class__' && !(obj instanceof PyInstance)) {
      const type = this.builtins.get('type');
      return type ? this.callSync(type, [obj]) : undefined;
    }
    if (obj instanceof PyInstance) {
      const own = obj.attrs.get(name);
      if (own !== undefined) return own;
      if (name === '__class__') return obj.cls;
      const v = obj.cls.lookup(name);
      if (v instanceof PyFunction) {
        if (v.decorators === 'staticmethod') return v;
        if (v.decorators === 'classmethod') return new PyBoundMethod(obj.cls, v);
        if (v.decorators === 'property') return this.callSync(v, [obj]);
        return new PyBoundMethod(obj, v);
      }
      if (v instanceof PyBuiltin) return new PyBoundMethod(obj, v);
      if (v !== undefined) return v;
      if (name === '__traceback__' || name === '__cause__' || name === '__context__') return null;
      return undefined;
    }
    if (obj instanceof PyClass) {
      if (name === '__name__') return obj.name;
      if (name === '__qualname__') return obj.name;
      const v = obj.lookup(name);
      if (v instanceof PyFunction && v.decorators === 'classmethod') return new PyBoundMethod(obj, v);
      return v;
    }
    if (obj instanceof PyModule) return obj.attrs.get(name);
    if (obj instanceof NativeObject) return obj.getAttr(name);
    if (obj instanceof PyFunction) return name === '__name__' ? obj.name : name === '__qualname__' ? obj.qualname : undefined;
    if (obj instanceof PyBuiltin) return name === '__name__' ? obj.name : undefined;
    if (obj instanceof OpaqueCall) return obj.getAttr(name);
    if (obj instanceof PyCoroutine) {
      if (name === '__name__' || name === '__qualname__') return obj.name;
      if (name === 'close') return new PyBuiltin('close', () => (this.pendingCoroutines.delete(obj), null));
      return undefined;
    }
    return builtinMethod(this, obj, name);
  }

  setAttr(obj: Value, name: string, value: Value, node: SyntaxNode): void {
    if (obj instanceof PyInstance) {
      const prop = obj.cls.lookup(name);
      if (prop instanceof PyFunction && prop.decorators === 'property') throw new Unsupported('property setters', node);
      obj.attrs.set(name, value);
    } else if (obj instanceof PyClass || obj instanceof PyModule) obj.attrs.set(name, value);
    else if (obj instanceof PyFunction && name.startsWith('__')) return;
    else if (obj instanceof NativeObject && obj.setAttr(name, value)) return;
    else throw this.raiser.raise('AttributeError', `'${this.typeNameOf(obj)}' object has no attribute '${name}'`, node);
  }

  iterate(v: Value, node: SyntaxNode | null): Iterable<Value> {
    const it = this.iterOrNull(v);
    if (it) return it;
    throw this.raiser.raise('TypeError', `'${this.typeNameOf(v)}' object is not iterable`, node);
  }

  noteBigInt(): void {
    this.rec.note('approximate', 'integers beyond 2**53 are computed as floating point here: their last digits may differ from Python', this.currentNode);
  }

  noteUnorderedSet(): void {
    this.rec.note('nondeterministic', 'a set of strings comes out in a different order in every run (string hashing is randomized)', this.currentNode);
  }

  iterOrNull(v: Value): Iterable<Value> | null {
    if (v instanceof PySet && v.orderVaries) this.noteUnorderedSet();
    if (v instanceof PySet && v.arbitraryOrder && v.map.size > 1) this.rec.race(v.arbitraryOrder, this.currentNode);
    if (typeof v === 'string') return counted(codePoints(v));
    if (v instanceof PyList) return counted(v.items.slice());
    if (v instanceof PyTuple) return counted(v.items);
    if (v instanceof PyDict) return counted(v.keys());
    if (isOpaque(v)) return [new OpaqueValue(this, `${v.label}[0]`)];
    if (v instanceof PyClass) {
      const members = enumMembers(v);
      if (members) return counted(members);
    }
    if (v instanceof NativeObject) {
      const items = v.getAttr('__iter_items__');
      if (items instanceof PyList) return counted(items.items);
      return null;
    }
    const other = iterOther(v);
    return other && counted(other);
  }
}
