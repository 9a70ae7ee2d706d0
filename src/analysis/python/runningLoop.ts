/**
 * "Running loop" mode (notebook cells, where the kernel's event loop is
 * already running) and `nest_asyncio.apply()`, which lets loops nest.
 */
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../types';
import type { PythonFile } from './semantics';

/** `node` is module-level code of a notebook cell (not in a function or class): it runs inside the kernel's running loop. */
export function atCellTopLevel(context: RuleContext, file: PythonFile, node: Node): boolean {
  return !!context.runningLoop && !file.enclosingFunction(node) && !file.enclosingClass(node);
}

/** Code that runs while an event loop is running: an `async def` body, or module-level code of a notebook cell (class bodies there too). */
export function inRunningLoop(context: RuleContext, file: PythonFile, node: Node): boolean {
  if (file.isAsyncContext(node)) return true;
  return !!context.runningLoop && !file.enclosingFunction(node);
}

/**
 * Module-level `nest_asyncio.apply()` calls, in document order. Only module
 * level: its text is part of the statement's signature, so incremental
 * re-analysis re-runs the whole file when one appears or goes.
 */
export function nestAsyncioApplyCalls(file: PythonFile): Node[] {
  return file.memo('nestAsyncioApply', file.module.id, () => {
    const calls: Node[] = [];
    for (const statement of file.module.namedChildren) {
      if (statement?.type !== 'expression_statement') continue;
      const call = statement.firstNamedChild;
      if (call?.type !== 'call' || !/apply$/.test(call.childForFieldName('function')?.text ?? '')) continue;
      if (file.calleeName(call) === 'nest_asyncio.apply') calls.push(call);
    }
    return calls;
  });
}

/**
 * Whether `nest_asyncio.apply()` allows a nested run at `call`: a module-level
 * run (notebook cell) only after the apply call; code in functions runs
 * later, once the module-level code (and so the patch) has run.
 */
export function nestingAllowed(applied: readonly Node[], call: Node, moduleLevel: boolean): boolean {
  if (applied.length === 0) return false;
  return moduleLevel ? applied.some((apply) => apply.endIndex <= call.startIndex) : true;
}
