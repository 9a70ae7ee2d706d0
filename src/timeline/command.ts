/**
 * `looplens timeline FILE`: reads the file, predicts it in a prediction
 * process of its own (PredictionRunner, no spare), prints the timeline. The
 * CLI's own process never runs the program: whatever the program does (a
 * fatal V8 error, endless loops, memory) ends only the child, and the CLI
 * prints one line and exits 3.
 */
import { collectWorkspaceFiles } from './imports';
import type { NotebookPrediction } from './index';
import { readNotebookCell } from './notebookCommand';
import { isNotebookPath } from '../parsing/notebook';
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { languageFromPath, looksBinary } from '../parsing';
import { DEFAULT_IO_LATENCY_MS, formatTimelineText } from './index';
import { DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_MS, PredictionRunner } from './sandbox/runner';

const MAX_FILE_BYTES = 1024 * 1024;
/** Below this the prediction process cannot even load its parser. */
export const MIN_MEMORY_LIMIT_MB = 128;
const MAX_TIME_LIMIT_S = 3600;
const MAX_IO_LATENCY_MS = 3_600_000;

/** Exit status when the prediction was stopped (memory, time) or its process crashed. */
export const EXIT_PREDICTION_STOPPED = 3;

export const TIMELINE_HELP = `Usage: looplens timeline [options] FILE
       looplens timeline [options] NOTEBOOK.ipynb --cell N   (the timeline of cell N, 1-based)

Predict how FILE (Python, TypeScript or JavaScript) runs on its event loop, on a
virtual clock, without running it: the program is interpreted in a separate
process with no environment, a memory cap and a time limit.

Options:
  --json                  print the timeline model (JSON) instead of text
  --cell N                for a notebook: the cell to predict (the code cells before it run first)
  --time-limit SECONDS    stop the prediction after this long (default ${DEFAULT_TIME_LIMIT_MS / 1000})
  --memory-limit MB       stop the prediction when its process uses more memory (default ${DEFAULT_MEMORY_LIMIT_MB}, at least ${MIN_MEMORY_LIMIT_MB})
  --io-latency MS         assumed latency of unmodelled I/O (default ${DEFAULT_IO_LATENCY_MS})
  -h, --help              show this help

Exit status: 0 timeline printed; 2 usage or I/O error; ${EXIT_PREDICTION_STOPPED} the prediction was stopped
(out of memory, over the time limit) or its process crashed — one line on stderr says which.
`;

interface TimelineArgs {
  readonly file: string;
  /** `--cell N` (1-based), for a notebook. */
  readonly cell?: number;
  readonly json: boolean;
  readonly timeLimitMs: number;
  readonly memoryLimitMb: number;
  readonly ioLatencyMs: number;
}

function parseNumber(flag: string, raw: string | undefined, min: number, max: number): number | string {
  if (raw === undefined || raw.startsWith('--')) return `${flag} needs a value`;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) return `${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`;
  return value;
}

function parseArgs(args: readonly string[]): TimelineArgs | { readonly help: true } | { readonly error: string } {
  let json = false;
  let timeLimitMs = DEFAULT_TIME_LIMIT_MS;
  let memoryLimitMb = DEFAULT_MEMORY_LIMIT_MB;
  let ioLatencyMs = DEFAULT_IO_LATENCY_MS;
  let cell: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--json') json = true;
    else if (flag === '-h' || flag === '--help') return { help: true };
    else if (flag === '--cell') {
      const n = parseNumber(flag, value(), 1, 1_000_000);
      if (typeof n === 'string' || !Number.isInteger(n)) return { error: '--cell expects a cell number (1-based)' };
      cell = n;
    }
    else if (flag === '--time-limit') {
      const seconds = parseNumber(flag, value(), 0.1, MAX_TIME_LIMIT_S);
      if (typeof seconds === 'string') return { error: seconds };
      timeLimitMs = Math.round(seconds * 1000);
    } else if (flag === '--memory-limit') {
      const mb = parseNumber(flag, value(), MIN_MEMORY_LIMIT_MB, 1024 * 1024);
      if (typeof mb === 'string') return { error: mb };
      memoryLimitMb = Math.floor(mb);
    } else if (flag === '--io-latency') {
      const ms = parseNumber(flag, value(), 0, MAX_IO_LATENCY_MS);
      if (typeof ms === 'string') return { error: ms };
      ioLatencyMs = ms;
    } else if (flag.startsWith('-') && flag !== '-') return { error: `unknown option ${flag}` };
    else files.push(arg);
  }
  if (files.length !== 1) return { error: 'expected exactly one FILE' };
  return { file: files[0]!, json, timeLimitMs, memoryLimitMb, ioLatencyMs, ...(cell !== undefined ? { cell } : {}) };
}

