/** py/coroutine-in-condition: a coroutine object used as a truth value is always true. */
import type { Node } from 'web-tree-sitter';
import { addAwaitFix } from '../../python/fixes';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import { climbParentheses } from '../../syntax';
import doc from './coroutine-in-condition.md';

/** `node`'s value is tested for truth: `if`/`elif`/`while` conditions, `not`, `x if c else y`, `assert`, the left of `and`/`or`. */
function isTruthTested(node: Node): boolean {
  const { child, parent } = climbParentheses(node);
  if (!parent) return false;
  switch (parent.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return parent.childForFieldName('condition')?.id === child.id;
    case 'not_operator':
    case 'if_clause':
      return true;
    case 'assert_statement':
      return parent.firstNamedChild?.id === child.id;
    case 'conditional_expression':
      return parent.namedChild(1)?.id === child.id;
    case 'boolean_operator':
      // The right operand is the result unless the whole expression is itself tested.
      return parent.childForFieldName('left')?.id === child.id || isTruthTested(parent);
    default:
      return false;
  }
}

export const coroutineInCondition: Rule<PythonFile> = {
  id: 'py/coroutine-in-condition',
  family: 'python',
  defaultSeverity: 'warning',
  summary: 'a coroutine used as a condition is always true (missing `await`)',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      if (!isTruthTested(call)) continue;
      const definition = file.calledCoroutineFunction(call);
      if (!definition) continue;
      const name = call.childForFieldName('function')?.text ?? 'coroutine';
      const async = file.isAsyncContext(call);
      context.report({
        node: call,
        message: `\`${name}()\` is an \`async def\`: without \`await\` it returns a coroutine object, which is always true — the condition never looks at its result, and the coroutine never runs.`,
        fixes: async ? [addAwaitFix(call)] : [],
      });
    }
  },
};
