/**
 * The extension host's side of the engine worker: starts it on first use,
 * sends one call at a time (the worker is single-threaded anyway), lets a
 * newer call replace a queued older one with the same coalescing key (the
 * parameters are built when the call is sent, so they are always the latest),
 * bounds every call by a hard time limit (the worker is killed and started
 * again), caps the worker's heap, and after several crashes in a row turns
 * itself off for a while — backing off on repeated failures — then retries.
 * Nothing here blocks the host's thread for longer than a postMessage.
 */
import { Worker } from 'node:worker_threads';
import { isEngineResponse, type CallKind, type EngineCalls, type EngineNotice, type EngineWorkerData } from './protocol';

export type CallOutcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  /** A newer call with the same coalescing key replaced it before it was sent, or its parameters were no longer wanted. */
  | { readonly status: 'superseded' }
  /** The call failed: an error in the worker, a crash, or no answer within the limit (`timedOut`). */
  | { readonly status: 'failed'; readonly reason: string; readonly timedOut: boolean }
  /** The worker failed too often and is off until `retryInMs` passed. */
  | { readonly status: 'disabled'; readonly reason: string; readonly retryInMs: number };

export interface EngineClientOptions {
  readonly workerPath: string;
  readonly workerData: EngineWorkerData;
  /** Shown in messages ("the analysis worker …"). */
  readonly name: string;
  /** Heap cap of the worker (old generation), MB. */
  readonly memoryMb?: number;
  /** Crashes or kills in a row after which the client turns itself off for a while. */
  readonly maxFailures?: number;
  /** How long it stays off, for the first, second… time in a row; the last repeats. */
  readonly backoffMs?: readonly number[];
  /** Stop an idle worker after this long (its state is rebuilt on the next call); undefined keeps it. */
  readonly idleMs?: number;
  readonly now?: () => number;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface CallOptions {
  /** A queued call with the same key is superseded by this one. */
  readonly coalesce?: string;
  /** Hard limit from the moment the call is sent, ms. */
  readonly limitMs: number;
}

interface Queued {
  readonly kind: CallKind;
  readonly build: () => unknown;
  readonly options: CallOptions;
  readonly resolve: (outcome: CallOutcome<unknown>) => void;
}

interface InFlight {
  readonly id: number;
  readonly entry: Queued;
  readonly timer: NodeJS.Timeout;
}

export const DEFAULT_BACKOFF_MS = [30_000, 5 * 60_000, 30 * 60_000];

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private inFlight: InFlight | undefined;
  private queue: Queued[] = [];
  private failures = 0;
  private offRounds = 0;
  private offUntil = 0;
  private offReason = '';
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private starts = 0;

  constructor(private readonly options: EngineClientOptions) {}

  /** How many workers were started so far (a restart after a crash counts). */
  get workerStarts(): number {
    return this.starts;
  }

  /** True while a worker thread exists (it is started on demand and stopped when idle or disposed). */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /** True while the client is off after repeated failures. */
  get disabled(): boolean {
    return this.now() < this.offUntil;
  }

  /**
   * Queues a call. `build` runs when the call is sent and returns its
   * parameters, or undefined when the call is no longer wanted (superseded).
   */
  call<K extends CallKind>(kind: K, build: () => EngineCalls[K]['params'] | undefined, options: CallOptions): Promise<CallOutcome<EngineCalls[K]['result']>> {
    if (this.disposed) return Promise.resolve({ status: 'disabled', reason: `the ${this.options.name} was stopped`, retryInMs: Infinity });
    if (this.disabled) return Promise.resolve(this.disabledOutcome());
    return new Promise((resolve) => {
      const entry: Queued = { kind, build, options, resolve: resolve as (outcome: CallOutcome<unknown>) => void };
      const index = options.coalesce === undefined ? -1 : this.queue.findIndex((queued) => queued.options.coalesce === options.coalesce);
      if (index >= 0) {
        this.queue[index]!.resolve({ status: 'superseded' });
        this.queue[index] = entry;
      } else {
        this.queue.push(entry);
      }
      this.pump();
    });
  }

