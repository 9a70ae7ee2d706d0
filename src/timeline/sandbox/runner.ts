/**
 * Runs every timeline prediction in a process of its own (SandboxProcess) and
 * turns however that process ends into one typed outcome: the model, or a
 * one-line reason (memory, time, crash, cancelled). Policy lives here:
 *
 * - a wall-clock limit per prediction (SIGKILL when over);
 * - a memory cap on the child's real resident memory, sampled from outside
 *   (covers ArrayBuffers and WASM memory, which V8's heap flag does not);
 * - crash detection: exit before an answer, a signal, a V8 fatal error, a
 *   closed channel, a malformed answer;
 * - one warm spare process, spawned ahead (optional), replaced after each use:
 *   nothing one prediction does survives into the next;
 * - a newer prediction cancels the running one; dispose() and the parent's
 *   exit kill every child.
 *
 * Plain engine code (no vscode): the CLI and the editor share it.
 */
import type { TimelineModel } from '../model';
import { memoryProbe, type MemoryProbe } from './memory';
import { findSandboxEntry, SandboxProcess, type SandboxExit } from './process';
import type { SandboxRequest } from './protocol';

export type PredictionFailureReason = 'memory' | 'time' | 'crash' | 'cancelled';

export type PredictionOutcome =
  | { readonly ok: true; readonly model: TimelineModel }
  | { readonly ok: false; readonly reason: PredictionFailureReason; readonly message: string };

export type PredictionRequest = Omit<SandboxRequest, 'kind' | 'timeLimitMs'>;

export const DEFAULT_TIME_LIMIT_MS = 30_000;
export const DEFAULT_MEMORY_LIMIT_MB = 1024;

export interface PredictionRunnerOptions {
  /** Path of `timeline-sandbox.js`; found next to the running bundle by default. */
  readonly entry?: string;
  readonly timeLimitMs?: number;
  readonly memoryLimitMb?: number;
  /** Keep one warm process ready for the next prediction (the editor); the CLI runs one prediction and needs none. */
  readonly spare?: boolean;
  /** Stop an unused spare after this long (its memory goes back); undefined keeps it. */
  readonly spareIdleMs?: number;
  /** How the child's memory is read (tests may pass their own). */
  readonly probe?: MemoryProbe;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface PredictOptions {
  readonly signal?: AbortSignal;
  /** This prediction's wall-clock limit instead of the runner's. */
  readonly timeLimitMs?: number;
}

/** V8's own words when an allocation fails; the child's stderr is only ever matched, never shown. */
const HEAP_LIMIT = /Reached heap limit|JavaScript heap out of memory|Allocation failed|Ineffective mark-compacts near heap limit|Out of memory|OutOfMemory/i;
const SIZE_LIMIT = /invalid size error|invalid array length|invalid string length|invalid typed array length/i;

interface Active {
  readonly proc: SandboxProcess;
  readonly resolve: (outcome: PredictionOutcome) => void;
  /** Set when the parent stopped the child on purpose: the outcome to report once it is gone. */
  stopped: PredictionOutcome | undefined;
  settled: boolean;
  readonly timers: NodeJS.Timeout[];
  readonly cleanup: (() => void)[];
}

export class PredictionRunner {
  private spare: SandboxProcess | undefined;
  private active: Active | undefined;
  private readonly live = new Set<SandboxProcess>();
  private disposed = false;
  private spareTimer: NodeJS.Timeout | undefined;
  private readonly entry: string;
  private readonly probe: MemoryProbe;
  private readonly killAll = (): void => {
    for (const proc of this.live) proc.kill();
  };
  private spawned = 0;

  constructor(private readonly options: PredictionRunnerOptions = {}) {
    this.entry = options.entry ?? findSandboxEntry();
    this.probe = options.probe ?? memoryProbe();
    process.on('exit', this.killAll);
  }

  get timeLimitMs(): number {
    return this.options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  }

  get memoryLimitMb(): number {
    return this.options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  }

  /** Processes started so far (spares included). */
  get processesStarted(): number {
    return this.spawned;
  }

