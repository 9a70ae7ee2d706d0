/** Expression evaluation: literals, f-strings, operators, calls, subscripts, comprehensions. */
import { newException } from './exceptions';
import { enumMembers } from './enums';
import { formatValue } from './format';
import { iterateAsync, makeGenerator } from './generators';
import type { Interpreter } from './interpreter';
import { binaryOp, compare } from './operations';
import { field, fieldAll, hasToken, type SyntaxNode } from './syntax';
import { assignTarget } from './targets';
import { ELEMENT_UNITS, chargeGrowth, chargeWork, collect } from './limits';
import {
  NativeObject, PyBoundMethod, PyBuiltin, PyClass, PyDefaultDict, PyDict, PyFloat, PyFunction, PyInstance, PyList, PyRaise, PyRange, PySet, PyTuple, PyTypeErrorSignal, Scope, Unsupported,
  isInt, isNumber, num, typeName, type Gen, type Value,
} from './values';

/** `super()` bound to the method's class and `self`. */
class PySuper extends NativeObject {
  readonly typeName = 'super';
  constructor(private readonly interp: Interpreter, private readonly cls: PyClass, private readonly self: Value) {
    super();
  }
  getAttr(name: string): Value | undefined {
    const selfCls = this.self instanceof PyInstance ? this.self.cls : this.self instanceof PyClass ? this.self : this.cls;
    const mro = selfCls.mro;
    for (const c of mro.slice(mro.indexOf(this.cls) + 1)) {
      const v = c.attrs.get(name);
      if (v === undefined) continue;
      if (v instanceof PyFunction && v.decorators === 'staticmethod') return v;
      if (v instanceof PyFunction || v instanceof PyBuiltin) return new PyBoundMethod(this.self, v);
      return v;
    }
    if (name === '__init__') return new PyBuiltin('__init__', () => null);
    void this.interp;
    return undefined;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

function decodeEscapes(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]+\}|[\s\S])/g, (all, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? all;
  });
}

