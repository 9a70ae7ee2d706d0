/** Public face of the engine for the CLI, the editor adapters and tests. */
import type { SourceParser } from '../parsing';
import type { LanguageInfo } from '../parsing/languages';
import { analyze, type AnalysisOptions } from './engine';
import type { Finding, Fix, TextEdit } from './types';

export { analyze, type AnalysisOptions } from './engine';
export { ALL_RULES, PYTHON_RULES, TYPESCRIPT_RULES, ruleById, rulesForFamily } from './registry';
export { normaliseRuleSettings, type RuleSettings } from './settings';
export type { Finding, Fix, Rule, Severity, SeveritySetting, TextEdit, RelatedLocation } from './types';

/** Parses and analyses a standalone text. */
export async function analyzeText(parser: SourceParser, text: string, language: LanguageInfo, options: AnalysisOptions = {}): Promise<Finding[]> {
  const tree = await parser.parse(text, language);
  try {
    return analyze(tree, text, language, options);
  } finally {
    tree.delete();
  }
}

/** Applies non-overlapping edits (any order) to `text`. Overlapping edits after the first are dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) continue;
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/**
 * Applies fixes until none is left (one per pass, re-analysing in between so
 * edits never collide). `choose` picks the fix of a finding, or none.
 */
export async function fixAll(
  analyzeCurrent: (text: string) => Promise<readonly Finding[]>,
  text: string,
  choose: (finding: Finding) => Fix | undefined,
  maxPasses = 100,
): Promise<{ text: string; applied: number }> {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const findings = await analyzeCurrent(current);
    const next = findings.map((finding) => choose(finding)).find((fix): fix is Fix => !!fix);
    if (!next) break;
    current = applyEdits(current, next.edits);
    applied++;
  }
  return { text: current, applied };
}
