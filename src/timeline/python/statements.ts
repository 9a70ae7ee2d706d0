/** Statements: control flow, try/except/finally, with/async with, definitions, imports. */
import { makeDataclass } from './builtins';
import { iterateAsync } from './generators';
import { isExceptionClass, newException } from './exceptions';
import { evalExpr } from './expressions';
import type { Completion, Interpreter } from './interpreter';
import { field, fieldAll, hasToken, labelOf, type SyntaxNode } from './syntax';
import { assignTarget } from './targets';
import { importWorkspaceModule } from './modules';
import { execMatch } from './patterns';
import { PyClass, PyCoroutine, PyDict, PyFunction, PyInstance, PyList, PyModule, PyRaise, PyTuple, PyTypeErrorSignal, Unsupported, type Gen, type Scope, type Value } from './values';


export function* execBlock(interp: Interpreter, block: SyntaxNode, scope: Scope): Gen<Completion> {
  for (const stmt of block.named) {
    const c = yield* exec(interp, stmt, scope);
    if (c) return c;
  }
  return null;
}

export function* exec(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  interp.tick(node);
  interp.currentNode = node;
  try {
    return yield* execInner(interp, node, scope);
  } catch (e) {
    if (e instanceof PyTypeErrorSignal) throw interp.raiser.raise(e.pyType, e.message, node);
    throw e;
  }
}

export function* execInner(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  switch (node.type) {
    case 'expression_statement': {
      for (const child of node.named) {
        const v = yield* evalExpr(interp, child, scope);
        if (v instanceof PyCoroutine && !v.started && interp.pendingCoroutines.has(v) && child.type !== 'assignment' && child.type !== 'augmented_assignment') {
          neverAwaited(interp, v, child);
        }
      }
      return null;
    }
    case 'return_statement': {
      const value = node.named[0] ? yield* evalExpr(interp, node.named[0], scope) : null;
      return { type: 'return', value };
    }
    case 'pass_statement':
      return null;
    case 'break_statement':
      return { type: 'break' };
    case 'continue_statement':
      return { type: 'continue' };
    case 'if_statement': {
      if (interp.truthy(yield* evalExpr(interp, field(node, 'condition')!, scope))) return yield* execBlock(interp, field(node, 'consequence')!, scope);
      for (const alt of fieldAll(node, 'alternative')) {
        if (alt.type === 'else_clause') return yield* execBlock(interp, field(alt, 'body')!, scope);
        if (interp.truthy(yield* evalExpr(interp, field(alt, 'condition')!, scope))) return yield* execBlock(interp, field(alt, 'consequence')!, scope);
      }
      return null;
    }
    case 'while_statement': {
      const condition = field(node, 'condition')!;
      const body = field(node, 'body')!;
      while (interp.truthy(yield* evalExpr(interp, condition, scope))) {
        interp.tick(node);
        const c = yield* execBlock(interp, body, scope);
        if (c?.type === 'break') return null;
        if (c?.type === 'return') return c;
      }
      const orelse = field(node, 'alternative');
      return orelse ? yield* execBlock(interp, field(orelse, 'body')!, scope) : null;
    }
    case 'for_statement':
      return yield* execFor(interp, node, scope);
    case 'try_statement':
      return yield* execTry(interp, node, scope);
    case 'with_statement':
      return yield* execWith(interp, node, scope);
    case 'function_definition':
      scope.vars.set(field(node, 'name')!.text, interp.makeFunction(node, scope));
      return null;
    case 'class_definition':
      scope.vars.set(field(node, 'name')!.text, yield* interp.makeClass(node, scope, []));
      return null;
    case 'decorated_definition':
      return yield* execDecorated(interp, node, scope);
    case 'raise_statement':
      return yield* execRaise(interp, node, scope);
    case 'import_statement':
    case 'import_from_statement':
      execImport(interp, node, scope);
      return null;
    case 'global_statement':
      for (const id of node.named) scope.globalNames.add(id.text);
      return null;
    case 'nonlocal_statement':
      for (const id of node.named) scope.nonlocalNames.add(id.text);
      return null;
    case 'assert_statement': {
      const [test, message] = node.named;
      if (!interp.truthy(yield* evalExpr(interp, test!, scope))) {
        const args = message ? [yield* evalExpr(interp, message, scope)] : [];
        throw new PyRaise(newException(interp.raiser.cls('AssertionError'), args), node);
      }
      return null;
    }
    case 'delete_statement':
      for (const target of node.named[0]?.type === 'expression_list' ? node.named[0].named : node.named) yield* deleteTarget(interp, target, scope);
      return null;
    case 'future_import_statement':
      return null;
    case 'match_statement':
      return yield* execMatch(interp, node, scope);
    default:
      throw new Unsupported(`statement ${node.type}`, node);
  }
}