function* evalString(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<string> {
  const start = node.children[0]?.text ?? '';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  const raw = prefix.includes('r');
  const fstring = prefix.includes('f');
  if (prefix.includes('b')) throw new Unsupported('bytes literals', node);
  let out = '';
  for (const child of node.children) {
    if (child.type === 'string_content') {
      let text = child.text;
      if (fstring) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      out += raw ? text : decodeEscapes(text);
    } else if (child.type === 'interpolation') {
      out += yield* evalInterpolation(interp, child, scope);
    }
  }
  return out;
}

function* evalInterpolation(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<string> {
  const expr = field(node, 'expression')!;
  let value = yield* evalExpr(interp, expr, scope);
  const conversion = field(node, 'type_conversion')?.text;
  const specNode = field(node, 'format_specifier');
  let spec = '';
  if (specNode) {
    spec = specNode.text.replace(/^:/, '');
    for (const nested of specNode.named.filter((c) => c.type === 'format_expression')) {
      spec = spec.replace(nested.text, interp.str(yield* evalExpr(interp, field(nested, 'expression')!, scope)));
    }
  }
  const debug = hasToken(node, '=') ? `${expr.text}=` : '';
  if (conversion === '!r' || (debug && !conversion && !spec)) value = interp.repr(value);
  else if (conversion === '!s') value = interp.str(value);
  else if (conversion === '!a') value = interp.repr(value);
  if (value instanceof PyInstance && spec) {
    const custom = interp.dunder(value, '__format__', [spec]);
    if (typeof custom === 'string') return debug + custom;
  }
  return debug + formatValue(value, spec, (v) => interp.str(v));
}

function parseIntLiteral(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  return Number(t);
}

export function* evalExpr(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  switch (node.type) {
    case 'identifier':
      return interp.lookup(node.text, scope, node);
    case 'integer':
      if (/[jJ]$/.test(node.text)) throw new Unsupported('complex numbers', node);
      return parseIntLiteral(node.text);
    case 'float':
      return new PyFloat(Number(node.text.replace(/_/g, '')));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'ellipsis':
      return null;
    case 'string':
      return yield* evalString(interp, node, scope);
    case 'concatenated_string': {
      let out = '';
      for (const part of node.named) out += yield* evalString(interp, part, scope);
      return out;
    }
    case 'parenthesized_expression':
      return yield* evalExpr(interp, node.named[0]!, scope);
    case 'binary_operator': {
      const left = yield* evalExpr(interp, field(node, 'left')!, scope);
      const right = yield* evalExpr(interp, field(node, 'right')!, scope);
      return binaryOp(interp, field(node, 'operator')!.text, left, right);
    }
    case 'unary_operator': {
      const v = yield* evalExpr(interp, field(node, 'argument')!, scope);
      const op = field(node, 'operator')!.text;
      if (!isNumber(v)) {
        if (v instanceof PyInstance) {
          const r = interp.dunder(v, op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__', []);
          if (r !== undefined) return r;
        }
        throw new PyTypeErrorSignal(`bad operand type for unary ${op}: '${typeof v}'`);
      }
      const x = num(v);
      const r = op === '-' ? -x : op === '+' ? x : ~x;
      return v instanceof PyFloat ? new PyFloat(r) : r;
    }
    case 'not_operator':
      return !interp.truthy(yield* evalExpr(interp, field(node, 'argument')!, scope));
    case 'boolean_operator': {
      const left = yield* evalExpr(interp, field(node, 'left')!, scope);
      const isAnd = field(node, 'operator')!.text === 'and';
      if (isAnd ? !interp.truthy(left) : interp.truthy(left)) return left;
      return yield* evalExpr(interp, field(node, 'right')!, scope);
    }
    case 'comparison_operator':
      return yield* evalComparison(interp, node, scope);
    case 'conditional_expression': {
      const [then, test, otherwise] = node.named;
      return interp.truthy(yield* evalExpr(interp, test!, scope)) ? yield* evalExpr(interp, then!, scope) : yield* evalExpr(interp, otherwise!, scope);
    }
    case 'call':
      return yield* evalCall(interp, node, scope);
    case 'attribute': {
      const obj = yield* evalExpr(interp, field(node, 'object')!, scope);
      return interp.getAttr(obj, field(node, 'attribute')!.text, node);
    }
    case 'subscript': {
      const obj = yield* evalExpr(interp, field(node, 'value')!, scope);
      const subs = fieldAll(node, 'subscript');
      const key = subs.length > 1 ? new PyTuple(yield* evalList(interp, subs, scope)) : yield* evalExpr(interp, subs[0]!, scope);
      return getItem(interp, obj, key, node);
    }
    case 'slice': {
      const parts: (Value | undefined)[] = [undefined, undefined, undefined];
      let index = 0;
      for (const child of node.children) {
        if (child.type === ':') index++;
        else parts[index] = yield* evalExpr(interp, child, scope);
      }
      return new PySlice(parts[0] ?? null, parts[1] ?? null, parts[2] ?? null);
    }
    case 'list':
      return new PyList(yield* evalList(interp, node.named, scope));
    case 'tuple':
    case 'expression_list':
      return new PyTuple(yield* evalList(interp, node.named, scope));
    case 'set':
      return new PySet(yield* evalList(interp, node.named, scope));
    case 'dictionary': {
      const d = new PyDict();
      for (const item of node.named) {
        if (item.type === 'pair') d.set(yield* evalExpr(interp, field(item, 'key')!, scope), yield* evalExpr(interp, field(item, 'value')!, scope));
        else if (item.type === 'dictionary_splat') {
          const other = yield* evalExpr(interp, item.named[0]!, scope);
          if (other instanceof PyDict) for (const [k, v] of other.entries()) d.set(k, v);
        }
      }
      return d;
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'dictionary_comprehension':
      return yield* evalComprehension(interp, node, scope);
    case 'lambda':
      return interp.makeFunction(node, scope);
    case 'await': {
      const v = yield* evalExpr(interp, node.named[0]!, scope);
      return yield* interp.awaitValue(v, node);
    }
    case 'named_expression': {
      const v = yield* evalExpr(interp, field(node, 'value')!, scope);
      interp.assignName(field(node, 'name')!.text, v, scope);
      return v;
    }
    case 'assignment':
      return yield* evalAssignment(interp, node, scope);
    case 'augmented_assignment': {
      const target = field(node, 'left')!;
      const current = yield* evalExpr(interp, target, scope);
      const right = yield* evalExpr(interp, field(node, 'right')!, scope);
      const op = field(node, 'operator')!.text.slice(0, -1);
      let result: Value;
      if (op === '+' && current instanceof PyList) {
        current.items.push(...interp.iterate(right, node));
        result = current;
      } else result = binaryOp(interp, op, current, right);
      yield* assignTarget(interp, target, result, scope);
      return null;
    }
    case 'yield': {
      if (hasToken(node, 'from')) throw new Unsupported('yield from', node);
      const value = node.named[0] ? yield* evalExpr(interp, node.named[0], scope) : null;
      const sent = yield { kind: 'pyyield', value, node };
      return (sent ?? null) as Value;
    }
    case 'list_splat':
      throw new Unsupported('star expression here', node);
    default:
      throw new Unsupported(`expression ${node.type}`, node);
  }
}

function* evalAssignment(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const right = field(node, 'right');
  const left = field(node, 'left')!;
  if (scope.isClassBody && field(node, 'type') && left.type === 'identifier') scope.annotations.push(left.text);
  if (!right) return null;
  const targets: SyntaxNode[] = [field(node, 'left')!];
  let valueNode = right;
  while (valueNode.type === 'assignment' && field(valueNode, 'right')) {
    targets.push(field(valueNode, 'left')!);
    valueNode = field(valueNode, 'right')!;
  }
  const value = yield* evalExpr(interp, valueNode, scope);
  for (const target of targets) yield* assignTarget(interp, target, value, scope);
  return null;
}

function* evalComparison(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const operands = node.named;
  const operators: string[] = [];
  let pending: string[] = [];
  for (const child of node.children) {
    if (child.isNamed) {
      if (pending.length) operators.push(pending.join(' '));
      pending = [];
    } else pending.push(child.type);
  }
  let left = yield* evalExpr(interp, operands[0]!, scope);
  for (let i = 1; i < operands.length; i++) {
    const right = yield* evalExpr(interp, operands[i]!, scope);
    if (!compare(interp, operators[i - 1]!, left, right)) return false;
    left = right;
  }
  return true;
}

export function* evalList(interp: Interpreter, nodes: readonly SyntaxNode[], scope: Scope): Gen<Value[]> {
  const out: Value[] = [];
  for (const n of nodes) {
    if (n.type === 'list_splat') out.push(...interp.iterate(yield* evalExpr(interp, n.named[0]!, scope), n));
    else out.push(yield* evalExpr(interp, n, scope));
  }
  return out;
}

function* evalComprehension(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const body = field(node, 'body')!;
  const clauses = node.named.filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const inner = new Scope(scope);
  const results: Value[] = [];
  const dict = new PyDict();
  const lazy = node.type === 'generator_expression';
  const run = function* (index: number): Gen<void> {
    if (index === clauses.length) {
      interp.tick(body);
      if (body.type === 'pair') dict.set(yield* evalExpr(interp, field(body, 'key')!, inner), yield* evalExpr(interp, field(body, 'value')!, inner));
      else if (lazy) yield { kind: 'pyyield', value: yield* evalExpr(interp, body, inner), node: body };
      else results.push(yield* evalExpr(interp, body, inner));
      return;
    }
    const clause = clauses[index]!;
    if (clause.type === 'if_clause') {
      if (interp.truthy(yield* evalExpr(interp, clause.named[0]!, inner))) yield* run(index + 1);
      return;
    }
    const iterable = yield* evalExpr(interp, field(clause, 'right')!, index === 0 ? scope : inner);
    if (hasToken(clause, 'async')) {
      yield* iterateAsync(interp, iterable, clause, function* (item) {
        yield* assignTarget(interp, field(clause, 'left')!, item, inner);
        yield* run(index + 1);
        return true;
      });
      return;
    }
    for (const item of interp.iterate(iterable, clause)) {
      yield* assignTarget(interp, field(clause, 'left')!, item, inner);
      yield* run(index + 1);
    }
  };
  // A generator expression is lazy: each item is computed when the consumer asks for it.
  if (lazy) return makeGenerator((function* (): Gen {
    yield* run(0);
    return null;
  })(), '<genexpr>');
  yield* run(0);
  if (node.type === 'dictionary_comprehension') return dict;
  if (node.type === 'set_comprehension') return new PySet(results);
  return new PyList(results);
}

function* evalCall(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  const fnNode = field(node, 'function')!;
  const argsNode = field(node, 'arguments');
  if (fnNode.type === 'identifier' && fnNode.text === 'super' && (argsNode?.named.length ?? 0) === 0) {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.owner) return new PySuper(interp, s.owner.cls, s.owner.self);
    throw interp.raiser.raise('RuntimeError', 'super(): no arguments', node);
  }
  const fn = yield* evalExpr(interp, fnNode, scope);
  const args: Value[] = [];
  const kwargs = new Map<string, Value>();
  if (argsNode?.type === 'generator_expression') args.push(yield* evalExpr(interp, argsNode, scope));
  else {
    for (const a of argsNode?.named ?? []) {
      if (a.type === 'keyword_argument') kwargs.set(field(a, 'name')!.text, yield* evalExpr(interp, field(a, 'value')!, scope));
      else if (a.type === 'list_splat') args.push(...interp.iterate(yield* evalExpr(interp, a.named[0]!, scope), a));
      else if (a.type === 'dictionary_splat') {
        const d = yield* evalExpr(interp, a.named[0]!, scope);
        if (d instanceof PyDict) for (const [k, v] of d.entries()) kwargs.set(String(k), v);
      } else args.push(yield* evalExpr(interp, a, scope));
    }
  }
  interp.currentNode = node;
  return yield* interp.call(fn, args, kwargs, node);
}

export class PySlice extends NativeObject {
  readonly typeName = 'slice';
  constructor(readonly start: Value, readonly stop: Value, readonly step: Value) {
    super();
  }
  getAttr(): Value | undefined {
    return undefined;
  }
  /** First index, step and count of the positions picked from a sequence of `length` (no array built). */
  bounds(length: number): { first: number; step: number; count: number } {
    const step = this.step === null ? 1 : num(this.step as number);
    if (step === 0) throw new PyTypeErrorSignal('slice step cannot be zero', 'ValueError');
    const clamp = (v: Value, dflt: number): number => {
      if (v === null) return dflt;
      let x = num(v as number);
      if (x < 0) x += length;
      return step > 0 ? Math.min(Math.max(x, 0), length) : Math.min(Math.max(x, -1), length - 1);
    };
    const start = clamp(this.start, step > 0 ? 0 : length - 1);
    const stop = clamp(this.stop, step > 0 ? length : -1);
    const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
    return { first: start, step, count };
  }
  indices(length: number): number[] {
    const { count } = this.bounds(length);
    chargeWork(count);
    const step = this.step === null ? 1 : num(this.step as number);
    const clamp = (v: Value, dflt: number): number => {
      if (v === null) return dflt;
      let x = num(v as number);
      if (x < 0) x += length;
      return step > 0 ? Math.min(Math.max(x, 0), length) : Math.min(Math.max(x, -1), length - 1);
    };
    const start = clamp(this.start, step > 0 ? 0 : length - 1);
    const stop = clamp(this.stop, step > 0 ? length : -1);
    const out: number[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
    else for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
}

function normIndex(interp: Interpreter, index: Value, length: number, node: SyntaxNode, what: string): number {
  if (!isInt(index)) throw interp.raiser.raise('TypeError', `${what} indices must be integers or slices, not ${typeof index === 'string' ? 'str' : 'object'}`, node);
  const i = num(index);
  const j = i < 0 ? i + length : i;
  if (j < 0 || j >= length) throw interp.raiser.raise('IndexError', `${what} index out of range`, node);
  return j;
}

export function getItem(interp: Interpreter, obj: Value, key: Value, node: SyntaxNode): Value {
  if (obj instanceof PyDict) {
    const v = obj.get(key);
    if (v === undefined && obj instanceof PyDefaultDict && obj.factory !== null) {
      const made = interp.callSync(obj.factory, []);
      obj.set(key, made);
      return made;
    }
    if (v === undefined) throw new PyRaise(newException(interp.raiser.cls('KeyError'), [key]), node);
    return v;
  }
  if (obj instanceof PyRange) {
    const n = obj.length;
    if (key instanceof PySlice) {
      const { first, step, count } = key.bounds(n);
      const start = obj.start + first * obj.step;
      return new PyRange(start, start + count * step * obj.step, step * obj.step);
    }
    return obj.start + normIndex(interp, key, n, node, 'range object') * obj.step;
  }
  if (obj instanceof PyList || obj instanceof PyTuple || typeof obj === 'string') {
    if (typeof obj === 'string') chargeWork(Math.ceil(obj.length / 16));
    const items: readonly Value[] = typeof obj === 'string' ? [...obj] : obj.items;
    const what = obj instanceof PyList ? 'list' : obj instanceof PyTuple ? 'tuple' : typeof obj === 'string' ? 'string' : 'range object';
    if (key instanceof PySlice) {
      const picked = key.indices(items.length).map((i) => items[i]!);
      if (typeof obj === 'string') return picked.join('');
      return obj instanceof PyList ? new PyList(picked) : new PyTuple(picked);
    }
    return items[normIndex(interp, key, items.length, node, what)]!;
  }
  if (obj instanceof PyInstance) {
    const r = interp.dunder(obj, '__getitem__', [key]);
    if (r !== undefined) return r;
  }
  if (obj instanceof PyClass) {
    const members = enumMembers(obj);
    if (members) {
      const found = members.find((m) => m.attrs.get('name') === key);
      if (!found) throw new PyRaise(newException(interp.raiser.cls('KeyError'), [key]), node);
      return found;
    }
    return obj;
  }
  throw interp.raiser.raise('TypeError', `'${typeName(obj)}' object is not subscriptable`, node);
}

export function setItem(interp: Interpreter, obj: Value, key: Value, value: Value, node: SyntaxNode): void {
  if (obj instanceof PyDict) return obj.set(key, value);
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const idx = key.indices(obj.items.length);
      const items = collect(interp.iterate(value, node));
      chargeGrowth(obj.items.length + items.length, items.length, ELEMENT_UNITS);
      if (key.step === null) {
        obj.items.splice(idx[0] ?? (key.start === null ? 0 : obj.items.length), idx.length, ...items);
        return;
      }
      idx.forEach((i, n) => (obj.items[i] = items[n]!));
      return;
    }
    obj.items[normIndex(interp, key, obj.items.length, node, 'list assignment')] = value;
    return;
  }
  if (obj instanceof PyInstance && interp.dunder(obj, '__setitem__', [key, value]) !== undefined) return;
  throw interp.raiser.raise('TypeError', `'${typeName(obj)}' object does not support item assignment`, node);
}
