/**
 * Entry point of the Python half of the timeline simulator: interprets the
 * program on a virtual clock with an asyncio loop model and returns the
 * timeline. Never throws: what cannot be modelled becomes a note.
 */
import type { Tree } from 'web-tree-sitter';
import { languageFromPath, type LanguageInfo } from '../../parsing';
import { TIMELINE_MODEL_VERSION, type TimelineModel, type TimelineNote } from '../model';
import { installAsyncio } from './asyncio';
import { installBuiltins, OutputBuffer } from './builtins';
import { installContextlib } from './contextlib';
import { installEnum } from './enums';
import { installStdlib } from './stdlib';
import { createExceptionClasses } from './exceptions';
import { Interpreter } from './interpreter';
import { resetMeter } from './limits';
import { EventLoop, MAX_RECORDED_STEPS, Recorder } from './scheduler';
import { convertTree, type SyntaxNode } from './syntax';
import { BudgetExceeded, ProgramExit, PyRaise, Unsupported } from './values';

/** Statements the interpreter may execute (whatever the recorded step budget). */
const STATEMENT_BUDGET = 500_000;
/** Same default as the timeline entry point (src/timeline/index.ts). */
const DEFAULT_IO_LATENCY_MS = 100;
const MAX_LOOP_ITERATIONS = 500_000;
const MAX_VIRTUAL_TIME_MS = 600_000;

export interface PredictPythonOptions {
  fileName: string;
  /** Most timeline steps recorded before the prediction stops (default 20,000). */
  stepBudget?: number;
  /** Parsed workspace modules the program may import, absolute path → root (see predictPythonProgram). */
  modules?: ReadonlyMap<string, SyntaxNode>;
  /** Second folder imports are looked up in, after the file's own. */
  workspaceRoot?: string;
  /** Assumed latency of unmodelled I/O, in ms (default 100). */
  ioLatencyMs?: number;
}

/** Most workspace modules parsed for one prediction. */
const MAX_MODULES = 200;

/**
 * Parses the workspace files the caller collected (absolute path → text; only `.py` files are
 * used) and predicts the program with them importable.
 */
export async function predictPythonProgram(
  source: string,
  tree: Tree,
  options: Omit<PredictPythonOptions, 'modules'> & { files?: Readonly<Record<string, string>> },
  parser: { parse(text: string, language: LanguageInfo): Promise<Tree> },
): Promise<TimelineModel> {
  const modules = new Map<string, SyntaxNode>();
  const language = languageFromPath('x.py')!;
  for (const [path, text] of Object.entries(options.files ?? {})) {
    if (!path.endsWith('.py') || path === options.fileName || modules.size >= MAX_MODULES) continue;
    const moduleTree = await parser.parse(text, language);
    try {
      modules.set(path, convertTree(moduleTree, text, path));
    } finally {
      moduleTree.delete();
    }
  }
  const { files: _files, ...rest } = options;
  return predictPython(source, tree, { ...rest, modules });
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.hasError) return node;
  for (const child of node.children) {
    const found = firstError(child);
    if (found) return found;
  }
  return null;
}

export function predictPython(source: string, tree: Tree, options: PredictPythonOptions): TimelineModel {
  const rec = new Recorder(options.stepBudget ?? MAX_RECORDED_STEPS);
  let notes: TimelineNote[] = rec.notes;
  try {
    const root = convertTree(tree, source);
    if (tree.rootNode.hasError) {
      rec.note('unsupported', 'syntax error: Python would not run this file', firstError(root));
    } else {
      simulate(root, rec, options, false);
      if (rec.notes.some((n) => n.kind === 'nondeterministic')) notes = withOrders(rec, root, options);
    }
  } catch (e) {
    rec.note('unsupported', `internal error of the simulator (${e instanceof Error ? e.message : String(e)})`, null);
  }
  return {
    version: TIMELINE_MODEL_VERSION, language: 'python', module: null, timeUnit: 's', output: rec.output, steps: rec.steps, notes,
    ...(rec.files.length > 0 ? { files: [options.fileName, ...rec.files] } : {}),
    ioLatencyMs: options.ioLatencyMs ?? DEFAULT_IO_LATENCY_MS,
  };
}