export function neverAwaited(interp: Interpreter, coro: PyCoroutine, node: SyntaxNode): void {
  interp.pendingCoroutines.delete(coro);
  const id = interp.rec.step('error', interp.ctx.lane, interp.clock(), node, `${coro.name}() only created a coroutine object; without await or create_task its body never runs`);
  void id;
  interp.rec.print(`${interp.fileName}:${node.startRow + 1}: RuntimeWarning: coroutine '${coro.name}' was never awaited`, 'stderr', interp.ctx.lane, interp.clock(), node);
}

export function* execFor(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const iterable = yield* evalExpr(interp, field(node, 'right')!, scope);
  const left = field(node, 'left')!;
  const body = field(node, 'body')!;
  if (hasToken(node, 'async')) {
    let completion: Completion = null;
    let broke = false;
    yield* iterateAsync(interp, iterable, node, function* (item) {
      interp.tick(node);
      yield* assignTarget(interp, left, item, scope);
      const c = yield* execBlock(interp, body, scope);
      if (c?.type === 'break' || c?.type === 'return') {
        broke = true;
        if (c.type === 'return') completion = c;
        return false;
      }
      return true;
    });
    const orelse = field(node, 'alternative');
    if (!broke && orelse) return yield* execBlock(interp, field(orelse, 'body')!, scope);
    return completion;
  }
  for (const item of interp.iterate(iterable, node)) {
    interp.tick(node);
    yield* assignTarget(interp, left, item, scope);
    const c = yield* execBlock(interp, body, scope);
    if (c?.type === 'break') return null;
    if (c?.type === 'return') return c;
  }
  const orelse = field(node, 'alternative');
  return orelse ? yield* execBlock(interp, field(orelse, 'body')!, scope) : null;
}

export function* execTry(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const body = field(node, 'body')!;
  const handlers = node.named.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
  const orelse = node.named.find((c) => c.type === 'else_clause');
  const final = node.named.find((c) => c.type === 'finally_clause');
  let completion: Completion = null;
  // When the simulation itself stops (unsupported construct, budget), Python's finally blocks are not run.
  let aborting = false;
  try {
    try {
      completion = yield* execBlock(interp, body, scope);
    } catch (e) {
      if (!(e instanceof PyRaise)) {
        aborting = true;
        throw e;
      }
      const handled = yield* handleException(interp, e, handlers, scope);
      if (handled === 'unhandled') throw e;
      return handled;
    }
    if (orelse && !completion) completion = yield* execBlock(interp, field(orelse, 'body')!, scope);
    return completion;
  } catch (e) {
    if (!(e instanceof PyRaise)) aborting = true;
    throw e;
  } finally {
    if (final && !aborting) {
      const c = yield* execBlock(interp, final.named[final.named.length - 1]!, scope);
      // A return/break inside finally overrides the pending exception or result.
      // eslint-disable-next-line no-unsafe-finally
      if (c) return c;
    }
  }
}

