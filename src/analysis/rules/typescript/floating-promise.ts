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
    const member = unwrapParentheses(callee);
    const method = member.childForFieldName('property')?.text;
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (method === 'catch') return isHandler(args[0]) ? undefined : '`.catch(...)` without a rejection handler';
    if (method === 'then') return isHandler(args[1]) ? undefined : 'a `.then(...)` chain without a rejection handler';
    if (method === 'finally') {
      // `.finally(g)` passes its receiver's outcome on: a handled receiver stays handled.
      const receiver = member.childForFieldName('object');
      return receiver && isHandledChain(receiver) ? undefined : 'a `.finally(...)` chain (it passes rejections on)';
    }
    if (isAsyncMap(node)) return '`.map(async …)` creates an array of promises';
  }
  return promiseSource(file, node);
}

/** Literals that cannot be called: passed as a rejection handler they are ignored, so nothing handles the rejection. */
const NOT_CALLABLE = new Set(['null', 'undefined', 'number', 'string', 'template_string', 'true', 'false', 'regex', 'object', 'array']);

/** An argument that can serve as a rejection handler (absent, or a literal that is not a function, cannot). */
export function isHandler(argument: Node | null | undefined): boolean {
  if (!argument) return false;
  const node = unwrapParentheses(argument);
  if (NOT_CALLABLE.has(node.type)) return false;
  return !(node.type === 'identifier' && node.text === 'undefined');
}

/** A `.catch(h)` / `.then(f, h)` call, possibly followed by more `.finally(g)` steps: its rejections are handled. */
function isHandledChain(expression: Node): boolean {
  const node = unwrapParentheses(expression);
  if (node.type !== 'call_expression') return false;
  const callee = unwrapParentheses(node.childForFieldName('function') ?? node);
  if (callee.type !== 'member_expression') return false;
  const method = callee.childForFieldName('property')?.text;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (method === 'catch') return isHandler(args[0]);
  if (method === 'then') return isHandler(args[1]);
  const receiver = callee.childForFieldName('object');
  return method === 'finally' && !!receiver && isHandledChain(receiver);
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
