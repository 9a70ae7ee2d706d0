/**
 * Syntactic promise recognition shared by the TS rules: which expressions
 * evaluate to a promise without type information.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import { callReturnsDeclaredPromise, isDeclaredPromiseValue } from './annotations';
import { FUNCTION_TYPES, REACTION_METHODS, returnsPromise, type TsFile } from './semantics';

/** Well-known APIs that return promises, by normalised module path. */
export const PROMISE_APIS = new Set(['fetch', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any', 'Promise.resolve', 'Promise.reject', 'Promise.try']);
export const PROMISE_MODULES = ['fs.promises.', 'timers.promises.', 'dns.promises.', 'stream.promises.', 'readline.promises.'];

export function isPromiseApi(qualified: string | undefined): boolean {
  return !!qualified && (PROMISE_APIS.has(qualified) || PROMISE_MODULES.some((prefix) => qualified.startsWith(prefix)));
}

/** An inline function whose call returns a promise (`async`, or declared `Promise<…>`). */
export function isAsyncFunctionNode(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type) && returnsPromise(node);
}

/** `Promise` as the global constructor (not a local class or import of that name). */
export function isGlobalPromise(file: TsFile, node: Node): boolean {
  const unwrapped = unwrapParentheses(node);
  return unwrapped.type === 'identifier' && unwrapped.text === 'Promise' && !file.resolve(unwrapped);
}

export function calleeText(callee: Node): string {
  const text = callee.text.replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * A short description of why `expression` is a promise (`` `save()` returns a promise ``),
 * or undefined when the syntactic tier cannot tell. Handling is not considered:
 * `p.catch(f)` is still a promise.
 */
export function promiseSource(file: TsFile, expression: Node): string | undefined {
  const node = unwrapParentheses(expression);
  if (node.type === 'new_expression') {
    const constructor = node.childForFieldName('constructor');
    return constructor && isGlobalPromise(file, constructor) ? '`new Promise(...)`' : undefined;
  }
  if (node.type === 'ternary_expression') {
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    return (consequence && promiseSource(file, consequence)) ?? (alternative && promiseSource(file, alternative)) ?? undefined;
  }
  if (node.type === 'identifier' || node.type === 'member_expression' || node.type === 'as_expression' || node.type === 'type_assertion' || node.type === 'satisfies_expression') {
    return isDeclaredPromiseValue(file, node) ? `\`${calleeText(node)}\` is declared as a promise` : undefined;
  }
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  if (!callee) return undefined;
  const calleeNode = unwrapParentheses(callee);
  if (calleeNode.type === 'member_expression') {
    const method = calleeNode.childForFieldName('property')?.text ?? '';
    if (REACTION_METHODS.has(method)) return `a \`.${method}(...)\` chain`;
  }
  const fn = file.calleeFunction(calleeNode);
  if (fn && FUNCTION_TYPES.has(fn.type)) {
    if (!returnsPromise(fn)) return undefined;
    return calleeNode.id === fn.id ? 'an async IIFE' : `\`${calleeText(calleeNode)}()\` returns a promise`;
  }
  if (isPromiseApi(file.qualifiedName(calleeNode)) || callReturnsDeclaredPromise(file, calleeNode)) return `\`${calleeText(calleeNode)}()\` returns a promise`;
  return undefined;
}

/** A call to a function of this file that returns a promise (async or declared `Promise<…>`). */
export function sameFileAsyncCall(file: TsFile, expression: Node): Node | undefined {
  const node = unwrapParentheses(expression);
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  if (!callee) return undefined;
  const fn = file.calleeFunction(callee);
  return fn && FUNCTION_TYPES.has(fn.type) && returnsPromise(fn) ? fn : undefined;
}
