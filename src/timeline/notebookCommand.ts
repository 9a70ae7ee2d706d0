/**
 * `looplens timeline NOTEBOOK.ipynb --cell N`: reads the notebook and picks the cell. The prediction itself
 * runs in a process of its own like any other (command.ts): the earlier code cells first, then cell N.
 */
import { readFile, stat } from 'node:fs/promises';
import { looksBinary } from '../parsing';
import { NotebookFormatError, parseNotebook, pythonCells, isPythonNotebook } from '../parsing/notebook';
import type { NotebookPrediction } from './index';

const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** The cells a prediction of cell `cell` (1-based) needs, or the one-line reason it cannot be predicted. */
export async function readNotebookCell(file: string, cell: number | undefined): Promise<{ readonly notebook: NotebookPrediction } | { readonly error: string }> {
  const fail = (message: string) => ({ error: `${file}: ${message}` });
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
  return {
    notebook: {
      setup: code.slice(0, chosen).map((c) => c.source),
      cell: code[chosen]!.source,
      labels: code.slice(0, chosen + 1).map((c) => `cell ${c.index + 1}`),
    },
  };
}
