/**
 * Entry point of the Python half of the timeline simulator: interprets the
 * program on a virtual clock with an asyncio loop model and returns the
 * timeline. Never throws: what cannot be modelled becomes a note.
 */
import type { Tree } from 'web-tree-sitter';
import { TIMELINE_MODEL_VERSION, type TimelineModel } from '../model';
import { installAsyncio } from './asyncio';
import { installBuiltins, OutputBuffer } from './builtins';
import { createExceptionClasses } from './exceptions';
import { Interpreter } from './interpreter';
import { EventLoop, Recorder } from './scheduler';
import { convertTree, type SyntaxNode } from './syntax';
import { BudgetExceeded, ProgramExit, PyRaise, Unsupported } from './values';

export const DEFAULT_STEP_BUDGET = 500_000;
const MAX_LOOP_ITERATIONS = 500_000;
const MAX_VIRTUAL_TIME_MS = 600_000;

export interface PredictPythonOptions {
  fileName: string;
  stepBudget?: number;
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
  const rec = new Recorder();
  const result = (): TimelineModel => ({
    version: TIMELINE_MODEL_VERSION,
    language: 'python',
    module: null,
    timeUnit: 's',
    output: rec.output,
    steps: rec.steps,
    notes: rec.notes,
  });
  let root: SyntaxNode;
  try {
    root = convertTree(tree, source);
  } catch (e) {
    rec.note('unsupported', `could not read the syntax tree: ${e instanceof Error ? e.message : String(e)}`, null);
    return result();
  }
  if (tree.rootNode.hasError) {
    const bad = firstError(root);
    rec.note('unsupported', 'syntax error: Python would not run this file', bad);
    return result();
  }
  const loop = new EventLoop({ maxIterations: MAX_LOOP_ITERATIONS, maxTimeMs: MAX_VIRTUAL_TIME_MS });
  const interp = new Interpreter(rec, loop, createExceptionClasses(), options.stepBudget ?? DEFAULT_STEP_BUDGET, options.fileName);
  const out = new OutputBuffer(interp);
  try {
    installBuiltins(interp, out);
    installAsyncio(interp);
    interp.globals.vars.set('__name__', '__main__');
    interp.globals.vars.set('__file__', options.fileName);
    const run = interp.execBlock(root, interp.globals).next();
    if (!run.done) rec.note('unsupported', "'await' outside an async function", interp.currentNode);
  } catch (e) {
    out.flush();
    interp.ctx = { lane: 'task:main', threadTime: null, task: null };
    if (e instanceof PyRaise) {
      const text = interp.str(e.exc);
      rec.step('error', 'loop', loop.now, e.node, `uncaught ${e.exc.cls.name}: Python prints the traceback and exits with status 1`);
      rec.print(`Traceback (most recent call last):\n${e.exc.cls.name}${text ? `: ${text}` : ''}`, 'stderr', 'loop', loop.now, e.node);
    } else if (e instanceof Unsupported) {
      rec.note('unsupported', `not modelled: ${e.message}; the timeline stops here`, e.node ?? interp.currentNode);
    } else if (e instanceof BudgetExceeded) {
      rec.note('approximate', e.message, e.node ?? interp.currentNode);
    } else if (!(e instanceof ProgramExit)) {
      rec.note('unsupported', `internal error of the simulator (${e instanceof Error ? e.message : String(e)}); the timeline stops here`, interp.currentNode);
    }
  }
  out.flush();
  for (const coro of interp.pendingCoroutines) {
    if (coro.createdAt) interp.neverAwaited(coro, coro.createdAt);
  }
  return result();
}