/**
 * Where asyncio leaves an order undefined (equal call_at deadlines, as_completed's
 * set, sets of tasks, the shutdown cancellation, a thread racing a timer), a second
 * run takes the other choice: when the output differs, both orders go on the
 * nondeterministic notes; when it does not, those choices do not show and their
 * notes are dropped.
 */
function withOrders(rec: Recorder, root: SyntaxNode, options: PredictPythonOptions): TimelineNote[] {
  const other = new Recorder(options.stepBudget ?? MAX_RECORDED_STEPS);
  simulate(root, other, options, true);
  const first = rec.output.map((o) => o.text);
  const second = other.output.map((o) => o.text);
  if (JSON.stringify(first) === JSON.stringify(second)) return rec.notes.filter((n) => !rec.explored.has(n));
  return rec.notes.map((n) => (n.kind === 'nondeterministic' ? { ...n, orders: [first, second] } : n));
}

function simulate(root: SyntaxNode, rec: Recorder, options: PredictPythonOptions, flipTies: boolean): void {
  resetMeter();
  const loop = new EventLoop({ maxIterations: MAX_LOOP_ITERATIONS, maxTimeMs: MAX_VIRTUAL_TIME_MS, flipTies });
  const interp = new Interpreter(rec, loop, createExceptionClasses(), STATEMENT_BUDGET, options.fileName);
  interp.ioLatencyMs = options.ioLatencyMs ?? DEFAULT_IO_LATENCY_MS;
  if (options.modules && options.modules.size > 0) interp.sourceFiles = { roots: options.modules, mainFile: options.fileName, workspaceRoot: options.workspaceRoot };
  const out = new OutputBuffer(interp);
  try {
    installBuiltins(interp, out);
    installAsyncio(interp);
    installContextlib(interp);
    installEnum(interp);
    installStdlib(interp);
    interp.globals.vars.set('__name__', '__main__');
    interp.globals.vars.set('__file__', options.fileName);
    const run = interp.execBlock(root, interp.globals).next();
    if (!run.done) rec.note('unsupported', "'await' outside an async function", interp.currentNode);
  } catch (e) {
    guarded(rec, interp, () => {
      out.flush();
      report(e, rec, interp);
    });
  }
  guarded(rec, interp, () => {
    out.flush();
    for (const coro of interp.pendingCoroutines) if (coro.createdAt) interp.neverAwaited(coro, coro.createdAt);
  });
  rec.files = interp.importedFiles;
}

/** Turns what stopped the program into output lines or notes. */
function report(e: unknown, rec: Recorder, interp: Interpreter): void {
  interp.ctx = { lane: 'loop', threadTime: null, task: null };
  const t = interp.loop.now;
  if (e instanceof PyRaise) {
    const text = interp.str(e.exc);
    rec.step('error', 'loop', t, e.node, `uncaught ${e.exc.cls.name}: Python prints the traceback and exits with status 1`);
    rec.print(`Traceback (most recent call last):\n${e.exc.cls.name}${text ? `: ${text}` : ''}`, 'stderr', 'loop', t, e.node);
  } else if (e instanceof Unsupported) {
    rec.note('unsupported', `not modelled: ${e.message}; the timeline stops here`, e.node ?? interp.currentNode);
  } else if (e instanceof BudgetExceeded) {
    rec.note('approximate', e.message, e.node ?? interp.currentNode);
  } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    rec.note('unsupported', 'recursion too deep for the simulator; the timeline stops here', interp.currentNode);
  } else if (!(e instanceof ProgramExit)) {
    rec.note('unsupported', `internal error of the simulator (${e instanceof Error ? e.message : String(e)}); the timeline stops here`, interp.currentNode);
  }
}

/** Runs end-of-program work; a failure there (even a budget hit) only adds a note. */
function guarded(rec: Recorder, interp: Interpreter, run: () => void): void {
  try {
    run();
  } catch (e) {
    if (e instanceof BudgetExceeded) rec.note('approximate', e.message, e.node);
    else rec.note('unsupported', `internal error of the simulator (${e instanceof Error ? e.message : String(e)})`, interp.currentNode);
  }
}
