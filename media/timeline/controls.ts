/** Small pieces of the panel's chrome: toolbar buttons, the legend and the play/pause control. */
import { html, icon } from './dom';

const PLAY_INTERVAL_MS = 900;

export function button(label: string, iconName: Parameters<typeof icon>[0], className: string, text?: string): HTMLButtonElement {
  return html(
    'button',
    { type: 'button', class: className, title: label, 'aria-label': label },
    icon(iconName),
    text ? html('span', { class: 'button-text' }, text) : null,
  );
}

export function legend(): HTMLElement {
  const entry = (shape: string, text: string) =>
    html('li', {}, html('span', { class: `legend-glyph ${shape}`, 'aria-hidden': 'true' }), text);
  return html(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    entry('circle', 'runs / resumes'),
    entry('diamond', 'schedules'),
    entry('round', 'resolves'),
    entry('square', 'prints'),
    entry('dashed', 'awaits'),
    entry('hatched', 'loop blocked'),
    entry('assumed', 'assumed latency (unmodelled I/O)'),
    entry('arrow', 'scheduled by'),
  );
}

/** The play/pause button: while playing, `advance` runs every PLAY_INTERVAL_MS until it returns false. */
export class Player {
  private timer: number | undefined;

  constructor(
    readonly button: HTMLButtonElement,
    private readonly advance: () => boolean,
  ) {}

  get playing(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.show('pause', 'Pause', true);
    this.timer = window.setInterval(() => {
      if (!this.advance()) this.stop();
    }, PLAY_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer === undefined) return;
    window.clearInterval(this.timer);
    this.timer = undefined;
    this.show('play', 'Play', false);
  }

  private show(name: 'play' | 'pause', label: string, pressed: boolean): void {
    this.button.replaceChildren(icon(name));
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.button.setAttribute('aria-pressed', String(pressed));
  }
}
