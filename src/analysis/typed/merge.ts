/**
 * Combining the two tiers: typed findings join the syntactic ones unless the
 * syntactic tier already reported the same rule at the same place, and typed
 * findings computed on an older text are carried through later edits (or
 * dropped where an edit touched them) until the next typed run.
 */
import type { Finding } from '../types';

/** Same rule and same start (ranges of the two parsers may differ in trailing extent only). */
function sameFinding(a: Finding, b: Finding): boolean {
  return a.ruleId === b.ruleId && (a.start === b.start || (a.start < b.end && b.start < a.end && a.end === b.end));
}

/** Syntactic findings plus the typed ones that are not duplicates, in document order. */
export function mergeFindings(syntactic: readonly Finding[], typed: readonly Finding[]): Finding[] {
  const extra = typed.filter((finding) => !syntactic.some((existing) => sameFinding(existing, finding)));
  if (extra.length === 0) return [...syntactic];
  return [...syntactic, ...extra].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/** One content change in the editor's terms (offsets in the text before the change). */
export interface TextChangeLike {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/**
 * Moves findings through edits applied after they were computed, in order.
 * A finding overlapping (or touching) an edited span is dropped: its text changed.
 */
export function shiftFindings(findings: readonly Finding[], changes: readonly TextChangeLike[]): Finding[] {
  let current = [...findings];
  for (const change of changes) {
    const changeEnd = change.rangeOffset + change.rangeLength;
    const delta = change.text.length - change.rangeLength;
    const next: Finding[] = [];
    for (const finding of current) {
      if (finding.end < change.rangeOffset) next.push(finding);
      else if (finding.start > changeEnd) next.push(shift(finding, delta));
    }
    current = next;
  }
  return current;
}

function shift(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  const move = <T extends { start: number; end: number }>(item: T): T => ({ ...item, start: item.start + delta, end: item.end + delta });
  return {
    ...move(finding),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(move) })),
    related: finding.related.map(move),
  };
}
