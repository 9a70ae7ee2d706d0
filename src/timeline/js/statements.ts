/**
 * Statement execution with completion records (break / continue / return),
 * block scoping and hoisting, loops with per-iteration `let` bindings, and the
 * detection of busy-wait loops on the clock, which block the event loop.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { assignTo, evalExpr } from './expressions';
import type { Interpreter } from './interpreter';
import { assignPattern } from './patterns';
import { isInternalError, Unsupported } from './trace';
import { field, guard, lineOf, namedChildren, Scope, type BindingKind, type Completion, type Gen } from './values';

const SKIPPED = new Set([
  'empty_statement', 'comment', 'hash_bang_line', 'debugger_statement', 'interface_declaration',
  'type_alias_declaration', 'ambient_declaration', 'import_statement', 'abstract_method_signature',
  'function_signature', 'declare_statement',
]);
const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const FUNCTION_DECLARATIONS = new Set(['function_declaration', 'generator_function_declaration']);

/** Runs statements in `scope`, hoisting the function declarations among them first. */
export function* execStatements(ip: Interpreter, statements: readonly SyntaxNode[], scope: Scope): Gen<Completion> {
  for (const statement of statements) {
    const declaration = statement.type === 'export_statement' ? field(statement, 'declaration') : statement;
    if (declaration && FUNCTION_DECLARATIONS.has(declaration.type)) {
      const name = field(declaration, 'name')!.text;
      scope.declare(name, 'function', ip.makeFunction(declaration, scope, name));
    }
  }
  for (const statement of statements) {
    const completion = yield* execStatement(ip, statement, scope);
    if (completion) return completion;
  }
  return undefined;
}

function* execBlock(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  return yield* execStatements(ip, namedChildren(node), new Scope(scope));
}

export function* execStatement(ip: Interpreter, node: SyntaxNode, scope: Scope, labels: readonly string[] = []): Gen<Completion> {
  ip.trace.tick();
  ip.currentNode = node;
  switch (node.type) {
    case 'expression_statement':
      yield* evalExpr(ip, namedChildren(node)[0]!, scope);
      return undefined;
    case 'lexical_declaration': case 'variable_declaration':
      yield* declare(ip, node, scope);
      return undefined;
    case 'function_declaration': case 'generator_function_declaration':
      return undefined;
    case 'class_declaration': case 'abstract_class_declaration': {
      const cls = yield* ip.defineClass(node, scope, undefined);
      scope.declare(field(node, 'name')!.text, 'class', cls);
      return undefined;
    }
    case 'statement_block': return yield* execBlock(ip, node, scope);
    case 'if_statement': {
      const test = yield* evalExpr(ip, field(node, 'condition')!, scope);
      if (test) return yield* execStatement(ip, field(node, 'consequence')!, new Scope(scope));
      const alternative = field(node, 'alternative');
      if (!alternative) return undefined;
      return yield* execStatement(ip, namedChildren(alternative)[0]!, new Scope(scope));
    }
    case 'else_clause': return yield* execStatement(ip, namedChildren(node)[0]!, scope);
    case 'return_statement': {
      const arg = namedChildren(node)[0];
      return { type: 'return', value: arg ? yield* evalExpr(ip, arg, scope) : undefined };
    }
    case 'throw_statement': throw yield* evalExpr(ip, namedChildren(node)[0]!, scope);
    case 'break_statement': return { type: 'break', label: field(node, 'label')?.text };
    case 'continue_statement': return { type: 'continue', label: field(node, 'label')?.text };
    case 'labeled_statement': {
      const label = field(node, 'label')!.text;
      const body = field(node, 'body')!;
      const completion = yield* execStatement(ip, body, scope, [...labels, label]);
      return completion?.type === 'break' && completion.label === label ? undefined : completion;
    }
    case 'try_statement': return yield* execTry(ip, node, scope);
    case 'switch_statement': return yield* execSwitch(ip, node, scope);
    case 'for_statement': case 'while_statement': case 'do_statement': case 'for_in_statement':
      return yield* ip.timedLoop(node, () => execLoop(ip, node, scope, labels));
    case 'export_statement': return yield* execExport(ip, node, scope);
    case 'enum_declaration': return yield* execEnum(ip, node, scope);
    default:
      if (SKIPPED.has(node.type)) return undefined;
      throw new Unsupported(`the ${node.type.replace(/_/g, ' ')} statement is not simulated`, lineOf(node));
  }
}

