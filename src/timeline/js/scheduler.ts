/**
 * Node's event loop on a virtual clock: the call stack, the nextTick and
 * microtask queues, timers, I/O completions and immediates, run phase by phase
 * (timers → poll → check) with nextTicks and microtasks drained after every
 * callback, as Node ≥ 11 does.
 */
import type { Lane, SourceSpan } from '../model';
import { isInternalError, ProcessExit, Unsupported, type NodeLike, type Trace } from './trace';

export interface Job {
  readonly lane: Lane;
  readonly label: string;
  readonly node?: NodeLike;
  readonly span?: SourceSpan;
  readonly file?: string;
  readonly cause?: number;
  readonly approximate?: boolean;
  readonly assumed?: boolean;
  /** Record no `run` step (internal bookkeeping jobs). */
  readonly quiet?: boolean;
  /** Step kind recorded when the job starts (default `run`). */
  readonly kind?: 'run' | 'resume';
  run(): void;
}

interface TimerEntry {
  readonly id: number;
  due: number;
  /** The delay it was set with (refresh() restarts it). */
  readonly delay: number;
  seq: number;
  readonly job: Job;
  readonly interval: number | undefined;
  cleared: boolean;
  ref: boolean;
}

interface IoEntry {
  readonly due: number;
  readonly seq: number;
  readonly job: Job;
}

/**
 * Node computes the first timers against the loop time cached before the
 * main module ran, so a timer of up to a few ms may already be due when the
 * loop starts (a slow start, a loaded machine, the first write to stdout).
 */
export const STARTUP_RACE_MS = 10;

export interface SchedulerOptions {
  readonly moduleKind: 'commonjs' | 'esm';
  /**
   * Milliseconds of real time assumed to pass between the script's end and
   * the first timers phase: decides `setTimeout(f, 0)` vs `setImmediate(g)`
   * in the main module, which real Node leaves to chance.
   */
  readonly startupLag: number;
  /**
   * Timers of different delays due in the same millisecond sit in different
   * Node timer lists; which list runs first depends on sub-millisecond
   * jitter. 'fifo' runs the one set first, 'reverse' the one set last.
   */
  readonly tieBreak?: 'fifo' | 'reverse';
}

export interface SchedulerHooks {
  /** Reports unhandled rejections after a microtask drain; throws ProcessExit to end the process. */
  processRejections(): void;
  /** The engine's own promise job queue, run in place of the scheduler's microtask queue when given. */
  readonly engineJobs?: { pending(): boolean; runAll(): void };
  /** Called after every callback returns normally (the sandbox closes a busy-wait there). */
  afterJob?(): void;
  /** Text for an uncaught exception. */
  describeError(error: unknown): string;
}

export class Scheduler {
  now = 0;
  /** The step of the callback running now: the cause of whatever it schedules. */
  currentStep: number | undefined;
  /** The lane of the callback running now. */
  currentLane: Lane = 'stack';
  /** True while a timer / I/O callback runs (there setImmediate always beats setTimeout). */
  insideLoopCallback = false;
  private readonly ticks: Job[] = [];
  private readonly micro: Job[] = [];
  private readonly timers: TimerEntry[] = [];
  private immediates: Job[] = [];
  private readonly io: IoEntry[] = [];
  private seq = 0;
  private nextTimerId = 1;
  /** A timeout and an immediate were both pending when the loop started. */
  raceSeen = false;
  /** Two timers of different delays were due in the same millisecond. */
  tieSeen = false;

  constructor(
    private readonly trace: Trace,
    private readonly options: SchedulerOptions,
    private readonly hooks: SchedulerHooks,
  ) {}

  queueTick(job: Job): void {
    this.ticks.push(job);
  }

  queueMicrotask(job: Job): void {
    this.micro.push(job);
  }

  queueImmediate(job: Job): void {
    this.immediates.push(job);
  }

  cancelImmediate(job: Job): boolean {
    const index = this.immediates.indexOf(job);
    if (index >= 0) this.immediates.splice(index, 1);
    return index >= 0;
  }

  /** Schedules a timer; returns its id. Delays below 1 ms (or invalid) become 1 ms, like Node. */
  addTimer(job: Job, delay: number, repeat: boolean): number {
    const ms = Number.isFinite(delay) && delay >= 1 ? Math.min(delay, 2147483647) : 1;
    const id = this.nextTimerId++;
    this.timers.push({ id, due: this.now + ms, delay: ms, seq: this.seq++, job, interval: repeat ? ms : undefined, cleared: false, ref: true });
    return id;
  }

  clearTimer(id: number): boolean {
    const entry = this.timers.find((t) => t.id === id && !t.cleared);
    if (!entry) return false;
    entry.cleared = true;
    return true;
  }

  setTimerRef(id: number, ref: boolean): void {
    const entry = this.timers.find((t) => t.id === id);
    if (entry) entry.ref = ref;
  }

  refreshTimer(id: number): void {
    const entry = this.timers.find((t) => t.id === id && !t.cleared);
    if (entry) {
      const delay = entry.interval ?? entry.delay;
      entry.due = this.now + delay;
      entry.seq = this.seq++;
    }
  }

  timerRefState(id: number): boolean {
    return this.timers.some((t) => t.id === id && !t.cleared && t.ref);
  }

  timerActive(id: number): boolean {
    return this.timers.some((t) => t.id === id && !t.cleared);
  }

  /** Queues an I/O completion `duration` ms from now. */
  addIo(job: Job, duration: number): void {
    this.io.push({ due: this.now + Math.max(0, duration), seq: this.seq++, job });
  }

