/** py/blocking-sync-primitive: thread locks, events, queues and futures waited on inside a coroutine block (or deadlock) the event loop. */
import { classifyBlockingCall, executorOfWithItem, threadLockOfWithItem } from '../../python/blocking';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './blocking-sync-primitive.md';

const ASYNCIO_EQUIVALENT: Record<string, string> = {
  threading: '`asyncio.Lock` / `asyncio.Event` / `asyncio.Semaphore` / `asyncio.Condition`',
  queue: '`asyncio.Queue`',
  concurrent: '`await asyncio.wrap_future(future)` (or `asyncio.wait` / `asyncio.as_completed` over wrapped futures)',
  asyncio: '`await asyncio.wrap_future(future)`',
};

function equivalent(display: string): string {
  return ASYNCIO_EQUIVALENT[display.split('.')[0]!] ?? 'the asyncio equivalent';
}

export const blockingSyncPrimitive: Rule<PythonFile> = {
  id: 'py/blocking-sync-primitive',
  family: 'python',
  defaultSeverity: 'warning',
  summary: 'waiting on a `threading` lock/event, a `queue.Queue` or a `concurrent.futures.Future` in a coroutine blocks the event loop',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!file.isAsyncContext(call)) continue;
      const blocking = classifyBlockingCall(file, call);
      if (blocking?.category !== 'sync-primitive') continue;
      context.report({
        node: call,
        message: `\`${blocking.display}\` blocks the event loop's thread until another thread acts — if that other party is a task on this loop, it never runs (deadlock). Use ${equivalent(blocking.display)}.`,
      });
    }
    for (const statement of file.withStatements) {
      if (statement.text.startsWith('async') || !file.isAsyncContext(statement)) continue;
      for (const item of statement.descendantsOfType('with_item')) {
        if (!item || item.parent?.parent?.id !== statement.id) continue;
        const executor = executorOfWithItem(file, item, statement.childForFieldName('body'));
        if (executor) {
          context.report({
            node: item,
            message: `Leaving this \`with\` block calls \`${executor.split('.').pop()}.shutdown(wait=True)\`, which blocks the event loop's thread until the submitted work is done. Await the work with \`loop.run_in_executor(...)\` / \`asyncio.wrap_future(...)\` before leaving, or create the executor outside the coroutine.`,
          });
          continue;
        }
        const lock = threadLockOfWithItem(file, item);
        if (!lock) continue;
        context.report({
          node: item,
          message: `\`with\` on a \`${lock}\` blocks the event loop's thread while it waits for the lock. Use \`async with\` on an \`asyncio.Lock\`.`,
        });
      }
    }
  },
};
