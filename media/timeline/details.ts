/**
 * The panel's side sections: the notes (approximate, nondeterministic,
 * unsupported, assumed), the files that took part in the prediction with
 * click-through, and the assumed I/O latency box. Text from the file goes in
 * as text only.
 */
import type { TimelineModel, TimelineNote } from '../../src/timeline/model';
import type { RevealMessage } from '../../src/timeline/protocol';
import { IO_LATENCY_LIMITS } from '../../src/timeline/unmodelled';
import { clear, html } from './dom';

type Reveal = (message: RevealMessage) => void;

/** A reveal of line `line` (1-based) of `file` (absent: the predicted file). */
export function lineReveal(line: number, file: string | undefined): RevealMessage {
  return { type: 'reveal', line, column: 1, endLine: line, endColumn: 1, ...(file !== undefined ? { file } : {}) };
}

/** `line 12` or `line 12 of lib/queue.js`. */
export function lineText(line: number, file: string | undefined): string {
  return file !== undefined ? `line ${line} of ${file}` : `line ${line}`;
}

export class NotesView {
  readonly section = html('section', { class: 'notes', 'aria-labelledby': 'notes-title', hidden: true });
  private readonly list = html('ul', { class: 'notes-list' });

  constructor(private readonly reveal: Reveal) {
    this.section.append(html('h2', { id: 'notes-title' }, 'Notes'), this.list);
  }

  render(notes: readonly TimelineNote[]): void {
    clear(this.list);
    this.section.hidden = notes.length === 0;
    for (const note of notes) {
      const item = html(
        'li',
        { class: `note note-${note.kind}` },
        html('span', { class: 'badge note-kind' }, note.kind),
        html('span', { class: 'note-message' }, note.message),
      );
      if (note.line !== undefined) {
        const message = lineReveal(note.line, note.file);
        const link = html('button', { type: 'button', class: 'link-button note-line' }, lineText(note.line, note.file));
        link.addEventListener('click', () => this.reveal(message));
        item.appendChild(link);
      }
      if (note.orders && note.orders.length > 0) {
        const orders = html('ol', { class: 'orders' });
        note.orders.forEach((order, index) => {
          const lines = html('span', { class: 'order-lines' });
          for (const text of order) lines.appendChild(html('code', {}, text));
          orders.appendChild(html('li', {}, html('span', { class: 'order-name' }, `Order ${index + 1}`), lines));
        });
        item.appendChild(orders);
      }
      this.list.appendChild(item);
    }
  }
}

/** The files that took part: the predicted one first, then the workspace modules it imported. Shown when there are several. */
export class FilesView {
  readonly section = html('section', { class: 'files', 'aria-labelledby': 'files-title', hidden: true });
  private readonly list = html('ul', { class: 'files-list' });

  constructor(private readonly reveal: Reveal) {
    this.section.append(html('h2', { id: 'files-title' }, 'Files that took part'), this.list);
  }

  render(model: TimelineModel): void {
    clear(this.list);
    const files = model.files ?? [];
    this.section.hidden = files.length < 2;
    const steps = new Map<string, number>();
    for (const step of model.steps) if (step.file !== undefined) steps.set(step.file, (steps.get(step.file) ?? 0) + 1);
    files.forEach((file, index) => {
      const predicted = index === 0;
      const count = predicted ? model.steps.filter((step) => step.file === undefined || step.file === file).length : steps.get(file) ?? 0;
      const link = html(
        'button',
        { type: 'button', class: 'link-button file-link', title: `Open ${file}`, 'data-file': file },
        file,
      );
      // The predicted file is the one the panel follows: reveal it without naming it.
      link.addEventListener('click', () => this.reveal(lineReveal(1, predicted ? undefined : file)));
      this.list.appendChild(
        html(
          'li',
          { class: predicted ? 'file predicted' : 'file' },
          link,
          html('span', { class: 'subtle file-steps' }, `${predicted ? 'predicted · ' : ''}${count} step${count === 1 ? '' : 's'}`),
        ),
      );
    });
  }
}

/** A number box for the assumed latency L of unmodelled I/O; a new value is posted once the user commits it. */
export class LatencyControl {
  readonly element: HTMLElement;
  private readonly input = html('input', {
    type: 'number',
    class: 'latency-input',
    min: IO_LATENCY_LIMITS.min,
    max: IO_LATENCY_LIMITS.max,
    step: 10,
    value: IO_LATENCY_LIMITS.default,
    'aria-describedby': 'latency-help',
  });
  private shown: number = IO_LATENCY_LIMITS.default;

  constructor(private readonly onChange: (ms: number) => void) {
    this.element = html(
      'label',
      { class: 'latency', title: 'Assumed latency L of I/O the timeline does not model (third-party packages, fetch, known blocking calls). Changing it predicts again.' },
      html('span', { class: 'latency-label' }, 'Assumed I/O latency'),
      this.input,
      html('span', { class: 'subtle', id: 'latency-help' }, 'ms'),
    );
    this.input.addEventListener('change', () => this.commit());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.commit();
    });
  }

  show(model: TimelineModel): void {
    this.shown = model.ioLatencyMs ?? IO_LATENCY_LIMITS.default;
    if (document.activeElement !== this.input) this.input.value = String(this.shown);
    this.input.removeAttribute('aria-invalid');
  }

  set disabled(value: boolean) {
    this.input.disabled = value;
  }

  private commit(): void {
    const ms = Number(this.input.value);
    if (this.input.value.trim() === '' || !Number.isInteger(ms) || ms < IO_LATENCY_LIMITS.min || ms > IO_LATENCY_LIMITS.max) {
      this.input.setAttribute('aria-invalid', 'true');
      return;
    }
    this.input.removeAttribute('aria-invalid');
    if (ms !== this.shown) {
      this.shown = ms;
      this.onChange(ms);
    }
  }
}
