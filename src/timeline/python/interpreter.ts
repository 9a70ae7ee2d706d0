/**
 * The tree-walking interpreter for the Python subset: statements, calls,
 * attribute access, scopes. Every routine is a generator so that an `await`
 * anywhere can suspend the running task; expressions live in expressions.ts.
 */
import type { Lane } from '../model';
import { Raiser, isExceptionClass, newException, type ExceptionClasses } from './exceptions';
import { evalExpr } from './expressions';
import { pyRepr, pyStr, truthy, type DunderHost } from './operations';
import type { EventLoop, Recorder } from './scheduler';
import { field, fieldAll, hasToken, labelOf, type SyntaxNode } from './syntax';
import { assignTarget } from './targets';
import {
  BudgetExceeded, NativeObject, PyBoundMethod, PyBuiltin, PyClass, PyCoroutine, PyDict, PyFunction, PyInstance, PyList, PyModule, PyRaise, PyTuple,
  PyTypeErrorSignal, Scope, Unsupported, typeName, type Gen, type Param, type Value,
} from './values';
import { builtinMethod, iterOther } from './methods';

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
}

export class Interpreter implements DunderHost {
  readonly raiser: Raiser;
  readonly builtins = new Map<string, Value>();
  readonly globals = new Scope(null);
  readonly modules = new Map<string, PyModule>();
  readonly exceptionBase: PyClass;
  ctx: RunContext = { lane: 'task:main', threadTime: null, task: null };
  awaitHost: AwaitHost | null = null;
  stepsLeft: number;
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

  // ---- statements ----

  *execBlock(block: SyntaxNode, scope: Scope): Gen<Completion> {
    for (const stmt of block.named) {
      const c = yield* this.exec(stmt, scope);
      if (c) return c;
    }
    return null;
  }

  *exec(node: SyntaxNode, scope: Scope): Gen<Completion> {
    this.tick(node);
    this.currentNode = node;
    try {
      return yield* this.execInner(node, scope);
    } catch (e) {
      if (e instanceof PyTypeErrorSignal) throw this.raiser.raise(e.pyType, e.message, node);
      throw e;
    }
  }

  private *execInner(node: SyntaxNode, scope: Scope): Gen<Completion> {
    switch (node.type) {
      case 'expression_statement': {
        for (const child of node.named) {
          const v = yield* evalExpr(this, child, scope);
          if (v instanceof PyCoroutine && !v.started && this.pendingCoroutines.has(v) && child.type !== 'assignment' && child.type !== 'augmented_assignment') {
            this.neverAwaited(v, child);
          }
        }
        return null;
      }
      case 'return_statement': {
        const value = node.named[0] ? yield* evalExpr(this, node.named[0], scope) : null;
        return { type: 'return', value };
      }
      case 'pass_statement':
        return null;
      case 'break_statement':
        return { type: 'break' };
      case 'continue_statement':
        return { type: 'continue' };
      case 'if_statement': {
        if (this.truthy(yield* evalExpr(this, field(node, 'condition')!, scope))) return yield* this.execBlock(field(node, 'consequence')!, scope);
        for (const alt of fieldAll(node, 'alternative')) {
          if (alt.type === 'else_clause') return yield* this.execBlock(field(alt, 'body')!, scope);
          if (this.truthy(yield* evalExpr(this, field(alt, 'condition')!, scope))) return yield* this.execBlock(field(alt, 'consequence')!, scope);
        }
        return null;
      }
      case 'while_statement': {
        const condition = field(node, 'condition')!;
        const body = field(node, 'body')!;
        while (this.truthy(yield* evalExpr(this, condition, scope))) {
          this.tick(node);
          const c = yield* this.execBlock(body, scope);
          if (c?.type === 'break') return null;
          if (c?.type === 'return') return c;
        }
        const orelse = field(node, 'alternative');
        return orelse ? yield* this.execBlock(field(orelse, 'body')!, scope) : null;
      }
      case 'for_statement':
        return yield* this.execFor(node, scope);
      case 'try_statement':
        return yield* this.execTry(node, scope);
      case 'with_statement':
        return yield* this.execWith(node, scope);
      case 'function_definition':
        scope.vars.set(field(node, 'name')!.text, this.makeFunction(node, scope));
        return null;
      case 'class_definition':
        scope.vars.set(field(node, 'name')!.text, yield* this.makeClass(node, scope, []));
        return null;
      case 'decorated_definition':
        return yield* this.execDecorated(node, scope);
      case 'raise_statement':
        return yield* this.execRaise(node, scope);
      case 'import_statement':
      case 'import_from_statement':
        this.execImport(node, scope);
        return null;
      case 'global_statement':
        for (const id of node.named) scope.globalNames.add(id.text);
        return null;
      case 'nonlocal_statement':
        for (const id of node.named) scope.nonlocalNames.add(id.text);
        return null;
      case 'assert_statement': {
        const [test, message] = node.named;
        if (!this.truthy(yield* evalExpr(this, test!, scope))) {
          const args = message ? [yield* evalExpr(this, message, scope)] : [];
          throw new PyRaise(newException(this.raiser.cls('AssertionError'), args), node);
        }
        return null;
      }
      case 'delete_statement':
        for (const target of node.named[0]?.type === 'expression_list' ? node.named[0].named : node.named) yield* this.deleteTarget(target, scope);
        return null;
      case 'future_import_statement':
        return null;
      default:
        throw new Unsupported(`statement ${node.type}`, node);
    }
  }

