/**
 * Entry point of the timeline simulator: parses a file, dispatches it to the
 * JavaScript/TypeScript or the Python interpreter, renders a model as a text
 * timeline, and implements `looplens timeline FILE [--json]`.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { findWasmDir, isRuntimeTrap, languageFromPath, looksBinary, SourceParser } from '../parsing';
import { detectModuleKind, predictJavaScript } from './js';
import { TIMELINE_MODEL_VERSION, type TimelineLanguage, type TimelineModel } from './model';
import { predictPython } from './python';
import { predictNotebookCell } from './python/notebook';
import { blankIPythonSyntax, isNotebookPath } from '../parsing/notebook';
import { runNotebookTimeline } from './notebookCommand';

const PYTHON_LANGUAGE = { grammar: 'python', family: 'python', javascript: false } as const;

export interface PredictOptions {
  readonly fileName: string;
  readonly parser: SourceParser;
  /** Overrides the detection from extension, syntax and package.json. */
  readonly moduleKind?: 'commonjs' | 'esm';
  /** Most steps recorded before the prediction stops. */
  readonly stepBudget?: number;
  /**
   * Workspace files the program may import, absolute path → text, collected by the caller (the
   * prediction process never opens files itself). Unsaved editor text wins over the disk there.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Root of the workspace (second place Python imports are looked up, after the file's folder). */
  readonly workspaceRoot?: string;
  /** Assumed latency of unmodelled I/O (opaque imports, `fetch`, known blocking calls), in ms; default 100. */
  readonly ioLatencyMs?: number;
  /**
   * A notebook cell (Python): the earlier code cells run first (`setup`), then `cell`, each as a task on
   * the kernel's already running loop; the timeline shows `cell`. `source` is then unused.
   */
  readonly notebook?: NotebookPrediction;
}

export interface NotebookPrediction {
  readonly setup: readonly string[];
  readonly cell: string;
  /** Names of the setup cells and the cell, in order (default `cell 1`, `cell 2`…). */
  readonly labels?: readonly string[];
}

export const DEFAULT_IO_LATENCY_MS = 100;

/** Predicts how `source` runs on its event loop. Never throws: failures become `unsupported` notes. */
export async function predictTimeline(source: string, options: PredictOptions): Promise<TimelineModel> {
  if (options.notebook) return predictCell(options.notebook, options);
  const language = languageFromPath(options.fileName);
  if (!language) return failed('javascript', null, `${basename(options.fileName)} is not a JavaScript, TypeScript or Python file`);
  const timelineLanguage: TimelineLanguage = language.family === 'python' ? 'python' : language.javascript ? 'javascript' : 'typescript';
  let tree: Tree | undefined;
  try {
    tree = await options.parser.parse(source, language);
    if (timelineLanguage === 'python') {
      return predictPython(source, tree, { fileName: options.fileName, ...(options.stepBudget !== undefined ? { stepBudget: options.stepBudget } : {}) });
    }
    const moduleKind = options.moduleKind ?? detectModuleKind(options.fileName, tree.rootNode);
    return predictJavaScript(source, tree, {
      fileName: options.fileName, moduleKind, language: timelineLanguage,
      ...(options.stepBudget !== undefined ? { stepBudget: options.stepBudget } : {}),
    });
  } catch (error) {
    // A crashed parser must reach the caller's crash guard (the runtime has to be rebuilt), not become a note.
    if (isRuntimeTrap(error)) throw error;
    return failed(timelineLanguage, timelineLanguage === 'python' ? null : 'commonjs', `the simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    tree?.delete();
  }
}

/** The timeline of a notebook cell: each code cell parsed on its own (IPython syntax blanked), run in order on a running loop. */
async function predictCell(notebook: NotebookPrediction, options: PredictOptions): Promise<TimelineModel> {
  const sources = [...notebook.setup, notebook.cell];
  const trees: Tree[] = [];
  try {
    const cells = [];
    for (let i = 0; i < sources.length; i++) {
      const blanked = blankIPythonSyntax(sources[i]!).text;
      const tree = await options.parser.parse(blanked, PYTHON_LANGUAGE);
      trees.push(tree);
      cells.push({ source: blanked, tree, label: notebook.labels?.[i] ?? `cell ${i + 1}` });
    }
    return predictNotebookCell(cells, { fileName: options.fileName, ...(options.stepBudget !== undefined ? { stepBudget: options.stepBudget } : {}) });
  } catch (error) {
    if (isRuntimeTrap(error)) throw error;
    return failed('python', null, `the simulator failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const tree of trees) tree.delete();
  }
}

function failed(language: TimelineLanguage, module: TimelineModel['module'], message: string): TimelineModel {
  return {
    version: TIMELINE_MODEL_VERSION, language, module, timeUnit: language === 'python' ? 's' : 'ms',
    output: [], steps: [], notes: [{ kind: 'unsupported', message }],
  };
}

