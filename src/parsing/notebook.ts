/**
 * Jupyter notebooks as Python programs: reading `.ipynb` JSON (tolerant of
 * real files: outputs, attachments, raw and markdown cells, `source` as a
 * string or a list of lines, nbformat 3 worksheets), blanking IPython syntax
 * (`%magic`, `%%cell magic`, `!shell`, `?help`, `help?`) without moving any
 * character, and joining the code cells into one program the kernel would
 * run, with the map back from program offsets to cells.
 */

export interface NotebookCell {
  /** 0-based index among all cells of the notebook (markdown and raw included). */
  readonly index: number;
  readonly kind: 'code' | 'markdown' | 'raw';
  readonly source: string;
  /** The cell's own language when the notebook says so (VS Code's `metadata.vscode.languageId`), else undefined. */
  readonly language?: string;
}

export interface NotebookFile {
  readonly cells: readonly NotebookCell[];
  /** The kernel's language (`metadata.language_info.name` / `kernelspec.language`), lower case; `python` when unknown. */
  readonly language: string;
}

export class NotebookFormatError extends Error {}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `source` is a string or a list of strings (lines keep their own `\n`). */
function sourceText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((line): line is string => typeof line === 'string').join('');
  return '';
}

/** Parses `.ipynb` text; throws NotebookFormatError with one readable line when it is not a notebook. */
export function parseNotebook(text: string): NotebookFile {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new NotebookFormatError(`not valid notebook JSON (${detail})`);
  }
  if (!isObject(data)) throw new NotebookFormatError('not a notebook: the JSON is not an object');
  let rawCells: unknown = data.cells;
  if (rawCells === undefined && Array.isArray(data.worksheets)) {
    // nbformat 3: cells live in worksheets, code in `input`.
    rawCells = data.worksheets.flatMap((sheet) => (isObject(sheet) && Array.isArray(sheet.cells) ? sheet.cells : []));
  }
  if (!Array.isArray(rawCells)) throw new NotebookFormatError('not a notebook: no "cells" list');
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const info = isObject(metadata.language_info) ? metadata.language_info : {};
  const kernel = isObject(metadata.kernelspec) ? metadata.kernelspec : {};
  const language = (typeof info.name === 'string' ? info.name : typeof kernel.language === 'string' ? kernel.language : 'python').toLowerCase();
  const cells: NotebookCell[] = rawCells.map((raw, index) => {
    if (!isObject(raw)) return { index, kind: 'raw', source: '' };
    const type = raw.cell_type;
    const kind = type === 'code' ? 'code' : type === 'markdown' || type === 'heading' ? 'markdown' : 'raw';
    const source = sourceText(raw.source ?? raw.input);
    const cellMeta = isObject(raw.metadata) ? raw.metadata : {};
    const vscodeMeta = isObject(cellMeta.vscode) ? cellMeta.vscode : {};
    const cellLanguage = typeof vscodeMeta.languageId === 'string' ? vscodeMeta.languageId : typeof raw.language === 'string' ? raw.language : undefined;
    return cellLanguage === undefined ? { index, kind, source } : { index, kind, source, language: cellLanguage.toLowerCase() };
  });
  return { cells, language };
}

/** The notebook's kernel runs Python (IPython). */
export function isPythonNotebook(notebook: NotebookFile): boolean {
  return notebook.language === 'python' || notebook.language === 'python3' || notebook.language === 'ipython';
}

/** Code cells the Python kernel runs: code cells whose own language (if any) is Python. */
export function pythonCells(notebook: NotebookFile): NotebookCell[] {
  if (!isPythonNotebook(notebook)) return [];
  return notebook.cells.filter((cell) => cell.kind === 'code' && (cell.language === undefined || cell.language === 'python'));
}

export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

/** Cell magics whose body is Python run by the kernel (the others — %%bash, %%html, %%writefile… — are not Python). */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

export interface BlankedCell {
  /** Same length and line breaks as the cell; IPython syntax replaced by `0` and spaces. */
  readonly text: string;
  /** False when the cell ends inside a string or brackets: it would swallow the next cell if joined. */
  readonly balanced: boolean;
}

/** A span replaced by a no-op expression of the same length: `0` then spaces (UTF-16 units, like every offset here). */
function neutral(length: number): string {
  return length <= 0 ? '' : '0'.padEnd(length, ' ');
}

