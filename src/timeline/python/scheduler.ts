/**
 * The asyncio event loop on a virtual clock, shaped like `BaseEventLoop._run_once`:
 * a FIFO ready queue run from a snapshot per iteration, a timer heap ordered by
 * deadline, worker threads that finish at known virtual times, and the recorder
 * of steps, output lines and notes.
 */
import type { Lane, NoteKind, OutputLine, StepKind, TimelineNote, TimelineStep } from '../model';
import { BudgetExceeded } from './values';
import { labelOf, type SyntaxNode } from './syntax';

export const MAX_RECORDED_STEPS = 20_000;

export interface StepExtra {
  readonly duration?: number;
  readonly cause?: number;
  readonly approximate?: boolean;
  /** The step waits out the assumed latency of unmodelled code. */
  readonly assumed?: boolean;
  readonly label?: string;
}

export class Recorder {
  readonly steps: TimelineStep[] = [];
  readonly output: OutputLine[] = [];
  readonly notes: TimelineNote[] = [];
  /** Workspace modules the run imported. */
  files: readonly string[] = [];
  private readonly noteKeys = new Set<string>();
  constructor(private readonly maxSteps: number = MAX_RECORDED_STEPS) {}

  step(kind: StepKind, lane: Lane, t: number, node: SyntaxNode | null, explanation: string, extra: StepExtra = {}): number {
    if (this.steps.length >= this.maxSteps) throw new BudgetExceeded(`stopped after ${this.maxSteps} timeline steps (the step budget)`, node);
    const id = this.steps.length + 1;
    this.steps.push({
      id,
      t,
      lane,
      kind,
      label: extra.label ?? (node ? labelOf(node) : kind),
      line: node ? node.startRow + 1 : 1,
      column: node ? node.startCol + 1 : 1,
      endLine: node ? node.endRow + 1 : 1,
      endColumn: node ? node.endCol + 1 : 1,
      explanation,
      ...(extra.duration !== undefined ? { duration: extra.duration } : {}),
      ...(extra.cause ? { cause: extra.cause } : {}),
      ...(extra.approximate ? { approximate: true } : {}),
      ...(extra.assumed ? { assumed: true } : {}),
      ...(node?.file ? { file: node.file } : {}),
    });
    return id;
  }

  print(text: string, stream: 'stdout' | 'stderr', lane: Lane, t: number, node: SyntaxNode | null): void {
    const id = this.step('print', lane, t, node, stream === 'stderr' ? 'the program writes to stderr' : 'the program prints a line');
    for (const line of text.split('\n')) this.output.push({ text: line, t, step: id, ...(stream === 'stderr' ? { stream } : {}) });
  }

  note(kind: NoteKind, message: string, node: SyntaxNode | null, orders?: readonly (readonly string[])[]): TimelineNote | null {
    const line = node ? node.startRow + 1 : undefined;
    const file = node?.file;
    const key = `${kind}|${message}|${line ?? ''}|${file ?? ''}`;
    if (this.noteKeys.has(key)) return null;
    this.noteKeys.add(key);
    const note: TimelineNote = { kind, message, ...(line !== undefined ? { line } : {}), ...(file ? { file } : {}), ...(orders ? { orders } : {}) };
    this.notes.push(note);
    return note;
  }

  /** Notes about a choice the flipped run explores: dropped when both runs print the same. */
  readonly explored = new Set<TimelineNote>();

  /** A nondeterministic choice of the loop (equal deadlines, set order, thread races). */
  race(message: string, node: SyntaxNode | null): void {
    const note = this.note('nondeterministic', message, node);
    if (note) this.explored.add(note);
  }
}

export class Handle {
  cancelled = false;
  constructor(
    readonly callback: () => void,
    readonly lane: Lane,
    readonly node: SyntaxNode | null,
    readonly cause: number,
  ) {}
  cancel(): void {
    this.cancelled = true;
  }
}

export class TimerHandle extends Handle {
  constructor(callback: () => void, lane: Lane, node: SyntaxNode | null, cause: number, readonly when: number, readonly seq: number, readonly exact: boolean) {
    super(callback, lane, node, cause);
  }
}

/** Work running in a worker thread: `advance()` runs it until its next sleep or its end. */
export interface ThreadWork {
  wakeAt: number;
  finished: boolean;
  advance(): void;
}

