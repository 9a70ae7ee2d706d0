/** py/await-outside-async: `await`, `async for` or `async with` in a plain function, lambda or at module level is a SyntaxError. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../../python/semantics';
import { hasAsyncKeyword } from '../../syntax';
import type { Rule } from '../../types';
import doc from './await-outside-async.md';

/**
 * `(await x for x in xs)` and `(x async for x in xs)` are asynchronous generator expressions, valid in any
 * function — except in the first iterable (`xs`), which is evaluated at once in the enclosing scope.
 */
function inGeneratorExpression(node: Node, fn: Node | null): boolean {
  for (let current = node.parent, child: Node = node; current && current.id !== fn?.id; child = current, current = current.parent) {
    if (current.type !== 'generator_expression') continue;
    const first = current.namedChildren.find((c) => c?.type === 'for_in_clause');
    const iterable = first?.childForFieldName('right');
    if (!iterable || child.id !== first?.id || !(node.startIndex >= iterable.startIndex && node.endIndex <= iterable.endIndex)) return true;
  }
  return false;
}

/** `await`, `async for`, `async with` and async comprehensions: the constructs only a coroutine may contain. */
function asyncConstructs(file: PythonFile): { node: Node; construct: string }[] {
  const found = file.awaits.map((node) => ({ node, construct: '`await`' }));
  for (const node of file.forLoops) if (hasAsyncKeyword(node)) found.push({ node, construct: '`async for`' });
  for (const node of file.withStatements) if (hasAsyncKeyword(node)) found.push({ node, construct: '`async with`' });
  for (const node of file.comprehensionClauses) if (hasAsyncKeyword(node)) found.push({ node, construct: 'an `async for` comprehension' });
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

export const awaitOutsideAsync: Rule<PythonFile> = {
  id: 'py/await-outside-async',
  family: 'python',
  defaultSeverity: 'error',
  summary: '`await` (or `async for` / `async with`) outside an `async def` is a SyntaxError',
  interopCodes: ['PLE1142'],
  doc,
  check(context, file) {
    for (const { node, construct } of asyncConstructs(file)) {
      const fn = file.enclosingFunction(node);
      if ((fn && file.isAsync(fn)) || inGeneratorExpression(node, fn)) continue;
      const at = { node, end: node.type === 'await' ? node.endIndex : node.startIndex + 'async'.length };
      if (!fn) {
        // A notebook cell's top level runs in the kernel's loop: `await` is valid there (not in a class body).
        if (context.runningLoop && !file.enclosingClass(node)) continue;
        context.report({
          ...at,
          message: `${capitalise(construct)} at module level is a SyntaxError in a Python script (JavaScript modules allow top-level await; Python does not, except in notebooks and the asyncio REPL). Move the code into \`async def main()\` and run it with \`asyncio.run(main())\`.`,
        });
        continue;
      }
      if (fn.type === 'lambda') {
        context.report({ ...at, message: `${capitalise(construct)} inside a \`lambda\` is a SyntaxError: a lambda cannot be async. Use an \`async def\`.` });
        continue;
      }
      const name = fn.childForFieldName('name')?.text ?? 'function';
      context.report({
        ...at,
        message: `${capitalise(construct)} inside the plain function \`${name}()\` is a SyntaxError. Make it \`async def\` (its callers must then await it).`,
        fixes: [{ title: `Make \`${name}()\` async`, safe: false, edits: [{ start: fn.startIndex, end: fn.startIndex, newText: 'async ' }] }],
      });
    }
  },
};

function capitalise(text: string): string {
  return text.startsWith('an ') ? `An ${text.slice(3)}` : text;
}
