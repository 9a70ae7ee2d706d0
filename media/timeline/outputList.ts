/**
 * The predicted output list. A long program prints thousands of lines: the
 * first screenful is built at once and the rest in small chunks after the
 * first paint, and stepping touches only the rows whose marks change (never
 * the whole list).
 */
import type { TimelineModel } from '../../src/timeline/model';
import { clear, html } from './dom';
import { formatTime } from './format';

/** Rows built before the first paint; the rest follow in chunks of this size. */
const FIRST_ROWS = 200;

export class OutputList {
  readonly element = html('ol', { class: 'output-list', 'aria-label': 'Predicted output' });
  /** Rows per step index (a step can print several lines). */
  private rowsByStep = new Map<number, HTMLButtonElement[]>();
  private current: number | undefined;
  private linked: ReadonlySet<number> = new Set();
  private pending: number | undefined;
  private generation = 0;

  constructor(private readonly onPick: (stepIndex: number) => void) {}

  render(model: TimelineModel): void {
    this.generation++;
    if (this.pending !== undefined) window.clearTimeout(this.pending);
    this.pending = undefined;
    clear(this.element);
    this.rowsByStep = new Map();
    this.current = undefined;
    this.linked = new Set();
    if (model.output.length === 0) {
      this.element.appendChild(html('li', { class: 'empty' }, 'Nothing is printed.'));
      return;
    }
    const indexById = new Map(model.steps.map((step, index) => [step.id, index]));
    const build = (from: number, to: number) => {
      const fragment = document.createDocumentFragment();
      for (let i = from; i < to; i++) fragment.appendChild(this.row(model, i, indexById));
      this.element.appendChild(fragment);
    };
    build(0, Math.min(FIRST_ROWS, model.output.length));
    const generation = this.generation;
    const more = (from: number) => {
      if (generation !== this.generation || from >= model.output.length) {
        this.pending = undefined;
        return;
      }
      const to = Math.min(model.output.length, from + FIRST_ROWS * 2);
      build(from, to);
      this.pending = window.setTimeout(() => more(to), 0);
    };
    if (model.output.length > FIRST_ROWS) this.pending = window.setTimeout(() => more(FIRST_ROWS), 0);
  }

  markCurrent(stepIndex: number): void {
    if (this.current !== undefined) for (const row of this.rowsByStep.get(this.current) ?? []) row.classList.remove('current');
    this.current = stepIndex;
    for (const row of this.rowsByStep.get(stepIndex) ?? []) row.classList.add('current');
  }

  markLinked(indices: ReadonlySet<number>): void {
    for (const index of this.linked) if (!indices.has(index)) for (const row of this.rowsByStep.get(index) ?? []) row.classList.remove('linked');
    for (const index of indices) for (const row of this.rowsByStep.get(index) ?? []) row.classList.add('linked');
    this.linked = indices;
  }

  private row(model: TimelineModel, outputIndex: number, indexById: ReadonlyMap<number, number>): HTMLLIElement {
    const line = model.output[outputIndex]!;
    const stepIndex = indexById.get(line.step) ?? -1;
    const step = model.steps[stepIndex];
    const time = formatTime(line.t, model.timeUnit, step?.approximate === true);
    const item = html(
      'button',
      {
        type: 'button',
        class: `output-line${line.stream === 'stderr' ? ' stderr' : ''}`,
        title: step ? `Printed by line ${step.line}${step.file ? ` of ${step.file}` : ''} — click to show it` : 'Printed output',
        'data-step-index': stepIndex,
      },
      html('span', { class: 'output-time' }, time),
      html('span', { class: 'output-text' }, line.text === '' ? ' ' : line.text),
      line.stream === 'stderr' ? html('span', { class: 'badge stream' }, 'stderr') : null,
    );
    if (stepIndex >= 0) {
      item.addEventListener('click', () => this.onPick(stepIndex));
      const rows = this.rowsByStep.get(stepIndex);
      if (rows) rows.push(item);
      else this.rowsByStep.set(stepIndex, [item]);
      if (stepIndex === this.current) item.classList.add('current');
      if (this.linked.has(stepIndex)) item.classList.add('linked');
    } else {
      item.disabled = true;
    }
    return html('li', {}, item);
  }
}