function* declare(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<void> {
  const kind: BindingKind = node.type === 'variable_declaration' ? 'var' : (field(node, 'kind')!.text as BindingKind);
  const target = kind === 'var' ? varScope(scope) : scope;
  for (const declarator of namedChildren(node)) {
    if (declarator.type !== 'variable_declarator') continue;
    const name = field(declarator, 'name')!;
    const valueNode = field(declarator, 'value');
    if (!valueNode && kind === 'var') {
      if (!target.vars.has(name.text)) target.declare(name.text, 'var', undefined);
      continue;
    }
    const value = valueNode ? yield* evalExpr(ip, valueNode, scope, name.type === 'identifier' ? name.text : undefined) : undefined;
    if (kind === 'var') yield* assignVar(ip, name, value, target);
    else yield* assignPattern(ip, name, value, target, kind);
  }
}

function* assignVar(ip: Interpreter, name: SyntaxNode, value: unknown, target: Scope): Gen<void> {
  yield* assignPattern(ip, name, value, target, 'var');
}

export function varScope(scope: Scope): Scope {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.functionScope || !s.parent) return s;
  return scope;
}

function* execTry(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const handler = field(node, 'handler');
  const finalizer = field(node, 'finalizer');
  let completion: Completion;
  let pending: { error: unknown } | undefined;
  // Stays true only when a generator is closed (return()) while suspended inside this try.
  let forcedReturn = true;
  try {
    try {
      completion = yield* execBlock(ip, field(node, 'body')!, scope);
    } catch (error) {
      if (isInternalError(error)) throw error;
      if (handler) {
        try {
          const catchScope = new Scope(scope);
          const param = field(handler, 'parameter');
          if (param) yield* assignPattern(ip, param, ip.presentError(error), catchScope, 'let');
          completion = yield* execBlock(ip, field(handler, 'body')!, catchScope);
        } catch (inner) {
          if (isInternalError(inner)) throw inner;
          pending = { error: inner };
        }
      } else pending = { error };
    }
    forcedReturn = false;
  } catch (error) {
    forcedReturn = false;
    throw error;
  } finally {
    if (forcedReturn && finalizer) yield* execBlock(ip, field(finalizer, 'body')!, scope);
  }
  if (finalizer) {
    const finalCompletion = yield* execBlock(ip, field(finalizer, 'body')!, scope);
    if (finalCompletion) return finalCompletion;
  }
  if (pending) throw pending.error;
  return completion;
}

function* execSwitch(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const value = yield* evalExpr(ip, field(node, 'value')!, scope);
  const cases = namedChildren(field(node, 'body')!);
  const inner = new Scope(scope);
  let start = -1;
  for (let i = 0; i < cases.length && start < 0; i++) {
    const test = field(cases[i]!, 'value');
    if (test && (yield* evalExpr(ip, test, inner)) === value) start = i;
  }
  if (start < 0) start = cases.findIndex((c) => c.type === 'switch_default');
  if (start < 0) return undefined;
  for (let i = start; i < cases.length; i++) {
    const test = field(cases[i]!, 'value');
    const body = namedChildren(cases[i]!).filter((child) => !test || child.id !== test.id);
    const completion = yield* execStatements(ip, body, inner);
    if (completion?.type === 'break' && completion.label === undefined) return undefined;
    if (completion) return completion;
  }
  return undefined;
}

