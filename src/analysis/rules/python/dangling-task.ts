/** py/dangling-task: a task whose reference is dropped may be garbage-collected before it finishes. */
import type { Node } from 'web-tree-sitter';
import { statementCall } from '../../python/coroutines';
import type { PythonFile } from '../../python/semantics';
import { indentationAt } from '../../syntax';
import type { Fix, Rule, TextEdit } from '../../types';
import doc from './dangling-task.md';

const TASK_FUNCTIONS = new Set(['asyncio.create_task', 'asyncio.ensure_future', 'asyncio.tasks.create_task', 'asyncio.tasks.ensure_future']);
const LOOP_ORIGINS = new Set(['asyncio.get_running_loop', 'asyncio.get_event_loop', 'asyncio.new_event_loop', 'asyncio.events.get_running_loop', 'asyncio.events.get_event_loop']);
const TASK_SET = '_background_tasks';

/** `asyncio.create_task(...)`, or `loop.create_task(...)` on an event loop (not a `TaskGroup`, which keeps its tasks). */
function taskCreation(file: PythonFile, call: Node): string | undefined {
  const name = file.calleeName(call);
  if (name !== undefined) return TASK_FUNCTIONS.has(name) ? name : undefined;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'create_task') return undefined;
  const object = callee.childForFieldName('object');
  if (!object) return undefined;
  const origin = file.valueOrigin(object);
  if (origin !== undefined) return LOOP_ORIGINS.has(origin) ? 'loop.create_task' : undefined;
  return /(^|[._])loop$/.test(object.text) ? 'loop.create_task' : undefined;
}

/** Keeps the task in a module-level set until it is done. Only for a statement alone on its line(s). */
function keepReferenceFix(file: PythonFile, statement: Node, call: Node): Fix | undefined {
  const text = file.text;
  const parent = statement.parent;
  if (parent?.type !== 'block' && parent?.type !== 'module') return undefined;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(lineStart, statement.startIndex).trim() !== '') return undefined;
  const newline = text.indexOf('\n', statement.endIndex);
  const lineEnd = newline === -1 ? text.length : newline;
  const rest = text.slice(statement.endIndex, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  const scope = file.enclosingFunction(statement) ?? file.module;
  const variable = file.bindingsOf(scope).has('task') ? 'background_task' : 'task';
  const indent = indentationAt(text, statement.startIndex);
  const edits: TextEdit[] = [
    { start: call.startIndex, end: call.endIndex, newText: `${variable} = ${call.text}` },
    { start: lineEnd, end: lineEnd, newText: `\n${indent}${TASK_SET}.add(${variable})\n${indent}${variable}.add_done_callback(${TASK_SET}.discard)` },
  ];
  if (!file.bindingsOf(file.module).has(TASK_SET)) {
    const offset = file.importInsertionOffset();
    const before = offset > 0 && text[offset - 1] !== '\n' ? '\n' : '';
    edits.push({ start: offset, end: offset, newText: `${before}\n${TASK_SET} = set()\n` });
  }
  return { title: `Keep a reference in \`${TASK_SET}\` until the task is done`, safe: true, edits };
}

export const danglingTask: Rule<PythonFile> = {
  id: 'py/dangling-task',
  family: 'python',
  defaultSeverity: 'warning',
  summary: 'the task returned by `create_task()` is dropped: it can be garbage-collected mid-flight and its errors are lost',
  interopCodes: ['RUF006'],
  doc,
  check(context, file) {
    for (const statement of file.expressionStatements) {
      const call = statementCall(statement);
      const kind = call ? taskCreation(file, call) : undefined;
      if (!call || !kind) continue;
      const fix = keepReferenceFix(file, statement, call);
      context.report({
        node: call,
        message: `The task from \`${kind}()\` is not stored: the event loop keeps only a weak reference, so it can be garbage-collected before it finishes, and its exception is never seen. Keep a reference (a set + \`add_done_callback(set.discard)\`) or use a \`TaskGroup\`.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