  neverAwaited(coro: PyCoroutine, node: SyntaxNode): void {
    this.pendingCoroutines.delete(coro);
    const id = this.rec.step('error', this.ctx.lane, this.clock(), node, `${coro.name}() only created a coroutine object; without await or create_task its body never runs`);
    void id;
    this.rec.print(`${this.fileName}:${node.startRow + 1}: RuntimeWarning: coroutine '${coro.name}' was never awaited`, 'stderr', this.ctx.lane, this.clock(), node);
  }

  private *execFor(node: SyntaxNode, scope: Scope): Gen<Completion> {
    if (hasToken(node, 'async')) throw new Unsupported('async for (async iterators)', node);
    const iterable = yield* evalExpr(this, field(node, 'right')!, scope);
    const left = field(node, 'left')!;
    const body = field(node, 'body')!;
    for (const item of this.iterate(iterable, node)) {
      this.tick(node);
      yield* assignTarget(this, left, item, scope);
      const c = yield* this.execBlock(body, scope);
      if (c?.type === 'break') return null;
      if (c?.type === 'return') return c;
    }
    const orelse = field(node, 'alternative');
    return orelse ? yield* this.execBlock(field(orelse, 'body')!, scope) : null;
  }

  private *execTry(node: SyntaxNode, scope: Scope): Gen<Completion> {
    const body = field(node, 'body')!;
    const handlers = node.named.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const orelse = node.named.find((c) => c.type === 'else_clause');
    const final = node.named.find((c) => c.type === 'finally_clause');
    let completion: Completion = null;
    try {
      try {
        completion = yield* this.execBlock(body, scope);
      } catch (e) {
        if (!(e instanceof PyRaise)) throw e;
        const handled = yield* this.handleException(e, handlers, scope);
        if (handled === 'unhandled') throw e;
        return handled;
      }
      if (orelse && !completion) completion = yield* this.execBlock(field(orelse, 'body')!, scope);
      return completion;
    } finally {
      if (final) {
        const c = yield* this.execBlock(final.named[final.named.length - 1]!, scope);
        // A return/break inside finally overrides the pending exception or result.
        // eslint-disable-next-line no-unsafe-finally
        if (c) return c;
      }
    }
  }

