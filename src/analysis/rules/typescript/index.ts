/** Every TypeScript/JavaScript rule, in the order they run. Adding a rule = one file + its doc + one line here. */
import type { Rule } from '../../types';
import type { TsFile } from '../../typescript/semantics';
import { awaitNonThenable } from './await-non-thenable';
import { floatingPromise } from './floating-promise';

export const TYPESCRIPT_RULES: readonly Rule<TsFile>[] = [floatingPromise, awaitNonThenable];