/** Heap order; `flipTies` reverses exact call_at ties to explore the other possible order. */
function before(a: TimerHandle, b: TimerHandle, flipTies: boolean): boolean {
  if (a.when !== b.when) return a.when < b.when;
  return flipTies && a.exact && b.exact ? a.seq > b.seq : a.seq < b.seq;
}

export interface LoopLimits {
  readonly maxIterations: number;
  readonly maxTimeMs: number;
  /** Explore the alternative order of choices asyncio leaves undefined (see predictPython). */
  readonly flipTies?: boolean;
}

export class EventLoop {
  now = 0;
  iterations = 0;
  stopping = false;
  private ready: Handle[] = [];
  private readyHead = 0;
  private readonly heap: TimerHandle[] = [];
  private seq = 0;
  readonly threads: ThreadWork[] = [];
  /** Called with two timers due at exactly the same deadline set by call_at. */
  onTie: (a: TimerHandle, b: TimerHandle) => void = () => undefined;

  constructor(readonly limits: LoopLimits) {}

  get readyCount(): number {
    return this.ready.length - this.readyHead;
  }

  callSoon(callback: () => void, lane: Lane, node: SyntaxNode | null, cause = 0): Handle {
    const handle = new Handle(callback, lane, node, cause);
    this.ready.push(handle);
    return handle;
  }

  callAt(when: number, callback: () => void, lane: Lane, node: SyntaxNode | null, cause = 0, exact = false): TimerHandle {
    const handle = new TimerHandle(callback, lane, node, cause, when, this.seq++, exact);
    const heap = this.heap;
    heap.push(handle);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!, this.limits.flipTies === true)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    return handle;
  }

  private popTimer(): TimerHandle {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!, this.limits.flipTies === true)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!, this.limits.flipTies === true)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }

  private nextThreadTime(): number {
    let t = Infinity;
    for (const w of this.threads) if (!w.finished && w.wakeAt < t) t = w.wakeAt;
    return t;
  }

  /** A timer (not cancelled) is due within `eps` ms of `t`. */
  timerNear(t: number, eps: number): boolean {
    return this.heap.some((h) => !h.cancelled && Math.abs(h.when - t) < eps);
  }

  /** Runs worker-thread work due up to `until`, in time order. */
  runThreadsUntil(until: number): void {
    for (;;) {
      let next: ThreadWork | null = null;
      for (const w of this.threads) if (!w.finished && w.wakeAt <= until && (!next || w.wakeAt < next.wakeAt)) next = w;
      if (!next) break;
      next.advance();
    }
    for (let i = this.threads.length - 1; i >= 0; i--) if (this.threads[i]!.finished) this.threads.splice(i, 1);
  }

  /** The loop thread is frozen (time.sleep): time passes, only threads run. */
  block(ms: number): void {
    const end = this.now + ms;
    this.checkTime(end);
    this.runThreadsUntil(end);
    this.now = end;
  }

  private checkTime(t: number): void {
    if (t > this.limits.maxTimeMs) throw new BudgetExceeded(`stopped at the virtual-time budget (${this.limits.maxTimeMs / 1000} s)`, null);
  }

  /** One iteration; false when nothing can ever happen again (the loop would wait forever). */
  runOnce(): boolean {
    if (++this.iterations > this.limits.maxIterations) throw new BudgetExceeded(`stopped after ${this.limits.maxIterations} loop iterations`, null);
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.popTimer();
    if (this.readyCount === 0 && !this.stopping) {
      const next = Math.min(this.heap.length > 0 ? this.heap[0]!.when : Infinity, this.nextThreadTime());
      if (next === Infinity) return false;
      if (next > this.now) {
        this.checkTime(next);
        this.now = next;
      }
    }
    // Which of a thread's hand-back and a timer due at the same moment comes first is a race;
    // the flipped exploration (see predictPython) takes timers first.
    if (!this.limits.flipTies) this.runThreadsUntil(this.now);
    while (this.heap.length > 0 && this.heap[0]!.when <= this.now) {
      const timer = this.popTimer();
      if (timer.cancelled) continue;
      const following = this.heap[0];
      if (timer.exact && following && following.exact && !following.cancelled && following.when === timer.when) this.onTie(timer, following);
      this.ready.push(timer);
    }
    if (this.limits.flipTies) this.runThreadsUntil(this.now);
    const count = this.readyCount;
    for (let i = 0; i < count; i++) {
      const handle = this.ready[this.readyHead++]!;
      if (!handle.cancelled) handle.callback();
    }
    if (this.readyHead > 1024) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return true;
  }
}
