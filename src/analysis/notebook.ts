/**
 * Notebooks as one program: the code cells (IPython syntax blanked) are joined
 * and analysed together in running-loop mode, and each finding — with its
 * fixes and related locations — is mapped back to the cell it lies in, with
 * offsets inside that cell.
 */
import type { Tree } from 'web-tree-sitter';
import { locateInProgram, notebookProgram, type NotebookProgram } from '../parsing/notebook';
import type { LanguageInfo } from '../parsing/languages';
import { analyze, applyEdits, type AnalysisOptions } from './index';
import type { Finding, Fix, RelatedLocation, TextEdit } from './types';

export const NOTEBOOK_LANGUAGE: LanguageInfo = { grammar: 'python', family: 'python', javascript: false };

/** A finding inside one cell: `start`/`end` (and fix edits and related locations without `cell`) are offsets in that cell's text. */
export interface CellFinding extends Finding {
  /** Index of the cell among the analysed cells (0-based). */
  readonly cell: number;
}

/** Analyses the program of a notebook (already parsed) and maps the findings to cells. */
export function analyzeNotebookProgram(tree: Tree, program: NotebookProgram, options: Omit<AnalysisOptions, 'runningLoop' | 'ranges' | 'file'> = {}): CellFinding[] {
  const findings = analyze(tree, program.text, NOTEBOOK_LANGUAGE, { ...options, runningLoop: true });
  const result: CellFinding[] = [];
  for (const finding of findings) {
    const mapped = toCell(program, finding);
    if (mapped) result.push(mapped);
  }
  return result;
}

/** Parses and analyses the code cells' sources (raw, IPython syntax included). */
export async function analyzeNotebookCells(
  parser: { parse(text: string, language: LanguageInfo): Promise<Tree> },
  sources: readonly string[],
  options: Omit<AnalysisOptions, 'runningLoop' | 'ranges' | 'file'> = {},
): Promise<CellFinding[]> {
  const program = notebookProgram(sources);
  const tree = await parser.parse(program.text, NOTEBOOK_LANGUAGE);
  try {
    return analyzeNotebookProgram(tree, program, options);
  } finally {
    tree.delete();
  }
}

function toCell(program: NotebookProgram, finding: Finding): CellFinding | undefined {
  const start = locateInProgram(program, finding.start);
  const end = locateInProgram(program, finding.end);
  if (start.cell < 0) return undefined;
  const cell = start.cell;
  // A range never spans cells in practice (statements do not); clamp to the cell if it does.
  const endOffset = end.cell === cell ? end.offset : program.lengths[cell]!;
  const fixes: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits = fix.edits.map((edit) => editToCell(program, edit, cell));
    if (edits.every((edit): edit is TextEdit => !!edit)) fixes.push({ ...fix, edits });
  }
  const related: RelatedLocation[] = finding.related.map((location) => {
    const at = locateInProgram(program, location.start);
    const to = locateInProgram(program, location.end);
    const local = { ...location, start: at.offset, end: to.cell === at.cell ? to.offset : program.lengths[at.cell]! };
    return at.cell === cell ? local : { ...local, cell: at.cell };
  });
  return { ...finding, start: start.offset, end: endOffset, fixes, related, cell };
}

/** An edit in program offsets → the same edit in a cell (`cell` set when it is not the finding's cell); undefined when it spans cells. */
function editToCell(program: NotebookProgram, edit: TextEdit, findingCell: number): TextEdit | undefined {
  const start = locateInProgram(program, edit.start);
  const end = locateInProgram(program, edit.end);
  if (start.cell < 0 || start.cell !== end.cell) return undefined;
  const local = { start: start.offset, end: end.offset, newText: edit.newText };
  return start.cell === findingCell ? local : { ...local, cell: start.cell };
}

/** The cell an edit of a finding in `findingCell` applies to. */
export function editCell(edit: TextEdit, findingCell: number): number {
  return edit.cell ?? findingCell;
}

/**
 * Fix-all for one cell: applies safe fixes of findings in cell `target`
 * whose edits all stay in that cell, re-analysing the whole notebook between
 * passes (names come from other cells). Returns the cell's new text.
 */
export async function fixAllInCell(
  analyzeCells: (sources: readonly string[]) => Promise<readonly CellFinding[]>,
  sources: readonly string[],
  target: number,
  maxPasses = 100,
): Promise<{ text: string; applied: number }> {
  const current = [...sources];
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const findings = await analyzeCells(current);
    let chosen: Fix | undefined;
    for (const finding of findings) {
      if (finding.cell !== target) continue;
      chosen = finding.fixes.find((fix) => fix.safe && fix.edits.every((edit) => edit.cell === undefined));
      if (chosen) break;
    }
    if (!chosen) break;
    current[target] = applyEdits(current[target]!, chosen.edits);
    applied++;
  }
  return { text: current[target]!, applied };
}