  /** Runs the main script, then the queues it filled, in the order of the module kind. */
  runMain(job: Job): void {
    this.runJob(job);
    if (this.options.moduleKind === 'esm') this.runMicrotasks();
    this.drain();
  }

  /** Runs the event loop until nothing is left or a budget runs out. */
  runLoop(): void {
    let first = true;
    while (this.hasWork()) {
      if (this.now > this.trace.limits.maxVirtualMs) {
        this.trace.note('unsupported', `stopped at ${Math.round(this.now)} ms of virtual time (time budget); the program keeps running`);
        return;
      }
      if (first && this.immediates.length > 0 && this.timers.some((t) => !t.cleared && t.due <= this.now + STARTUP_RACE_MS)) {
        this.raceSeen = true;
      }
      this.runTimers(first ? this.now + this.options.startupLag : this.now);
      this.runPoll();
      this.runImmediates();
      first = false;
    }
  }

  /** process.nextTick queue, then microtasks, repeated until both are empty (processTicksAndRejections). */
  drain(): void {
    do {
      for (let job = this.ticks.shift(); job; job = this.ticks.shift()) this.runJob(job);
      this.runMicrotasks();
      this.hooks.processRejections();
    } while (this.ticks.length > 0 || this.micro.length > 0 || this.hooks.engineJobs?.pending() === true);
  }

  private runMicrotasks(): void {
    const engine = this.hooks.engineJobs;
    if (engine) {
      const previousLane = this.currentLane;
      this.currentLane = 'microtask';
      try {
        engine.runAll();
      } finally {
        this.currentLane = previousLane;
      }
      return;
    }
    for (let job = this.micro.shift(); job; job = this.micro.shift()) this.runJob(job);
  }

  /** Whether the loop would run again: immediates, I/O, or referenced timers. */
  hasPendingWork(): boolean {
    return this.hasWork();
  }

  private hasWork(): boolean {
    return this.immediates.length > 0 || this.io.length > 0 || this.timers.some((t) => !t.cleared && t.ref);
  }

  private nextTimer(limit: number): TimerEntry | undefined {
    let best: TimerEntry | undefined;
    for (const t of this.timers) {
      if (t.cleared || t.due > limit) continue;
      if (!best || t.due < best.due) {
        best = t;
        continue;
      }
      if (t.due !== best.due) continue;
      const reverse = this.options.tieBreak === 'reverse' && t.delay !== best.delay;
      if (t.delay !== best.delay) this.tieSeen = true;
      if (reverse ? t.seq > best.seq : t.seq < best.seq) best = t;
    }
    return best;
  }

  private runTimers(limit: number): void {
    for (let timer = this.nextTimer(Math.max(limit, this.now)); timer; timer = this.nextTimer(this.now)) {
      this.now = Math.max(this.now, timer.due);
      const started = this.now;
      if (timer.interval === undefined) timer.cleared = true;
      this.runLoopCallback(timer.job);
      if (timer.interval !== undefined && !timer.cleared) {
        timer.due = started + timer.interval;
        timer.seq = this.seq++;
      }
      this.compactTimers();
    }
  }

  private compactTimers(): void {
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]!.cleared) this.timers.splice(i, 1);
  }

  private runPoll(): void {
    if (this.immediates.length === 0) {
      let target = Infinity;
      for (const t of this.timers) if (!t.cleared) target = Math.min(target, t.due);
      for (const e of this.io) target = Math.min(target, e.due);
      const anyRef = this.io.length > 0 || this.timers.some((t) => !t.cleared && t.ref);
      if (anyRef && Number.isFinite(target) && target > this.now) this.now = target;
    }
    for (;;) {
      let best: IoEntry | undefined;
      for (const e of this.io) if (e.due <= this.now && (!best || e.due < best.due || (e.due === best.due && e.seq < best.seq))) best = e;
      if (!best) break;
      this.io.splice(this.io.indexOf(best), 1);
      this.runLoopCallback(best.job);
    }
  }

  private runImmediates(): void {
    const batch = this.immediates;
    this.immediates = [];
    for (const job of batch) this.runLoopCallback(job);
  }

  private runLoopCallback(job: Job): void {
    this.insideLoopCallback = true;
    try {
      this.runJob(job);
    } finally {
      this.insideLoopCallback = false;
    }
    this.drain();
  }

  /** Runs one callback; an exception it does not catch ends the process, as in Node. */
  runJob(job: Job): void {
    const previous = this.currentStep;
    const previousLane = this.currentLane;
    this.currentLane = job.lane;
    if (!job.quiet) {
      this.currentStep = this.trace.step({
        lane: job.lane, kind: job.kind ?? 'run', label: job.label,
        ...(job.node ? { node: job.node } : {}),
        ...(job.span ? { span: job.span } : {}),
        ...(job.file ? { file: job.file } : {}),
        ...(job.cause !== undefined ? { cause: job.cause } : {}),
        ...(job.approximate ? { approximate: true } : {}),
        ...(job.assumed ? { assumed: true } : {}),
      });
    }
    try {
      job.run();
      this.hooks.afterJob?.();
    } catch (error) {
      if (isInternalError(error)) throw error;
      if (error instanceof RangeError && error.message === 'Maximum call stack size exceeded') {
        throw new Unsupported('the program nests calls deeper than the simulator can follow');
      }
      const text = this.hooks.describeError(error);
      this.trace.step({ lane: job.lane, kind: 'error', label: `Uncaught ${text}`, ...(job.node ? { node: job.node } : {}), ...(job.span ? { span: job.span } : {}), ...(job.file ? { file: job.file } : {}) });
      throw new ProcessExit(1, `Uncaught ${text}`);
    } finally {
      this.currentStep = previous;
      this.currentLane = previousLane;
    }
  }
}
