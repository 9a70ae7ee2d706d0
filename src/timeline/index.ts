/**
 * Entry point of the timeline simulator: parses a file, dispatches it to the
 * JavaScript/TypeScript or the Python interpreter, renders a model as a text
 * timeline. `looplens timeline` (command.ts) runs it in a process of its own
 * (sandbox/).
 */
import { basename } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { isRuntimeTrap, languageFromPath, type SourceParser } from '../parsing';
import { predictJavaScript } from './js';
import { PROTOCOL_LIMITS } from './protocol';
import { TIMELINE_MODEL_VERSION, type TimelineLanguage, type TimelineModel } from './model';
import { predictPythonProgram } from './python';
import { predictNotebookCell } from './python/notebook';
import { blankIPythonSyntax } from '../parsing/notebook';

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
  return withinProtocolLimits(await predictUnbounded(source, options));
}

/**
 * The model as the protocol accepts it: a text longer than the protocol's limit (a 50 MB printed line) is
 * cut, with one note, instead of making the whole answer invalid.
 */
function withinProtocolLimits(model: TimelineModel): TimelineModel {
  const max = PROTOCOL_LIMITS.maxTextLength;
  let cut = false;
  const clip = (text: string): string => {
    if (text.length <= max) return text;
    cut = true;
    const suffix = `… (${text.length - (max - 40)} more characters)`;
    return text.slice(0, max - 40) + suffix;
  };
  const output = model.output.slice(0, PROTOCOL_LIMITS.maxOutputLines).map((line) => (line.text.length > max ? { ...line, text: clip(line.text) } : line));
  const steps = model.steps.slice(0, PROTOCOL_LIMITS.maxSteps).map((step) => (step.label.length > max || step.explanation.length > max ? { ...step, label: clip(step.label), explanation: clip(step.explanation) } : step));
  const notes = model.notes.slice(0, PROTOCOL_LIMITS.maxNotes - 1).map((note) => ({
    ...note, message: clip(note.message), ...(note.orders ? { orders: note.orders.slice(0, 64).map((order) => order.slice(0, PROTOCOL_LIMITS.maxOutputLines).map(clip)) } : {}),
  }));
  cut ||= output.length < model.output.length || steps.length < model.steps.length || notes.length < model.notes.length;
  if (!cut) return model;
  return { ...model, output, steps, notes: [...notes, { kind: 'approximate', message: `parts of the prediction were too long to show and were cut (at most ${max} characters a line)` }] };
}

async function predictUnbounded(source: string, options: PredictOptions): Promise<TimelineModel> {
  if (options.notebook) return predictCell(options.notebook, options);
  const language = languageFromPath(options.fileName);
  if (!language) return failed('javascript', null, `${basename(options.fileName)} is not a JavaScript, TypeScript or Python file`);
  const timelineLanguage: TimelineLanguage = language.family === 'python' ? 'python' : language.javascript ? 'javascript' : 'typescript';
  let tree: Tree | undefined;
  try {
    tree = await options.parser.parse(source, language);
    if (timelineLanguage === 'python') {
      return await predictPythonProgram(source, tree, {
        fileName: options.fileName,
        ...(options.stepBudget !== undefined ? { stepBudget: options.stepBudget } : {}),
        ...(options.files ? { files: options.files } : {}),
        ...(options.workspaceRoot !== undefined ? { workspaceRoot: options.workspaceRoot } : {}),
        ioLatencyMs: options.ioLatencyMs ?? DEFAULT_IO_LATENCY_MS,
      }, options.parser);
    }
    return await predictJavaScript(source, tree, {
      fileName: options.fileName, language: timelineLanguage, parser: options.parser,
      ...(options.moduleKind ? { moduleKind: options.moduleKind } : {}),
      ...(options.stepBudget !== undefined ? { stepBudget: options.stepBudget } : {}),
      ...(options.files ? { files: options.files } : {}),
      ...(options.ioLatencyMs !== undefined ? { ioLatencyMs: options.ioLatencyMs } : {}),
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
    const where = s.file ? `${basename(s.file)}:${s.line}` : `line ${s.line}`;
    lines.push(`  #${String(s.id).padEnd(4)} ${stepTimes[i]!.padStart(stepWidth)}  ${s.lane.padEnd(laneWidth)}  ${s.kind.padEnd(8)} ${s.label}  (${where}${extra ? `; ${extra}` : ''})`);
  });
  if (model.files && model.files.length > 1) lines.push('', 'Files:', ...model.files.map((f) => `  ${f}`));
  if (model.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of model.notes) {
      lines.push(`  ${note.kind}${note.line !== undefined ? ` (line ${note.line})` : ''}: ${note.message}`);
      note.orders?.forEach((order, i) => lines.push(`    order ${i + 1}: ${order.join(' | ')}`));
    }
  }
  return lines.join('\n') + '\n';
}

/** `looplens timeline`: lives in command.ts (it runs predictions in a process of their own). */
export { runTimelineCommand } from './command';
