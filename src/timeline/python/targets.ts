/** Assignment targets: names, attributes, subscripts, tuple/list unpacking with `*rest`. */
import { collect } from './limits';
import type { Interpreter } from './interpreter';
import { evalExpr, setItem } from './expressions';
import { field, type SyntaxNode } from './syntax';
import { PyList, Unsupported, type Gen, type Scope, type Value } from './values';

export function* assignTarget(interp: Interpreter, target: SyntaxNode, value: Value, scope: Scope): Gen<void> {
  switch (target.type) {
    case 'identifier':
      interp.assignName(target.text, value, scope);
      return;
    case 'attribute': {
      const obj = yield* evalExpr(interp, field(target, 'object')!, scope);
      interp.setAttr(obj, field(target, 'attribute')!.text, value, target);
      return;
    }
    case 'subscript': {
      const obj = yield* evalExpr(interp, field(target, 'value')!, scope);
      const key = yield* evalExpr(interp, field(target, 'subscript')!, scope);
      setItem(interp, obj, key, value, target);
      return;
    }
    case 'parenthesized_expression':
      return yield* assignTarget(interp, target.named[0]!, value, scope);
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const items = collect(interp.iterate(value, target));
      const targets = target.named;
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern' || t.type === 'list_splat');
      if (star < 0) {
        if (items.length !== targets.length) {
          const message = items.length > targets.length ? `too many values to unpack (expected ${targets.length})` : `not enough values to unpack (expected ${targets.length}, got ${items.length})`;
          throw interp.raiser.raise('ValueError', message, target);
        }
        for (let i = 0; i < targets.length; i++) yield* assignTarget(interp, targets[i]!, items[i]!, scope);
        return;
      }
      const after = targets.length - star - 1;
      if (items.length < targets.length - 1) throw interp.raiser.raise('ValueError', `not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`, target);
      for (let i = 0; i < star; i++) yield* assignTarget(interp, targets[i]!, items[i]!, scope);
      yield* assignTarget(interp, targets[star]!.named[0]!, new PyList(items.slice(star, items.length - after)), scope);
      for (let i = 0; i < after; i++) yield* assignTarget(interp, targets[star + 1 + i]!, items[items.length - after + i]!, scope);
      return;
    }
    default:
      throw new Unsupported(`assignment to ${target.type}`, target);
  }
}
