/**
 * The predicted output list. A long program prints thousands of lines: the
 * first rows are built at once and the next ones only when the list is
 * scrolled near its end (a sentinel row watched by an IntersectionObserver),
 * or when stepping reaches a step whose line is not built yet. Stepping
 * touches only the rows whose marks change, never the whole list.
 */
import type { TimelineModel } from '../../src/timeline/model';
import { clear, html } from './dom';
import { formatTime } from './format';

/** Rows built at first; the rest follow in chunks of this size as the list is scrolled. */
const CHUNK_ROWS = 200;

export class OutputList {
  readonly element = html('ol', { class: 'output-list', 'aria-label': 'Predicted output' });
  /** Rows per step index (a step can print several lines). */
  private rowsByStep = new Map<number, HTMLButtonElement[]>();
  private current: number | undefined;
  private linked: ReadonlySet<number> = new Set();
  private built = 0;
  private model: TimelineModel | undefined;
  private indexById: ReadonlyMap<number, number> = new Map();
  /** Output index of the first line each step printed. */
  private firstLineOf: ReadonlyMap<number, number> = new Map();
  private readonly sentinel = html('li', { class: 'more', 'aria-hidden': 'true' });
  private readonly observer: IntersectionObserver;

  constructor(private readonly onPick: (stepIndex: number) => void) {
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.buildTo(this.built + CHUNK_ROWS);
    }, { root: this.element, rootMargin: '0px 0px 200px 0px' });
  }

  render(model: TimelineModel): void {
    this.observer.disconnect();
    clear(this.element);
    this.rowsByStep = new Map();
    this.current = undefined;
    this.linked = new Set();
    this.built = 0;
    this.model = model;
    if (model.output.length === 0) {
      this.element.appendChild(html('li', { class: 'empty' }, 'Nothing is printed.'));
      return;
    }
    this.indexById = new Map(model.steps.map((step, index) => [step.id, index]));
    const firstLineOf = new Map<number, number>();
    model.output.forEach((line, index) => {
      const stepIndex = this.indexById.get(line.step);
      if (stepIndex !== undefined && !firstLineOf.has(stepIndex)) firstLineOf.set(stepIndex, index);
    });
    this.firstLineOf = firstLineOf;
    this.buildTo(CHUNK_ROWS);
  }

  /** Builds rows up to output index `end` (exclusive); the sentinel follows the last row while more remain. */
  private buildTo(end: number): void {
    const model = this.model;
    if (!model) return;
    const to = Math.min(end, model.output.length);
    if (to <= this.built) return;
    const fragment = document.createDocumentFragment();
    for (let i = this.built; i < to; i++) fragment.appendChild(this.row(model, i, this.indexById));
    this.built = to;
    this.sentinel.remove();
    this.element.appendChild(fragment);
    this.observer.disconnect();
    if (to < model.output.length) {
      this.element.appendChild(this.sentinel);
      this.observer.observe(this.sentinel);
    }
  }

  markCurrent(stepIndex: number): void {
    const line = this.firstLineOf.get(stepIndex);
    if (line !== undefined && line >= this.built) this.buildTo(line + CHUNK_ROWS);
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
