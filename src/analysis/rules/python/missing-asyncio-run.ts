/** py/missing-asyncio-run: `main()` at module level only creates a coroutine; nothing runs. */
import { statementCall } from '../../python/coroutines';
import { asyncioName } from '../../python/fixes';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './missing-asyncio-run.md';

export const missingAsyncioRun: Rule<PythonFile> = {
  id: 'py/missing-asyncio-run',
  family: 'python',
  defaultSeverity: 'error',
  summary: 'a module-level call of an `async def` only creates a coroutine: wrap it in `asyncio.run()`',
  interopCodes: ['reportUnusedCoroutine'],
  doc,
  check(context, file) {
    // In a notebook the loop is already running: a bare `main()` there is py/unawaited-coroutine (fix: `await main()`).
    if (context.runningLoop) return;
    for (const statement of file.expressionStatements) {
      const call = statementCall(statement);
      if (!call || file.enclosingFunction(call) || file.enclosingClass(call)) continue;
      if (!file.calledCoroutineFunction(call)) continue;
      const name = call.childForFieldName('function')?.text ?? 'main';
      const asyncio = asyncioName(file);
      context.report({
        node: call,
        message: `\`${name}()\` is an \`async def\`: calling it only creates a coroutine, and nothing runs (Python warns "coroutine was never awaited"). Unlike JavaScript, where calling an async function starts it right away, Python needs an event loop to drive it: \`asyncio.run(${name}())\`.`,
        fixes: [
          {
            title: `Run it: \`asyncio.run(${name}(…))\``,
            safe: true,
            edits: [{ start: call.startIndex, end: call.endIndex, newText: `${asyncio.name}.run(${call.text})` }, ...asyncio.edits],
          },
        ],
      });
    }
  },
};
