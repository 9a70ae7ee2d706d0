/** ts/async-foreach: `.forEach(async …)` — nothing waits for the callbacks or sees their errors. */
import type { Node } from 'web-tree-sitter';
import { hasAsyncKeyword } from '../../syntax';
import { isAsyncFunctionNode } from '../../typescript/promises';
import { FUNCTION_TYPES, type TsFile } from '../../typescript/semantics';
import type { Fix, Rule } from '../../types';
import doc from './async-foreach.md';

export const asyncForeach: Rule<TsFile> = {
  id: 'ts/async-foreach',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: '`.forEach(async …)`: nothing awaits the callbacks, and their rejections are unhandled',
  interopCodes: ['@typescript-eslint/no-misused-promises'],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      const callee = call.childForFieldName('function');
      if (callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'forEach') continue;
      const callback = call.childForFieldName('arguments')?.namedChild(0);
      if (!callback) continue;
      // Inline (`forEach(async (x) => …)`) or by name (`forEach(save)`, `save` an async function of this file).
      const target = FUNCTION_TYPES.has(callback.type) ? callback : callback.type === 'identifier' || callback.type === 'member_expression' ? file.calleeFunction(callback) : undefined;
      if (!target || !isAsyncFunctionNode(target)) continue;
      context.report({
        node: call,
        start: callee.childForFieldName('property')!.startIndex,
        end: call.endIndex,
        message: '`forEach` ignores the promises its async callback returns: the loop finishes before the work does, and a rejection is unhandled. Use `for…of` with `await`, or `await Promise.all(xs.map(…))`.',
        fixes: fixesFor(file, call, callee, callback, context.language.javascript),
      });
    }
  },
};

function fixesFor(file: TsFile, call: Node, callee: Node, callback: Node, javascript: boolean): Fix[] {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || call.childForFieldName('arguments')!.namedChildCount !== 1) return [];
  const object = callee.childForFieldName('object')!;
  const inAsync = file.isAsyncContext(call);
  const fixes: Fix[] = [];
  const mapped = `Promise.all(${object.text}.map(${callback.text}))`;
  if (inAsync) {
    fixes.push({ title: 'Wait for all callbacks: `await Promise.all(xs.map(…))`', safe: false, edits: [{ start: call.startIndex, end: call.endIndex, newText: `await ${mapped}` }] });
    const loop = forOfLoop(object, callback);
    if (loop !== undefined) fixes.push({ title: 'Run one after another: `for (const x of xs) { … }`', safe: false, edits: [{ start: statement.startIndex, end: statement.endIndex, newText: loop }] });
  } else {
    const parameter = javascript ? '(error)' : '(error: unknown)';
    fixes.push({ title: 'Collect the callbacks: `Promise.all(xs.map(…)).catch(…)`', safe: false, edits: [{ start: call.startIndex, end: call.endIndex, newText: `${mapped}.catch(${parameter} => console.error(error))` }] });
  }
  return fixes;
}

/** `for (const <param> of <xs>) { <body with await> }` when the callback has one parameter and no `return`/`this`/`arguments`. */
function forOfLoop(object: Node, callback: Node): string | undefined {
  if (callback.type !== 'arrow_function' || !hasAsyncKeyword(callback)) return undefined;
  const parameters = callback.childForFieldName('parameters');
  const single = callback.childForFieldName('parameter');
  const names = single ? [single] : (parameters?.namedChildren.filter((p): p is Node => !!p) ?? []);
  if (names.length !== 1) return undefined;
  const param = names[0]!;
  const pattern = param.childForFieldName('pattern') ?? param;
  if (param.childForFieldName('type') || param.childForFieldName('value')) return undefined;
  const body = callback.childForFieldName('body');
  if (!body) return undefined;
  if (body.type === 'statement_block') {
    if (/\breturn\b/.test(body.text)) return undefined;
    return `for (const ${pattern.text} of ${object.text}) ${body.text}`;
  }
  return `for (const ${pattern.text} of ${object.text}) {\n${indentOf(callback)}  ${body.text};\n${indentOf(callback)}}`;
}

function indentOf(node: Node): string {
  let statement: Node = node;
  while (statement.parent && statement.parent.type !== 'statement_block' && statement.parent.type !== 'program') statement = statement.parent;
  return ' '.repeat(statement.startPosition.column);
}