  private *handleException(e: PyRaise, handlers: readonly SyntaxNode[], scope: Scope): Gen<Completion | 'unhandled'> {
    for (const handler of handlers) {
      if (handler.type === 'except_group_clause' || hasToken(handler, '*')) throw new Unsupported('except* (exception groups)', handler);
      const block = handler.named[handler.named.length - 1]!;
      let value = field(handler, 'value');
      let alias: SyntaxNode | null = null;
      if (!value && handler.named.length > 1) value = handler.named[0]!;
      if (value?.type === 'as_pattern') {
        alias = field(value, 'alias');
        value = value.named[0]!;
      }
      if (value) {
        const cls = yield* evalExpr(this, value, scope);
        const classes = cls instanceof PyTuple ? cls.items : [cls];
        if (!classes.some((c) => c instanceof PyClass && e.exc.cls.isSubclassOf(c))) continue;
      }
      const name = alias ? (alias.named[0] ?? alias).text : null;
      if (name) scope.vars.set(name, e.exc);
      scope.handling.push(e.exc);
      try {
        return yield* this.execBlock(block, scope);
      } catch (inner) {
        if (inner instanceof PyRaise && inner.exc !== e.exc && !inner.exc.attrs.has('__context__')) inner.exc.attrs.set('__context__', e.exc);
        throw inner;
      } finally {
        scope.handling.pop();
        if (name) scope.vars.delete(name);
      }
    }
    return 'unhandled';
  }

  private *execWith(node: SyntaxNode, scope: Scope): Gen<Completion> {
    const isAsync = hasToken(node, 'async');
    const items = node.named.find((c) => c.type === 'with_clause')?.named ?? [];
    return yield* this.execWithItems(items, 0, field(node, 'body')!, scope, isAsync);
  }

  private *execWithItems(items: readonly SyntaxNode[], index: number, body: SyntaxNode, scope: Scope, isAsync: boolean): Gen<Completion> {
    if (index >= items.length) return yield* this.execBlock(body, scope);
    let valueNode = field(items[index]!, 'value')!;
    let alias: SyntaxNode | null = null;
    if (valueNode.type === 'as_pattern') {
      alias = field(valueNode, 'alias');
      valueNode = valueNode.named[0]!;
    }
    const manager = yield* evalExpr(this, valueNode, scope);
    const enter = this.getAttr(manager, isAsync ? '__aenter__' : '__enter__', valueNode);
    const exit = this.getAttr(manager, isAsync ? '__aexit__' : '__exit__', valueNode);
    let entered = yield* this.call(enter, [], new Map(), valueNode);
    if (isAsync) entered = yield* this.awaitValue(entered, valueNode);
    if (alias) yield* assignTarget(this, alias.named[0] ?? alias, entered, scope);
    let completion: Completion;
    try {
      completion = yield* this.execWithItems(items, index + 1, body, scope, isAsync);
    } catch (e) {
      if (!(e instanceof PyRaise)) throw e;
      let suppress = yield* this.call(exit, [e.exc.cls, e.exc, null], new Map(), valueNode);
      if (isAsync) suppress = yield* this.awaitValue(suppress, valueNode);
      if (this.truthy(suppress)) return null;
      throw e;
    }
    const r = yield* this.call(exit, [null, null, null], new Map(), valueNode);
    if (isAsync) yield* this.awaitValue(r, valueNode);
    return completion;
  }

  private *execDecorated(node: SyntaxNode, scope: Scope): Gen<Completion> {
    const definition = field(node, 'definition')!;
    const decorators = node.named.filter((c) => c.type === 'decorator').map((d) => d.named[0]!);
    const name = field(definition, 'name')!.text;
    let value: Value;
    if (definition.type === 'class_definition') value = yield* this.makeClass(definition, scope, decorators);
    else value = this.makeFunction(definition, scope);
    for (const decorator of [...decorators].reverse()) {
      if (value instanceof PyFunction && ['staticmethod', 'classmethod', 'property'].includes(decorator.text)) {
        value.decorators = decorator.text as 'staticmethod' | 'classmethod' | 'property';
        continue;
      }
      if (value instanceof PyClass && /^(dataclasses\.)?dataclass$/.test(decorator.text)) continue;
      const fn = yield* evalExpr(this, decorator, scope);
      value = yield* this.call(fn, [value], new Map(), decorator);
    }
    scope.vars.set(name, value);
    return null;
  }

