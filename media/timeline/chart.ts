/**
 * Draws the lanes picture as SVG with DOM APIs: a lane-name column and the
 * chart itself (axis, compressed gaps, frozen-loop bands, cause arrows, step
 * glyphs). The chart is windowed: only what lies in the visible stretch of
 * the x axis (plus an overscan) is in the DOM, so 10,000 steps cost what a
 * screenful costs. Selection changes only toggle classes; the SVG is rebuilt
 * only for a new model.
 */
import type { Lane, TimelineModel, TimelineStep } from '../../src/timeline/model';
import { svg } from './dom';
import { WindowedLayer, type Extent } from './window';
import { KIND_TITLES, formatDuration, formatTime, laneDescription, laneTitle, stepTime } from './format';
import { GEOMETRY, computeLayout, type StepLayout, type TimelineLayout } from './layout';

export interface Chart {
  readonly layout: TimelineLayout;
  readonly labels: SVGSVGElement;
  readonly chart: SVGSVGElement;
  readonly labelWidth: number;
  /** Marks the current step, its arrows and the now-line. */
  select(index: number | undefined): void;
  /** Marks the steps produced by the editor's cursor line. */
  link(indices: readonly number[]): void;
  /** Horizontal centre of a step, in chart coordinates. */
  stepX(index: number): number;
  /** Shows what lies in [left, left + width] of the chart (plus an overscan of one width each side). */
  setViewport(left: number, width: number): void;
  /** Puts every item in the DOM (for the export), runs `body`, then restores the window. */
  withEverything<T>(body: () => T): T;
  /** Number of step glyphs in the DOM (for tests). */
  readonly renderedSteps: number;
}

const FIXED_LANE_COLOURS: Record<string, string> = {
  stack: 'blue',
  nextTick: 'purple',
  microtask: 'green',
  timer: 'orange',
  immediate: 'yellow',
  io: 'neutral',
  loop: 'neutral',
  thread: 'neutral',
};
const TASK_COLOURS = ['blue', 'green', 'purple', 'orange', 'yellow'];