  /** A message without an answer; dropped when no worker runs (a new worker has no state to drop). */
  notify(notice: EngineNotice): void {
    this.worker?.postMessage(notice);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    const stopped: CallOutcome<never> = { status: 'disabled', reason: `the ${this.options.name} was stopped`, retryInMs: Infinity };
    for (const entry of this.queue) entry.resolve(stopped);
    this.queue = [];
    this.finish(stopped);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private disabledOutcome(): CallOutcome<never> {
    return { status: 'disabled', reason: this.offReason, retryInMs: Math.max(0, this.offUntil - this.now()) };
  }

  private pump(): void {
    if (this.inFlight || this.disposed) return;
    clearTimeout(this.idleTimer);
    for (;;) {
      const entry = this.queue.shift();
      if (!entry) {
        this.scheduleIdleStop();
        return;
      }
      let params: unknown;
      try {
        params = entry.build();
      } catch (error) {
        entry.resolve({ status: 'failed', reason: `could not prepare the call: ${describe(error)}`, timedOut: false });
        continue;
      }
      if (params === undefined) {
        entry.resolve({ status: 'superseded' });
        continue;
      }
      const id = this.nextId++;
      const timer = setTimeout(() => this.kill(entry), entry.options.limitMs);
      this.inFlight = { id, entry, timer };
      this.ensureWorker().postMessage({ kind: entry.kind, id, params });
      return;
    }
  }

  private scheduleIdleStop(): void {
    if (this.options.idleMs === undefined || !this.worker) return;
    this.idleTimer = setTimeout(() => {
      if (this.inFlight || this.queue.length > 0) return;
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }, this.options.idleMs);
    this.idleTimer.unref?.();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      workerData: this.options.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb ?? 1024 },
      stdout: false,
      stderr: false,
    });
    this.starts++;
    worker.on('message', (message: unknown) => {
      if (worker !== this.worker) return;
      const current = this.inFlight;
      if (!isEngineResponse(message) || message.id !== current?.id) {
        this.options.log?.('warn', `The ${this.options.name} sent an unexpected message; ignored.`);
        return;
      }
      if (message.ok) {
        this.failures = 0;
        this.offRounds = 0;
        this.finish({ status: 'ok', value: message.value });
      } else {
        this.options.log?.('error', `The ${this.options.name} failed on a ${current.entry.kind} call: ${message.message}`);
        this.finish({ status: 'failed', reason: message.message.split('\n')[0] ?? 'error', timedOut: false });
      }
      this.pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it ran out of its ${this.options.memoryMb ?? 1024} MB heap` : error.message;
      this.worker = undefined;
      void worker.terminate();
      this.failed(`The ${this.options.name} stopped: ${reason}`, false);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker || this.disposed) return;
      this.worker = undefined;
      this.failed(`The ${this.options.name} exited unexpectedly (code ${code})`, false);
    });
    this.worker = worker;
    return worker;
  }

  private kill(entry: Queued): void {
    if (this.inFlight?.entry !== entry) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.failed(`The ${this.options.name} gave no answer to a ${entry.kind} call within ${formatMs(entry.options.limitMs)}; it was stopped and will be restarted`, true);
  }

  private failed(reason: string, timedOut: boolean): void {
    this.failures++;
    this.finish({ status: 'failed', reason, timedOut });
    const maxFailures = this.options.maxFailures ?? 3;
    if (this.failures >= maxFailures) {
      const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
      const waitMs = backoff[Math.min(this.offRounds, backoff.length - 1)]!;
      this.offRounds++;
      // After the wait one more failure turns it off again, for longer.
      this.failures = maxFailures - 1;
      this.offUntil = this.now() + waitMs;
      this.offReason = `${reason}. After ${maxFailures} failures in a row the ${this.options.name} is off for ${formatMs(waitMs)}, then retried.`;
      this.options.log?.('error', this.offReason);
      const outcome = this.disabledOutcome();
      for (const queued of this.queue) queued.resolve(outcome);
      this.queue = [];
      return;
    }
    this.options.log?.('warn', reason);
    this.pump();
  }

  private finish(outcome: CallOutcome<unknown>): void {
    const current = this.inFlight;
    if (!current) return;
    clearTimeout(current.timer);
    this.inFlight = undefined;
    current.entry.resolve(outcome);
  }
}

function formatMs(ms: number): string {
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