  private *execRaise(node: SyntaxNode, scope: Scope): Gen<Completion> {
    const target = node.named.find((c) => c !== field(node, 'cause'));
    if (!target) {
      const current = this.currentException(scope);
      if (!current) throw this.raiser.raise('RuntimeError', 'No active exception to reraise', node);
      throw new PyRaise(current, node);
    }
    let exc = yield* evalExpr(this, target, scope);
    if (isExceptionClass(exc, this.raiser.classes)) exc = yield* this.call(exc, [], new Map(), node);
    if (!(exc instanceof PyInstance) || !exc.cls.isSubclassOf(this.exceptionBase)) throw this.raiser.raise('TypeError', 'exceptions must derive from BaseException', node);
    throw new PyRaise(exc, node);
  }

  /** The exception being handled (for a bare `raise`). */
  private currentException(scope: Scope): PyInstance | null {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const top = s.handling[s.handling.length - 1];
      if (top) return top;
    }
    return null;
  }

  private execImport(node: SyntaxNode, scope: Scope): void {
    if (node.type === 'import_statement') {
      for (const name of fieldAll(node, 'name')) {
        const dotted = name.type === 'aliased_import' ? field(name, 'name')!.text : name.text;
        const alias = name.type === 'aliased_import' ? field(name, 'alias')!.text : dotted.split('.')[0]!;
        scope.vars.set(alias, this.importModule(name.type === 'aliased_import' ? dotted : dotted.split('.')[0]!, node));
      }
      return;
    }
    const moduleName = field(node, 'module_name')!.text;
    const module = this.importModule(moduleName, node);
    if (node.named.some((c) => c.type === 'wildcard_import')) {
      for (const [k, v] of module.attrs) scope.vars.set(k, v);
      return;
    }
    for (const name of fieldAll(node, 'name')) {
      const original = name.type === 'aliased_import' ? field(name, 'name')!.text : name.text;
      const alias = name.type === 'aliased_import' ? field(name, 'alias')!.text : original;
      scope.vars.set(alias, this.getAttr(module, original, name));
    }
  }

  importModule(name: string, node: SyntaxNode): PyModule {
    const known = this.modules.get(name);
    if (known) return known;
    const unknown = new PyModule(name);
    unknown.attrs.set('__unknown__', true);
    this.modules.set(name, unknown);
    this.rec.note('approximate', `module '${name}' is not modelled: its calls take an unknown time and return None here`, node);
    return unknown;
  }

  private *deleteTarget(target: SyntaxNode, scope: Scope): Gen<void> {
    if (target.type === 'identifier') {
      scope.vars.delete(target.text);
      return;
    }
    if (target.type === 'subscript') {
      const obj = yield* evalExpr(this, field(target, 'value')!, scope);
      const key = yield* evalExpr(this, field(target, 'subscript')!, scope);
      if (obj instanceof PyDict) {
        if (!obj.delete(key)) throw new PyRaise(newException(this.raiser.cls('KeyError'), [key]), target);
      } else if (obj instanceof PyList && typeof key === 'number') {
        obj.items.splice(key < 0 ? obj.items.length + key : key, 1);
      } else throw new Unsupported(`del on ${obj === null ? 'None' : typeof obj}`, target);
      return;
    }
    if (target.type === 'attribute') {
      const obj = yield* evalExpr(this, field(target, 'object')!, scope);
      if (obj instanceof PyInstance) obj.attrs.delete(field(target, 'attribute')!.text);
      return;
    }
    throw new Unsupported(`del ${labelOf(target)}`, target);
  }

  // ---- functions and classes ----

  makeFunction(node: SyntaxNode, scope: Scope): PyFunction {
    const closure = scope.isClassBody ? scope.parent! : scope;
    const isLambda = node.type === 'lambda';
    const params = this.readParams(field(node, 'parameters'), scope);
    const name = isLambda ? '<lambda>' : field(node, 'name')!.text;
    const fn = new PyFunction(name, params, field(node, 'body')!, closure, hasToken(node, 'async'), isLambda, node);
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

  private *makeClass(node: SyntaxNode, scope: Scope, _decorators: readonly SyntaxNode[]): Gen<PyClass> {
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
    for (const [k, v] of body.vars) {
      if (v instanceof PyFunction) {
        v.ownerClass = cls;
        v.qualname = `${cls.name}.${v.name}`;
      }
      cls.attrs.set(k, v);
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
    if (fn.ownerClass) scope.owner = { cls: fn.ownerClass, self: args[0] ?? null };
    this.bindParams(fn, args, kwargs, scope, node);
    if (fn.isGenerator) throw new Unsupported(`generator function ${fn.name}() (yield)`, fn.node);
    if (fn.isAsync) {
      const coro = new PyCoroutine(fn.name, () => this.runBody(fn, scope), node);
      this.pendingCoroutines.add(coro);
      return coro;
    }
    return yield* this.runBody(fn, scope);
  }

  private *runBody(fn: PyFunction, scope: Scope): Gen {
    if (fn.isLambda) return yield* evalExpr(this, fn.body, scope);
    const c = yield* this.execBlock(fn.body, scope);
    return c?.type === 'return' ? c.value : null;
  }

  private *instantiate(cls: PyClass, args: Value[], kwargs: Map<string, Value>, node: SyntaxNode | null): Gen {
    const nativeBase = cls.mro.find((c) => c.native);
    if (nativeBase && nativeBase === cls) return nativeBase.native!(cls, args, kwargs);
    const obj = nativeBase ? nativeBase.native!(cls, args, kwargs) : new PyInstance(cls);
    if (obj instanceof PyInstance && obj.cls.isSubclassOf(this.exceptionBase)) obj.attrs.set('args', new PyTuple(args));
    const init = cls.lookup('__init__');
    if (init instanceof PyFunction) yield* this.callFunction(init, [obj, ...args], kwargs, node);
    else if (cls.mro.some((c) => c.attrs.has('__dataclass_fields__')) || init === undefined) this.dataclassInit(cls, obj, args, kwargs);
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
    if (this.awaitHost?.isFuture(v)) return yield* this.awaitHost.awaitFuture(v, node);
    if (v instanceof PyInstance && v.cls.lookup('__await__')) throw new Unsupported('custom awaitables (__await__)', node);
    throw this.raiser.raise('TypeError', `object ${this.typeNameOf(v)} can't be used in 'await' expression`, node);
  }

  *runCoroutine(coro: PyCoroutine, node: SyntaxNode | null): Gen {
    if (coro.started) throw this.raiser.raise('RuntimeError', 'cannot reuse already awaited coroutine', node);
    coro.started = true;
    this.pendingCoroutines.delete(coro);
    try {
      return yield* coro.body();
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
    }
    const b = this.builtins.get(name);
    if (b !== undefined) return b;
    throw this.raiser.raise('NameError', `name '${name}' is not defined`, node);
  }

  assignName(name: string, value: Value, scope: Scope): void {
    if (scope.globalNames.has(name)) {
      this.globals.vars.set(name, value);
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
    if (obj instanceof PyModule && obj.attrs.get('__unknown__') === true) return this.unknownCallable(`${obj.name}.${name}`);
    const owner = obj instanceof PyClass ? `type object '${obj.name}'` : obj instanceof PyModule ? `module '${obj.name}'` : `'${this.typeNameOf(obj)}' object`;
    throw this.raiser.raise('AttributeError', `${owner} has no attribute '${name}'`, node);
  }

  unknownCallable(name: string): PyBuiltin {
    return new PyBuiltin(name, () => {
      this.rec.note('approximate', `${name}() is not modelled: assumed instant, returns None`, null);
      return null;
    });
  }

  findAttr(obj: Value, name: string): Value | undefined {
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

  iterOrNull(v: Value): Iterable<Value> | null {
    if (typeof v === 'string') return [...v];
    if (v instanceof PyList) return v.items.slice();
    if (v instanceof PyTuple) return v.items;
    if (v instanceof PyDict) return v.keys();
    if (v instanceof NativeObject) {
      const items = v.getAttr('__iter_items__');
      if (items instanceof PyList) return items.items;
      return null;
    }
    return iterOther(v);
  }
}

function containsYield(node: SyntaxNode): boolean {
  for (const child of node.named) {
    if (child.type === 'yield') return true;
    if (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') continue;
    if (containsYield(child)) return true;
  }
  return false;
}