function formatTime(ms: number, unit: 'ms' | 's'): string {
  if (unit === 's') return `${(ms / 1000).toFixed(3)} s`;
  return `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
}

/** A readable timeline: what the program prints and when, then every step, then the notes. */
export function formatTimelineText(model: TimelineModel): string {
  const lines: string[] = [];
  const module = model.module ? `, ${model.module === 'esm' ? 'ES module' : 'CommonJS'}` : '';
  lines.push(`Loop timeline (${model.language}${module}) — predicted, virtual time`);
  lines.push('', 'Output:');
  if (model.output.length === 0) lines.push('  (nothing printed)');
  const times = model.output.map((o) => formatTime(o.t, model.timeUnit));
  const width = Math.max(0, ...times.map((t) => t.length));
  model.output.forEach((o, i) => lines.push(`  ${times[i]!.padStart(width)}  ${o.stream === 'stderr' ? '[stderr] ' : ''}${o.text}`));
  lines.push('', 'Steps:');
  if (model.steps.length === 0) lines.push('  (none)');
  const stepTimes = model.steps.map((s) => formatTime(s.t, model.timeUnit));
  const stepWidth = Math.max(0, ...stepTimes.map((t) => t.length));
  const laneWidth = Math.max(0, ...model.steps.map((s) => s.lane.length));
  model.steps.forEach((s, i) => {
    const extra = [
      s.duration !== undefined ? `blocks ${formatTime(s.duration, model.timeUnit)}` : '',
      s.approximate ? 'approximate' : '',
      s.cause !== undefined ? `from #${s.cause}` : '',
    ].filter(Boolean).join(', ');
    lines.push(`  #${String(s.id).padEnd(4)} ${stepTimes[i]!.padStart(stepWidth)}  ${s.lane.padEnd(laneWidth)}  ${s.kind.padEnd(8)} ${s.label}  (${s.file ? `${s.file}, ` : ''}line ${s.line}${extra ? `; ${extra}` : ''})`);
  });
  if (model.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of model.notes) {
      lines.push(`  ${note.kind}${note.line !== undefined ? ` (line ${note.line})` : ''}: ${note.message}`);
      note.orders?.forEach((order, i) => lines.push(`    order ${i + 1}: ${order.join(' | ')}`));
    }
  }
  return lines.join('\n') + '\n';
}

const MAX_FILE_BYTES = 1024 * 1024;
const USAGE = 'usage: looplens timeline FILE [--json]\n       looplens timeline NOTEBOOK.ipynb --cell N [--json]   (the timeline of cell N, 1-based)\n';

/** `looplens timeline FILE [--json]`: 0 on success, 2 on a usage or I/O error. */
export async function runTimelineCommand(argv: string[], io: { stdout(s: string): void; stderr(s: string): void }): Promise<number> {
  const args = argv[0] === 'timeline' ? argv.slice(1) : argv;
  let json = false;
  let cell: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--cell' || arg.startsWith('--cell=')) {
      const value = arg === '--cell' ? args[++i] : arg.slice('--cell='.length);
      cell = Number(value);
      if (value === undefined || !Number.isInteger(cell) || cell < 1) {
        io.stderr(`looplens timeline: --cell expects a cell number (1-based)\n${USAGE}`);
        return 2;
      }
    }
    else if (arg === '-h' || arg === '--help') {
      io.stdout(USAGE);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.stderr(`looplens timeline: unknown option ${arg}\n${USAGE}`);
      return 2;
    } else files.push(arg);
  }
  if (files.length !== 1) {
    io.stderr(`looplens timeline: expected exactly one FILE\n${USAGE}`);
    return 2;
  }
  const file = files[0]!;
  if (isNotebookPath(file)) return runNotebookTimeline(file, cell, json, io);
  if (cell !== undefined) {
    io.stderr(`looplens timeline: --cell is for notebooks (.ipynb); ${file} is not one\n`);
    return 2;
  }
  if (!languageFromPath(file)) {
    io.stderr(`looplens timeline: ${file}: not a JavaScript, TypeScript or Python file\n`);
    return 2;
  }
  let source: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      io.stderr(`looplens timeline: ${file}: not a regular file\n`);
      return 2;
    }
    if (info.size > MAX_FILE_BYTES) {
      io.stderr(`looplens timeline: ${file}: file is ${Math.round(info.size / 1024)} KB, over the 1024 KB limit\n`);
      return 2;
    }
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    io.stderr(`looplens timeline: ${file}: ${reason}\n`);
    return 2;
  }
  if (looksBinary(source)) {
    io.stderr(`looplens timeline: ${file}: file looks binary (contains NUL bytes)\n`);
    return 2;
  }
  const parser = new SourceParser(findWasmDir());
  try {
    const model = await predictTimeline(source, { fileName: file, parser });
    io.stdout(json ? `${JSON.stringify(model, null, 2)}\n` : formatTimelineText(model));
    return 0;
  } finally {
    parser.dispose();
  }
}
