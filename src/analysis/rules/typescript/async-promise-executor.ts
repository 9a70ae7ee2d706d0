/** ts/async-promise-executor: `new Promise(async (resolve, reject) => …)`. */
import { unwrapParentheses } from '../../syntax';
import { isAsyncFunctionNode, isGlobalPromise } from '../../typescript/promises';
import type { TsFile } from '../../typescript/semantics';
import type { Rule } from '../../types';
import doc from './async-promise-executor.md';

export const asyncPromiseExecutor: Rule<TsFile> = {
  id: 'ts/async-promise-executor',
  family: 'typescript',
  defaultSeverity: 'error',
  summary: '`new Promise(async (resolve, reject) => …)`: an error thrown after an `await` never rejects the promise',
  interopCodes: ['no-async-promise-executor', '@typescript-eslint/no-misused-promises'],
  doc,
  check(context, file) {
    for (const expression of file.newExpressions) {
      const constructor = expression.childForFieldName('constructor');
      const argument = expression.childForFieldName('arguments')?.namedChild(0);
      const executor = argument ? unwrapParentheses(argument) : undefined;
      if (!constructor || !executor || !isGlobalPromise(file, constructor) || !isAsyncFunctionNode(executor)) continue;
      context.report({
        node: executor.children.find((c) => c?.type === 'async') ?? executor,
        message: 'Async Promise executor: if the executor throws (or an awaited promise rejects), the new promise never settles — the error becomes an unhandled rejection and callers wait forever. Make the enclosing function `async` and `await` directly, or keep the executor synchronous.',
      });
    }
  },
};
