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
  let node = unwrapParentheses(expression);
  const declared = TYPE_WRAPPERS.has(node.type) ? promiseSource(file, node) : undefined;
  if (declared) return declared;
  while (TYPE_WRAPPERS.has(node.type) && node.namedChild(0)) node = unwrapParentheses(node.type === 'type_assertion' ? node.namedChild(1) ?? node.namedChild(0)! : node.namedChild(0)!);
  if (node.type === 'sequence_expression') {
    for (const part of node.namedChildren) {
      const reason = part && floatingReason(file, part);
      if (reason) return reason;
    }
    return undefined;
  }
  if (node.type === 'binary_expression') {
    // `a || p()`, `a ?? p()`, `a && p()`: the right operand's promise is the value when it runs.
    const operator = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (operator !== '||' && operator !== '&&' && operator !== '??') return undefined;
    return (right && floatingReason(file, right)) ?? (operator !== '&&' && left ? floatingReason(file, left) : undefined);
  }
  if (node.type === 'array') {
    const promises = node.namedChildren.some((element) => element && promiseSource(file, element));
    return promises ? 'an array of promises' : undefined;
  }
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
    if (isAsyncMap(file, node)) return '`.map(async …)` creates an array of promises';
  }
  return promiseSource(file, node);
}

const LOOSE_OPERATORS = new Set(['binary_expression', 'sequence_expression', 'ternary_expression', 'as_expression', 'satisfies_expression']);

/** Type-only wrappers whose value is their operand's. */
const TYPE_WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

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

function isAsyncMap(file: TsFile, expression: Node): boolean {
  const node = unwrapParentheses(expression);
  const callee = node.type === 'call_expression' ? node.childForFieldName('function') : null;
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  const first = node.childForFieldName('arguments')?.namedChild(0);
  if ((method !== 'map' && method !== 'flatMap') || !first) return false;
  if (isAsyncFunction(first)) return true;
  // `xs.map(() => fetch(x))`: an arrow whose expression body is a promise.
  const body = first.type === 'arrow_function' ? first.childForFieldName('body') : null;
  return !!body && body.type !== 'statement_block' && !!promiseSource(file, body);
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
  if (isAsyncMap(file, expression)) {
    // An array of promises: wait for all of them, not for the array.
    const prefix = inAsync ? 'await' : 'void';
    const newText = `${prefix} Promise.all(${expression.text})`;
    return [{ title: `Wrap in \`${prefix} Promise.all(…)\``, safe: false, edits: [{ start: expression.startIndex, end: expression.endIndex, newText }] }];
  }
  const text = expression.text;
  // `await a || p()` would await `a` only: operators bind looser than `await`/`void`.
  const loose = LOOSE_OPERATORS.has(unwrapParentheses(expression).type) && unwrapParentheses(expression).id === expression.id;
  const prefix = inAsync ? 'await' : 'void';
  const edits = loose ? [{ start: expression.startIndex, end: expression.endIndex, newText: `${prefix} (${text})` }] : [{ start: expression.startIndex, end: expression.startIndex, newText: `${prefix} ` }];
  fixes.push({ title: inAsync ? 'Add `await`' : 'Mark as intentionally not awaited: `void …`', safe: false, edits });
  const needsParens = !/^[\w$.]+\(.*\)$/s.test(text) || unwrapParentheses(expression).type !== 'call_expression';
  const receiver = needsParens ? `(${text})` : text;
  fixes.push({
    title: 'Add a `.catch(...)` handler',
    safe: false,
    edits: [{ start: expression.startIndex, end: expression.endIndex, newText: `${receiver}.catch(${parameter} => {\n  console.error(error);\n})` }],
  });
  return fixes;
}
