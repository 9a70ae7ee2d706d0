/**
 * The timeline webview's controller: owns the page (built once with DOM APIs),
 * the shown model, the current step and the status, and talks to the host only
 * through the typed protocol. Text from the user's file is only ever set with
 * `textContent` / text nodes.
 */
import type { TimelineModel } from '../../src/timeline/model';
import {
  isHostToWebviewMessage,
  isTimelineWebviewState,
  type HostToWebviewMessage,
  type TimelineWebviewState,
  type WebviewToHostMessage,
} from '../../src/timeline/protocol';
import { UNMODELLED_CODE_CONVENTION } from '../../src/timeline/unmodelled';
import { renderChart, type Chart } from './chart';
import { FilesView, LatencyControl, NotesView, lineText } from './details';
import { button, legend, Player } from './controls';
import { clear, html } from './dom';
import { exportChart, svgToPng, type ExportedChart } from './exportImage';
import { KIND_TITLES, formatDuration, languageTitle, laneTitle, stepTime, timelineToText } from './format';
import { stepsOnLine } from './layout';
import { OutputList } from './outputList';

export interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: TimelineWebviewState): void;
}

type Status = 'waiting' | 'fresh' | 'updating' | 'restored' | 'error';

const STATUS_TEXT: Record<Status, string> = {
  waiting: 'Predicting…',
  fresh: 'Up to date',
  updating: 'Updating…',
  restored: 'Restored — refreshing…',
  error: 'Prediction failed',
};

/** Stepping saves the position at most this often (`setState` copies the whole model). */
const SAVE_STATE_MS = 250;
const NARROW_WIDTH = 440;

export class TimelineApp {
  private model: TimelineModel | undefined;
  private fileName = '';
  private version = 0;
  private stepIndex = 0;
  private status: Status = 'waiting';
  private chart: Chart | undefined;
  private narrow = false;
  private cursorLine: number | null = null;
  private linked = new Set<number>();
  private resizeFrame: number | undefined;
  private scrollFrame: number | undefined;
  private saveTimer: number | undefined;
  private lastSave = 0;
  private deferSave = false;
  private renderedWidth = 0;
  private readonly output = new OutputList((stepIndex) => {
    this.goTo(stepIndex);
    this.revealStep(stepIndex);
  });

