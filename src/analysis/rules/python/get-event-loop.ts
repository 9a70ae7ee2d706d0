/** py/get-event-loop: `asyncio.get_event_loop()` inside a coroutine; `get_running_loop()` says what it means. */
import type { Node } from 'web-tree-sitter';
import { asyncioName } from '../../python/fixes';
import type { PythonFile } from '../../python/semantics';
import type { Fix, Rule } from '../../types';
import doc from './get-event-loop.md';

const NAMES = new Set(['asyncio.get_event_loop', 'asyncio.events.get_event_loop']);

function runningLoopFix(file: PythonFile, call: Node): Fix | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  if (callee.type === 'attribute') {
    const attribute = callee.childForFieldName('attribute');
    if (!attribute) return undefined;
    return { title: 'Use `get_running_loop()`', safe: true, edits: [{ start: attribute.startIndex, end: attribute.endIndex, newText: 'get_running_loop' }] };
  }
  const asyncio = asyncioName(file);
  return { title: 'Use `asyncio.get_running_loop()`', safe: true, edits: [{ start: callee.startIndex, end: callee.endIndex, newText: `${asyncio.name}.get_running_loop` }, ...asyncio.edits] };
}

export const getEventLoop: Rule<PythonFile> = {
  id: 'py/get-event-loop',
  family: 'python',
  defaultSeverity: 'warning',
  summary: '`asyncio.get_event_loop()` in a coroutine: use `asyncio.get_running_loop()`',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!file.isAsyncContext(call)) continue;
      const name = file.calleeName(call);
      if (!name || !NAMES.has(name)) continue;
      const fix = runningLoopFix(file, call);
      context.report({
        node: call,
        message: 'In a coroutine `asyncio.get_event_loop()` returns the running loop, but through the old API that reads as if it might fetch or create some other loop (outside a coroutine it does, and that use is deprecated). `asyncio.get_running_loop()` says which loop you mean and works the same here.',
        fixes: fix ? [fix] : [],
      });
    }
  },
};
