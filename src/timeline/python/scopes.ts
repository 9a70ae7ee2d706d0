/** Static facts about function bodies: which names are local, whether it is a generator. */
import { field, type SyntaxNode } from './syntax';

const localsCache = new WeakMap<SyntaxNode, ReadonlySet<string>>();

/** Names a function binds locally (Python decides this statically), minus its global/nonlocal names. */
export function localNames(fn: SyntaxNode): ReadonlySet<string> {
  const cached = localsCache.get(fn);
  if (cached) return cached;
  const names = new Set<string>();
  const declared = new Set<string>();
  const bindTarget = (t: SyntaxNode | null): void => {
    if (!t) return;
    if (t.type === 'identifier') names.add(t.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'as_pattern_target'].includes(t.type)) t.named.forEach(bindTarget);
  };
  const walk = (n: SyntaxNode): void => {
    for (const c of n.named) {
      switch (c.type) {
        case 'function_definition':
        case 'class_definition':
          bindTarget(field(c, 'name'));
          continue;
        case 'lambda':
        case 'list_comprehension':
        case 'set_comprehension':
        case 'dictionary_comprehension':
        case 'generator_expression':
          continue;
        case 'global_statement':
        case 'nonlocal_statement':
          c.named.forEach((id) => declared.add(id.text));
          continue;
        case 'assignment':
        case 'augmented_assignment':
          bindTarget(field(c, 'left'));
          break;
        case 'for_statement':
          bindTarget(field(c, 'left'));
          break;
        case 'as_pattern':
          bindTarget(field(c, 'alias'));
          break;
        case 'named_expression':
          bindTarget(field(c, 'name'));
          break;
        case 'aliased_import':
          bindTarget(field(c, 'alias'));
          continue;
        case 'dotted_name':
          if (n.type === 'import_statement') names.add(c.named[0]!.text);
          else if (n.type === 'import_from_statement' && n.fields.get('name')?.includes(c)) names.add(c.text);
          continue;
      }
      walk(c);
    }
  };
  for (const p of field(fn, 'parameters')?.named ?? []) {
    const id = p.type === 'identifier' ? p : (field(p, 'name') ?? p.named.find((x) => x.type === 'identifier') ?? p.named[0]?.named[0]);
    if (id) names.add(id.text);
  }
  const body = field(fn, 'body');
  if (body) walk(body);
  for (const d of declared) names.delete(d);
  localsCache.set(fn, names);
  return names;
}

export function containsYield(node: SyntaxNode): boolean {
  for (const child of node.named) {
    if (child.type === 'yield') return true;
    if (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') continue;
    if (containsYield(child)) return true;
  }
  return false;
}
