/**
 * ts/return-without-await-in-try: `return promise` inside `try` in an async
 * function — the promise settles after the function has left the `try`, so
 * its rejection skips the `catch` (and `finally` runs too early).
 */
import type { Node } from 'web-tree-sitter';
import { hasAsyncKeyword, unwrapParentheses } from '../../syntax';
import { promiseSource } from '../../typescript/promises';
import { FUNCTION_TYPES, type TsFile } from '../../typescript/semantics';
import type { Rule } from '../../types';
import doc from './return-without-await-in-try.md';

export const returnWithoutAwaitInTry: Rule<TsFile> = {
  id: 'ts/return-without-await-in-try',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: '`return promise` inside `try` in an async function: its rejection escapes the `catch`',
  interopCodes: ['@typescript-eslint/return-await'],
  doc,
  check(context, file) {
    for (const statement of file.returns) {
      const value = statement.namedChildren.find((c) => c && c.type !== 'comment');
      if (!value || unwrapParentheses(value).type === 'await_expression') continue;
      const fn = file.enclosingFunction(statement);
      if (!fn || !hasAsyncKeyword(fn) || fn.type.startsWith('generator')) continue;
      const guard = errorHandlingContext(statement);
      if (!guard) continue;
      const source = promiseSource(file, value);
      if (!source) continue;
      context.report({
        node: value,
        message: `Returning ${source.replace(/ returns a promise$/, '')} without \`await\` inside ${guard}: ${
          guard === '`try`'
            ? 'the function leaves the `try` before the promise settles, so a rejection skips the `catch` (and `finally` runs too early)'
            : 'the `finally` block runs before the promise settles'
        }. Use \`return await …\`.`,
        fixes: [{ title: 'Use `return await …`', safe: true, edits: [{ start: value.startIndex, end: value.startIndex, newText: 'await ' }] }],
      });
    }
  },
};

/**
 * '`try`' when the return is in a `try` block (with a catch or finally), '`catch`'
 * when it is in a `catch` whose `try` has a `finally`, undefined otherwise.
 * Stops at the function boundary.
 */
function errorHandlingContext(node: Node): string | undefined {
  let child = node;
  for (let parent = node.parent; parent && !FUNCTION_TYPES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) return '`try`';
    if (parent.type === 'catch_clause' && parent.parent?.childForFieldName('finalizer')) return '`catch`';
  }
  return undefined;
}
