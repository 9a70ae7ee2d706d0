/** Building blocks for Python quick fixes: adding imports, inserting `await` safely. */
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../types';
import type { PythonFile } from './semantics';

/** Parent contexts where `await x` must be parenthesised to keep its meaning. */
const PRIMARY_PARENTS = new Set(['attribute', 'subscript', 'call', 'await', 'unary_operator', 'binary_operator']);

/** Wraps `replacement` (the new text for `node`) as an awaited expression. */
export function awaitExpression(node: Node, replacement: string): string {
  const parent = node.parent;
  const parenthesise = !!parent && PRIMARY_PARENTS.has(parent.type) && !(parent.type === 'call' && parent.childForFieldName('function')?.id !== node.id);
  return parenthesise ? `(await ${replacement})` : `await ${replacement}`;
}

/**
 * The local name of `asyncio` and, when the module does not import it, the
 * edit that adds `import asyncio`.
 */
export function asyncioName(file: PythonFile): { name: string; edits: TextEdit[] } {
  const alias = file.moduleAlias('asyncio');
  if (alias) return { name: alias, edits: [] };
  const offset = file.importInsertionOffset();
  const needsNewlineBefore = offset > 0 && file.text[offset - 1] !== '\n';
  return { name: 'asyncio', edits: [{ start: offset, end: offset, newText: `${needsNewlineBefore ? '\n' : ''}import asyncio\n` }] };
}

/** Source text of a call's arguments without the parentheses: `1, key=2`. */
export function argumentsText(call: Node): string {
  const args = call.childForFieldName('arguments');
  if (!args) return '';
  return args.text.replace(/^\(/, '').replace(/\)$/, '');
}

/**
 * `f(a, key=1)` → `await asyncio.to_thread(f, a, key=1)`: the callee becomes the
 * first argument and every argument (keywords, `*args`, `**kwargs` too) is
 * passed through unchanged. Undefined when a comment sits among the arguments.
 */
export function toThreadFix(file: PythonFile, call: Node): Fix | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!callee || !args) return undefined;
  const parts = [callee.text];
  if (args.type === 'generator_expression') parts.push(args.text);
  else {
    for (const arg of args.namedChildren) {
      if (!arg) continue;
      if (arg.type === 'comment') return undefined;
      parts.push(arg.text);
    }
  }
  const asyncio = asyncioName(file);
  return {
    title: 'Run it in a thread: `await asyncio.to_thread(…)`',
    safe: false,
    edits: [{ start: call.startIndex, end: call.endIndex, newText: awaitExpression(call, `${asyncio.name}.to_thread(${parts.join(', ')})`) }, ...asyncio.edits],
  };
}

/** `<call>` → `await <call>` (parenthesised where needed). */
export function addAwaitFix(node: Node, title = 'Add `await`', safe = false): Fix {
  return { title, safe, edits: [{ start: node.startIndex, end: node.endIndex, newText: awaitExpression(node, node.text) }] };
}
