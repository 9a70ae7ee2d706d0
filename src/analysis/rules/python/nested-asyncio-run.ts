/**
 * py/nested-asyncio-run: starting an event loop from inside a running one
 * raises RuntimeError — directly, or through a same-file helper function.
 */
import type { Node } from 'web-tree-sitter';
import { loopStarterOf, loopStartKind } from '../../python/loops';
import type { PythonFile } from '../../python/semantics';
import { awaitExpression } from '../../python/fixes';
import type { Fix, Rule } from '../../types';
import doc from './nested-asyncio-run.md';

export const nestedAsyncioRun: Rule<PythonFile> = {
  id: 'py/nested-asyncio-run',
  family: 'python',
  defaultSeverity: 'error',
  summary: '`asyncio.run()` / `run_until_complete()` inside a running event loop raises RuntimeError',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!file.isAsyncContext(call)) continue;
      const kind = loopStartKind(file, call);
      if (kind) {
        context.report({
          node: call,
          message: `\`${kind}\` inside a coroutine raises RuntimeError: an event loop is already running here. Await the coroutine instead.`,
          fixes: kind === 'asyncio.run()' ? awaitFix(call) : [],
        });
        continue;
      }
      const target = file.calledFunction(call);
      const starter = target ? loopStarterOf(file, target) : undefined;
      if (!starter) continue;
      const name = call.childForFieldName('function')?.text ?? 'this function';
      // No line number in the message: the related location carries it, and messages must not depend on other statements' positions.
      context.report({
        node: call,
        message: `\`${name}()\` calls \`${starter.kind}\` (see related location), which raises RuntimeError when called from a running event loop.`,
        related: [{ start: starter.inner.startIndex, end: starter.inner.endIndex, message: `\`${starter.kind}\` starts a second event loop here` }],
      });
    }
  },
};

/** `asyncio.run(coro)` → `await coro`, only for the single-argument form. */
function awaitFix(call: Node): Fix[] {
  const args = call.childForFieldName('arguments');
  const only = args?.namedChildCount === 1 ? args.namedChild(0) : null;
  if (!only || only.type === 'keyword_argument' || only.type.endsWith('splat')) return [];
  return [{ title: 'Replace with `await …`', safe: true, edits: [{ start: call.startIndex, end: call.endIndex, newText: awaitExpression(call, only.text) }] }];
}