function spaces(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

const HELP_SUFFIX = /^[A-Za-z_][\w.]*(?:\(\))?\s*\?{1,2}\s*$/;
const ASSIGNED_MAGIC = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[!%]/;

/**
 * Replaces IPython-only syntax by `0` + spaces, keeping every other character
 * (and so every offset, line and column) where it was: `%time x` → `0      `,
 * `files = !ls` → `files = 0  `, a `%%bash` cell → `0` and blank lines. Lines
 * inside strings, brackets or after a `\` continuation are left alone.
 */
export function blankIPythonSyntax(source: string): BlankedCell {
  const lines = source.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first >= 0) {
    const cellMagic = /^\s*%%([A-Za-z_][\w]*)/.exec(lines[first]!);
    if (cellMagic) {
      const name = cellMagic[1]!;
      if (!PYTHON_BODY_CELL_MAGICS.has(name)) {
        // The body is not Python the kernel runs (shell, HTML, SQL, a file to write, %%python in another process…).
        const blanked = lines.map((line, i) => (i === first ? line.replace(/%%.*$/, (m) => neutral(m.replace(/\r$/, '').length) + (m.endsWith('\r') ? '\r' : '')) : spaces(line)));
        return { text: blanked.join('\n'), balanced: true };
      }
    }
  }
  const scanner = new LineScanner();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (scanner.atStatementStart()) line = blankLine(line, i === first);
    out.push(line);
    scanner.scan(line);
  }
  return { text: out.join('\n'), balanced: scanner.balanced() };
}

function blankLine(line: string, isFirst: boolean): string {
  const body = line.replace(/\r$/, '');
  const cr = body.length < line.length ? '\r' : '';
  const indent = /^\s*/.exec(body)![0].length;
  const rest = body.slice(indent);
  if (rest === '') return line;
  const replaceFrom = (at: number): string => body.slice(0, at) + neutral(body.length - at) + cr;
  if (rest.startsWith('%%') && isFirst) return replaceFrom(indent);
  if (rest[0] === '%' || rest[0] === '!' || rest[0] === '?') return replaceFrom(indent);
  if (rest[0] === '#') return line;
  if (HELP_SUFFIX.test(rest)) return replaceFrom(indent);
  const assigned = ASSIGNED_MAGIC.exec(rest);
  if (assigned && !/==\s*$/.test(assigned[1]!)) return replaceFrom(indent + assigned[1]!.length);
  return line;
}

/** Tracks strings, brackets and `\` continuations line by line (just enough to know where a statement may start). */
class LineScanner {
  private quote: string | null = null;
  private depth = 0;
  private continued = false;

  atStatementStart(): boolean {
    return this.quote === null && this.depth === 0 && !this.continued;
  }

  balanced(): boolean {
    return this.quote === null && this.depth === 0;
  }

  scan(line: string): void {
    this.continued = false;
    let i = 0;
    while (i < line.length) {
      const ch = line[i]!;
      if (this.quote !== null) {
        if (ch === '\\') {
          i += 2;
          continue;
        }
        if (line.startsWith(this.quote, i)) {
          i += this.quote.length;
          this.quote = null;
          continue;
        }
        i++;
        continue;
      }
      if (ch === '#') return;
      if (ch === '"' || ch === "'") {
        const triple = line.startsWith(ch.repeat(3), i);
        if (triple) {
          this.quote = ch.repeat(3);
          i += 3;
          continue;
        }
        // A one-line string: skip to its end (an unterminated one ends with the line, as Python would complain).
        let j = i + 1;
        while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') this.depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && this.depth > 0) this.depth--;
      i++;
    }
    this.continued = this.quote === null && /\\\r?$/.test(line);
  }
}

/** The code cells joined into one program, and the way back from its offsets to cells. */
export interface NotebookProgram {
  readonly text: string;
  /** Offset in `text` where each input cell starts (same order as the input). */
  readonly starts: readonly number[];
  /** Length of each input cell's text. */
  readonly lengths: readonly number[];
}

/**
 * Joins cells (already blanked) as the kernel runs them: one after another.
 * A cell that ends inside a string or brackets is a SyntaxError of its own in
 * the kernel; here it is left out (blanked) so it cannot swallow the next cell.
 */
export function joinCells(cells: readonly BlankedCell[]): NotebookProgram {
  const parts: string[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  let offset = 0;
  for (const cell of cells) {
    const text = cell.balanced ? cell.text : spaces(cell.text);
    starts.push(offset);
    lengths.push(text.length);
    parts.push(text);
    offset += text.length + 1;
  }
  return { text: parts.join('\n'), starts, lengths };
}

/** Blanks and joins raw cell sources. */
export function notebookProgram(sources: readonly string[]): NotebookProgram {
  return joinCells(sources.map(blankIPythonSyntax));
}

/** The cell (index into the program's cells) and the offset inside it of a program offset. */
export function locateInProgram(program: NotebookProgram, offset: number): { cell: number; offset: number } {
  const starts = program.starts;
  let low = 0;
  let high = starts.length - 1;
  if (high < 0) return { cell: -1, offset };
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { cell: low, offset: Math.min(offset - starts[low]!, program.lengths[low]!) };
}
