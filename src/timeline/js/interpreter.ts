/**
 * The interpreter's state and its operations shared by statements and
 * expressions: variable lookup, property access, calls and construction,
 * `this`/`super`, the async-function driver, iteration, and the accounting of
 * busy-wait loops as blocking time.
 */
import { inspect } from 'node:util';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { callBody, defineClass, evalObject, initField, makeFunction, newContext } from './functions';
import type { JobMeta, PromiseRealm } from './promises';
import type { Scheduler } from './scheduler';
import { isInternalError, Unsupported, type Trace } from './trace';
import { guard, guardAll, isObjectLike, lineOf, Scope, type Closure, type Completion, type Gen } from './values';

type AnyFunction = (...args: unknown[]) => unknown;
/** Deeper user recursion would exhaust the host stack (each user call costs dozens of host frames). */
const MAX_DEPTH = 150;
const CLOCK_CALL = /\b(Date\.now|performance\.now|new Date|process\.hrtime)\b/;

interface LoopFrame {
  readonly id: number;
  readonly start: number;
  stepsAtIteration: number;
  blocked: number;
}

export class Interpreter {
  readonly closures = new WeakMap<object, Closure>();
  readonly varNames = new Map<number, string[]>();
  /** The statement or call being evaluated: the source position of builtin steps. */
  currentNode: SyntaxNode | undefined;
  private depth = 0;
  private readonly loops: LoopFrame[] = [];
  private readonly clockLoops = new Map<number, boolean>();
  globalObject: Record<string, unknown> = {};

  constructor(
    readonly trace: Trace,
    readonly scheduler: Scheduler,
    readonly realm: PromiseRealm,
    readonly fileName: string,
  ) {}

  // ── variables ────────────────────────────────────────────────────────────
  lookup(name: string, scope: Scope, node: SyntaxNode): unknown {
    const binding = scope.lookup(name);
    if (binding) return binding.value;
    if (Object.prototype.hasOwnProperty.call(this.globalObject, name)) return this.globalObject[name];
    throw new ReferenceError(`${name} is not defined`);
    void node;
  }

  isDefined(name: string, scope: Scope): boolean {
    return scope.lookup(name) !== undefined || Object.prototype.hasOwnProperty.call(this.globalObject, name);
  }

  assign(name: string, value: unknown, scope: Scope, node: SyntaxNode): void {
    const binding = scope.lookup(name);
    if (binding) {
      if (binding.kind === 'const' || binding.kind === 'import') throw new TypeError('Assignment to constant variable.');
      binding.value = value;
      return;
    }
    this.trace.note('approximate', `assignment to undeclared variable ${name} creates a global`, lineOf(node));
    this.globalObject[name] = value;
  }

