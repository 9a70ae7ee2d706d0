/**
 * Binding and assignment patterns: identifiers, object and array
 * destructuring, defaults and rest elements, for declarations, parameters and
 * destructuring assignments.
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { assignTo, evalExpr, stringValue } from './expressions';
import type { Interpreter } from './interpreter';
import { Unsupported } from './trace';
import { field, lineOf, namedChildren, type BindingKind, type Gen, type Scope } from './values';

/** Binds (`kind` given) or assigns (`kind` undefined) `value` to `pattern`. */
export function* assignPattern(ip: Interpreter, pattern: SyntaxNode, value: unknown, scope: Scope, kind: BindingKind | undefined): Gen<void> {
  switch (pattern.type) {
    case 'identifier': case 'shorthand_property_identifier_pattern': case 'undefined':
      if (kind) scope.declare(pattern.text, kind, value);
      else ip.assign(pattern.text, value, scope, pattern);
      return;
    case 'assignment_pattern': case 'object_assignment_pattern': {
      const left = field(pattern, 'left')!;
      const actual = value === undefined ? yield* evalExpr(ip, field(pattern, 'right')!, scope, left.type === 'identifier' || left.type === 'shorthand_property_identifier_pattern' ? left.text : undefined) : value;
      yield* assignPattern(ip, left, actual, scope, kind);
      return;
    }
    case 'object_pattern': return yield* objectPattern(ip, pattern, value, scope, kind);
    case 'array_pattern': return yield* arrayPattern(ip, pattern, value, scope, kind);
    case 'required_parameter': case 'optional_parameter': {
      const inner = field(pattern, 'pattern')!;
      const defaultNode = field(pattern, 'value');
      const actual = value === undefined && defaultNode ? yield* evalExpr(ip, defaultNode, scope, inner.type === 'identifier' ? inner.text : undefined) : value;
      yield* assignPattern(ip, inner, actual, scope, kind);
      return;
    }
    case 'rest_pattern':
      yield* assignPattern(ip, namedChildren(pattern)[0]!, value, scope, kind);
      return;
    case 'member_expression': case 'subscript_expression': case 'parenthesized_expression':
      if (kind) throw new Unsupported(`cannot declare ${pattern.text}`, lineOf(pattern));
      yield* assignTo(ip, pattern, value, scope);
      return;
    default:
      throw new Unsupported(`the ${pattern.type.replace(/_/g, ' ')} pattern is not simulated`, lineOf(pattern));
  }
}

function* objectPattern(ip: Interpreter, pattern: SyntaxNode, value: unknown, scope: Scope, kind: BindingKind | undefined): Gen<void> {
  if (value == null) {
    const first = namedChildren(pattern)[0];
    const name = first ? (field(first, 'key') ?? field(first, 'left') ?? first).text : '';
    throw new TypeError(`Cannot destructure property '${name}' of '${String(value)}' as it is ${String(value)}.`);
  }
  const used: PropertyKey[] = [];
  for (const child of namedChildren(pattern)) {
    switch (child.type) {
      case 'shorthand_property_identifier_pattern':
        used.push(child.text);
        yield* assignPattern(ip, child, ip.getProp(value, child.text, child), scope, kind);
        break;
      case 'object_assignment_pattern': {
        const left = field(child, 'left')!;
        used.push(left.text);
        yield* assignPattern(ip, child, ip.getProp(value, left.text, child), scope, kind);
        break;
      }
      case 'pair_pattern': {
        const key = yield* propertyKey(ip, field(child, 'key')!, scope);
        used.push(key);
        yield* assignPattern(ip, field(child, 'value')!, ip.getProp(value, key, child), scope, kind);
        break;
      }
      case 'rest_pattern': {
        const rest: Record<PropertyKey, unknown> = {};
        for (const key of Reflect.ownKeys(Object(value) as object)) {
          if (used.includes(key) || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
          rest[key] = (value as Record<PropertyKey, unknown>)[key];
        }
        yield* assignPattern(ip, namedChildren(child)[0]!, rest, scope, kind);
        break;
      }
      default:
        throw new Unsupported(`the ${child.type.replace(/_/g, ' ')} pattern is not simulated`, lineOf(child));
    }
  }
}

function* arrayPattern(ip: Interpreter, pattern: SyntaxNode, value: unknown, scope: Scope, kind: BindingKind | undefined): Gen<void> {
  const hasRest = pattern.namedChildren.some((c) => c?.type === 'rest_pattern');
  const slots = pattern.children.filter((c) => c && (c.type === ',' || (c.isNamed && c.type !== 'comment'))).length;
  const items = ip.iterate(value, pattern, hasRest ? Infinity : slots);
  let index = 0;
  let lastWasComma = true;
  for (const child of pattern.children) {
    if (!child) continue;
    if (child.type === ',') {
      if (lastWasComma) index++;
      lastWasComma = true;
      continue;
    }
    if (!child.isNamed || child.type === 'comment') continue;
    lastWasComma = false;
    if (child.type === 'rest_pattern') {
      yield* assignPattern(ip, child, items.slice(index), scope, kind);
      return;
    }
    yield* assignPattern(ip, child, items[index], scope, kind);
    index++;
  }
}

/** A property name in an object literal or pattern. */
export function* propertyKey(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<PropertyKey> {
  switch (node.type) {
    case 'string': return stringValue(node);
    case 'number': return String(Number(node.text.replace(/_/g, '')));
    case 'computed_property_name': {
      const key = yield* evalExpr(ip, namedChildren(node)[0]!, scope);
      return typeof key === 'symbol' ? key : String(key);
    }
    default: return node.text;
  }
}
