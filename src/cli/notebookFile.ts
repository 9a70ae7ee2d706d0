/**
 * `looplens check` on a Jupyter notebook: the Python code cells are analysed
 * together in running-loop mode, and each finding is printed with the
 * notebook's 1-based cell index and the line and column inside that cell.
 */
import { analyzeNotebookCells, type CellFinding } from '../analysis/notebook';
import type { Tree } from 'web-tree-sitter';
import { LineIndex, ParseBudgetExceeded, skipReason, type LanguageInfo } from '../parsing';
import { isPythonNotebook, NotebookFormatError, notebookProgram, parseNotebook, pythonCells, type NotebookCell } from '../parsing/notebook';
import type { FileCheckOptions, FileOutcome } from './analyzeFile';
import type { CliFinding } from './format';

/** Notebook files may carry large outputs (images): the limit applies to their code, the file may be this big. */
export const MAX_NOTEBOOK_FILE_BYTES = 64 * 1024 * 1024;

/** Analyses a notebook's text (already read); errors in the file become one stderr line. */
export async function checkNotebookText(
  parser: { parse(text: string, language: LanguageInfo): Promise<Tree> },
  file: string,
  text: string,
  options: FileCheckOptions,
): Promise<FileOutcome> {
  let cells: NotebookCell[];
  try {
    const notebook = parseNotebook(text);
    if (!isPythonNotebook(notebook)) return { stderr: [`looplens: skipped ${file}: not a Python notebook (kernel language: ${notebook.language})\n`], ioError: false };
    cells = pythonCells(notebook);
  } catch (error) {
    if (error instanceof NotebookFormatError) return { stderr: [`looplens: ${file}: ${error.message}\n`], ioError: true };
    throw error;
  }
  const sources = cells.map((cell) => cell.source);
  const skip = skipReason(notebookProgram(sources).text, { maxFileSizeKb: options.maxFileSizeKb });
  if (skip) return { stderr: [`looplens: skipped ${file}: its code cells: ${skip}\n`], ioError: false };
  const stderr: string[] = [];
  let found: CellFinding[];
  try {
    found = await analyzeNotebookCells(parser, sources, {
      severities: options.severities,
      onRuleError: (ruleId, error) => stderr.push(`looplens: internal error in ${ruleId} on ${file}: ${error instanceof Error ? error.message : String(error)}\n`),
    });
  } catch (error) {
    if (!(error instanceof ParseBudgetExceeded)) throw error;
    return { stderr: [`looplens: skipped ${file}: ${error.message}\n`], ioError: false };
  }
  return { stderr, ioError: false, notebookFindings: toNotebookCliFindings(file, cells, found) };
}

/** CLI findings of a notebook: `cell` is the cell's 1-based index in the notebook, positions are inside the cell. */
export function toNotebookCliFindings(file: string, cells: readonly NotebookCell[], found: readonly CellFinding[]): CliFinding[] {
  const indexes = new Map<number, LineIndex>();
  return found.map((finding) => {
    const cell = cells[finding.cell]!;
    let lines = indexes.get(finding.cell);
    if (!lines) indexes.set(finding.cell, (lines = new LineIndex(cell.source)));
    const start = lines.positionAt(finding.start);
    const end = lines.positionAt(finding.end);
    return {
      file,
      cell: cell.index + 1,
      line: start.row + 1,
      column: start.column + 1,
      endLine: end.row + 1,
      endColumn: end.column + 1,
      code: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
    };
  });
}
