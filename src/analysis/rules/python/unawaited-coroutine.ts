/** py/unawaited-coroutine: a coroutine created as a statement and dropped never runs. */
import { coroutineSource, statementCall } from '../../python/coroutines';
import { addAwaitFix } from '../../python/fixes';
import { atCellTopLevel } from '../../python/runningLoop';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './unawaited-coroutine.md';

export const unawaitedCoroutine: Rule<PythonFile> = {
  id: 'py/unawaited-coroutine',
  family: 'python',
  defaultSeverity: 'warning',
  summary: 'a coroutine is created and dropped without `await`: its body never runs',
  interopCodes: ['reportUnusedCoroutine'],
  doc,
  check(context, file) {
    for (const statement of file.expressionStatements) {
      const call = statementCall(statement);
      if (!call) continue;
      const source = coroutineSource(file, call);
      if (!source) continue;
      const inFunction = !!file.enclosingFunction(call);
      const cellTopLevel = atCellTopLevel(context, file, call);
      // Module-level calls of same-file coroutines are py/missing-asyncio-run (in scripts: a notebook's loop is already running).
      if (source.kind === 'same-file' && !inFunction && !file.enclosingClass(call) && !cellTopLevel) continue;
      const async = file.isAsyncContext(call) || cellTopLevel;
      const what = source.name === 'asyncio.gather' ? '`asyncio.gather(...)` is not awaited: its results and exceptions are lost' : `\`${source.name}()\` creates a coroutine that is never awaited: its body never runs`;
      const hint = cellTopLevel
        ? 'In a notebook cell it only gives a coroutine object (the cell shows `<coroutine object …>`) and nothing runs: the kernel\'s loop is already running, so write `await` in front of it (top-level `await` works in notebooks).'
        : async ? 'Add `await` (or `asyncio.create_task(...)` to run it concurrently).' : 'A plain function cannot await it: make the caller `async`, or run it with `asyncio.run(...)`.';
      context.report({ node: call, message: `${what}. ${hint}`, fixes: async ? [addAwaitFix(call)] : [] });
    }
  },
};
