/**
 * The timeline of one notebook cell: the code cells up to it run the way a
 * Jupyter kernel runs them — each as a task on an event loop that is already
 * running, so top-level `await` works and `asyncio.run()` raises — and only
 * what happens from the moment the chosen cell starts is recorded. Earlier
 * cells only set up state; steps that run code defined in them say which cell.
 */
import type { Tree } from 'web-tree-sitter';
import { TIMELINE_MODEL_VERSION, type TimelineModel, type TimelineNote, type NoteKind, type StepKind, type Lane } from '../model';
import { installAsyncio } from './asyncio';
import { installBuiltins, OutputBuffer } from './builtins';
import { installContextlib } from './contextlib';
import { createExceptionClasses } from './exceptions';
import { Interpreter } from './interpreter';
import { EventLoop, MAX_RECORDED_STEPS, Recorder, type StepExtra } from './scheduler';
import { convertTree, type SyntaxNode } from './syntax';
import { BudgetExceeded, ProgramExit, PyCoroutine, PyRaise, Unsupported, type Gen } from './values';

const STATEMENT_BUDGET = 500_000;
const MAX_LOOP_ITERATIONS = 500_000;
const MAX_VIRTUAL_TIME_MS = 600_000;

export interface NotebookCellSource {
  /** The cell's text with IPython syntax blanked (same positions as the cell). */
  readonly source: string;
  readonly tree: Tree;
  /** How the cell is named in steps and notes that point into it, e.g. `cell 3`. */
  readonly label: string;
}

export interface PredictNotebookOptions {
  readonly fileName: string;
  readonly stepBudget?: number;
}

/** Records only while the chosen cell runs; spans in other cells carry the cell's label as their file. */
class CellRecorder extends Recorder {
  recording = false;
  constructor(
    maxSteps: number,
    private readonly cellOf: ReadonlyMap<SyntaxNode, string>,
  ) {
    super(maxSteps);
  }

  override step(kind: StepKind, lane: Lane, t: number, node: SyntaxNode | null, explanation: string, extra: StepExtra = {}): number {
    if (!this.recording) return 0;
    const id = super.step(kind, lane, t, node, explanation, extra);
    const file = node ? this.cellOf.get(node) : undefined;
    if (file) this.steps[this.steps.length - 1] = { ...this.steps[this.steps.length - 1]!, file };
    return id;
  }

  override print(text: string, stream: 'stdout' | 'stderr', lane: Lane, t: number, node: SyntaxNode | null): void {
    if (this.recording) super.print(text, stream, lane, t, node);
  }

  override note(kind: NoteKind, message: string, node: SyntaxNode | null, orders?: readonly (readonly string[])[]): TimelineNote | null {
    // Before the chosen cell, only what stops an earlier cell matters (its state may be missing).
    if (!this.recording && kind !== 'unsupported') return null;
    const file = node ? this.cellOf.get(node) : undefined;
    const note = super.note(kind, message, node, orders);
    if (note && file) this.notes[this.notes.length - 1] = { ...note, file };
    return note;
  }
}

/** Predicts the last of `cells` after running the others, on the kernel's running loop. Never throws. */
export function predictNotebookCell(cells: readonly NotebookCellSource[], options: PredictNotebookOptions): TimelineModel {
  const roots = cells.map((cell) => convertTree(cell.tree, cell.source));
  const target = roots.length - 1;
  const cellOf = new Map<SyntaxNode, string>();
  roots.forEach((root, i) => {
    if (i !== target) indexNodes(root, cells[i]!.label, cellOf);
  });
  const rec = new CellRecorder(options.stepBudget ?? MAX_RECORDED_STEPS, cellOf);
  let startedAt = 0;
  try {
    if (target < 0) rec.note('unsupported', 'no code cell to predict', null);
    else if (cells[target]!.tree.rootNode.hasError) {
      rec.recording = true;
      rec.note('unsupported', 'syntax error: the kernel would not run this cell', null);
    } else startedAt = simulate(roots, cells, rec, options);
  } catch (e) {
    rec.recording = true;
    rec.note('unsupported', `internal error of the simulator (${e instanceof Error ? e.message : String(e)})`, null);
  }
  const shift = (t: number): number => Math.max(0, t - startedAt);
  return {
    version: TIMELINE_MODEL_VERSION, language: 'python', module: null, timeUnit: 's',
    output: rec.output.filter((line) => line.step > 0).map((line) => ({ ...line, t: shift(line.t) })),
    steps: rec.steps.map((step) => ({ ...step, t: shift(step.t) })),
    notes: rec.notes,
  };
}

