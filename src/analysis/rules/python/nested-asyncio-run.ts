/**
 * py/nested-asyncio-run: starting an event loop from inside a running one
 * raises RuntimeError — directly, or through a same-file helper function; in
 * a notebook cell the kernel's loop is already running at the top level.
 */
import type { Node } from 'web-tree-sitter';
import { loopStarterOf, loopStartKind } from '../../python/loops';
import { inRunningLoop, nestAsyncioApplyCalls, nestingAllowed } from '../../python/runningLoop';
import type { PythonFile } from '../../python/semantics';
import { awaitExpression } from '../../python/fixes';
import type { Fix, Rule } from '../../types';
import doc from './nested-asyncio-run.md';

const NEST_ASYNCIO_HINT =
  '`nest_asyncio.apply()` patches asyncio so that event loops can nest: the nested runs below are not reported. It has a cost: a nested run drives the loop from inside one task, so that task is stuck mid-step while the others run, exceptions and cancellation cross the nesting in surprising ways, and it only works with the pure-Python asyncio loop (not uvloop). In a notebook, top-level `await` does the same without the patch.';

export const nestedAsyncioRun: Rule<PythonFile> = {
  id: 'py/nested-asyncio-run',
  family: 'python',
  defaultSeverity: 'error',
  summary: '`asyncio.run()` / `run_until_complete()` inside a running event loop raises RuntimeError',
  interopCodes: [],
  doc,
  check(context, file) {
    const applied = nestAsyncioApplyCalls(file);
    for (const apply of applied) context.report({ node: apply, message: NEST_ASYNCIO_HINT, severity: 'hint' });
    for (const call of file.calls) {
      if (!inRunningLoop(context, file, call)) continue;
      const moduleLevel = !file.enclosingFunction(call);
      const notebook = !!context.runningLoop && moduleLevel;
      if (nestingAllowed(applied, call, moduleLevel)) continue;
      const kind = loopStartKind(file, call);
      if (kind) {
        context.report({
          node: call,
          message: notebook
            ? `\`${kind}\` in a notebook cell raises RuntimeError (${kind === 'asyncio.run()' ? '"asyncio.run() cannot be called from a running event loop"' : '"This event loop is already running"'}): the kernel already runs an event loop, and a cell's top level runs inside it. Await the coroutine instead: notebooks allow top-level \`await\`.`
            : `\`${kind}\` inside a coroutine raises RuntimeError: an event loop is already running here. Await the coroutine instead.`,
          fixes: kind === 'asyncio.run()' || (notebook && kind === 'loop.run_until_complete()') ? awaitFix(call) : [],
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
        message: notebook
          ? `\`${name}()\` calls \`${starter.kind}\` (see related location), which raises RuntimeError in a notebook cell: the kernel's event loop is already running. Make it \`async\` and \`await\` it.`
          : `\`${name}()\` calls \`${starter.kind}\` (see related location), which raises RuntimeError when called from a running event loop.`,
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
