/** py/async-without-await: an `async def` that never awaits gains nothing from being a coroutine. */
import type { Node } from 'web-tree-sitter';
import { classifyBlockingCall } from '../../python/blocking';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import doc from './async-without-await.md';

const EXPLAINING_CALLS = new Set(['asyncio.get_event_loop', 'asyncio.run']);

/** A body of only docstrings, `pass`, `...` and `raise`: a stub or an abstract method. */
function isStub(fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return true;
  return body.namedChildren.every((statement) => {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement' || statement.type === 'raise_statement') return true;
    if (statement.type !== 'expression_statement') return false;
    const expression = statement.firstNamedChild;
    return expression?.type === 'string' || expression?.type === 'ellipsis';
  });
}

/** A method that may override or implement an interface: its class has bases, it is a dunder, or it is decorated. */
function mayImplementInterface(fn: Node): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (fn.parent?.type === 'decorated_definition') return true;
  const classBody = fn.parent?.type === 'block' ? fn.parent : null;
  const cls = classBody?.parent?.type === 'class_definition' ? classBody.parent : null;
  if (!cls) return false;
  return (name.startsWith('__') && name.endsWith('__')) || !!cls.childForFieldName('superclasses');
}

export const asyncWithoutAwait: Rule<PythonFile> = {
  id: 'py/async-without-await',
  family: 'python',
  defaultSeverity: 'hint',
  summary: '`async def` that never awaits: make it a plain function',
  interopCodes: ['RUF029'],
  doc,
  check(context, file) {
    let explained: Set<number> | undefined;
    for (const fn of file.functions) {
      if (!file.isAsync(fn) || file.functionSuspends(fn) || file.isGenerator(fn)) continue;
      if (isStub(fn) || mayImplementInterface(fn) || file.enclosingFunction(fn)) continue;
      explained ??= explainedFunctions(file);
      if (explained.has(fn.id)) continue;
      const name = fn.childForFieldName('name');
      context.report({
        node: fn,
        start: fn.startIndex,
        end: name?.endIndex ?? fn.startIndex + 5,
        message: `\`${name?.text ?? 'This function'}\` is \`async\` but never awaits: calling it only wraps a plain result in a coroutine, and its body still runs without ever letting other tasks in. Make it a plain \`def\`, or await the async work it should do.`,
      });
    }
  },
};

/** Coroutines with a finding that explains the missing await (a blocking call whose fix adds one, a nested loop start...). */
function explainedFunctions(file: PythonFile): Set<number> {
  const result = new Set<number>();
  for (const call of file.calls) {
    const fn = file.enclosingFunction(call);
    if (!fn || !file.isAsync(fn) || result.has(fn.id)) continue;
    const name = file.calleeName(call);
    if ((name !== undefined && EXPLAINING_CALLS.has(name)) || classifyBlockingCall(file, call) || file.calledCoroutineFunction(call)) result.add(fn.id);
  }
  return result;
}
