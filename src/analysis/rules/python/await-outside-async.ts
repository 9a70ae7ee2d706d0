/** py/await-outside-async: `await` in a plain function, lambda or at module level is a SyntaxError. */
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './await-outside-async.md';

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
      if (fn && file.isAsync(fn)) continue;
      if (!fn) {
        // A notebook cell's top level runs in the kernel's loop: `await` is valid there (not in a class body).
        if (context.runningLoop && !file.enclosingClass(node)) continue;
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
