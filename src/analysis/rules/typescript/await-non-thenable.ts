/**
 * ts/await-non-thenable: `await` of a value whose type is not thenable. Type-aware
 * only — the checks live in `analysis/typed/checks.ts`; the syntactic `check` does nothing.
 */
import type { Rule } from '../../types';
import type { TsFile } from '../../typescript/semantics';
import doc from './await-non-thenable.md';

export const awaitNonThenable: Rule<TsFile> = {
  id: 'ts/await-non-thenable',
  family: 'typescript',
  defaultSeverity: 'hint',
  summary: '`await` of a value whose type is not a promise (type-aware only)',
  interopCodes: ['@typescript-eslint/await-thenable'],
  doc,
  tier: 'typed',
  check() {
    // Needs types: reported by the type-aware pass.
  },
};
