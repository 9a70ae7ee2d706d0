/**
 * Geometry of the timeline picture, computed from the model alone (no DOM):
 * lane order, where each step sits on the x axis, the compressed idle gaps,
 * the block spans, the axis labels and the cause arrows.
 *
 * Time is not drawn linearly. Every distinct instant gets one column ("tick")
 * per step that ran at it, in execution order, so the ticks of one instant —
 * sync code, nextTicks, microtasks — read left to right. Gaps between instants
 * are linear in time until they grow long; then they are capped and marked as
 * compressed.
 */
import type { Lane, TimelineModel, TimelineStep } from '../../src/timeline/model';

export const GEOMETRY = {
  tick: 28,
  laneHeight: 38,
  axisHeight: 30,
  paddingStart: 16,
  paddingEnd: 24,
  paddingBottom: 10,
  minGap: 36,
  maxGap: 120,
  /** A frozen loop is never drawn narrower than this, so it cannot be missed. */
  minBlockedGap: 120,
  minLabelSpacing: 64,
  glyphRadius: 9,
} as const;

export interface LaneLayout {
  readonly lane: Lane;
  readonly index: number;
  /** Top of the lane band. */
  readonly y: number;
  /** Centre line of the lane. */
  readonly cy: number;
}

export interface StepLayout {
  readonly index: number;
  readonly step: TimelineStep;
  readonly x: number;
  readonly y: number;
  /** For block steps: where the frozen span ends. */
  readonly blockEndX?: number;
}

export interface GapLayout {
  readonly fromT: number;
  readonly toT: number;
  readonly x: number;
  readonly width: number;
  /** Drawn shorter than its share of time. */
  readonly compressed: boolean;
  /** A block step covers it: the loop is frozen, not idle. */
  readonly blocked: boolean;
}

export interface AxisLabel {
  readonly t: number;
  readonly x: number;
}

export interface ArrowLayout {
  readonly from: number;
  readonly to: number;
}

export interface TimelineLayout {
  readonly lanes: readonly LaneLayout[];
  readonly steps: readonly StepLayout[];
  readonly gaps: readonly GapLayout[];
  readonly axis: readonly AxisLabel[];
  readonly arrows: readonly ArrowLayout[];
  readonly width: number;
  readonly height: number;
}

const CANONICAL_ORDER: readonly string[] = ['stack', 'task:', 'nextTick', 'microtask', 'loop', 'timer', 'immediate', 'io', 'thread'];

function laneRank(lane: Lane): number {
  const rank = CANONICAL_ORDER.indexOf(lane.startsWith('task:') ? 'task:' : lane);
  return rank === -1 ? CANONICAL_ORDER.length : rank;
}

/** Lanes that have steps: canonical order, Python tasks in order of first appearance. */
export function orderLanes(steps: readonly TimelineStep[]): Lane[] {
  const firstSeen = new Map<Lane, number>();
  steps.forEach((step, index) => {
    if (!firstSeen.has(step.lane)) firstSeen.set(step.lane, index);
  });
  return [...firstSeen.keys()].sort((a, b) => laneRank(a) - laneRank(b) || firstSeen.get(a)! - firstSeen.get(b)!);
}

interface Instant {
  readonly t: number;
  x: number;
  /** Steps at this instant, as indices into `model.steps`, in execution order. */
  readonly steps: number[];
}