  /** Pids of the processes alive right now (the running prediction and the spare). */
  get livePids(): number[] {
    return [...this.live].map((proc) => proc.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Resolves once the spare (started now if there is none) has its runtime loaded; false when there is no spare. */
  async warm(): Promise<boolean> {
    if (!this.options.spare || this.disposed) return false;
    const spare = this.ensureSpare();
    if (spare.ready) return true;
    return new Promise((resolve) => {
      spare.onMessage((message) => {
        if (message.kind === 'ready') resolve(true);
      });
      void spare.exit().then(() => resolve(false));
    });
  }

  /** Predicts in a fresh process; a prediction still running is cancelled. Never rejects. */
  predict(request: PredictionRequest, options: PredictOptions = {}): Promise<PredictionOutcome> {
    if (this.disposed) return Promise.resolve({ ok: false, reason: 'cancelled', message: 'the prediction was cancelled (the timeline was closed)' });
    this.cancel('a newer prediction replaced this one');
    if (options.signal?.aborted) return Promise.resolve({ ok: false, reason: 'cancelled', message: 'the prediction was cancelled' });
    const proc = this.takeProcess();
    return new Promise<PredictionOutcome>((resolve) => {
      const active: Active = { proc, resolve, stopped: undefined, settled: false, timers: [], cleanup: [] };
      this.active = active;
      const limitMs = options.timeLimitMs ?? this.timeLimitMs;
      const limitMb = this.memoryLimitMb;
      proc.onMessage((message) => {
        if (message.kind === 'ready') return;
        if (message.kind === 'result') this.settle(active, { ok: true, model: message.model });
        else this.settle(active, { ok: false, reason: 'crash', message: message.message });
        proc.kill();
      });
      proc.onInvalidMessage(() => this.stop(active, { ok: false, reason: 'crash', message: 'the prediction process sent a malformed answer and was stopped' }));
      // A closed channel usually means the process is dying (its exit says why); one that stays up without it is stopped.
      proc.onDisconnect(() => {
        if (!active.settled) active.timers.push(setTimeout(() => this.stop(active, { ok: false, reason: 'crash', message: 'the prediction process closed its channel without an answer and was stopped' }), 1000));
      });
      void proc.exit().then((exit) => this.settle(active, active.stopped ?? this.describeExit(exit, limitMb)));
      active.timers.push(setTimeout(() => this.stop(active, { ok: false, reason: 'time', message: `the prediction took longer than ${formatSeconds(limitMs)} and was stopped (does the program loop forever?)` }), limitMs));
      this.watchMemory(active, limitMb);
      if (options.signal) {
        const onAbort = (): void => this.stop(active, { ok: false, reason: 'cancelled', message: 'the prediction was cancelled' });
        options.signal.addEventListener('abort', onAbort, { once: true });
        active.cleanup.push(() => options.signal?.removeEventListener('abort', onAbort));
      }
      if (!proc.send({ ...request, kind: 'predict', timeLimitMs: limitMs })) this.stop(active, undefined);
    });
  }

  /** Stops the running prediction, if any; it resolves as `cancelled`. */
  cancel(message = 'the prediction was cancelled'): void {
    if (this.active && !this.active.settled) this.stop(this.active, { ok: false, reason: 'cancelled', message });
  }

  /** Kills every process (running prediction and spare); later predictions resolve as `cancelled`. */
  dispose(): void {
    if (this.disposed) return;
    this.cancel('the prediction was cancelled (the timeline was closed)');
    this.disposed = true;
    clearTimeout(this.spareTimer);
    this.killAll();
    this.spare = undefined;
    process.off('exit', this.killAll);
  }

  private spawn(spare = false): SandboxProcess {
    const proc = new SandboxProcess(this.entry, this.memoryLimitMb, spare);
    this.spawned++;
    this.live.add(proc);
    void proc.exit().then((exit) => {
      this.live.delete(proc);
      if (this.spare === proc) {
        this.spare = undefined;
        if (!this.disposed) this.options.log?.('warn', `the spare prediction process exited before use (${exitWords(exit)})`);
      }
    });
    return proc;
  }

  private ensureSpare(): SandboxProcess {
    clearTimeout(this.spareTimer);
    if (!this.spare || this.spare.exited) this.spare = this.spawn(true);
    if (this.options.spareIdleMs !== undefined) {
      this.spareTimer = setTimeout(() => {
        const idle = this.spare;
        this.spare = undefined;
        idle?.kill();
      }, this.options.spareIdleMs);
      this.spareTimer.unref();
    }
    return this.spare;
  }

  /** The warm spare when there is one (a new spare follows once this prediction ends), else a fresh process. */
  private takeProcess(): SandboxProcess {
    const spare = this.spare;
    this.spare = undefined;
    clearTimeout(this.spareTimer);
    return spare && !spare.exited ? spare : this.spawn();
  }

  private watchMemory(active: Active, limitMb: number): void {
    const pid = active.proc.pid;
    if (pid === undefined || this.probe.method === 'none') return;
    const limitBytes = limitMb * 1024 * 1024;
    let reading = false;
    const timer = setInterval(() => {
      if (reading || active.settled) return;
      reading = true;
      void this.probe.read(pid).then((rss) => {
        reading = false;
        if (rss !== undefined && rss > limitBytes && !active.settled) {
          this.stop(active, { ok: false, reason: 'memory', message: memoryMessage(limitMb) });
        }
      });
    }, this.probe.intervalMs);
    active.timers.push(timer);
  }

  /** Kills the child; the outcome (or, when undefined, what its exit says) is reported once it is gone. */
  private stop(active: Active, outcome: PredictionOutcome | undefined): void {
    if (active.settled) return;
    if (outcome && !active.stopped) active.stopped = outcome;
    active.proc.kill();
    // A cancelled prediction answers at once: the caller has moved on.
    if (outcome && !outcome.ok && outcome.reason === 'cancelled') this.settle(active, outcome);
  }

  private settle(active: Active, outcome: PredictionOutcome): void {
    if (active.settled) return;
    active.settled = true;
    for (const timer of active.timers) clearTimeout(timer);
    for (const undo of active.cleanup) undo();
    if (this.active === active) this.active = undefined;
    if (!outcome.ok && outcome.reason !== 'cancelled') {
      const exit = active.proc.exited;
      this.options.log?.('warn', `timeline: ${outcome.message}${exit ? ` [${exitWords(exit)}; stderr: ${stderrSummary(exit.stderr)}]` : ''}`);
    }
    active.resolve(outcome);
    // The next prediction gets a process nobody has used.
    if (this.options.spare && !this.disposed) this.ensureSpare();
  }

  private describeExit(exit: SandboxExit, limitMb: number): PredictionOutcome {
    if (HEAP_LIMIT.test(exit.stderr)) return { ok: false, reason: 'memory', message: memoryMessage(limitMb) };
    if (SIZE_LIMIT.test(exit.stderr)) return { ok: false, reason: 'memory', message: 'the prediction ran out of memory (a value grew past the engine\'s size limit) and was stopped' };
    if (exit.signal) return { ok: false, reason: 'crash', message: `the prediction process crashed (signal ${exit.signal})` };
    if (exit.code === null) return { ok: false, reason: 'crash', message: 'the prediction process could not be started' };
    return { ok: false, reason: 'crash', message: `the prediction process ended without an answer (exit code ${exit.code})` };
  }
}

function memoryMessage(limitMb: number): string {
  return `the prediction ran out of memory (over ${limitMb} MB) and was stopped`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** For the log: the lines of the child's stderr that name an error (a native stack trace follows them), else its end. */
function stderrSummary(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return 'empty';
  const errors = lines.filter((line) => /fatal|error|abort/i.test(line)).slice(0, 5);
  return (errors.length > 0 ? errors : lines.slice(-5)).join(' | ').slice(0, 1000);
}

function exitWords(exit: SandboxExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