/** Returns 'exit' to leave the loop with `completion`, 'next' to go on. */
function loopControl(completion: Completion, labels: readonly string[]): 'next' | 'break' | 'exit' {
  if (!completion) return 'next';
  if (completion.type === 'continue' && (completion.label === undefined || labels.includes(completion.label))) return 'next';
  if (completion.type === 'break' && completion.label === undefined) return 'break';
  return 'exit';
}

function* execLoop(ip: Interpreter, node: SyntaxNode, scope: Scope, labels: readonly string[]): Gen<Completion> {
  const body = field(node, 'body')!;
  const iteration = (loopScope: Scope): Gen<Completion> => execStatement(ip, body, loopScope);
  if (node.type === 'while_statement' || node.type === 'do_statement') {
    const condition = field(node, 'condition')!;
    for (let first = true; ; first = false) {
      if (!(first && node.type === 'do_statement') && !(yield* evalExpr(ip, condition, scope))) return undefined;
      const completion = yield* iteration(new Scope(scope));
      const control = loopControl(completion, labels);
      if (control === 'break') return undefined;
      if (control === 'exit') return completion;
      ip.afterIteration(node);
    }
  }
  if (node.type === 'for_statement') return yield* execFor(ip, node, scope, labels);
  return yield* execForIn(ip, node, scope, labels);
}

function* execFor(ip: Interpreter, node: SyntaxNode, scope: Scope, labels: readonly string[]): Gen<Completion> {
  const init = field(node, 'initializer');
  let loopScope = new Scope(scope);
  let perIteration: string[] = [];
  if (init && (init.type === 'lexical_declaration' || init.type === 'variable_declaration')) {
    yield* declare(ip, init, loopScope);
    if (init.type === 'lexical_declaration') perIteration = [...loopScope.vars.keys()];
  } else if (init && init.type !== 'empty_statement') {
    yield* evalExpr(ip, init.type === 'expression_statement' ? namedChildren(init)[0]! : init, loopScope);
  }
  const rawCondition = field(node, 'condition');
  const condition = rawCondition?.type === 'expression_statement' ? namedChildren(rawCondition)[0] : rawCondition?.type === 'empty_statement' ? undefined : rawCondition;
  const increment = field(node, 'increment');
  for (;;) {
    if (condition && !(yield* evalExpr(ip, condition, loopScope))) return undefined;
    const completion = yield* execStatement(ip, field(node, 'body')!, new Scope(loopScope));
    const control = loopControl(completion, labels);
    if (control === 'break') return undefined;
    if (control === 'exit') return completion;
    if (perIteration.length) {
      const next = new Scope(scope);
      for (const name of perIteration) next.vars.set(name, { ...loopScope.vars.get(name)! });
      loopScope = next;
    }
    if (increment) yield* evalExpr(ip, increment, loopScope);
    ip.afterIteration(node);
  }
}

function* execForIn(ip: Interpreter, node: SyntaxNode, scope: Scope, labels: readonly string[]): Gen<Completion> {
  const isAwait = node.children.some((c) => c?.type === 'await');
  const operator = field(node, 'operator')!.text;
  const subject = yield* evalExpr(ip, field(node, 'right')!, scope);
  const left = field(node, 'left')!;
  const kindText = field(node, 'kind')?.text;
  const kind: BindingKind | undefined = kindText === 'var' ? 'var' : (kindText as BindingKind | undefined);
  if (isAwait) return yield* execForAwait(ip, node, subject, scope, labels, kind);
  const iterator: Iterator<unknown> = operator === 'of' ? ip.iterator(subject, node) : forInKeys(subject)[Symbol.iterator]();
  let closeIterator = true;
  try {
    for (let step = iterator.next(); !step.done; step = iterator.next()) {
      ip.trace.tick();
      const item = guard(step.value, lineOf(node));
      const iterScope = new Scope(scope);
      if (kind === 'var') yield* assignPattern(ip, left, item, varScope(scope), 'var');
      else if (kind) yield* assignPattern(ip, left, item, iterScope, kind);
      else yield* assignTo(ip, left, item, scope);
      const completion = yield* execStatement(ip, field(node, 'body')!, iterScope);
      const control = loopControl(completion, labels);
      if (control === 'break') return undefined;
      if (control === 'exit') return completion;
      ip.afterIteration(node);
    }
    closeIterator = false;
    return undefined;
  } finally {
    if (closeIterator) iterator.return?.();
  }
}

