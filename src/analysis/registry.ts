/** The one list of rules. Tests, settings, docs and the README table are checked against it. */
import type { LanguageFamily } from '../parsing/languages';
import { PYTHON_RULES } from './rules/python';
import { TYPESCRIPT_RULES } from './rules/typescript';
import type { Rule } from './types';

export { PYTHON_RULES, TYPESCRIPT_RULES };

export const ALL_RULES: readonly Rule<never>[] = [...PYTHON_RULES, ...TYPESCRIPT_RULES] as readonly Rule<never>[];

const BY_ID = new Map<string, Rule<never>>(ALL_RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule<never> | undefined {
  return BY_ID.get(id);
}

export function rulesForFamily(family: LanguageFamily): readonly Rule<never>[] {
  return (family === 'python' ? PYTHON_RULES : TYPESCRIPT_RULES) as readonly Rule<never>[];
}