export function* handleException(interp: Interpreter, e: PyRaise, handlers: readonly SyntaxNode[], scope: Scope): Gen<Completion | 'unhandled'> {
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
      const cls = yield* evalExpr(interp, value, scope);
      const classes = cls instanceof PyTuple ? cls.items : [cls];
      if (!classes.some((c) => c instanceof PyClass && e.exc.cls.isSubclassOf(c))) continue;
    }
    const name = alias ? (alias.named[0] ?? alias).text : null;
    if (name) scope.vars.set(name, e.exc);
    scope.handling.push(e.exc);
    try {
      return yield* execBlock(interp, block, scope);
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

export function* execWith(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const isAsync = hasToken(node, 'async');
  const items = node.named.find((c) => c.type === 'with_clause')?.named ?? [];
  return yield* execWithItems(interp, items, 0, field(node, 'body')!, scope, isAsync);
}

export function* execWithItems(interp: Interpreter, items: readonly SyntaxNode[], index: number, body: SyntaxNode, scope: Scope, isAsync: boolean): Gen<Completion> {
  if (index >= items.length) return yield* execBlock(interp, body, scope);
  let valueNode = field(items[index]!, 'value')!;
  let alias: SyntaxNode | null = null;
  if (valueNode.type === 'as_pattern') {
    alias = field(valueNode, 'alias');
    valueNode = valueNode.named[0]!;
  }
  const manager = yield* evalExpr(interp, valueNode, scope);
  const enter = interp.getAttr(manager, isAsync ? '__aenter__' : '__enter__', valueNode);
  const exit = interp.getAttr(manager, isAsync ? '__aexit__' : '__exit__', valueNode);
  let entered = yield* interp.call(enter, [], new Map(), valueNode);
  if (isAsync) entered = yield* interp.awaitValue(entered, valueNode);
  if (alias) yield* assignTarget(interp, alias.named[0] ?? alias, entered, scope);
  let completion: Completion;
  try {
    completion = yield* execWithItems(interp, items, index + 1, body, scope, isAsync);
  } catch (e) {
    if (!(e instanceof PyRaise)) throw e;
    let suppress = yield* interp.call(exit, [e.exc.cls, e.exc, null], new Map(), valueNode);
    if (isAsync) suppress = yield* interp.awaitValue(suppress, valueNode);
    if (interp.truthy(suppress)) return null;
    throw e;
  }
  const r = yield* interp.call(exit, [null, null, null], new Map(), valueNode);
  if (isAsync) yield* interp.awaitValue(r, valueNode);
  return completion;
}

export function* execDecorated(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const definition = field(node, 'definition')!;
  const decorators = node.named.filter((c) => c.type === 'decorator').map((d) => d.named[0]!);
  const name = field(definition, 'name')!.text;
  let value: Value;
  if (definition.type === 'class_definition') value = yield* interp.makeClass(definition, scope, decorators);
  else value = interp.makeFunction(definition, scope);
  for (const decorator of [...decorators].reverse()) {
    if (value instanceof PyFunction && ['staticmethod', 'classmethod', 'property'].includes(decorator.text)) {
      value.decorators = decorator.text as 'staticmethod' | 'classmethod' | 'property';
      continue;
    }
    if (value instanceof PyClass && /^(dataclasses\.)?dataclass(\(.*\))?$/s.test(decorator.text)) {
      makeDataclass(interp, value, /\border\s*=\s*True\b/.test(decorator.text));
      continue;
    }
    const fn = yield* evalExpr(interp, decorator, scope);
    value = yield* interp.call(fn, [value], new Map(), decorator);
  }
  scope.vars.set(name, value);
  return null;
}

export function* execRaise(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const target = node.named.find((c) => c !== field(node, 'cause'));
  if (!target) {
    const current = currentException(scope);
    if (!current) throw interp.raiser.raise('RuntimeError', 'No active exception to reraise', node);
    throw new PyRaise(current, node);
  }
  let exc = yield* evalExpr(interp, target, scope);
  if (isExceptionClass(exc, interp.raiser.classes)) exc = yield* interp.call(exc, [], new Map(), node);
  if (!(exc instanceof PyInstance) || !exc.cls.isSubclassOf(interp.exceptionBase)) throw interp.raiser.raise('TypeError', 'exceptions must derive from BaseException', node);
  const causeNode = field(node, 'cause');
  if (causeNode) {
    let cause = yield* evalExpr(interp, causeNode, scope);
    if (isExceptionClass(cause, interp.raiser.classes)) cause = yield* interp.call(cause, [], new Map(), node);
    exc.attrs.set('__cause__', cause);
  }
  throw new PyRaise(exc, node);
}

/** The exception being handled (for a bare `raise`). */
function currentException(scope: Scope): PyInstance | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const top = s.handling[s.handling.length - 1];
    if (top) return top;
  }
  return null;
}