/** `for await (… of …)`: async iterators, or sync ones through CreateAsyncFromSyncIterator (each value awaited). */
function* execForAwait(ip: Interpreter, node: SyntaxNode, subject: unknown, scope: Scope, labels: readonly string[], kind: BindingKind | undefined): Gen<Completion> {
  const asyncMethod = subject == null ? undefined : (subject as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator];
  let next: () => unknown;
  let close: () => unknown;
  if (typeof asyncMethod === 'function') {
    const iterator = (asyncMethod as () => AsyncIterator<unknown>).call(subject);
    next = () => iterator.next();
    close = () => iterator.return?.();
  } else {
    const iterator = ip.iterator(subject, node);
    next = () => {
      const step = iterator.next();
      const capability = ip.realm.newCapability();
      ip.realm.performThen(ip.realm.promiseResolve(step.value), (value) => ({ value, done: step.done === true }), undefined, capability,
        { label: 'for await: the next value is ready' });
      return capability.promise;
    };
    close = () => iterator.return?.();
  }
  const left = field(node, 'left')!;
  for (;;) {
    const result = (yield { kind: 'await', value: next(), node }) as IteratorResult<unknown> | undefined;
    if (typeof result !== 'object' || result === null) throw new TypeError(`Iterator result ${String(result)} is not an object`);
    if (result.done) return undefined;
    const iterScope = new Scope(scope);
    if (kind === 'var') yield* assignPattern(ip, left, result.value, varScope(scope), 'var');
    else if (kind) yield* assignPattern(ip, left, result.value, iterScope, kind);
    else yield* assignTo(ip, left, result.value, scope);
    const completion = yield* execStatement(ip, field(node, 'body')!, iterScope);
    const control = loopControl(completion, labels);
    if (control === 'next') continue;
    const closing = close();
    if (closing !== undefined) yield { kind: 'await', value: closing, node };
    return control === 'break' ? undefined : completion;
  }
}

function forInKeys(subject: unknown): string[] {
  if (subject == null) return [];
  const keys: string[] = [];
  for (const key in Object(subject) as object) keys.push(key);
  return keys;
}

function* execExport(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const declaration = field(node, 'declaration');
  if (declaration) return yield* execStatement(ip, declaration, scope);
  const value = field(node, 'value');
  if (value) {
    if (FUNCTION_DECLARATIONS.has(value.type) || value.type === 'class_declaration') return yield* execStatement(ip, value, scope);
    yield* evalExpr(ip, value, scope, 'default');
  }
  return undefined;
}

function* execEnum(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const enumObject: Record<string, unknown> = {};
  let next = 0;
  for (const member of namedChildren(field(node, 'body')!)) {
    const nameNode = member.type === 'enum_assignment' ? field(member, 'name')! : member;
    const name = nameNode.type === 'string' ? nameNode.text.slice(1, -1) : nameNode.text;
    const valueNode = member.type === 'enum_assignment' ? field(member, 'value') : null;
    const value = valueNode ? yield* evalExpr(ip, valueNode, scope) : next;
    enumObject[name] = value;
    if (typeof value === 'number') {
      enumObject[value] = name;
      next = value + 1;
    }
  }
  scope.declare(field(node, 'name')!.text, 'const', enumObject);
  return undefined;
}

export function isLoop(node: SyntaxNode): boolean {
  return LOOPS.has(node.type);
}
