/** py/await-outside-async: `await` in a plain function, lambda or at module level is a SyntaxError. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './await-outside-async.md';

/** `(await x for x in xs)` is an asynchronous generator expression, valid in any function. */
function inGeneratorExpression(node: Node, fn: Node | null): boolean {
  for (let current = node.parent; current && current.id !== fn?.id; current = current.parent) {
    if (current.type === 'generator_expression') return true;
  }
  return false;
}

export const awaitOutsideAsync: Rule<PythonFile> = {
  id: 'py/await-outside-async',
  family: 'python',
  defaultSeverity: 'error',
  summary: '`await` outside an `async def` is a SyntaxError',
  interopCodes: ['PLE1142'],
  doc,
  check(context, file) {
    for (const node of file.awaits) {
      const fn = file.enclosingFunction(node);
      if ((fn && file.isAsync(fn)) || inGeneratorExpression(node, fn)) continue;
      if (!fn) {
        context.report({
          node,
          message: '`await` at module level is a SyntaxError in a Python script (JavaScript modules allow top-level await; Python does not, except in notebooks and the asyncio REPL). Move the code into `async def main()` and run it with `asyncio.run(main())`.',
        });
        continue;
      }
      if (fn.type === 'lambda') {
        context.report({ node, message: '`await` inside a `lambda` is a SyntaxError: a lambda cannot be async. Use an `async def`.' });
        continue;
      }
      const name = fn.childForFieldName('name')?.text ?? 'function';
      context.report({
        node,
        message: `\`await\` inside the plain function \`${name}()\` is a SyntaxError. Make it \`async def\` (its callers must then await it).`,
        fixes: [{ title: `Make \`${name}()\` async`, safe: false, edits: [{ start: fn.startIndex, end: fn.startIndex, newText: 'async ' }] }],
      });
    }
  },
};
