/**
 * Which calls start an event loop, and which plain same-file functions reach
 * one (`py/nested-asyncio-run`; incremental re-analysis also summarises plain
 * function bodies by it, as it is all other statements see of them).
 */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from './semantics';

const LOOP_RUNNERS = new Set(['run_until_complete', 'run_forever']);

/** The loop-starting call this call is, if any: `asyncio.run(...)`, `loop.run_until_complete(...)`, `loop.run_forever()`. */
export function loopStartKind(file: PythonFile, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  // `x.y()` can only stand for `asyncio.run` when it ends in `.run`: no name resolution for the other attribute calls.
  const attribute = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  if (callee?.type !== 'attribute' || attribute === 'run') {
    const name = file.calleeName(call);
    if (name === 'asyncio.run' || name === 'asyncio.runners.run') return 'asyncio.run()';
  }
  if (attribute && LOOP_RUNNERS.has(attribute)) return `loop.${attribute}()`;
  return undefined;
}

export interface LoopStarter {
  /** Where the innermost loop-starting call reached through this function is. */
  readonly inner: { readonly startIndex: number; readonly endIndex: number };
  readonly kind: string;
}

/**
 * The loop-starting call a plain same-file function reaches, directly or
 * through the plain functions it calls. Computed on demand, only for the
 * functions coroutines actually call, unless known (incremental re-analysis
 * knows it for the functions an edit did not touch).
 */
export function loopStarterOf(file: PythonFile, fn: Node, visiting = new Set<number>()): LoopStarter | undefined {
  if (file.isAsync(fn) || visiting.has(fn.id)) return undefined;
  const known = file.knownLoopStarters?.get(fn.startIndex);
  if (known !== undefined) return known ?? undefined;
  return file.memo('loopStarter', fn.id, () => {
    visiting.add(fn.id);
    const calls = file.ownCalls(fn);
    for (const call of calls) {
      const kind = loopStartKind(file, call);
      if (kind) return { inner: call, kind };
    }
    for (const call of calls) {
      const target = file.calledFunction(call);
      const starter = target ? loopStarterOf(file, target, visiting) : undefined;
      if (starter) return starter;
    }
    return undefined;
  });
}
