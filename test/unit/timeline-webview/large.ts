/**
 * Generated large timeline models (thousands of steps), shaped like the
 * prediction of a long program: the e2e suite's 1,000-line file repeats
 * `console.log; setTimeout; Promise.then; process.nextTick; console.log`, and
 * every few blocks a synchronous call blocks the loop.
 */
import type { OutputLine, TimelineModel, TimelineStep } from '../../../src/timeline/model';

/** `steps` steps (fewer only for tiny counts), with outputs, causes, blocks and a few timer instants. */
export function largeModel(steps: number): TimelineModel {
  const list: TimelineStep[] = [];
  const output: OutputLine[] = [];
  const blocks = Math.max(1, Math.ceil(steps / 7));
  let id = 1;
  const add = (step: Omit<TimelineStep, 'id' | 'column' | 'endLine' | 'endColumn'>): number => {
    list.push({ id, column: 1, endLine: step.line, endColumn: 30, ...step });
    if (step.kind === 'print') output.push({ text: `${step.label} #${id}`, t: step.t, step: id });
    return id++;
  };
  const main = add({ t: 0, lane: 'stack', kind: 'run', label: 'main script', explanation: 'The whole file runs first.', line: 1 });
  const deferred: { lane: TimelineStep['lane']; cause: number; line: number; t: number }[] = [];
  for (let b = 0; b < blocks && list.length < steps; b++) {
    const line = b * 5 + 1;
    add({ t: 0, lane: 'stack', kind: 'print', label: "console.log('start')", explanation: 'Synchronous output.', line, cause: main });
    deferred.push({ lane: 'timer', cause: add({ t: 0, lane: 'stack', kind: 'schedule', label: 'setTimeout(…, 1)', explanation: 'A timer.', line: line + 1, cause: main }), line: line + 1, t: 1 + (b % 50) });
    deferred.push({ lane: 'microtask', cause: add({ t: 0, lane: 'stack', kind: 'schedule', label: 'Promise.then(…)', explanation: 'A reaction job.', line: line + 2, cause: main }), line: line + 2, t: 0 });
    deferred.push({ lane: 'nextTick', cause: add({ t: 0, lane: 'stack', kind: 'schedule', label: 'process.nextTick(…)', explanation: 'A nextTick.', line: line + 3, cause: main }), line: line + 3, t: 0 });
  }
  const order = { nextTick: 0, microtask: 1, timer: 2 } as Record<string, number>;
  deferred.sort((a, b) => a.t - b.t || order[a.lane]! - order[b.lane]!);
  let blockAt = -1;
  for (const work of deferred) {
    if (list.length >= steps) break;
    if (work.lane === 'timer' && work.t % 10 === 0 && blockAt !== work.t) {
      blockAt = work.t;
      add({ t: work.t, lane: 'timer', kind: 'block', label: 'busy(2)', explanation: 'Blocks the loop.', line: work.line, duration: 2, cause: work.cause });
    }
    add({ t: work.t, lane: work.lane, kind: 'print', label: `console.log('${work.lane}')`, explanation: 'Deferred output.', line: work.line, cause: work.cause });
  }
  return { version: 1, language: 'javascript', module: 'commonjs', timeUnit: 'ms', steps: list, output, notes: [] };
}
