/**
 * The per-file step of `looplens check` (read, skip checks, parse, rules,
 * positions), shared by the in-process loop and the worker threads so both
 * produce exactly the same output.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { analyze } from '../analysis/engine';
import type { Finding, SeveritySetting } from '../analysis/types';
import type { Tree } from 'web-tree-sitter';
import { ParseBudgetExceeded, SourceParser, isRuntimeTrap, languageFromPath, skipReason, LineIndex, type LanguageInfo } from '../parsing';
import { describeFsError } from './files';
import { holdAnalysisForTests } from './testHold';
import type { CliFinding } from './format';
import { NOTEBOOK_LANGUAGE } from '../analysis/notebook';
import { isNotebookPath } from '../parsing/notebook';
import { checkNotebookText, MAX_NOTEBOOK_FILE_BYTES } from './notebookFile';

export interface FileCheckOptions {
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly maxFileSizeKb: number;
}

/** What checking one file produced; stderr lines in the order the CLI prints them. */
export interface FileOutcome {
  /** Lines for stderr (each ends with a newline). */
  readonly stderr: string[];
  readonly ioError: boolean;
  /** Present when the file was analysed: its text and the syntactic findings (offsets). */
  readonly analysed?: { readonly text: string; readonly found: Finding[] };
  /** Present when a notebook was analysed: its findings, positioned in their cells. */
  readonly notebookFindings?: CliFinding[];
}

/**
 * The parser a run uses, replaced when its WebAssembly runtime traps: the
 * file being parsed is reported and skipped, the old runtime is dropped
 * without calling into it again, and the next files get a fresh one.
 */
export class ParserSlot {
  private current: { parse(text: string, language: LanguageInfo): Promise<Tree>; dispose(): void };

  constructor(private readonly create: () => { parse(text: string, language: LanguageInfo): Promise<Tree>; dispose(): void } = () => new SourceParser()) {
    this.current = create();
  }

  get parser(): { parse(text: string, language: LanguageInfo): Promise<Tree> } {
    return this.current;
  }

  /** Forgets the crashed runtime (never disposed: calling into it is unsafe) and starts a new one. */
  replace(): void {
    this.current = this.create();
  }

  dispose(): void {
    this.current.dispose();
  }
}

/** Reads and analyses `file` with the syntactic rules. */
export async function checkFile(slot: ParserSlot, file: string, options: FileCheckOptions): Promise<FileOutcome> {
  await holdAnalysisForTests();
  try {
    return await checkFileOnce(slot, file, options);
  } catch (error) {
    if (!isRuntimeTrap(error)) throw error;
    slot.replace();
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { stderr: [`looplens: ${file}: the parser crashed (${detail}); this file was skipped and the parser restarted for the next files\n`], ioError: true };
  }
}

async function checkFileOnce(slot: ParserSlot, file: string, options: FileCheckOptions): Promise<FileOutcome> {
  const stderr: string[] = [];
  const notebook = isNotebookPath(file);
  const language = languageFromPath(file) ?? NOTEBOOK_LANGUAGE;
  let text: string;
  let fd: number | undefined;
  try {
    // Non-blocking open: a pipe put in place of the file must not hang the run.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { stderr: [`looplens: ${file}: not a regular file (a pipe, socket or device is never read)\n`], ioError: true };
    // Each UTF-16 unit takes at least one byte, at most four: far too many bytes need not be read to know.
    if (notebook ? stats.size > MAX_NOTEBOOK_FILE_BYTES : stats.size > options.maxFileSizeKb * 1024 * 4) {
      return { stderr: [`looplens: skipped ${file}: file is ${Math.round(stats.size / 1024)} KB, over the ${options.maxFileSizeKb} KB limit (setting looplens.maxFileSizeKb)\n`], ioError: false };
    }
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    return { stderr: [`looplens: ${file}: ${describeFsError(error)}\n`], ioError: true };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (notebook) return checkNotebookText(slot.parser, file, text, options);
  const skip = skipReason(text, { maxFileSizeKb: options.maxFileSizeKb, path: file });
  if (skip) return { stderr: [`looplens: skipped ${file}: ${skip}\n`], ioError: false };
  let tree;
  try {
    tree = await slot.parser.parse(text, language);
  } catch (error) {
    if (!(error instanceof ParseBudgetExceeded)) throw error;
    return { stderr: [`looplens: skipped ${file}: ${error.message}\n`], ioError: false };
  }
  try {
    const found = analyze(tree, text, language, {
      severities: options.severities,
      onRuleError: (ruleId, error) => stderr.push(`looplens: internal error in ${ruleId} on ${file}: ${error instanceof Error ? error.message : String(error)}\n`),
    });
    return { stderr, ioError: false, analysed: { text, found } };
  } finally {
    tree.delete();
  }
}

/** Findings with 1-based line/column positions (UTF-16 columns, like the editor). */
export function toCliFindings(file: string, text: string, found: readonly Finding[]): CliFinding[] {
  const lines = new LineIndex(text);
  return found.map((finding) => {
    const start = lines.positionAt(finding.start);
    const end = lines.positionAt(finding.end);
    return {
      file,
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
