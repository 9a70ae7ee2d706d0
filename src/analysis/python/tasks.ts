/** Which calls create an asyncio task whose reference matters: `create_task` / `ensure_future` on asyncio or an event loop, and same-file helpers returning one. */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import type { PythonFile } from './semantics';

const TASK_FUNCTIONS = new Set(['asyncio.create_task', 'asyncio.ensure_future', 'asyncio.tasks.create_task', 'asyncio.tasks.ensure_future']);
const LOOP_ORIGINS = new Set([
  'asyncio.get_running_loop',
  'asyncio.get_event_loop',
  'asyncio.new_event_loop',
  'asyncio.events.get_running_loop',
  'asyncio.events.get_event_loop',
  'asyncio.AbstractEventLoop',
  'asyncio.BaseEventLoop',
  'asyncio.events.AbstractEventLoop',
  'asyncio.base_events.BaseEventLoop',
  'asyncio.SelectorEventLoop',
  'asyncio.ProactorEventLoop',
  'uvloop.Loop',
  'uvloop.new_event_loop',
]);
/** An object named like an event loop: `loop`, `self._loop`, `bot.loop`. */
const LOOP_NAME = /(^|[._])loop$/;
/** `asyncio.create_task(...)`, or `loop.create_task(...)` on an event loop (not a `TaskGroup`, which keeps its tasks). */
export function taskCreation(file: PythonFile, call: Node): string | undefined {
  const name = file.calleeName(call);
  if (name !== undefined) return TASK_FUNCTIONS.has(name) ? name : undefined;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'create_task') return undefined;
  const object = callee.childForFieldName('object');
  if (!object) return undefined;
  const origin = file.valueOrigin(object);
  if (origin === undefined) return LOOP_NAME.test(object.text) ? 'loop.create_task' : undefined;
  // A known origin decides, unless it is itself a `.loop` attribute of something (`bot: Bot` → `bot.loop`).
  return LOOP_ORIGINS.has(origin) || LOOP_NAME.test(origin) ? 'loop.create_task' : undefined;
}

/** A same-file plain function that returns a new task (`return asyncio.create_task(...)`): the task creation it returns. */
export function returnedTask(file: PythonFile, fn: Node): { call: Node; kind: string } | undefined {
  if (file.isAsync(fn)) return undefined;
  return file.memo('returnedTask', fn.id, () => {
    for (const statement of fn.descendantsOfType('return_statement')) {
      if (!statement || file.enclosingFunction(statement)?.id !== fn.id) continue;
      const value = statement.firstNamedChild ? unwrapParentheses(statement.firstNamedChild) : undefined;
      const kind = value?.type === 'call' ? taskCreation(file, value) : undefined;
      if (value && kind) return { call: value, kind };
    }
    return undefined;
  });
}