function collectInstants(steps: readonly TimelineStep[]): Instant[] {
  const byTime = new Map<number, Instant>();
  const at = (t: number): Instant => {
    let instant = byTime.get(t);
    if (!instant) byTime.set(t, (instant = { t, x: 0, steps: [] }));
    return instant;
  };
  steps.forEach((step, index) => {
    at(step.t).steps.push(index);
    if (step.kind === 'block' && step.duration !== undefined && step.duration > 0) at(step.t + step.duration);
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** Pixels per virtual ms: the shortest gap gets `minGap`, so short gaps stay proportional. */
function pixelsPerMs(instants: readonly Instant[]): number {
  let shortest = Infinity;
  for (let i = 1; i < instants.length; i++) shortest = Math.min(shortest, instants[i]!.t - instants[i - 1]!.t);
  return Number.isFinite(shortest) && shortest > 0 ? GEOMETRY.minGap / shortest : 1;
}

/** `minWidth`: the chart is stretched (empty space at the end) to at least this many pixels. */
export function computeLayout(model: TimelineModel, minWidth = 0): TimelineLayout {
  const lanes = orderLanes(model.steps).map((lane, index): LaneLayout => {
    const y = GEOMETRY.axisHeight + index * GEOMETRY.laneHeight;
    return { lane, index, y, cy: y + GEOMETRY.laneHeight / 2 };
  });
  const laneY = new Map(lanes.map((lane) => [lane.lane, lane.cy]));
  const instants = collectInstants(model.steps);
  const scale = pixelsPerMs(instants);
  const blocks = model.steps.filter((step) => step.kind === 'block' && (step.duration ?? 0) > 0);

  const gaps: GapLayout[] = [];
  let x = GEOMETRY.paddingStart;
  instants.forEach((instant, i) => {
    if (i > 0) {
      const previous = instants[i - 1]!;
      const linear = (instant.t - previous.t) * scale;
      const blocked = blocks.some((block) => block.t <= previous.t && block.t + (block.duration ?? 0) >= instant.t);
      const width = blocked
        ? Math.max(GEOMETRY.minBlockedGap, Math.min(2 * GEOMETRY.maxGap, linear))
        : Math.min(GEOMETRY.maxGap, Math.max(GEOMETRY.minGap, linear));
      gaps.push({ fromT: previous.t, toT: instant.t, x, width, compressed: linear > width + 0.5, blocked });
      x += width;
    }
    instant.x = x;
    x += instant.steps.length * GEOMETRY.tick;
  });
  const width = Math.max(x + GEOMETRY.paddingEnd, GEOMETRY.paddingStart + GEOMETRY.paddingEnd + GEOMETRY.tick, Math.floor(minWidth));
  const instantX = new Map(instants.map((instant) => [instant.t, instant.x]));

  const steps: StepLayout[] = new Array(model.steps.length);
  for (const instant of instants) {
    instant.steps.forEach((index, slot) => {
      const step = model.steps[index]!;
      const stepX = instant.x + slot * GEOMETRY.tick + GEOMETRY.tick / 2;
      const y = laneY.get(step.lane)!;
      const end = step.kind === 'block' && step.duration ? instantX.get(step.t + step.duration) : undefined;
      steps[index] = end !== undefined ? { index, step, x: stepX, y, blockEndX: Math.max(end, stepX) } : { index, step, x: stepX, y };
    });
  }

  const axis: AxisLabel[] = [];
  for (const instant of instants) {
    const last = axis[axis.length - 1];
    if (!last || instant.x - last.x >= GEOMETRY.minLabelSpacing) axis.push({ t: instant.t, x: instant.x });
  }

  const indexById = new Map(model.steps.map((step, index) => [step.id, index]));
  const arrows: ArrowLayout[] = [];
  model.steps.forEach((step, index) => {
    const from = step.cause === undefined ? undefined : indexById.get(step.cause);
    if (from === undefined || from === index) return;
    // A `run` step's own statements (same lane, same instant) are part of it, not work it scheduled.
    const origin = model.steps[from]!;
    if (origin.kind === 'run' && origin.lane === step.lane && origin.t === step.t) return;
    arrows.push({ from, to: index });
  });

  const height = GEOMETRY.axisHeight + Math.max(1, lanes.length) * GEOMETRY.laneHeight + GEOMETRY.paddingBottom;
  return { lanes, steps, gaps, axis, arrows, width, height };
}

/** Indices of the steps whose source span covers a 1-based line. */
export function stepsOnLine(model: TimelineModel, line: number): number[] {
  const found: number[] = [];
  model.steps.forEach((step, index) => {
    if (step.line <= line && line <= step.endLine) found.push(index);
  });
  return found;
}
