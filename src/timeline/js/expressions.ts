/**
 * Expression evaluation: literals, operators, member chains (with optional
 * chaining), calls, `new`, assignments, `await` and `yield`. Every evaluator is
 * a generator so an `await` deep inside an expression can suspend its async
 * function; ordinary calls run to completion synchronously.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Interpreter } from './interpreter';
import { assignPattern } from './patterns';
import { Unsupported } from './trace';
import { field, guard, hasChildToken, isObjectLike, lineOf, namedChildren, SHORT_CIRCUIT, unescapeJs, type Gen, type Scope } from './values';

type Dict = Record<PropertyKey, unknown>;
const TS_WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);
const CHAIN = new Set(['member_expression', 'subscript_expression', 'call_expression']);

export function* evalExpr(ip: Interpreter, node: SyntaxNode, scope: Scope, nameHint?: string): Gen {
  ip.trace.tick();
  switch (node.type) {
    case 'number': return parseNumber(node.text);
    case 'string': return stringValue(node);
    case 'template_string': return yield* evalTemplate(ip, node, scope);
    case 'true': return true;
    case 'false': return false;
    case 'null': return null;
    case 'undefined': return undefined;
    case 'identifier': return ip.lookup(node.text, scope, node);
    case 'this': return ip.thisValue(scope, node);
    case 'regex': return new RegExp(field(node, 'pattern')?.text ?? '', field(node, 'flags')?.text ?? '');
    case 'parenthesized_expression': return yield* evalExpr(ip, namedChildren(node)[0]!, scope, nameHint);
    case 'sequence_expression': {
      let value: unknown;
      for (const child of namedChildren(node)) value = yield* evalExpr(ip, child, scope);
      return value;
    }
    case 'array': return yield* evalArray(ip, node, scope);
    case 'object': return yield* ip.evalObject(node, scope);
    case 'function_expression': case 'function': case 'arrow_function': case 'generator_function':
      return ip.makeFunction(node, scope, field(node, 'name')?.text ?? nameHint ?? '');
    case 'class': return yield* ip.defineClass(node, scope, nameHint);
    case 'member_expression': case 'subscript_expression': case 'call_expression': {
      const value = yield* evalChain(ip, node, scope);
      return value === SHORT_CIRCUIT ? undefined : value;
    }
    case 'new_expression': return yield* evalNew(ip, node, scope);
    case 'assignment_expression': return yield* evalAssignment(ip, node, scope);
    case 'augmented_assignment_expression': return yield* evalAugmented(ip, node, scope);
    case 'binary_expression': return yield* evalBinary(ip, node, scope);
    case 'unary_expression': return yield* evalUnary(ip, node, scope);
    case 'update_expression': return yield* evalUpdate(ip, node, scope);
    case 'ternary_expression': {
      const test = yield* evalExpr(ip, field(node, 'condition')!, scope);
      return yield* evalExpr(ip, field(node, test ? 'consequence' : 'alternative')!, scope, nameHint);
    }
    case 'await_expression': {
      const value = yield* evalExpr(ip, namedChildren(node)[0]!, scope);
      return yield { kind: 'await', value, node };
    }
    case 'yield_expression': return yield* evalYield(ip, node, scope);
    case 'meta_property': return scope.functionContext()?.newTarget;
    default:
      if (TS_WRAPPERS.has(node.type)) return yield* evalExpr(ip, namedChildren(node)[0]!, scope, nameHint);
      throw new Unsupported(`the ${node.type.replace(/_/g, ' ')} construct is not simulated`, lineOf(node));
  }
}

function parseNumber(text: string): number | bigint {
  const clean = text.replace(/_/g, '');
  if (clean.endsWith('n')) return BigInt(clean.slice(0, -1));
  if (/^0[0-7]+$/.test(clean)) return parseInt(clean, 8);
  return Number(clean);
}

export function stringValue(node: SyntaxNode): string {
  return unescapeJs(node.text.slice(1, -1));
}

function* evalTemplate(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<string> {
  let out = '';
  for (const child of node.children) {
    if (!child || child.type === '`') continue;
    if (child.type === 'template_substitution') {
      const value = yield* evalExpr(ip, namedChildren(child)[0]!, scope);
      out += typeof value === 'symbol' ? (() => { throw new TypeError('Cannot convert a Symbol value to a string'); })() : String(value);
    } else {
      out += unescapeJs(child.text);
    }
  }
  return out;
}

function* evalArray(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<unknown[]> {
  const out: unknown[] = [];
  let holes = 0;
  let lastWasComma = true;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === ',') {
      if (lastWasComma) holes++;
      lastWasComma = true;
      continue;
    }
    if (!child.isNamed || child.type === 'comment') continue;
    if (holes) out.length += holes;
    holes = 0;
    lastWasComma = false;
    if (child.type === 'spread_element') out.push(...ip.iterate((yield* evalExpr(ip, namedChildren(child)[0]!, scope)), child));
    else out.push(yield* evalExpr(ip, child, scope));
  }
  return out;
}

export function* evalArgs(ip: Interpreter, node: SyntaxNode | null, scope: Scope): Gen<unknown[]> {
  if (!node) return [];
  if (node.type === 'template_string') return yield* evalTaggedArgs(ip, node, scope);
  const out: unknown[] = [];
  for (const child of namedChildren(node)) {
    if (child.type === 'spread_element') out.push(...ip.iterate((yield* evalExpr(ip, namedChildren(child)[0]!, scope)), child));
    else out.push(yield* evalExpr(ip, child, scope));
  }
  return out;
}

function* evalTaggedArgs(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<unknown[]> {
  const strings: string[] = [];
  const raw: string[] = [];
  const values: unknown[] = [];
  let current = '';
  for (const child of node.children) {
    if (!child || child.type === '`') continue;
    if (child.type === 'template_substitution') {
      strings.push(unescapeJs(current));
      raw.push(current);
      current = '';
      values.push(yield* evalExpr(ip, namedChildren(child)[0]!, scope));
    } else current += child.text;
  }
  strings.push(unescapeJs(current));
  raw.push(current);
  Object.defineProperty(strings, 'raw', { value: Object.freeze(raw) });
  return [Object.freeze(strings), ...values];
}

/** The property key of a member/subscript expression. */
function* memberKey(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<PropertyKey> {
  if (node.type === 'member_expression') return field(node, 'property')!.text;
  const key = yield* evalExpr(ip, field(node, 'index')!, scope);
  return typeof key === 'symbol' ? key : (String(key) as PropertyKey);
}

function isOptional(node: SyntaxNode): boolean {
  return field(node, 'optional_chain') !== null || hasChildToken(node, '?.');
}

/** Evaluates the object part of a chain, propagating a short circuit. */
function* chainPart(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  return CHAIN.has(node.type) ? yield* evalChain(ip, node, scope) : yield* evalExpr(ip, node, scope);
}

export function* evalChain(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  if (node.type === 'call_expression') return yield* evalCall(ip, node, scope);
  const objectNode = field(node, 'object')!;
  if (objectNode.type === 'super') {
    const key = yield* memberKey(ip, node, scope);
    return ip.superGet(scope, key, node);
  }
  const object = yield* chainPart(ip, objectNode, scope);
  if (object === SHORT_CIRCUIT) return SHORT_CIRCUIT;
  if (isOptional(node) && object == null) return SHORT_CIRCUIT;
  const key = yield* memberKey(ip, node, scope);
  return ip.getProp(object, key, node);
}

function* evalCall(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const callee = field(node, 'function')!;
  const argsNode = field(node, 'arguments');
  if (callee.type === 'super') {
    const args = yield* evalArgs(ip, argsNode, scope);
    return ip.superCall(scope, args, node);
  }
  if (callee.type === 'import') throw new Unsupported('dynamic import() is not simulated', lineOf(node));
  let fn: unknown;
  let thisArg: unknown;
  const inner = callee.type === 'parenthesized_expression' ? namedChildren(callee)[0]! : callee;
  if (inner.type === 'member_expression' || inner.type === 'subscript_expression') {
    const objectNode = field(inner, 'object')!;
    if (objectNode.type === 'super') {
      thisArg = ip.thisValue(scope, objectNode);
      fn = ip.superGet(scope, yield* memberKey(ip, inner, scope), inner);
    } else {
      const object = yield* chainPart(ip, objectNode, scope);
      if (object === SHORT_CIRCUIT) return SHORT_CIRCUIT;
      if (isOptional(inner) && object == null) return SHORT_CIRCUIT;
      thisArg = object;
      fn = ip.getProp(object, yield* memberKey(ip, inner, scope), inner);
    }
  } else {
    fn = yield* chainPart(ip, callee, scope);
    if (fn === SHORT_CIRCUIT) return SHORT_CIRCUIT;
  }
  if (hasChildToken(node, '?.') && fn == null) return SHORT_CIRCUIT;
  const args = yield* evalArgs(ip, argsNode, scope);
  return ip.call(fn, thisArg, args, node, callee);
}

function* evalNew(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const ctorNode = field(node, 'constructor')!;
  const ctor = yield* evalExpr(ip, ctorNode, scope);
  const args = yield* evalArgs(ip, field(node, 'arguments'), scope);
  return ip.construct(ctor, args, node, ctorNode);
}

/** Assigns to an identifier, member or pattern target. */
export function* assignTo(ip: Interpreter, target: SyntaxNode, value: unknown, scope: Scope): Gen<void> {
  switch (target.type) {
    case 'identifier': case 'shorthand_property_identifier_pattern':
      ip.assign(target.text, value, scope, target);
      return;
    case 'member_expression': case 'subscript_expression': {
      const objectNode = field(target, 'object')!;
      const object = objectNode.type === 'super' ? ip.thisValue(scope, objectNode) : yield* evalExpr(ip, objectNode, scope);
      const key = yield* memberKey(ip, target, scope);
      ip.setProp(object, key, value, target);
      return;
    }
    case 'parenthesized_expression': case 'non_null_expression': case 'as_expression':
      yield* assignTo(ip, namedChildren(target)[0]!, value, scope);
      return;
    default:
      yield* assignPattern(ip, target, value, scope, undefined);
  }
}

function anonymousName(target: SyntaxNode): string | undefined {
  return target.type === 'identifier' ? target.text : undefined;
}

function* evalAssignment(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const left = field(node, 'left')!;
  const value = yield* evalExpr(ip, field(node, 'right')!, scope, anonymousName(left));
  yield* assignTo(ip, left, value, scope);
  return value;
}

/** Reads an assignment target and returns a setter for it (evaluating the object once). */
function* reference(ip: Interpreter, target: SyntaxNode, scope: Scope): Gen<{ get(): unknown; set(v: unknown): void }> {
  if (target.type === 'identifier') {
    return { get: () => ip.lookup(target.text, scope, target), set: (v) => ip.assign(target.text, v, scope, target) };
  }
  if (target.type === 'member_expression' || target.type === 'subscript_expression') {
    const objectNode = field(target, 'object')!;
    const object = yield* evalExpr(ip, objectNode, scope);
    const key = yield* memberKey(ip, target, scope);
    return { get: () => ip.getProp(object, key, target), set: (v) => ip.setProp(object, key, v, target) };
  }
  if (target.type === 'parenthesized_expression' || target.type === 'non_null_expression') return yield* reference(ip, namedChildren(target)[0]!, scope);
  throw new Unsupported(`assignment to ${target.type.replace(/_/g, ' ')} is not simulated`, lineOf(target));
}

function* evalAugmented(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const ref = yield* reference(ip, field(node, 'left')!, scope);
  const op = field(node, 'operator')!.text.slice(0, -1);
  const current = ref.get();
  const right = field(node, 'right')!;
  if (op === '&&' || op === '||' || op === '??') {
    const keep = op === '&&' ? !current : op === '||' ? !!current : current != null;
    if (keep) return current;
    const value = yield* evalExpr(ip, right, scope);
    ref.set(value);
    return value;
  }
  const value = binaryOp(op, current, yield* evalExpr(ip, right, scope));
  ref.set(value);
  return value;
}

function* evalBinary(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const op = field(node, 'operator')!.text;
  const leftNode = field(node, 'left')!;
  if (op === '&&' || op === '||' || op === '??') {
    const left = yield* evalExpr(ip, leftNode, scope);
    const done = op === '&&' ? !left : op === '||' ? !!left : left != null;
    return done ? left : yield* evalExpr(ip, field(node, 'right')!, scope);
  }
  if (op === 'in' && leftNode.type === 'private_property_identifier') {
    const object = yield* evalExpr(ip, field(node, 'right')!, scope);
    return isObjectLike(object) && Object.prototype.hasOwnProperty.call(object, leftNode.text);
  }
  const left = yield* evalExpr(ip, leftNode, scope);
  const right = yield* evalExpr(ip, field(node, 'right')!, scope);
  return binaryOp(op, left, right);
}

export function binaryOp(op: string, a: unknown, b: unknown): unknown {
  const x = a as any, y = b as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x % y;
    case '**': return x ** y;
    case '==': return x == y;
    case '!=': return x != y;
    case '===': return x === y;
    case '!==': return x !== y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '<<': return x << y;
    case '>>': return x >> y;
    case '>>>': return x >>> y;
    case 'in':
      if (!isObjectLike(y)) throw new TypeError(`Cannot use 'in' operator to search for '${String(x)}' in ${String(y)}`);
      return x in y;
    case 'instanceof':
      if (typeof y !== 'function') throw new TypeError("Right-hand side of 'instanceof' is not callable");
      return x instanceof y;
    default: throw new Unsupported(`operator ${op} is not simulated`);
  }
}

