/** ts/busy-wait: a loop that spins on the clock (`while (Date.now() < end) {}`) — it blocks the whole event loop. */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses, walkDescendants } from '../../syntax';
import { FUNCTION_TYPES, type TsFile } from '../../typescript/semantics';
import type { Rule } from '../../types';
import doc from './busy-wait.md';

const CLOCK_CALLS = new Set(['Date.now', 'performance.now', 'perf_hooks.performance.now', 'process.hrtime', 'process.hrtime.bigint']);

export const busyWait: Rule<TsFile> = {
  id: 'ts/busy-wait',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: 'a loop that spins on the clock (`while (Date.now() < end) {}`): it blocks timers, I/O and promises',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const loop of file.loops) {
      if (loop.type === 'for_in_statement') continue;
      const body = loop.childForFieldName('body');
      if (!body) continue;
      const condition = loop.childForFieldName('condition');
      const conditionReadsClock = !!condition && readsClock(file, condition);
      // `while (true) { if (Date.now() >= end) break; }` spins the same way.
      const bodyTestsClock = !conditionReadsClock && isForever(condition) && breaksOnClock(file, body);
      if (!conditionReadsClock && !bodyTestsClock) continue;
      if (!onlySpins(file, body)) continue;
      context.report({
        node: loop,
        end: body.startIndex,
        message: 'Busy wait: this loop spins on the clock without giving the event loop a turn — no timer, I/O callback or promise reaction can run until it ends. Wait with `await setTimeout(ms)` from `node:timers/promises` instead.',
      });
    }
  },
};

function isClockRead(file: TsFile, node: Node): boolean {
  if (node.type === 'call_expression') {
    const callee = node.childForFieldName('function');
    return !!callee && CLOCK_CALLS.has(file.qualifiedName(callee) ?? '');
  }
  if (node.type === 'new_expression') {
    const constructor = node.childForFieldName('constructor');
    return constructor?.type === 'identifier' && constructor.text === 'Date' && !file.resolve(constructor);
  }
  return false;
}

function readsClock(file: TsFile, root: Node): boolean {
  let found = false;
  walkDescendants(root, (node) => {
    if (found || FUNCTION_TYPES.has(node.type)) return false;
    if (isClockRead(file, node)) found = true;
    return !found;
  });
  return found || isClockRead(file, root);
}

function isForever(condition: Node | null): boolean {
  if (!condition) return true; // for (;;)
  const node = unwrapParentheses(condition.type === 'expression_statement' ? condition.firstNamedChild ?? condition : condition);
  return node.type === 'true' || node.text === ';' || (node.type === 'number' && node.text !== '0');
}

/** The body contains `if (<reads the clock>) break;`. */
function breaksOnClock(file: TsFile, body: Node): boolean {
  let found = false;
  walkDescendants(body, (node) => {
    if (found || FUNCTION_TYPES.has(node.type)) return false;
    if (node.type === 'if_statement') {
      const condition = node.childForFieldName('condition');
      const consequence = node.childForFieldName('consequence');
      if (condition && consequence && readsClock(file, condition) && /^\{?\s*(break|return)\b/.test(consequence.text)) found = true;
    }
    return !found;
  });
  return found;
}

/**
 * The body does nothing but wait: no await or yield, and no calls other than clock
 * reads. A loop that does real work until a deadline (time slicing) is not a spin.
 */
function onlySpins(file: TsFile, body: Node): boolean {
  let spins = true;
  walkDescendants(body, (node) => {
    if (!spins) return false;
    if (FUNCTION_TYPES.has(node.type)) return false;
    if (node.type === 'await_expression' || node.type === 'yield_expression') spins = false;
    else if ((node.type === 'call_expression' || node.type === 'new_expression') && !isClockRead(file, node)) spins = false;
    return spins;
  });
  return spins;
}