function laneColours(lanes: readonly Lane[]): Map<Lane, string> {
  const colours = new Map<Lane, string>();
  let task = 0;
  for (const lane of lanes) {
    colours.set(lane, lane.startsWith('task:') ? TASK_COLOURS[task++ % TASK_COLOURS.length]! : FIXED_LANE_COLOURS[lane] ?? 'neutral');
  }
  return colours;
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

function glyphShape(step: TimelineStep): SVGElement {
  const r = GEOMETRY.glyphRadius;
  switch (step.kind) {
    case 'schedule':
      return svg('path', { class: 'shape', d: `M0 ${-r - 1}L${r + 1} 0L0 ${r + 1}L${-r - 1} 0Z` });
    case 'print':
      return svg('rect', { class: 'shape', x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 3 });
    case 'resolve':
      return svg('rect', { class: 'shape', x: -r + 1, y: -r + 1, width: 2 * r - 2, height: 2 * r - 2, rx: r });
    default:
      return svg('circle', { class: 'shape', r });
  }
}

function stepTooltip(step: TimelineStep, index: number, model: TimelineModel): string {
  const block = step.kind === 'block' && step.duration ? ` for ${formatDuration(step.duration, model.timeUnit)}` : '';
  const assumed = step.assumed ? ' (assumed latency of unmodelled I/O)' : '';
  const where = step.file !== undefined ? ` — ${step.file}:${step.line}` : '';
  return `${index + 1}. ${stepTime(step, model.timeUnit)} · ${laneTitle(step.lane, model.language)} ${KIND_TITLES[step.kind]}${block}${assumed}: ${step.label}${where}`;
}

function arrowPath(from: StepLayout, to: StepLayout): string {
  const r = GEOMETRY.glyphRadius + 2;
  if (Math.abs(from.y - to.y) < 1) {
    const lift = Math.min(GEOMETRY.laneHeight / 2 - 2, 8 + Math.abs(to.x - from.x) / 8);
    const y = from.y - r + 2;
    return `M${from.x} ${y}C${from.x} ${y - lift} ${to.x} ${y - lift} ${to.x} ${y}`;
  }
  const down = to.y > from.y ? 1 : -1;
  const y1 = from.y + down * r;
  const y2 = to.y - down * r;
  const bend = (y2 - y1) / 2;
  return `M${from.x} ${y1}C${from.x} ${y1 + bend} ${to.x} ${y2 - bend} ${to.x} ${y2}`;
}

function defs(): SVGDefsElement {
  return svg(
    'defs',
    {},
    svg(
      'marker',
      { id: 'll-arrow', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
      svg('path', { class: 'arrow-head', d: 'M0 0L8 4L0 8z' }),
    ),
    svg(
      'marker',
      { id: 'll-arrow-active', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
      svg('path', { class: 'arrow-head active', d: 'M0 0L8 4L0 8z' }),
    ),
    svg(
      'pattern',
      { id: 'll-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }),
    ),
    svg(
      'pattern',
      { id: 'll-assumed', width: 8, height: 8, patternUnits: 'userSpaceOnUse' },
      svg('circle', { class: 'assumed-dot', cx: 2, cy: 2, r: 1.3 }),
      svg('circle', { class: 'assumed-dot', cx: 6, cy: 6, r: 1.3 }),
    ),
  );
}

/** `availableWidth`: the width of the whole figure; the chart stretches to fill it. */
export function renderChart(model: TimelineModel, narrow: boolean, availableWidth = 0): Chart {
  const labelWidth = narrow ? 88 : 128;
  const layout = computeLayout(model, availableWidth - labelWidth - 2);
  const colours = laneColours(layout.lanes.map((lane) => lane.lane));
  const { width, height } = layout;
  const axisY = GEOMETRY.axisHeight - 6;
  const bottom = height - GEOMETRY.paddingBottom;

  const labels = svg('svg', {
    class: 'lane-labels',
    width: labelWidth,
    height,
    viewBox: `0 0 ${labelWidth} ${height}`,
    role: 'list',
    'aria-label': 'Lanes',
  });
  labels.appendChild(svg('text', { class: 'axis-caption', x: 8, y: GEOMETRY.axisHeight - 12 }, `time (${model.timeUnit})`));
  const maxChars = Math.floor((labelWidth - 22) / 6.6);
  for (const lane of layout.lanes) {
    const title = laneTitle(lane.lane, model.language);
    const colour = colours.get(lane.lane)!;
    labels.appendChild(
      svg(
        'g',
        { class: `lane-label colour-${colour}`, role: 'listitem', 'data-lane': lane.lane },
        svg('rect', { class: `lane-band ${lane.index % 2 ? 'odd' : 'even'}`, x: 0, y: lane.y, width: labelWidth, height: GEOMETRY.laneHeight }),
        svg('rect', { class: 'lane-swatch', x: 6, y: lane.cy - 6, width: 4, height: 12, rx: 2 }),
        svg('text', { class: 'lane-name', x: 16, y: lane.cy + 4 }, truncate(title, maxChars)),
        svg('title', {}, `${title} — ${laneDescription(lane.lane, model.language)}`),
      ),
    );
  }

  const chart = svg('svg', {
    class: 'chart',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `Loop timeline: ${model.steps.length} steps in ${layout.lanes.length} lanes`,
  });
  chart.appendChild(defs());

  const background = svg('g', { class: 'lanes' });
  for (const lane of layout.lanes) {
    background.appendChild(svg('rect', { class: `lane-band ${lane.index % 2 ? 'odd' : 'even'}`, x: 0, y: lane.y, width, height: GEOMETRY.laneHeight }));
  }
  chart.appendChild(background);

  const axisGroup = svg('g', { class: 'axis' }, svg('line', { class: 'axis-line', x1: 0, y1: axisY, x2: width, y2: axisY }));
  chart.appendChild(axisGroup);
  const axis = new WindowedLayer(
    axisGroup,
    layout.axis.map((label): Extent => ({ x0: label.x, x1: label.x + GEOMETRY.minLabelSpacing })),
    (index) => {
      const label = layout.axis[index]!;
      return svg(
        'g',
        { class: 'axis-mark' },
        svg('line', { class: 'axis-tick', x1: label.x, y1: axisY - 4, x2: label.x, y2: bottom }),
        svg('text', { class: 'axis-label', x: label.x + 3, y: axisY - 8 }, formatTime(label.t, model.timeUnit)),
      );
    },
  );

  const drawnGaps = layout.gaps.filter((gap) => gap.compressed && !gap.blocked);
  const gapsGroup = svg('g', { class: 'gaps' });
  chart.appendChild(gapsGroup);
  const gaps = new WindowedLayer(
    gapsGroup,
    drawnGaps.map((gap): Extent => ({ x0: gap.x, x1: gap.x + gap.width })),
    (index) => {
      const gap = drawnGaps[index]!;
      const mid = gap.x + gap.width / 2;
      const idle = formatDuration(gap.toT - gap.fromT, model.timeUnit);
      return svg(
        'g',
        { class: 'gap' },
        svg('rect', { class: 'gap-band', x: mid - 5, y: axisY, width: 10, height: bottom - axisY }),
        svg('path', { class: 'gap-break', d: `M${mid - 5} ${axisY - 5}l4 10M${mid + 1} ${axisY - 5}l4 10` }),
        gap.width >= 70 ? svg('text', { class: 'gap-label', x: mid, y: bottom - 3, 'text-anchor': 'middle' }, `${idle} idle`) : null,
        svg('title', {}, `${idle} with nothing to run (drawn shorter)`),
      );
    },
  );

  const blockSteps = layout.steps.filter((placed) => placed.blockEndX !== undefined && placed.step.duration !== undefined);
  const blockExtent = (placed: StepLayout): Extent => {
    const x = placed.x - GEOMETRY.tick / 2 + 2;
    return { x0: x, x1: x + Math.max(GEOMETRY.tick - 4, placed.blockEndX! - x) };
  };
  const blocksGroup = svg('g', { class: 'blocks' });
  chart.appendChild(blocksGroup);
  const blocks = new WindowedLayer(blocksGroup, blockSteps.map(blockExtent), (index) => {
    const placed = blockSteps[index]!;
    const { x0: x, x1 } = blockExtent(placed);
    const bandWidth = x1 - x;
    const top = GEOMETRY.axisHeight;
    const frozen = `loop frozen ${formatDuration(placed.step.duration!, model.timeUnit)}`;
    return svg(
      'g',
      { class: 'block', 'data-index': placed.index },
      svg('rect', { class: 'block-band', x, y: top, width: bandWidth, height: bottom - top }),
      svg('rect', { class: 'block-bar', x, y: placed.y - 5, width: bandWidth, height: 10, rx: 2 }),
      bandWidth >= 90 ? svg('text', { class: 'block-label', x: x + 6, y: bottom - 5 }, frozen) : null,
      svg('title', {}, `${placed.step.label}: the ${model.language === 'python' ? 'event loop' : 'thread'} is blocked, nothing else runs (${frozen})`),
    );
  });

  // Assumed latency: a dotted bar on the step's lane from the step that started the opaque work to the step that waited it out.
  const indexById = new Map(model.steps.map((step, index) => [step.id, index]));
  const assumedSpans = layout.steps
    .filter((placed) => placed.step.assumed === true)
    .map((placed) => {
      const from = placed.step.cause === undefined ? undefined : indexById.get(placed.step.cause);
      const startX = from !== undefined && layout.steps[from]!.x < placed.x ? layout.steps[from]!.x : placed.x - GEOMETRY.tick;
      return { placed, x0: startX, x1: placed.x };
    });
  const assumedGroup = svg('g', { class: 'assumed-spans' });
  chart.appendChild(assumedGroup);
  const assumed = new WindowedLayer(assumedGroup, assumedSpans, (index) => {
    const { placed, x0, x1 } = assumedSpans[index]!;
    const latency = model.ioLatencyMs !== undefined ? ` of ${formatDuration(model.ioLatencyMs, model.timeUnit)}` : '';
    return svg(
      'g',
      { class: `assumed-span colour-${colours.get(placed.step.lane)!}`, 'data-index': placed.index },
      svg('rect', { class: 'assumed-bar', x: x0, y: placed.y - 6, width: Math.max(4, x1 - x0), height: 12, rx: 3, fill: 'url(#ll-assumed)' }),
      svg('title', {}, `${placed.step.label}: waits the assumed I/O latency${latency} (unmodelled code)`),
    );
  });

  let current: number | undefined;
  const arrowsByStep = new Map<number, number[]>();
  layout.arrows.forEach((arrow, i) => {
    for (const end of [arrow.from, arrow.to]) {
      const list = arrowsByStep.get(end);
      if (list) list.push(i);
      else arrowsByStep.set(end, [i]);
    }
  });
  const isActive = (i: number) => current !== undefined && (layout.arrows[i]!.from === current || layout.arrows[i]!.to === current);
  const arrowsGroup = svg('g', { class: 'arrows' });
  chart.appendChild(arrowsGroup);
  const arrows = new WindowedLayer(
    arrowsGroup,
    layout.arrows.map((arrow): Extent => {
      const a = layout.steps[arrow.from]!.x;
      const b = layout.steps[arrow.to]!.x;
      return { x0: Math.min(a, b), x1: Math.max(a, b) };
    }),
    (i) => {
      const arrow = layout.arrows[i]!;
      const active = isActive(i);
      return svg('path', {
        class: active ? 'arrow active' : 'arrow',
        d: arrowPath(layout.steps[arrow.from]!, layout.steps[arrow.to]!),
        'marker-end': active ? 'url(#ll-arrow-active)' : 'url(#ll-arrow)',
      });
    },
    // An arrow is drawn when one of its ends is in the window: one crossing the whole window is noise.
    (i, left, right) => {
      const arrow = layout.arrows[i]!;
      const a = layout.steps[arrow.from]!.x;
      const b = layout.steps[arrow.to]!.x;
      return (a >= left && a <= right) || (b >= left && b <= right);
    },
  );

  const nowLine = svg('line', { class: 'now-line', x1: 0, y1: axisY, x2: 0, y2: bottom, visibility: 'hidden' });
  chart.appendChild(nowLine);

  let linked = new Set<number>();
  const stepGroup = svg('g', { class: 'steps' });
  chart.appendChild(stepGroup);
  const r = GEOMETRY.glyphRadius + 4;
  const steps = new WindowedLayer(
    stepGroup,
    layout.steps.map((placed): Extent => ({ x0: placed.x - r, x1: placed.x + r })),
    (index) => {
      const placed = layout.steps[index]!;
      const step = placed.step;
      const classes = [`step kind-${step.kind} colour-${colours.get(step.lane)!}`];
      if (step.approximate) classes.push('approximate');
      if (step.assumed) classes.push('assumed');
      if (index === current) classes.push('current');
      if (linked.has(index)) classes.push('linked');
      return svg(
        'g',
        {
          class: classes.join(' '),
          transform: `translate(${placed.x} ${placed.y})`,
          'data-index': placed.index,
          'data-step-id': step.id,
          'data-lane': step.lane,
        },
        svg('circle', { class: 'halo', r: GEOMETRY.glyphRadius + 4 }),
        glyphShape(step),
        svg('text', { class: 'step-number', y: 3.5, 'text-anchor': 'middle' }, String(placed.index + 1)),
        svg('title', {}, stepTooltip(step, placed.index, model)),
      );
    },
  );

  const layers = [axis, gaps, blocks, assumed, arrows, steps];
  let view = { left: 0, right: Math.max(availableWidth, 1200) };
  const showAll = () => layers.forEach((layer) => layer.show(view.left, view.right));
  showAll();

  const setArrowActive = (i: number, active: boolean) => {
    const element = arrows.element(i);
    if (!element) return;
    element.classList.toggle('active', active);
    element.setAttribute('marker-end', active ? 'url(#ll-arrow-active)' : 'url(#ll-arrow)');
    if (active) arrowsGroup.appendChild(element);
  };

  return {
    layout,
    labels,
    chart,
    labelWidth,
    stepX: (index) => layout.steps[index]?.x ?? 0,
    get renderedSteps() {
      return steps.renderedCount;
    },
    setViewport(left, viewWidth) {
      const span = Math.max(viewWidth, 200);
      const next = { left: left - span, right: left + 2 * span };
      if (next.left === view.left && next.right === view.right) return;
      view = next;
      showAll();
    },
    withEverything(body) {
      const saved = view;
      view = { left: -Infinity, right: Infinity };
      showAll();
      try {
        return body();
      } finally {
        view = saved;
        showAll();
      }
    },
    select(index) {
      const previous = current;
      if (previous !== undefined) {
        steps.element(previous)?.classList.remove('current');
        current = undefined;
        for (const i of arrowsByStep.get(previous) ?? []) setArrowActive(i, false);
      }
      current = index;
      const active = new Set(index === undefined ? [] : arrowsByStep.get(index) ?? []);
      arrows.pin(active);
      steps.pin(index === undefined ? new Set() : new Set([index]));
      if (index !== undefined) steps.element(index)?.classList.add('current');
      for (const i of active) setArrowActive(i, true);
      const placed = index === undefined ? undefined : layout.steps[index];
      nowLine.setAttribute('visibility', placed ? 'visible' : 'hidden');
      if (placed) {
        nowLine.setAttribute('x1', String(placed.x));
        nowLine.setAttribute('x2', String(placed.x));
      }
    },
    link(indices) {
      for (const i of linked) steps.element(i)?.classList.remove('linked');
      linked = new Set(indices);
      for (const i of linked) steps.element(i)?.classList.add('linked');
    },
  };
}
