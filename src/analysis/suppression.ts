/**
 * Same-line suppression comments: the Loop Lens form
 * (`# looplens: ignore[py/blocking-sleep]`) and the peer forms users already
 * have in their code (`# noqa: ASYNC251`, `# pyright: ignore[...]`,
 * `// eslint-disable-next-line @typescript-eslint/no-floating-promises`).
 */
import type { Tree } from 'web-tree-sitter';
import type { LineIndex } from '../parsing/text';
import { findLooplensIgnoreList, scanEslintDisable, scanLooplensIgnore, scanNoqa, scanPyrightIgnore, scanTypeIgnore } from './commentScan';

/** What one line suppresses. `all` for a bare `ignore`/`noqa`/`eslint-disable-line`. */
export interface LineSuppression {
  all: boolean;
  readonly codes: Set<string>;
}

/**
 * Cheap pre-filter: a line can only suppress something if it contains one of
 * these words. Literal alternatives and one `\s*` run that only `type:` can
 * start, so the search is linear; the comments themselves are read by the
 * scanners in ./commentScan.
 */
const KEYWORDS = /looplens|noqa|pyright|type:\s*ignore|eslint-disable/g;

export class Suppressions {
  private readonly byLine = new Map<number, LineSuppression>();
  private readonly added = new Set<string>();

  /**
   * Suppressions that can apply to findings on `rows`, reading only those lines
   * and the ones just above (for `eslint-disable-next-line`) instead of every
   * comment of the file: this runs on each keystroke.
   */
  static forRows(tree: Tree, lines: LineIndex, rows: Iterable<number>): Suppressions {
    const result = new Suppressions();
    const seen = new Set<number>();
    for (const row of rows) {
      for (const candidate of [row - 1, row]) {
        if (candidate < 0 || seen.has(candidate)) continue;
        seen.add(candidate);
        const text = lines.lineText(candidate);
        KEYWORDS.lastIndex = 0;
        for (let match = KEYWORDS.exec(text); match; match = KEYWORDS.exec(text)) {
          const node = tree.rootNode.descendantForIndex(lines.lineStart(candidate) + match.index);
          if (node?.type !== 'comment') {
            // A keyword inside a string or another token: the rest of that token holds no comment.
            if (node && node.childCount === 0) KEYWORDS.lastIndex = Math.max(KEYWORDS.lastIndex, node.endIndex - lines.lineStart(candidate));
            continue;
          }
          result.addComment(node.text, lines.positionAt(node.startIndex).row, lines.positionAt(node.endIndex).row);
          KEYWORDS.lastIndex = Math.max(KEYWORDS.lastIndex, node.endIndex - lines.lineStart(candidate));
        }
      }
    }
    return result;
  }

  /** Registers one comment that starts on `row` (0-based) and ends on `endRow`. */
  addComment(text: string, row: number, endRow: number = row): void {
    const key = `${row}:${text}`;
    if (this.added.has(key)) return;
    this.added.add(key);
    const looplens = scanLooplensIgnore(text);
    if (looplens) this.add(row, looplens.list);
    const noqa = text.trimStart().startsWith('#') ? scanNoqa(text) : undefined;
    if (noqa) this.add(row, noqa.list);
    for (const directive of [scanPyrightIgnore(text), scanTypeIgnore(text)]) {
      if (directive) this.add(row, directive.list);
    }
    const eslint = scanEslintDisable(text);
    if (eslint) this.add(eslint.nextLine ? endRow + 1 : row, eslint.list);
  }

  /** True when a finding starting on `row` for `ruleId` (or one of its peer codes) is suppressed. */
  isSuppressed(row: number, ruleId: string, interopCodes: readonly string[]): boolean {
    const entry = this.byLine.get(row);
    if (!entry) return false;
    if (entry.all) return true;
    if (entry.codes.has(ruleId.toLowerCase())) return true;
    return interopCodes.some((code) => entry.codes.has(code.toLowerCase()));
  }

  private add(row: number, list: string | undefined): void {
    let entry = this.byLine.get(row);
    if (!entry) this.byLine.set(row, (entry = { all: false, codes: new Set() }));
    const codes = (list ?? '').split(/[\s,]+/).map((code) => code.trim().toLowerCase()).filter(Boolean);
    if (codes.length === 0) entry.all = true;
    for (const code of codes) entry.codes.add(code);
  }
}

/** Adds `looplens: ignore[id]` to the diagnostic's first line (extending an existing ignore comment). */
export function ignoreCommentEdit(lineText: string, ruleId: string, python: boolean): { start: number; end: number; newText: string } {
  const existing = findLooplensIgnoreList(lineText);
  if (existing) {
    const ids = existing.list.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    return { start: existing.start, end: existing.end, newText: `looplens: ignore[${ids.join(', ')}]` };
  }
  // trimEnd, not /\s+$/: that expression is quadratic on a long run of spaces followed by text.
  const trimmedEnd = lineText.trimEnd().length;
  const comment = python ? `  # looplens: ignore[${ruleId}]` : ` // looplens: ignore[${ruleId}]`;
  return { start: trimmedEnd, end: lineText.length, newText: comment };
}
