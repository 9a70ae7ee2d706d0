/** `looplens timeline NOTEBOOK.ipynb --cell N [--json]`: the timeline of one notebook cell. */
import { readFile, stat } from 'node:fs/promises';
import { findWasmDir, looksBinary, SourceParser } from '../parsing';
import { NotebookFormatError, parseNotebook, pythonCells, isPythonNotebook } from '../parsing/notebook';
import { formatTimelineText, predictTimeline } from './index';

const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** 0 on success, 2 on a usage or I/O error (one line on stderr). */
export async function runNotebookTimeline(
  file: string,
  cell: number | undefined,
  json: boolean,
  io: { stdout(s: string): void; stderr(s: string): void },
): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`looplens timeline: ${file}: ${message}\n`);
    return 2;
  };
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return fail('not a regular file');
    if (info.size > MAX_NOTEBOOK_BYTES) return fail(`notebook is ${Math.round(info.size / 1024 / 1024)} MB, over the 64 MB limit`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    return fail(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error));
  }
  if (looksBinary(text)) return fail('file looks binary (contains NUL bytes)');
  let notebook;
  try {
    notebook = parseNotebook(text);
  } catch (error) {
    if (error instanceof NotebookFormatError) return fail(error.message);
    throw error;
  }
  if (!isPythonNotebook(notebook)) return fail(`not a Python notebook (kernel language: ${notebook.language})`);
  const count = notebook.cells.length;
  if (cell === undefined) return fail(`a notebook's timeline is the timeline of one cell: add --cell N (1-${count})`);
  if (cell < 1 || cell > count) return fail(`there is no cell ${cell} (the notebook has ${count} cell${count === 1 ? '' : 's'})`);
  const code = pythonCells(notebook);
  const chosen = code.findIndex((c) => c.index === cell - 1);
  if (chosen < 0) return fail(`cell ${cell} is a ${notebook.cells[cell - 1]!.kind === 'code' ? 'code cell in another language' : `${notebook.cells[cell - 1]!.kind} cell`}, not Python code`);
  const parser = new SourceParser(findWasmDir());
  try {
    const model = await predictTimeline('', {
      fileName: file,
      parser,
      notebook: {
        setup: code.slice(0, chosen).map((c) => c.source),
        cell: code[chosen]!.source,
        labels: code.slice(0, chosen + 1).map((c) => `cell ${c.index + 1}`),
      },
    });
    io.stdout(json ? `${JSON.stringify(model, null, 2)}\n` : formatTimelineText(model));
    return 0;
  } finally {
    parser.dispose();
  }
}
