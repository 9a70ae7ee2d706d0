/** py/dangling-task: a task whose reference is dropped may be garbage-collected before it finishes. */
import type { Node } from 'web-tree-sitter';
import { statementCall } from '../../python/coroutines';
import { returnedTask, taskCreation } from '../../python/tasks';
import type { PythonFile } from '../../python/semantics';
import { indentationAt } from '../../syntax';
import type { Fix, Rule, TextEdit } from '../../types';
import doc from './dangling-task.md';

const TASK_SET = '_background_tasks';

/** `name = <task creation>` in a function whose body never reads `name` again: the reference dies with the frame. */
function unusedLocalTask(file: PythonFile, call: Node): string | undefined {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return undefined;
  const target = assignment.childForFieldName('left');
  // `task = other = create_task(...)`: the other target may keep it.
  if (assignment.parent?.type === 'assignment') return undefined;
  const fn = file.enclosingFunction(call);
  if (target?.type !== 'identifier' || !fn || fn.type !== 'function_definition') return undefined;
  const name = target.text;
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const pattern = new RegExp(`\\b${name}\\b`, 'g');
  const text = file.text.slice(body.startIndex, body.endIndex);
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = body.startIndex + match.index;
    const id = file.module.descendantForIndex(start, start + name.length);
    if (id?.type !== 'identifier' || id.startIndex !== start) continue;
    const parent = id.parent;
    // Another plain assignment to the name is not a read; `global` / `nonlocal` make it outlive the frame.
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === id.id) continue;
    return undefined;
  }
  return name;
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
    for (const call of file.calls) {
      if (call.parent?.type !== 'assignment') continue;
      const kind = taskCreation(file, call);
      const name = kind ? unusedLocalTask(file, call) : undefined;
      if (!kind || !name) continue;
      context.report({
        node: call,
        message: `The task from \`${kind}()\` is stored in \`${name}\`, which is never used again: when the function returns, the event loop holds only a weak reference, so the task can be garbage-collected before it finishes, and its exception is never seen. Keep it in a set with \`add_done_callback(set.discard)\`, await it, or use a \`TaskGroup\`.`,
      });
    }
    for (const statement of file.expressionStatements) {
      const call = statementCall(statement);
      if (!call) continue;
      const kind = taskCreation(file, call);
      if (!kind) {
        const helper = file.calledFunction(call);
        const returned = helper ? returnedTask(file, helper) : undefined;
        if (!returned) continue;
        const name = call.childForFieldName('function')?.text ?? 'this function';
        context.report({
          node: call,
          message: `\`${name}()\` returns the task it creates with \`${returned.kind}()\` (see related location), and this call drops it: the event loop keeps only a weak reference, so the task can be garbage-collected before it finishes, and its exception is never seen. Keep the returned task.`,
          related: [{ start: returned.call.startIndex, end: returned.call.endIndex, message: `the task is created here and returned` }],
        });
        continue;
      }
      const fix = keepReferenceFix(file, statement, call);
      context.report({
        node: call,
        message: `The task from \`${kind}()\` is not stored: the event loop keeps only a weak reference, so it can be garbage-collected before it finishes, and its exception is never seen. Keep a reference (a set + \`add_done_callback(set.discard)\`) or use a \`TaskGroup\`.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