  thisValue(scope: Scope, node: SyntaxNode): unknown {
    const context = scope.functionContext();
    if (!context) return undefined;
    if (!context.thisInitialized) {
      throw new ReferenceError("Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
    }
    void node;
    return context.thisValue;
  }

  // ── properties ───────────────────────────────────────────────────────────
  getProp(object: unknown, key: PropertyKey, node: SyntaxNode): unknown {
    if (object == null) throw new TypeError(`Cannot read properties of ${String(object)} (reading '${String(key)}')`);
    return guard((object as Record<PropertyKey, unknown>)[key], lineOf(node));
  }

  setProp(object: unknown, key: PropertyKey, value: unknown, node: SyntaxNode): void {
    if (object == null) throw new TypeError(`Cannot set properties of ${String(object)} (setting '${String(key)}')`);
    if (!isObjectLike(object)) return;
    const desc = Object.getOwnPropertyDescriptor(object, key);
    if (desc && desc.writable === false && !desc.set) throw new TypeError(`Cannot assign to read only property '${String(key)}' of object`);
    (object as Record<PropertyKey, unknown>)[key] = value;
    void node;
  }

  superGet(scope: Scope, key: PropertyKey, node: SyntaxNode): unknown {
    const home = scope.functionContext()?.homeObject;
    if (!home) throw new Unsupported("'super' outside of a method", lineOf(node));
    const parent = Object.getPrototypeOf(home) as object | null;
    if (!parent) return undefined;
    return guard(Reflect.get(parent, key, this.thisValue(scope, node)), lineOf(node));
  }

  superCall(scope: Scope, args: unknown[], node: SyntaxNode): unknown {
    const context = scope.functionContext();
    if (!context?.closure?.cls || !context.funcObj) throw new Unsupported("'super' call outside of a derived constructor", lineOf(node));
    if (context.thisInitialized) throw new ReferenceError('Super constructor may only be called once');
    const parent = Object.getPrototypeOf(context.funcObj) as unknown;
    const instance = this.construct(parent, args, node, node, context.newTarget as AnyFunction);
    context.thisValue = instance;
    context.thisInitialized = true;
    this.runSync(this.initFields(context.closure, instance as object), node);
    return undefined;
  }

  private *initFields(closure: Closure, instance: object): Gen<void> {
    for (const f of closure.cls!.fields) yield* initField(this, instance, closure.scope, closure.cls!.proto, f.key, f.value, f.hidden);
  }

  // ── calls ────────────────────────────────────────────────────────────────
  call(fn: unknown, thisArg: unknown, args: unknown[], node: SyntaxNode, calleeNode: SyntaxNode): unknown {
    if (typeof fn !== 'function') throw new TypeError(`${calleeNode.text.length > 60 ? 'expression' : calleeNode.text} is not a function`);
    guard(fn, lineOf(node));
    const previous = this.currentNode;
    this.currentNode = node;
    try {
      if (!this.closures.has(fn)) guardAll(args, lineOf(node));
      return guard(Reflect.apply(fn as AnyFunction, thisArg, args), lineOf(node));
    } finally {
      this.currentNode = previous;
    }
  }

  construct(ctor: unknown, args: unknown[], node: SyntaxNode, ctorNode: SyntaxNode, newTarget?: AnyFunction): unknown {
    if (typeof ctor !== 'function') throw new TypeError(`${ctorNode.text} is not a constructor`);
    guard(ctor, lineOf(node));
    const closure = this.closures.get(ctor);
    if (closure) return this.constructClosure(closure, args, newTarget ?? (ctor as AnyFunction));
    guardAll(args, lineOf(node));
    const previous = this.currentNode;
    this.currentNode = node;
    try {
      const result = Reflect.construct(ctor as AnyFunction, args, newTarget ?? (ctor as AnyFunction)) as unknown;
      if (result instanceof Error) this.fixStack(result, node);
      return result;
    } finally {
      this.currentNode = previous;
    }
  }

  constructClosure(closure: Closure, args: unknown[], newTarget: AnyFunction): object {
    if (closure.kind === 'arrow' || closure.kind === 'method' || closure.isAsync || closure.isGenerator) {
      throw new TypeError(`${closure.name || 'anonymous'} is not a constructor`);
    }
    guardAll(args);
    const funcObj = this.functionOf(closure, newTarget);
    if (closure.kind === 'function') {
      const proto = (newTarget as { prototype?: unknown }).prototype;
      const instance = Object.create(isObjectLike(proto) ? proto : Object.prototype) as object;
      const result = this.runSync(callBody(this, closure, newContext(instance, true, newTarget, closure, funcObj), args), closure.node);
      return isObjectLike(result) ? result : instance;
    }
    const cls = closure.cls!;
    const context = newContext(undefined, !cls.derived, newTarget, closure, funcObj, cls.proto);
    if (!cls.derived) {
      const proto = (newTarget as { prototype?: unknown }).prototype;
      context.thisValue = Object.create(isObjectLike(proto) ? proto : cls.proto) as object;
      this.runSync(this.initFields(closure, context.thisValue as object), closure.node);
    }
    if (cls.ctor) {
      const result = this.runSync(callBody(this, { ...closure, kind: 'method' }, context, args, cls.ctor), cls.ctor);
      if (isObjectLike(result)) return result;
    } else if (cls.derived) {
      this.superCall(new Scope(closure.scope, context), args, closure.node);
    }
    if (!context.thisInitialized) {
      throw new ReferenceError("Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
    }
    return context.thisValue as object;
  }

  /** The function object of a closure: the new.target itself, or its ancestor with that closure. */
  private functionOf(closure: Closure, newTarget: AnyFunction): AnyFunction {
    for (let f: unknown = newTarget; typeof f === 'function'; f = Object.getPrototypeOf(f)) {
      if (this.closures.get(f) === closure) return f as AnyFunction;
    }
    return newTarget;
  }

  /** Runs a body that must not suspend (a plain function call). */
  runSync<T>(body: Gen<T>, node: SyntaxNode): T {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      throw new Unsupported(`recursion deeper than ${MAX_DEPTH} calls is not simulated`, lineOf(node));
    }
    try {
      const step = body.next();
      if (!step.done) throw new Unsupported(`${step.value.kind} outside an async function or generator`, lineOf(step.value.node));
      return step.value;
    } finally {
      this.depth--;
    }
  }

  /** Starts an async function body: runs it to its first await, returns its promise. */
  startAsync(body: Gen, name: string): object {
    const capability = this.realm.newCapability();
    const resume = (mode: 'next' | 'throw', input: unknown): void => {
      let step: IteratorResult<{ kind: string; value: unknown; node: SyntaxNode }, unknown>;
      this.depth++;
      try {
        step = mode === 'next' ? body.next(input) : body.throw(input);
      } catch (error) {
        if (isInternalError(error)) throw error;
        capability.reject(error);
        return;
      } finally {
        this.depth--;
      }
      if (step.done) {
        capability.resolve(step.value);
        return;
      }
      const { kind, value, node } = step.value;
      if (kind !== 'await') throw new Unsupported('yield inside an async function (async generator) is not simulated', lineOf(node));
      this.trace.step({ lane: this.scheduler.currentLane, kind: 'await', label: `${name}: ${node.text}`, node, ...(this.cause()) });
      let promise: object;
      try {
        promise = this.realm.promiseResolve(value);
      } catch (error) {
        if (isInternalError(error)) throw error;
        resume('throw', error);
        return;
      }
      const meta: JobMeta = { label: `resume ${name} after ${node.text.length > 50 ? 'await' : node.text}`, node, kind: 'resume' };
      this.realm.performThen(promise, (v) => resume('next', v), (e) => resume('throw', e), undefined, meta);
    };
    resume('next', undefined);
    return capability.promise;
  }

  cause(): { cause?: number } {
    return this.scheduler.currentStep !== undefined ? { cause: this.scheduler.currentStep } : {};
  }

  makeFunction(node: SyntaxNode, scope: Scope, name: string): AnyFunction {
    return makeFunction(this, node, scope, name);
  }

  defineClass(node: SyntaxNode, scope: Scope, nameHint: string | undefined): Gen<AnyFunction> {
    return defineClass(this, node, scope, nameHint);
  }

  evalObject(node: SyntaxNode, scope: Scope): Gen<object> {
    return evalObject(this, node, scope);
  }

  /** The iterator of an iterable (for-of), with Node's error for non-iterables. */
  iterator(value: unknown, node: SyntaxNode): Iterator<unknown> {
    if (value == null || typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError(`${node.text.length > 40 ? 'object' : inspect(value)} is not iterable`);
    }
    return (value as Iterable<unknown>)[Symbol.iterator]();
  }

  /** Spreads an iterable into an array (spread, destructuring). */
  iterate(value: unknown, node: SyntaxNode, limit = Infinity): unknown[] {
    const iterator = this.iterator(value, node);
    const out: unknown[] = [];
    if (limit <= 0) {
      iterator.return?.();
      return out;
    }
    for (let step = iterator.next(); !step.done; step = iterator.next()) {
      this.trace.tick();
      out.push(guard(step.value, lineOf(node)));
      if (out.length >= limit) {
        iterator.return?.();
        break;
      }
    }
    return out;
  }

  /** Describes a callback for step labels. */
  describe(fn: unknown, role: string): JobMeta {
    const closure = typeof fn === 'function' ? this.closures.get(fn) : undefined;
    if (!closure) return { label: `${role}${typeof fn === 'function' && fn.name ? ` ${fn.name}` : ''}` };
    return { label: `${role}: ${closure.name || firstLine(closure.node.text)}`, node: closure.node };
  }

  /** An error as the program sees it in `catch`: host stack frames replaced by the source position. */
  presentError(error: unknown): unknown {
    if (error instanceof Error && this.currentNode && typeof error.stack === 'string' && error.stack.includes('timeline')) {
      this.fixStack(error, this.currentNode);
    }
    return error;
  }

  fixStack(error: Error, node: SyntaxNode): void {
    const head = `${error.name}: ${error.message}`;
    Object.defineProperty(error, 'stack', {
      value: `${head}\n    at ${this.fileName}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`,
      writable: true, configurable: true, enumerable: false,
    });
  }

  // ── busy-wait loops ──────────────────────────────────────────────────────
  *timedLoop(node: SyntaxNode, run: () => Gen<Completion>): Gen<Completion> {
    let clock = this.clockLoops.get(node.id);
    if (clock === undefined) {
      clock = CLOCK_CALL.test(node.text);
      this.clockLoops.set(node.id, clock);
    }
    if (!clock) return yield* run();
    const frame: LoopFrame = { id: node.id, start: this.scheduler.now, stepsAtIteration: this.trace.steps.length, blocked: 0 };
    this.loops.push(frame);
    try {
      return yield* run();
    } finally {
      this.loops.splice(this.loops.indexOf(frame), 1);
      if (frame.blocked > 0) {
        this.trace.step({
          lane: this.scheduler.currentLane, kind: 'block', label: 'busy-wait loop on the clock', node,
          duration: frame.blocked, t: frame.start, ...this.cause(),
        });
      }
    }
  }

  /** A busy-wait iteration that did nothing observable costs 1 ms of virtual time. */
  afterIteration(node: SyntaxNode): void {
    const frame = this.loops[this.loops.length - 1];
    if (!frame || frame.id !== node.id) return;
    if (this.trace.steps.length === frame.stepsAtIteration) {
      this.scheduler.now += 1;
      frame.blocked += 1;
    }
    frame.stepsAtIteration = this.trace.steps.length;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