/** A module the simulator models (asyncio, time…) wins; then a workspace module; else the name is unmodelled. */
function isModelled(interp: Interpreter, dotted: string): boolean {
  const known = interp.modules.get(dotted.split('.')[0]!);
  return known !== undefined && known.file === undefined && known.attrs.get('__unknown__') !== true;
}

export function execImport(interp: Interpreter, node: SyntaxNode, scope: Scope): void {
  if (node.type === 'import_statement') {
    for (const name of fieldAll(node, 'name')) {
      const dotted = name.type === 'aliased_import' ? field(name, 'name')!.text : name.text;
      const aliased = name.type === 'aliased_import';
      const alias = aliased ? field(name, 'alias')!.text : dotted.split('.')[0]!;
      const local = isModelled(interp, dotted) ? null : importWorkspaceModule(interp, dotted, 0, node);
      if (local) scope.vars.set(alias, aliased ? local[local.length - 1]! : local[0]!);
      else scope.vars.set(alias, interp.importModule(aliased ? dotted : dotted.split('.')[0]!, node));
    }
    return;
  }
  const moduleNode = field(node, 'module_name')!;
  const relative = moduleNode.type === 'relative_import';
  const level = relative ? (moduleNode.named.find((c) => c.type === 'import_prefix')?.text.length ?? 1) : 0;
  const moduleName = relative ? (moduleNode.named.find((c) => c.type === 'dotted_name')?.text ?? '') : moduleNode.text;
  const local = relative || !isModelled(interp, moduleName) ? importWorkspaceModule(interp, moduleName, level, node) : null;
  if (relative && !local) throw new Unsupported(`relative import ${moduleNode.text} (no such workspace module was given)`, node);
  const module = local ? local[local.length - 1]! : interp.importModule(moduleName, node);
  if (node.named.some((c) => c.type === 'wildcard_import')) {
    for (const [k, v] of module.attrs) if (!k.startsWith('_')) scope.vars.set(k, v);
    return;
  }
  for (const name of fieldAll(node, 'name')) {
    const original = name.type === 'aliased_import' ? field(name, 'name')!.text : name.text;
    const alias = name.type === 'aliased_import' ? field(name, 'alias')!.text : original;
    let value = local ? module.attrs.get(original) : undefined;
    if (value === undefined && local) {
      // `from pkg import submodule`: the name is a module of the package.
      const sub = importWorkspaceModule(interp, moduleName ? `${moduleName}.${original}` : original, level, node);
      value = sub?.[sub.length - 1];
      if (value === undefined) throw interp.raiser.raise('ImportError', `cannot import name '${original}' from '${module.name}' (${module.file ?? 'unknown location'})`, name);
    }
    scope.vars.set(alias, value ?? interp.getAttr(module, original, name));
  }
}

export function importModule(interp: Interpreter, name: string, node: SyntaxNode): PyModule {
  const known = interp.modules.get(name);
  if (known) return known;
  const unknown = new PyModule(name);
  unknown.attrs.set('__unknown__', true);
  interp.modules.set(name, unknown);
  interp.rec.note('assumed', `module '${name}' is not modelled (not a workspace file): values from it are opaque`, node);
  return unknown;
}

export function* deleteTarget(interp: Interpreter, target: SyntaxNode, scope: Scope): Gen<void> {
  if (target.type === 'identifier') {
    scope.vars.delete(target.text);
    return;
  }
  if (target.type === 'subscript') {
    const obj = yield* evalExpr(interp, field(target, 'value')!, scope);
    const key = yield* evalExpr(interp, field(target, 'subscript')!, scope);
    if (obj instanceof PyDict) {
      if (!obj.delete(key)) throw new PyRaise(newException(interp.raiser.cls('KeyError'), [key]), target);
    } else if (obj instanceof PyList && typeof key === 'number') {
      obj.items.splice(key < 0 ? obj.items.length + key : key, 1);
    } else throw new Unsupported(`del on ${obj === null ? 'None' : typeof obj}`, target);
    return;
  }
  if (target.type === 'attribute') {
    const obj = yield* evalExpr(interp, field(target, 'object')!, scope);
    if (obj instanceof PyInstance) obj.attrs.delete(field(target, 'attribute')!.text);
    return;
  }
  throw new Unsupported(`del ${labelOf(target)}`, target);
}