  private readonly fileLabel = html('h1', { class: 'file-name' });
  private readonly languageBadge = html('span', { class: 'badge language' });
  private readonly statusBadge = html('span', { class: 'status', role: 'status' });
  private readonly errorBanner = html('p', { class: 'error-banner', role: 'alert', hidden: true });
  private readonly notes = new NotesView((message) => this.post(message));
  private readonly files = new FilesView((message) => this.post(message));
  private readonly latency = new LatencyControl((ms) => {
    this.post({ type: 'setIoLatency', ms });
    this.setStatus('updating');
  });
  private readonly timelineSection = html('section', { class: 'timeline', 'aria-labelledby': 'timeline-title' });
  private readonly firstButton = button('First step (Home)', 'first', 'icon-button step-first');
  private readonly previousButton = button('Previous step (←)', 'previous', 'icon-button step-previous');
  private readonly player = new Player(button('Play', 'play', 'icon-button step-play'), () => {
    const last = (this.model?.steps.length ?? 0) - 1;
    if (this.stepIndex >= last) return false;
    this.goTo(this.stepIndex + 1);
    return this.stepIndex < last;
  });
  private readonly playButton = this.player.button;
  private readonly nextButton = button('Next step (→)', 'next', 'icon-button step-next');
  private readonly lastButton = button('Last step (End)', 'last', 'icon-button step-last');
  private readonly scrubber = html('input', { type: 'range', class: 'scrubber', min: 0, max: 0, value: 0, 'aria-label': 'Step' });
  private readonly position = html('span', { class: 'position' });
  private readonly stepMeta = html('p', { class: 'step-meta' });
  private readonly stepLabel = html('code', { class: 'step-label' });
  private readonly stepExplanation = html('p', { class: 'step-explanation' });
  private readonly revealButton = button('Show this step in the editor (Enter)', 'reveal', 'link-button step-reveal', 'Show in editor');
  private readonly labelsHolder = html('div', { class: 'labels-holder' });
  private readonly figure = html('div', { class: 'figure' });
  private readonly scroller = html('div', {
    class: 'scroller',
    tabindex: 0,
    'aria-label': 'Loop timeline chart. Arrow keys step, Home and End jump, Enter shows the step in the editor.',
  });
  private readonly copyButton = button('Copy the timeline as text', 'copy', 'action-button export-text', 'Copy');
  private readonly svgButton = button('Save the timeline as SVG', 'save', 'action-button export-svg', 'SVG');
  private readonly pngButton = button('Save the timeline as PNG', 'image', 'action-button export-png', 'PNG');
  private readonly reducedMotion: MediaQueryList;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
    this.buildPage();
  }

  start(): void {
    const saved = this.api.getState();
    if (isTimelineWebviewState(saved)) {
      this.show(saved.model, saved.fileName, saved.version, saved.stepIndex);
      this.setStatus('restored');
    } else {
      this.setStatus('waiting');
    }
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    document.addEventListener('keydown', (event) => this.onKey(event));
    window.addEventListener('resize', () => this.onResize());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && this.saveTimer !== undefined) {
        window.clearTimeout(this.saveTimer);
        this.flushState();
      }
    });
    this.api.postMessage({ type: 'ready' });
  }

  receive(data: unknown): void {
    if (!isHostToWebviewMessage(data)) {
      console.warn('Loop Lens timeline: dropped a malformed message');
      return;
    }
    this.handle(data);
  }

  private handle(message: HostToWebviewMessage): void {
    switch (message.type) {
      case 'update': {
        document.body.dataset.updateReceivedAt = String(Math.round(performance.timeOrigin + performance.now()));
        const sameFile = message.fileName === this.fileName;
        this.show(message.model, message.fileName, message.version, sameFile ? this.stepIndex : 0);
        this.errorBanner.hidden = true;
        this.setStatus('fresh');
        break;
      }
      case 'stale':
        this.setStatus('updating');
        break;
      case 'cursor':
        this.cursorLine = message.line;
        this.applyCursor();
        break;
      case 'error':
        this.errorBanner.textContent = message.message;
        this.errorBanner.hidden = false;
        this.setStatus('error');
        break;
    }
  }

  private buildPage(): void {
    clear(this.root);
    this.root.removeAttribute('aria-busy');
    const header = html(
      'header',
      { class: 'toolbar' },
      html(
        'div',
        { class: 'heading', title: `Unmodelled code: ${UNMODELLED_CODE_CONVENTION}` },
        this.fileLabel,
        this.languageBadge,
        this.statusBadge,
      ),
      html('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Export' }, this.copyButton, this.svgButton, this.pngButton),
    );
    const output = html(
      'section',
      { class: 'output', 'aria-labelledby': 'output-title' },
      html('h2', { id: 'output-title' }, 'Predicted output', html('span', { class: 'subtle' }, ' · virtual time')),
      this.output.element,
    );
    const stepper = html(
      'div',
      { class: 'stepper', role: 'toolbar', 'aria-label': 'Step through' },
      html('div', { class: 'step-buttons' }, this.firstButton, this.previousButton, this.playButton, this.nextButton, this.lastButton),
      this.scrubber,
      this.position,
    );
    const detail = html(
      'div',
      { class: 'step-detail', 'aria-live': 'polite' },
      this.stepMeta,
      html('p', { class: 'step-line' }, this.stepLabel, this.revealButton),
      this.stepExplanation,
    );
    this.timelineSection.append(
      html('div', { class: 'timeline-heading' }, html('h2', { id: 'timeline-title' }, 'Loop timeline'), this.latency.element),
      stepper,
      detail,
      this.figure,
      legend(),
    );
    this.figure.append(this.labelsHolder, this.scroller);
    this.root.append(header, this.errorBanner, output, this.notes.section, this.files.section, this.timelineSection);

    this.firstButton.addEventListener('click', () => this.goTo(0));
    this.previousButton.addEventListener('click', () => this.goTo(this.stepIndex - 1));
    this.nextButton.addEventListener('click', () => this.goTo(this.stepIndex + 1));
    this.lastButton.addEventListener('click', () => this.goTo(Number.MAX_SAFE_INTEGER));
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.scrubber.addEventListener('input', () => this.goTo(Number(this.scrubber.value)));
    this.revealButton.addEventListener('click', () => this.revealStep(this.stepIndex));
    this.scroller.addEventListener('click', (event) => this.onChartClick(event));
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.copyButton.addEventListener('click', () => this.copyText());
    this.svgButton.addEventListener('click', () => this.saveSvg());
    this.pngButton.addEventListener('click', () => void this.savePng());
    this.setEnabled(false);
  }

  private setEnabled(enabled: boolean): void {
    for (const control of [this.copyButton, this.svgButton, this.pngButton, this.scrubber, this.revealButton]) control.disabled = !enabled;
    const count = this.model?.steps.length ?? 0;
    this.firstButton.disabled = this.previousButton.disabled = !enabled || this.stepIndex <= 0;
    this.nextButton.disabled = this.lastButton.disabled = !enabled || this.stepIndex >= count - 1;
    this.playButton.disabled = !enabled || count < 2;
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.statusBadge.textContent = STATUS_TEXT[status];
    this.statusBadge.dataset.status = status;
    document.body.classList.toggle('is-stale', status === 'updating' || status === 'restored' || status === 'error');
    this.root.setAttribute('aria-busy', String(status === 'waiting' || status === 'updating'));
  }

  private show(model: TimelineModel, fileName: string, version: number, stepIndex: number): void {
    const scrollLeft = fileName === this.fileName ? this.scroller.scrollLeft : 0;
    this.player.stop();
    this.model = model;
    this.fileName = fileName;
    this.version = version;
    this.stepIndex = Math.max(0, Math.min(stepIndex, model.steps.length - 1));
    this.fileLabel.textContent = fileName;
    this.fileLabel.title = `${fileName}\n\nUnmodelled code: ${UNMODELLED_CODE_CONVENTION}`;
    this.languageBadge.textContent = languageTitle(model);
    this.output.render(model);
    this.notes.render(model.notes);
    this.files.render(model);
    this.latency.show(model);
    this.renderChart();
    this.scroller.scrollLeft = scrollLeft;
    this.updateViewport();
    this.scrubber.max = String(Math.max(0, model.steps.length - 1));
    // Saving the state serializes the whole model: it waits until the new picture is on screen.
    this.deferSave = true;
    this.applyCursor();
    this.selectStep(this.stepIndex, false);
    window.requestAnimationFrame(() => {
      window.setTimeout(() => {
        // When the new picture was first painted (epoch ms): the e2e suite measures command → rendered panel with it.
        document.body.dataset.renderedAt = String(Math.round(performance.timeOrigin + performance.now()));
        this.deferSave = false;
        this.saveState(true);
      }, 0);
    });
  }

  private renderChart(): void {
    clear(this.labelsHolder);
    clear(this.scroller);
    this.chart = undefined;
    const model = this.model;
    if (!model) return;
    if (model.steps.length === 0) {
      this.scroller.appendChild(html('p', { class: 'empty' }, 'No steps: nothing runs on the loop.'));
      this.setEnabled(false);
      this.copyButton.disabled = false;
      return;
    }
    this.narrow = this.root.clientWidth > 0 && this.root.clientWidth < NARROW_WIDTH;
    this.renderedWidth = this.root.clientWidth;
    this.chart = renderChart(model, this.narrow, this.figure.clientWidth);
    this.labelsHolder.appendChild(this.chart.labels);
    this.scroller.appendChild(this.chart.chart);
  }

  private onResize(): void {
    if (this.resizeFrame !== undefined) return;
    this.resizeFrame = window.requestAnimationFrame(() => {
      this.resizeFrame = undefined;
      if (!this.model || this.root.clientWidth === this.renderedWidth) return;
      const scrollLeft = this.scroller.scrollLeft;
      this.renderChart();
      this.scroller.scrollLeft = scrollLeft;
      this.updateViewport();
      this.applyCursor();
      this.selectStep(this.stepIndex, false);
    });
  }

  private applyCursor(): void {
    const model = this.model;
    const indices = model && this.cursorLine !== null ? stepsOnLine(model, this.cursorLine) : [];
    this.linked = new Set(indices);
    this.chart?.link(indices);
    this.output.markLinked(this.linked);
  }

  private onScroll(): void {
    if (this.scrollFrame !== undefined) return;
    this.scrollFrame = window.requestAnimationFrame(() => {
      this.scrollFrame = undefined;
      this.updateViewport();
    });
  }

  /** Windowing: the chart renders what the scroller shows. */
  private updateViewport(): void {
    this.chart?.setViewport(this.scroller.scrollLeft, this.scroller.clientWidth || this.root.clientWidth);
  }

  /**
   * `setState` with the model costs a copy of it: done at once for a new model;
   * while stepping, at most once per SAVE_STATE_MS (first and last change kept),
   * and flushed when the page is hidden.
   */
  private saveState(now = false): void {
    if (this.deferSave) return;
    if (now || this.lastSave + SAVE_STATE_MS <= Date.now()) {
      if (this.saveTimer !== undefined) window.clearTimeout(this.saveTimer);
      this.flushState();
    } else if (this.saveTimer === undefined) {
      this.saveTimer = window.setTimeout(() => this.flushState(), SAVE_STATE_MS);
    }
  }

  private flushState(): void {
    this.saveTimer = undefined;
    this.lastSave = Date.now();
    if (this.model) this.api.setState({ model: this.model, fileName: this.fileName, version: this.version, stepIndex: this.stepIndex });
  }

  private goTo(index: number): void {
    const count = this.model?.steps.length ?? 0;
    if (count === 0) return;
    this.selectStep(Math.max(0, Math.min(count - 1, index)), true);
  }

  private selectStep(index: number, scroll: boolean): void {
    const model = this.model;
    if (!model || model.steps.length === 0) {
      this.stepMeta.textContent = '';
      this.stepLabel.textContent = '';
      this.stepExplanation.textContent = '';
      this.position.textContent = '';
      return;
    }
    this.stepIndex = index;
    const step = model.steps[index]!;
    this.setEnabled(true);
    this.scrubber.value = String(index);
    this.scrubber.setAttribute('aria-valuetext', `Step ${index + 1} of ${model.steps.length}`);
    this.position.textContent = `${index + 1} / ${model.steps.length}`;
    const block = step.kind === 'block' && step.duration ? ` for ${formatDuration(step.duration, model.timeUnit)}` : '';
    const assumed = step.assumed ? ' · assumed latency' : '';
    this.stepMeta.textContent = `Step ${index + 1} · ${stepTime(step, model.timeUnit)} · ${laneTitle(step.lane, model.language)} ${KIND_TITLES[step.kind]}${block}${assumed} · ${lineText(step.line, step.file)}`;
    this.stepLabel.textContent = step.label;
    this.stepExplanation.textContent = step.explanation;
    this.chart?.select(index);
    this.output.markCurrent(index);
    if (scroll) this.scrollToStep(index);
    this.saveState();
  }

  private scrollToStep(index: number): void {
    if (!this.chart) return;
    const x = this.chart.stepX(index);
    const margin = 48;
    const left = this.scroller.scrollLeft;
    const width = this.scroller.clientWidth;
    if (x >= left + margin && x <= left + width - margin) return;
    const behavior: ScrollBehavior = this.reducedMotion.matches ? 'auto' : 'smooth';
    this.scroller.scrollTo({ left: Math.max(0, x - width / 2), behavior });
  }

  private revealStep(index: number): void {
    const step = this.model?.steps[index];
    if (!step) return;
    this.post({
      type: 'reveal',
      line: step.line,
      column: step.column,
      endLine: step.endLine,
      endColumn: step.endColumn,
      ...(step.file !== undefined ? { file: step.file } : {}),
    });
  }

  private onChartClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target.closest('[data-index]') : null;
    if (!target) return;
    const index = Number(target.getAttribute('data-index'));
    if (!Number.isInteger(index)) return;
    this.goTo(index);
    this.revealStep(index);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || !this.model) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    switch (event.key) {
      case 'ArrowLeft':
        this.player.stop();
        this.goTo(this.stepIndex - 1);
        break;
      case 'ArrowRight':
        this.player.stop();
        this.goTo(this.stepIndex + 1);
        break;
      case 'Home':
        this.player.stop();
        this.goTo(0);
        break;
      case 'End':
        this.player.stop();
        this.goTo(Number.MAX_SAFE_INTEGER);
        break;
      case 'Enter':
        if (target !== this.scroller) return;
        this.revealStep(this.stepIndex);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private togglePlay(): void {
    if (this.player.playing) {
      this.player.stop();
      return;
    }
    const count = this.model?.steps.length ?? 0;
    if (count < 2) return;
    if (this.stepIndex >= count - 1) this.goTo(0);
    this.player.start();
  }

  private copyText(): void {
    if (this.model) this.post({ type: 'copyText', text: timelineToText(this.model, this.fileName) });
  }

  private exported(): ExportedChart | undefined {
    return this.chart && this.model ? exportChart(this.chart, `${this.fileName} — loop timeline (Loop Lens)`, document.body) : undefined;
  }

  private saveSvg(): void {
    const exported = this.exported();
    if (exported) this.post({ type: 'saveSvg', svg: exported.svg });
  }

  private async savePng(): Promise<void> {
    const exported = this.exported();
    if (!exported) return;
    try {
      const dataUrl = await svgToPng(exported.svg, exported.width, exported.height);
      this.post({ type: 'savePng', dataUrl });
    } catch (error) {
      this.errorBanner.textContent = `Could not draw the PNG: ${error instanceof Error ? error.message : String(error)}`;
      this.errorBanner.hidden = false;
    }
  }

  private post(message: WebviewToHostMessage): void {
    this.api.postMessage(message);
  }

  /** For tests and debugging: the status shown in the header. */
  get currentStatus(): Status {
    return this.status;
  }
}
