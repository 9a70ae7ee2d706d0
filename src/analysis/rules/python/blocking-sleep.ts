/** py/blocking-sleep: `time.sleep()` inside a coroutine freezes the event loop. */
import type { PythonFile } from '../../python/semantics';
import { asyncioName, awaitExpression } from '../../python/fixes';
import type { Rule } from '../../types';
import doc from './blocking-sleep.md';

export const blockingSleep: Rule<PythonFile> = {
  id: 'py/blocking-sleep',
  family: 'python',
  defaultSeverity: 'warning',
  summary: '`time.sleep()` in a coroutine blocks the whole event loop',
  interopCodes: ['ASYNC251'],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!file.isAsyncContext(call) || file.calleeName(call) !== 'time.sleep') continue;
      const args = call.childForFieldName('arguments');
      const asyncio = asyncioName(file);
      const replacement = `${asyncio.name}.sleep${args ? args.text : '()'}`;
      context.report({
        node: call,
        message: '`time.sleep()` blocks the event loop: no other task, callback or I/O runs until it returns. Use `await asyncio.sleep()`.',
        fixes: [
          {
            title: 'Replace with `await asyncio.sleep(…)`',
            safe: true,
            edits: [{ start: call.startIndex, end: call.endIndex, newText: awaitExpression(call, replacement) }, ...asyncio.edits],
          },
        ],
      });
    }
  },
};
