/**
 * ts/floating-promise (syntactic tier): a promise created by a statement and
 * then dropped — nobody awaits it, returns it, or handles its rejection.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../../syntax';
import { isAsyncFunctionNode as isAsyncFunction, promiseSource } from '../../typescript/promises';
import type { TsFile } from '../../typescript/semantics';
import type { Fix, Rule } from '../../types';
import doc from './floating-promise.md';

/** Why the expression evaluates to an unhandled promise, or undefined if it does not (or is handled). */
export function floatingReason(file: TsFile, expression: Node): string | undefined {
  const node = unwrapParentheses(expression);
  if (node.type === 'ternary_expression') {
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    return (consequence && floatingReason(file, consequence)) ?? (alternative && floatingReason(file, alternative)) ?? undefined;
  }
  const callee = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  if (callee && unwrapParentheses(callee).type === 'member_expression') {
    // Handling decides here; what makes the value a promise is promiseSource's job.
    const method = unwrapParentheses(callee).childForFieldName('property')?.text;
    const argCount = node.childForFieldName('arguments')?.namedChildCount ?? 0;
    if (method === 'catch') return argCount >= 1 ? undefined : '`.catch()` without a handler';
    if (method === 'then') return argCount >= 2 ? undefined : 'a `.then(...)` chain without a rejection handler';
    if (method === 'finally') return 'a `.finally(...)` chain (it passes rejections on)';
    if (isAsyncMap(node)) return '`.map(async …)` creates an array of promises';
  }
  return promiseSource(file, node);
}

function isAsyncMap(expression: Node): boolean {
  const node = unwrapParentheses(expression);
  const callee = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  const first = node.childForFieldName('arguments')?.namedChild(0);
  return (method === 'map' || method === 'flatMap') && !!first && isAsyncFunction(first);
}


export const floatingPromise: Rule<TsFile> = {
  id: 'ts/floating-promise',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: 'a promise is created and dropped: not awaited, returned, `void`-ed or given a rejection handler',
  interopCodes: ['@typescript-eslint/no-floating-promises'],
  doc,
  check(context, file) {
    for (const statement of file.expressionStatements) {
      const expression = statement.firstNamedChild;
      if (!expression) continue;
      const reason = floatingReason(file, expression);
      if (!reason) continue;
      context.report({
        node: expression,
        message: `Floating promise: ${reason}, but nothing awaits it or handles its rejection — errors are lost and the work may not finish in order.`,
        fixes: fixesFor(file, expression, context.language.javascript),
      });
    }
  },
};

function fixesFor(file: TsFile, expression: Node, javascript: boolean): Fix[] {
  const inAsync = file.isAsyncContext(expression);
  const parameter = javascript ? '(error)' : '(error: unknown)';
  const fixes: Fix[] = [];
  if (isAsyncMap(expression)) {
    // An array of promises: wait for all of them, not for the array.
    const prefix = inAsync ? 'await' : 'void';
    const newText = `${prefix} Promise.all(${expression.text})`;
    return [{ title: `Wrap in \`${prefix} Promise.all(…)\``, safe: false, edits: [{ start: expression.startIndex, end: expression.endIndex, newText }] }];
  }
  const text = expression.text;
  if (inAsync) fixes.push({ title: 'Add `await`', safe: false, edits: [{ start: expression.startIndex, end: expression.startIndex, newText: 'await ' }] });
  else fixes.push({ title: 'Mark as intentionally not awaited: `void …`', safe: false, edits: [{ start: expression.startIndex, end: expression.startIndex, newText: 'void ' }] });
  const needsParens = !/^[\w$.]+\(.*\)$/s.test(text) || unwrapParentheses(expression).type !== 'call_expression';
  const receiver = needsParens ? `(${text})` : text;
  fixes.push({
    title: 'Add a `.catch(...)` handler',
    safe: false,
    edits: [{ start: expression.startIndex, end: expression.endIndex, newText: `${receiver}.catch(${parameter} => {\n  console.error(error);\n})` }],
  });
  return fixes;
}
