/**
 * Words and numbers the timeline shows: time in the program's own unit, lane
 * and step-kind names, and the plain-text export. Pure, no DOM.
 */
import type { Lane, StepKind, TimelineLanguage, TimelineModel, TimelineNote, TimelineStep } from '../../src/timeline/model';

function trimNumber(value: number, decimals: number): string {
  return value.toFixed(decimals).replace(/\.?0+$/, '') || '0';
}

/** Virtual ms shown as the program counts time: `12 ms` for JS, `1.5 s` for Python. */
export function formatTime(ms: number, unit: 'ms' | 's', approximate = false): string {
  const text = unit === 's' ? `${trimNumber(ms / 1000, 3)} s` : `${trimNumber(ms, 1)} ms`;
  return approximate ? `≈${text}` : text;
}

export function formatDuration(ms: number, unit: 'ms' | 's'): string {
  return formatTime(ms, unit);
}

const LANE_TITLES: Record<string, string> = {
  stack: 'Call stack',
  nextTick: 'nextTick queue',
  microtask: 'Microtasks',
  timer: 'Timers',
  immediate: 'Immediates',
  io: 'I/O',
  thread: 'Threads',
};

export function laneTitle(lane: Lane, language: TimelineLanguage): string {
  if (lane.startsWith('task:')) return `Task ${lane.slice(5)}`;
  if (lane === 'loop') return language === 'python' ? 'Ready queue' : 'Event loop';
  return LANE_TITLES[lane] ?? lane;
}

export function laneDescription(lane: Lane, language: TimelineLanguage): string {
  if (lane.startsWith('task:')) return `Steps of the asyncio task ${lane.slice(5)}`;
  switch (lane) {
    case 'stack': return 'Synchronous code on the call stack';
    case 'nextTick': return 'process.nextTick callbacks, drained before promise jobs';
    case 'microtask': return 'Promise reactions and await continuations';
    case 'timer': return language === 'python' ? 'call_later / asyncio.sleep timers' : 'setTimeout / setInterval callbacks';
    case 'immediate': return 'setImmediate callbacks (check phase)';
    case 'io': return 'I/O callbacks (poll phase)';
    case 'thread': return 'Work running on another thread';
    case 'loop': return language === 'python' ? 'Callbacks in the loop\'s ready queue' : 'Event loop phases';
    default: return '';
  }
}

export const KIND_TITLES: Record<StepKind, string> = {
  run: 'runs',
  schedule: 'schedules',
  resolve: 'resolves',
  await: 'awaits',
  resume: 'resumes',
  block: 'blocks the loop',
  print: 'prints',
  cancel: 'cancels',
  error: 'raises',
};

export function languageTitle(model: TimelineModel): string {
  const language = model.language === 'python' ? 'Python' : model.language === 'typescript' ? 'TypeScript' : 'JavaScript';
  if (model.module === 'esm') return `${language} · ES module`;
  if (model.module === 'commonjs') return `${language} · CommonJS`;
  return language;
}

export function stepTime(step: TimelineStep, unit: 'ms' | 's'): string {
  return formatTime(step.t, unit, step.approximate === true);
}

function noteToText(note: TimelineNote): string[] {
  const where = note.line !== undefined ? ` (line ${note.line})` : '';
  const lines = [`- ${note.kind}${where}: ${note.message}`];
  note.orders?.forEach((order, index) => lines.push(`    order ${index + 1}: ${order.join(' | ')}`));
  return lines;
}

/** The whole timeline as plain text, for "Copy as text". */
export function timelineToText(model: TimelineModel, fileName: string): string {
  const unit = model.timeUnit;
  const lines: string[] = [`Loop Lens timeline — ${fileName} (${languageTitle(model)})`, '', 'Predicted output:'];
  if (model.output.length === 0) lines.push('  (nothing printed)');
  for (const line of model.output) {
    const stream = line.stream === 'stderr' ? ' [stderr]' : '';
    lines.push(`  ${formatTime(line.t, unit).padStart(10)}  ${line.text}${stream}`);
  }
  if (model.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of model.notes) lines.push(...noteToText(note));
  }
  lines.push('', 'Steps:');
  model.steps.forEach((step, index) => {
    const block = step.kind === 'block' && step.duration ? ` for ${formatDuration(step.duration, unit)}` : '';
    lines.push(
      `  ${String(index + 1).padStart(3)}. ${stepTime(step, unit).padStart(10)}  ${laneTitle(step.lane, model.language)} — ${step.kind}${block}: ${step.label} (line ${step.line})`,
    );
    if (step.explanation) lines.push(`       ${step.explanation}`);
  });
  return `${lines.join('\n')}\n`;
}