function* evalUnary(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const op = field(node, 'operator')!.text;
  const arg = field(node, 'argument')!;
  if (op === 'typeof' && arg.type === 'identifier' && !ip.isDefined(arg.text, scope)) return 'undefined';
  if (op === 'delete') {
    if (arg.type === 'member_expression' || arg.type === 'subscript_expression') {
      const object = yield* evalExpr(ip, field(arg, 'object')!, scope);
      const key = yield* memberKey(ip, arg, scope);
      return delete (object as Dict)[key];
    }
    return true;
  }
  const value = yield* evalExpr(ip, arg, scope);
  switch (op) {
    case '!': return !value;
    case '-': return -(value as number);
    case '+': return +(value as number);
    case '~': return ~(value as number);
    case 'typeof': return typeof value;
    case 'void': return undefined;
    default: throw new Unsupported(`operator ${op} is not simulated`, lineOf(node));
  }
}

function* evalUpdate(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const ref = yield* reference(ip, field(node, 'argument')!, scope);
  const op = field(node, 'operator')!.text;
  const old = ref.get();
  const numeric = typeof old === 'bigint' ? old : Number(old);
  const next = op === '++' ? (numeric as number) + (typeof numeric === 'bigint' ? (1n as unknown as number) : 1) : (numeric as number) - (typeof numeric === 'bigint' ? (1n as unknown as number) : 1);
  ref.set(next);
  const prefix = node.firstChild?.type === '++' || node.firstChild?.type === '--';
  return prefix ? next : numeric;
}

function* evalYield(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const argNode = namedChildren(node)[0];
  const value = argNode ? yield* evalExpr(ip, argNode, scope) : undefined;
  if (!hasChildToken(node, '*')) return yield { kind: 'yield', value, node };
  const iterator = (value as { [Symbol.iterator](): Iterator<unknown> })[Symbol.iterator]();
  let input: unknown;
  for (;;) {
    const step = iterator.next(input);
    if (step.done) return step.value;
    input = yield { kind: 'yield', value: guard(step.value), node };
  }
}