function indexNodes(node: SyntaxNode, label: string, into: Map<SyntaxNode, string>): void {
  into.set(node, label);
  for (const child of node.children) indexNodes(child, label, into);
}

/** Runs the cells in order, each as a task on the running loop; returns the virtual time the chosen cell started at. */
function simulate(roots: readonly SyntaxNode[], cells: readonly NotebookCellSource[], rec: CellRecorder, options: PredictNotebookOptions): number {
  const loop = new EventLoop({ maxIterations: MAX_LOOP_ITERATIONS, maxTimeMs: MAX_VIRTUAL_TIME_MS });
  const interp = new Interpreter(rec, loop, createExceptionClasses(), STATEMENT_BUDGET, options.fileName);
  const out = new OutputBuffer(interp);
  installBuiltins(interp, out);
  const rt = installAsyncio(interp);
  installContextlib(interp);
  interp.globals.vars.set('__name__', '__main__');
  // The kernel's loop is running before the first cell and never stops.
  rt.running = true;
  let startedAt = 0;
  const target = roots.length - 1;
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i]!;
    const mine = i === target;
    if (!mine && cells[i]!.tree.rootNode.hasError) {
      rec.note('unsupported', `${cells[i]!.label} (run before this cell) has a syntax error: skipped; names it defines are missing`, null);
      continue;
    }
    if (mine) {
      rec.recording = true;
      startedAt = loop.now;
      // Coroutines earlier cells dropped were reported (garbage-collected) back then, not in this cell.
      interp.pendingCoroutines.clear();
    }
    const body = function* (): Gen {
      yield* interp.execBlock(root, interp.globals);
      return null;
    };
    try {
      interp.ctx = { lane: 'loop', threadTime: null, task: null };
      const task = rt.createTask(new PyCoroutine(cells[i]!.label, body, root), null, root, cells[i]!.label);
      while (!task.done()) {
        if (!loop.runOnce()) throw new BudgetExceeded('the cell would wait forever here: nothing left can wake it', interp.currentNode);
      }
      out.flush();
      if (task.exception) {
        task.retrieved = true;
        const text = interp.str(task.exception);
        // The kernel shows the traceback under the cell and keeps running.
        rec.print(`Traceback (most recent call last):\n${task.exception.cls.name}${text ? `: ${text}` : ''}`, 'stderr', task.lane, loop.now, root);
      }
      if (mine) afterCell(loop, rec, interp);
    } catch (e) {
      out.flush();
      stopped(e, rec, interp, mine ? null : cells[i]!.label);
      if (mine) break;
    }
  }
  return startedAt;
}

/** After the cell returns, tasks it started keep running on the kernel's loop: follow them until the loop is idle. */
function afterCell(loop: EventLoop, rec: CellRecorder, interp: Interpreter): void {
  interp.ctx = { lane: 'loop', threadTime: null, task: null };
  try {
    while (loop.runOnce()) {
      // Runs until nothing is scheduled any more.
    }
  } catch (e) {
    if (e instanceof BudgetExceeded) rec.note('approximate', `after the cell, tasks it started keep running on the kernel's loop; ${e.message}`, e.node);
    else throw e;
  }
  for (const coro of interp.pendingCoroutines) if (coro.createdAt) interp.neverAwaited(coro, coro.createdAt);
}

/** What stopped a cell, as a note (earlier cells' notes name the cell). */
function stopped(e: unknown, rec: CellRecorder, interp: Interpreter, earlier: string | null): void {
  const where = earlier ? `${earlier} (run before this cell): ` : '';
  if (e instanceof PyRaise) rec.note('unsupported', `${where}uncaught ${e.exc.cls.name}`, e.node);
  else if (e instanceof Unsupported) rec.note('unsupported', `${where}not modelled: ${e.message}; the timeline stops here`, e.node ?? interp.currentNode);
  else if (e instanceof BudgetExceeded) rec.note(earlier ? 'unsupported' : 'approximate', `${where}${e.message}`, e.node ?? interp.currentNode);
  else if (e instanceof RangeError && /call stack/i.test(e.message)) rec.note('unsupported', `${where}recursion too deep for the simulator`, interp.currentNode);
  else if (!(e instanceof ProgramExit)) rec.note('unsupported', `${where}internal error of the simulator (${e instanceof Error ? e.message : String(e)})`, interp.currentNode);
}
