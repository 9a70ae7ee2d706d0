/** ts/promise-in-condition: a promise used as a truth value — always truthy. */
import type { Node } from 'web-tree-sitter';
import { calleeText, isPromiseApi, sameFileAsyncCall } from '../../typescript/promises';
import type { TsFile } from '../../typescript/semantics';
import type { Rule } from '../../types';
import { climbParentheses, unwrapParentheses } from '../../syntax';
import { isDeclaredPromise } from '../../typescript/annotations';
import doc from './promise-in-condition.md';

export const promiseInCondition: Rule<TsFile> = {
  id: 'ts/promise-in-condition',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: 'a promise used as a condition (`if (check())`): a promise object is always truthy',
  interopCodes: ['@typescript-eslint/no-misused-promises'],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!isBooleanPosition(call)) continue;
      const callee = call.childForFieldName('function');
      if (!callee) continue;
      if (!sameFileAsyncCall(file, call) && !isPromiseApi(file.qualifiedName(callee))) continue;
      const inAsync = file.isAsyncContext(call);
      context.report({
        node: call,
        message: `\`${calleeText(callee)}()\` returns a promise, and a promise is always truthy: this condition never sees the value it resolves to.${inAsync ? ' Add `await`.' : ' Await it in an async function, or use `.then(...)`.'}`,
        fixes: inAsync ? [{ title: 'Add `await`', safe: true, edits: [{ start: call.startIndex, end: call.startIndex, newText: 'await ' }] }] : [],
      });
    }
    // Names declared as promises (`p: Promise<T>`) tested as booleans.
    for (const condition of conditionOperands(file)) {
      if (!isDeclaredPromise(file, condition, true)) continue;
      const inAsync = file.isAsyncContext(condition);
      context.report({
        node: condition,
        message: `\`${condition.text}\` is declared as a promise, and a promise is always truthy: this condition never sees the value it resolves to.${inAsync ? ' Add `await`.' : ' Await it in an async function.'}`,
        fixes: inAsync ? [{ title: 'Add `await`', safe: true, edits: [{ start: condition.startIndex, end: condition.startIndex, newText: 'await ' }] }] : [],
      });
    }
  },
};

const CONDITIONAL = ['if_statement', 'while_statement', 'do_statement', 'for_statement', 'ternary_expression', 'unary_expression'];

/** Identifiers read for their truthiness: conditions of statements and `?:`, operands of `!`, through `&&`/`||`/`??`. */
function* conditionOperands(file: TsFile): Generator<Node> {
  const seen = new Set<number>();
  function* operands(node: Node): Generator<Node> {
    const inner = unwrapParentheses(node);
    if (inner.type === 'binary_expression' && ['&&', '||', '??'].includes(inner.childForFieldName('operator')?.type ?? '')) {
      for (const side of [inner.childForFieldName('left'), inner.childForFieldName('right')]) if (side) yield* operands(side);
    } else if (inner.type === 'identifier' && !seen.has(inner.id)) {
      seen.add(inner.id);
      yield inner;
    }
  }
  for (const node of file.tree.rootNode.descendantsOfType(CONDITIONAL)) {
    if (!node) continue;
    const condition = node.type === 'unary_expression' ? (node.childForFieldName('operator')?.type === '!' ? node.childForFieldName('argument') : null) : node.childForFieldName('condition');
    if (condition) yield* operands(condition);
  }
}

/**
 * True when `node` is read only for its truthiness: the test of `if`, loops and
 * `?:`, the operand of `!`, the left operand of `&&`/`||`, and either operand
 * when the logical expression is itself a condition.
 */
export function isBooleanPosition(node: Node): boolean {
  const { child, parent } = climbParentheses(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'if_statement':
    case 'while_statement':
    case 'do_statement':
    case 'for_statement':
    case 'ternary_expression':
      return parent.childForFieldName('condition')?.id === child.id;
    case 'unary_expression':
      return parent.childForFieldName('operator')?.type === '!';
    case 'binary_expression': {
      const operator = parent.childForFieldName('operator')?.type;
      if (operator !== '&&' && operator !== '||') return false;
      if (parent.childForFieldName('left')?.id === child.id) return true;
      return isBooleanPosition(parent);
    }
    default:
      return false;
  }
}