/** A workspace file for the prediction (imported modules, package.json, tsconfig.json); undefined when absent. */
async function readWorkspaceFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const text = await readFile(path, 'utf8');
    return looksBinary(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Reads FILE as the CLI accepts it, or says in one line why not. */
async function readProgram(file: string): Promise<{ readonly source: string } | { readonly error: string }> {
  if (!languageFromPath(file)) return { error: `${file}: not a JavaScript, TypeScript or Python file` };
  try {
    const info = await stat(file);
    if (!info.isFile()) return { error: `${file}: not a regular file` };
    if (info.size > MAX_FILE_BYTES) return { error: `${file}: file is ${Math.round(info.size / 1024)} KB, over the 1024 KB limit` };
    const source = await readFile(file, 'utf8');
    if (looksBinary(source)) return { error: `${file}: file looks binary (contains NUL bytes)` };
    return { source };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    return { error: `${file}: ${reason}` };
  }
}

/** `looplens timeline [options] FILE`: 0 on success, 2 on a usage or I/O error, 3 when the prediction was stopped. */
export async function runTimelineCommand(argv: string[], io: { stdout(s: string): void; stderr(s: string): void }): Promise<number> {
  const parsed = parseArgs(argv[0] === 'timeline' ? argv.slice(1) : argv);
  if ('help' in parsed) {
    io.stdout(TIMELINE_HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`looplens timeline: ${parsed.error}\n${TIMELINE_HELP.split('\n')[0]}\n`);
    return 2;
  }
  let notebook: NotebookPrediction | undefined;
  if (isNotebookPath(parsed.file)) {
    const picked = await readNotebookCell(parsed.file, parsed.cell);
    if ('error' in picked) {
      io.stderr(`looplens timeline: ${picked.error}\n`);
      return 2;
    }
    notebook = picked.notebook;
  } else if (parsed.cell !== undefined) {
    io.stderr(`looplens timeline: --cell is for notebooks (.ipynb); ${parsed.file} is not one\n`);
    return 2;
  }
  const program = notebook ? { source: notebook.cell } : await readProgram(parsed.file);
  if ('error' in program) {
    io.stderr(`looplens timeline: ${program.error}\n`);
    return 2;
  }
  const fileName = resolve(parsed.file);
  // The workspace is the current folder when FILE is inside it, else FILE's folder: imports are read from there only.
  const inCwd = !relative(process.cwd(), fileName).startsWith('..');
  const workspaceRoot = inCwd ? process.cwd() : dirname(fileName);
  const files = await collectWorkspaceFiles(fileName, program.source, { readText: readWorkspaceFile, workspaceRoot });
  const runner = new PredictionRunner({ timeLimitMs: parsed.timeLimitMs, memoryLimitMb: parsed.memoryLimitMb });
  try {
    const outcome = await runner.predict({
      source: program.source,
      fileName,
      files,
      workspaceRoot,
      ioLatencyMs: parsed.ioLatencyMs,
      ...(notebook ? { notebook } : {}),
    });
    if (!outcome.ok) {
      io.stderr(`looplens timeline: ${parsed.file}: ${outcome.message}\n`);
      return EXIT_PREDICTION_STOPPED;
    }
    io.stdout(parsed.json ? `${JSON.stringify(outcome.model, null, 2)}\n` : formatTimelineText(outcome.model));
    return 0;
  } finally {
    runner.dispose();
  }
}
