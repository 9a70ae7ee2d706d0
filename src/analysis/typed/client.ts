/**
 * Runs the type-aware pass in a worker thread for the editor and the CLI:
 * one request in flight, newer requests for a file replace queued older ones
 * (cancellation), a time budget per run (the worker stops its checks at the
 * budget; a run that does not answer within the hard limit is killed), a heap
 * cap through `resourceLimits`, and a restart after a crash — up to a few
 * crashes in a row, after which the tier turns itself off.
 */
import { Worker } from 'node:worker_threads';
import type { SeveritySetting } from '../types';
import { isTypedResponse, type AnalyzeRequest, type AnalyzeResponse, type TypedRequest } from './protocol';

export interface TypedClientOptions {
  readonly workerPath: string;
  /** Heap cap of the worker (old generation), MB. */
  readonly memoryMb?: number;
  /** Budget of the checks of one run, ms; the run is killed at twice this. */
  readonly budgetMs?: number;
  /** Hard limit of the first run of a workspace root, which builds its program, ms. */
  readonly firstRunLimitMs?: number;
  /** Crashes or kills in a row after which the client switches itself off for a while. */
  readonly maxFailures?: number;
  /** How long it stays off the first, second… time in a row (the last repeats), then it is retried. */
  readonly backoffMs?: readonly number[];
  readonly now?: () => number;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type TypedOutcome =
  | { readonly status: 'ok'; readonly result: AnalyzeResponse }
  | { readonly status: 'superseded' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'disabled' };

export interface TypedInput {
  readonly rootDir: string;
  readonly filePath: string;
  readonly text: string;
  readonly severities: Readonly<Record<string, SeveritySetting>>;
}

interface Pending {
  readonly input: TypedInput;
  readonly resolve: (outcome: TypedOutcome) => void;
}

export const DEFAULT_MEMORY_MB = 1536;
export const DEFAULT_BUDGET_MS = 5000;
export const DEFAULT_FIRST_RUN_LIMIT_MS = 60_000;
export const DEFAULT_TYPED_BACKOFF_MS = [60_000, 10 * 60_000, 60 * 60_000];

export class TypedWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private inFlight: { id: number; pending: Pending; timer: NodeJS.Timeout } | undefined;
  private readonly queue = new Map<string, Pending>();
  private readonly warmRoots = new Set<string>();
  private failures = 0;
  private disposed = false;
  private off = false;
  private offUntil = 0;
  private offRounds = 0;

  constructor(private readonly options: TypedClientOptions) {}

  /** True while the worker is off after failing too often: until its back-off passed, or `reset()`. */
  get disabled(): boolean {
    if (this.off && (this.options.now ?? Date.now)() >= this.offUntil) {
      // Retry: one more failure switches it off again, for longer.
      this.off = false;
      this.failures = (this.options.maxFailures ?? 3) - 1;
      this.options.log?.('info', 'Retrying the type-aware pass after its back-off');
    }
    return this.off;
  }

  reset(): void {
    this.off = false;
    this.failures = 0;
    this.offRounds = 0;
  }

  /** Type-aware findings for the file's text; a queued older request for the same file resolves `superseded`. */
  analyze(input: TypedInput): Promise<TypedOutcome> {
    if (this.disposed || this.disabled) return Promise.resolve({ status: 'disabled' });
    const key = `${input.rootDir}\0${input.filePath}`;
    return new Promise((resolve) => {
      this.queue.get(key)?.resolve({ status: 'superseded' });
      this.queue.delete(key);
      this.queue.set(key, { input, resolve });
      this.pump();
    });
  }

  /** The editor closed the file: the worker drops its in-memory text. */
  close(rootDir: string, filePath: string): void {
    const key = `${rootDir}\0${filePath}`;
    this.queue.get(key)?.resolve({ status: 'superseded' });
    this.queue.delete(key);
    this.post({ kind: 'close', rootDir, filePath });
  }

  /** A file changed on disk: the worker re-reads it where it is not held in memory. */
  fileChanged(rootDir: string, filePath: string): void {
    this.post({ kind: 'changed', rootDir, filePath });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const pending of this.queue.values()) pending.resolve({ status: 'disabled' });
    this.queue.clear();
    this.finish({ status: 'disabled' });
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.inFlight || this.disposed || this.off) return;
    const next = this.queue.entries().next();
    if (next.done) return;
    const [key, pending] = next.value;
    this.queue.delete(key);
    const id = this.nextId++;
    const budgetMs = this.options.budgetMs ?? DEFAULT_BUDGET_MS;
    const limit = this.warmRoots.has(pending.input.rootDir) ? budgetMs * 2 : Math.max(budgetMs * 2, this.options.firstRunLimitMs ?? DEFAULT_FIRST_RUN_LIMIT_MS);
    const timer = setTimeout(() => this.kill(`no answer within ${limit} ms for ${pending.input.filePath}`), limit);
    this.inFlight = { id, pending, timer };
    const request: AnalyzeRequest = { kind: 'analyze', id, budgetMs, ...pending.input };
    this.post(request);
  }

  private post(request: TypedRequest): void {
    if (request.kind !== 'analyze' && !this.worker) return;
    this.ensureWorker().postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb ?? DEFAULT_MEMORY_MB },
      stdout: false,
      stderr: false,
    });
    worker.on('message', (message: unknown) => {
      if (worker !== this.worker || !isTypedResponse(message) || message.id !== this.inFlight?.id) return;
      const root = this.inFlight.pending.input.rootDir;
      if (message.kind === 'result') {
        this.failures = 0;
        this.warmRoots.add(root);
        this.finish({ status: 'ok', result: message });
      } else {
        this.options.log?.('error', `Type-aware pass failed on ${this.inFlight.pending.input.filePath}: ${message.message}`);
        this.finish({ status: 'failed', reason: message.message.split('\n')[0] ?? 'error' });
      }
      this.pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (worker !== this.worker) return;
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it ran out of its ${this.options.memoryMb ?? DEFAULT_MEMORY_MB} MB heap` : error.message;
      this.crashed(`The type-aware worker stopped: ${reason}`);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker || this.disposed) return;
      this.crashed(`The type-aware worker exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }

  private kill(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.failed(`Type-aware pass over its time budget: ${reason}; worker restarted`);
  }

  private crashed(reason: string): void {
    this.worker = undefined;
    this.failed(reason);
  }

  private failed(reason: string): void {
    this.warmRoots.clear();
    this.failures++;
    this.finish({ status: 'failed', reason });
    if (this.failures >= (this.options.maxFailures ?? 3)) {
      const backoff = this.options.backoffMs ?? DEFAULT_TYPED_BACKOFF_MS;
      const waitMs = backoff[Math.min(this.offRounds, backoff.length - 1)]!;
      this.offRounds++;
      this.off = true;
      this.offUntil = (this.options.now ?? Date.now)() + waitMs;
      const wait = waitMs >= 60_000 ? `${Math.round(waitMs / 60_000)} min` : `${Math.round(waitMs / 1000)} s`;
      this.options.log?.('error', `${reason}. ${this.failures} failures in a row: the type-aware pass is off for ${wait}, then retried (or toggle looplens.typeAware to retry now). The syntactic rules keep working.`);
      for (const pending of this.queue.values()) pending.resolve({ status: 'disabled' });
      this.queue.clear();
      return;
    }
    this.options.log?.('warn', reason);
    this.pump();
  }

  private finish(outcome: TypedOutcome): void {
    const current = this.inFlight;
    if (!current) return;
    clearTimeout(current.timer);
    this.inFlight = undefined;
    current.pending.resolve(outcome);
  }
}
