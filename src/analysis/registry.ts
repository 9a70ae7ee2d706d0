/** The one list of rules. Tests, settings, docs and the README table are checked against it. */
import type { LanguageFamily } from '../parsing/languages';
import type { PythonFile } from './python/semantics';
import { blockingSleep } from './rules/python/blocking-sleep';
import { nestedAsyncioRun } from './rules/python/nested-asyncio-run';
import { floatingPromise } from './rules/typescript/floating-promise';
import type { Rule } from './types';
import type { TsFile } from './typescript/semantics';

export const PYTHON_RULES: readonly Rule<PythonFile>[] = [blockingSleep, nestedAsyncioRun];
export const TYPESCRIPT_RULES: readonly Rule<TsFile>[] = [floatingPromise];

export const ALL_RULES: readonly Rule<never>[] = [...PYTHON_RULES, ...TYPESCRIPT_RULES] as readonly Rule<never>[];

const BY_ID = new Map<string, Rule<never>>(ALL_RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule<never> | undefined {
  return BY_ID.get(id);
}

export function rulesForFamily(family: LanguageFamily): readonly Rule<never>[] {
  return (family === 'python' ? PYTHON_RULES : TYPESCRIPT_RULES) as readonly Rule<never>[];
}
