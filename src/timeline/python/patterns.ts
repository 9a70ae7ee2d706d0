/** The `match` statement: structural pattern matching over the interpreter's values. */
import { evalExpr } from './expressions';
import type { Completion, Interpreter } from './interpreter';
import { pyEquals } from './operations';
import { field, fieldAll, type SyntaxNode } from './syntax';
import { PyClass, PyDict, PyInstance, PyList, PyTuple, Unsupported, type Gen, type Scope, type Value } from './values';

export function* execMatch(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen<Completion> {
  const subject = yield* evalExpr(interp, field(node, 'subject')!, scope);
  for (const clause of fieldAll(field(node, 'body')!, 'alternative')) {
    const pattern = clause.named.find((c) => c.type === 'case_pattern')!;
    if (!(yield* matchPattern(interp, pattern, subject, scope))) continue;
    const guard = field(clause, 'guard');
    if (guard && !interp.truthy(yield* evalExpr(interp, guard.named[0]!, scope))) continue;
    return yield* interp.execBlock(field(clause, 'consequence')!, scope);
  }
  return null;
}

function* valueOf(interp: Interpreter, node: SyntaxNode, scope: Scope): Gen {
  if (node.type === 'dotted_name') {
    const [first, ...rest] = node.named;
    let v = interp.lookup(first!.text, scope, node);
    for (const part of rest) v = interp.getAttr(v, part.text, node);
    return v;
  }
  return yield* evalExpr(interp, node, scope);
}

function isInstance(interp: Interpreter, v: Value, cls: Value): boolean {
  return interp.callSync(interp.builtins.get('isinstance')!, [v, cls]) === true;
}

function* matchSequence(interp: Interpreter, items: readonly SyntaxNode[], subject: Value, scope: Scope): Gen<boolean> {
  if (!(subject instanceof PyList || subject instanceof PyTuple)) return false;
  const values = subject.items;
  const star = items.findIndex((p) => p.type === 'splat_pattern' || p.named[0]?.type === 'splat_pattern');
  if (star < 0 ? values.length !== items.length : values.length < items.length - 1) return false;
  const after = star < 0 ? 0 : items.length - star - 1;
  for (let i = 0; i < items.length; i++) {
    if (i === star) {
      const splat = items[i]!.type === 'splat_pattern' ? items[i]! : items[i]!.named[0]!;
      const name = splat.named[0]?.text;
      if (name && name !== '_') interp.assignName(name, new PyList(values.slice(i, values.length - after)), scope);
      continue;
    }
    const v = star >= 0 && i > star ? values[values.length - (items.length - i)]! : values[i]!;
    if (!(yield* matchPattern(interp, items[i]!, v, scope))) return false;
  }
  return true;
}

export function* matchPattern(interp: Interpreter, pattern: SyntaxNode, subject: Value, scope: Scope): Gen<boolean> {
  switch (pattern.type) {
    case 'case_pattern': {
      const inner = pattern.named[0];
      return inner ? yield* matchPattern(interp, inner, subject, scope) : true;
    }
    case 'dotted_name': {
      if (pattern.named.length === 1) {
        const name = pattern.named[0]!.text;
        if (name !== '_') interp.assignName(name, subject, scope);
        return true;
      }
      return pyEquals(interp, subject, yield* valueOf(interp, pattern, scope));
    }
    case 'union_pattern':
      for (const alt of pattern.named) if (yield* matchPattern(interp, alt, subject, scope)) return true;
      return false;
    case 'as_pattern': {
      const inner = pattern.named.find((c) => c.type === 'case_pattern');
      if (inner && !(yield* matchPattern(interp, inner, subject, scope))) return false;
      const name = pattern.named.find((c) => c.type === 'identifier');
      if (name) interp.assignName(name.text, subject, scope);
      return true;
    }
    case 'list_pattern':
    case 'tuple_pattern':
      return yield* matchSequence(interp, pattern.named, subject, scope);
    case 'dict_pattern': {
      if (!(subject instanceof PyDict)) return false;
      const keys = fieldAll(pattern, 'key');
      const values = fieldAll(pattern, 'value');
      const used: Value[] = [];
      for (let i = 0; i < keys.length; i++) {
        const key = yield* valueOf(interp, keys[i]!, scope);
        const v = subject.get(key);
        if (v === undefined || !(yield* matchPattern(interp, values[i]!, v, scope))) return false;
        used.push(key);
      }
      const rest = pattern.named.find((c) => c.type === 'splat_pattern');
      const restName = rest?.named[0]?.text;
      if (restName) {
        const d = new PyDict();
        for (const [k, v] of subject.entries()) if (!used.some((u) => pyEquals(interp, u, k))) d.set(k, v);
        interp.assignName(restName, d, scope);
      }
      return true;
    }
    case 'class_pattern': {
      const cls = yield* valueOf(interp, pattern.named[0]!, scope);
      if (!isInstance(interp, subject, cls)) return false;
      const args = pattern.named.slice(1).map((c) => (c.type === 'case_pattern' && c.named[0]?.type === 'keyword_pattern' ? c.named[0] : c));
      const positional = args.filter((a) => a.type !== 'keyword_pattern');
      if (positional.length > 0) {
        const builtin = cls instanceof PyClass && !(subject instanceof PyInstance);
        const matchArgs = cls instanceof PyClass ? cls.lookup('__match_args__') : undefined;
        const names = matchArgs instanceof PyTuple ? matchArgs.items.map(String) : cls instanceof PyClass ? cls.mro.slice().reverse().flatMap((c) => c.annotations) : [];
        for (let i = 0; i < positional.length; i++) {
          const v = builtin && i === 0 ? subject : names[i] !== undefined ? interp.findAttr(subject, names[i]!) : undefined;
          if (v === undefined) throw interp.raiser.raise('TypeError', `${interp.str(cls)}() accepts ${names.length} positional sub-patterns (${positional.length} given)`, pattern);
          if (!(yield* matchPattern(interp, positional[i]!, v, scope))) return false;
        }
      }
      for (const kw of args.filter((a) => a.type === 'keyword_pattern')) {
        const v = interp.findAttr(subject, kw.named[0]!.text);
        if (v === undefined || !(yield* matchPattern(interp, kw.named[1]!, v, scope))) return false;
      }
      return true;
    }
    case 'splat_pattern':
      throw new Unsupported('a star pattern outside a sequence pattern', pattern);
    default: {
      const value = yield* evalExpr(interp, pattern, scope);
      if (value === null || typeof value === 'boolean') return subject === value;
      return pyEquals(interp, subject, value);
    }
  }
}
