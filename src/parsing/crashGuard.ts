/**
 * Crash isolation for the WebAssembly runtime. A trap inside tree-sitter
 * (`WebAssembly.RuntimeError`: unreachable, out-of-bounds access; or an
 * Emscripten abort such as running out of memory) leaves that runtime's
 * memory in an unknown state. The guard turns a trap into a result instead
 * of an exception, disables the grammar that trapped for a while (backing
 * off on repeated traps), and asks its owner to rebuild the runtime
 * (`GrammarLoader.reset()` and `DocumentTrees.abandon()`), so every other
 * language keeps working at once and the crashed one is retried later.
 */
import type { GrammarId } from './languages';

/** True for the errors a WebAssembly trap or an Emscripten abort throws; false for ordinary JavaScript errors. */
export function isRuntimeTrap(error: unknown): boolean {
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) return true;
  return error instanceof Error && /^Aborted\(/.test(error.message);
}

export interface RuntimeGuardOptions {
  /** Waits before each retry of a grammar that trapped, in order; the last one repeats. */
  readonly retryAfterMs?: readonly number[];
  readonly now?: () => number;
  /** Called once per trap, after the grammar is disabled: rebuild the runtime here. */
  readonly onTrap: (grammar: GrammarId, message: string) => void;
}

export type Guarded<T> =
  | { readonly status: 'ok'; readonly value: T }
  /** The grammar is disabled (it trapped recently); `message` says until when. */
  | { readonly status: 'disabled'; readonly message: string }
  /** The work trapped just now; the grammar is disabled and the runtime must be rebuilt. */
  | { readonly status: 'trapped'; readonly message: string };

const DEFAULT_RETRY_AFTER_MS = [30_000, 5 * 60_000, 30 * 60_000];

interface Disabled {
  readonly until: number;
  readonly traps: number;
  readonly message: string;
}

export class RuntimeGuard {
  private readonly disabled = new Map<GrammarId, Disabled>();
  private readonly retryAfterMs: readonly number[];
  private readonly now: () => number;

  constructor(private readonly options: RuntimeGuardOptions) {
    this.retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  /** Why `grammar` may not be used now, or undefined when it may (including a retry after its wait). */
  disabledReason(grammar: GrammarId): string | undefined {
    const entry = this.disabled.get(grammar);
    return entry && this.now() < entry.until ? entry.message : undefined;
  }

  /** Milliseconds until a disabled grammar is retried; 0 when it may be used now. */
  retryInMs(grammar: GrammarId): number {
    const entry = this.disabled.get(grammar);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  /** Runs `work` (anything that calls into the runtime for `grammar`). Errors other than traps are rethrown. */
  run<T>(grammar: GrammarId, work: () => T): Guarded<T> {
    const reason = this.disabledReason(grammar);
    if (reason) return { status: 'disabled', message: reason };
    try {
      return this.succeeded(grammar, work());
    } catch (error) {
      return this.trapped(grammar, error);
    }
  }

  async runAsync<T>(grammar: GrammarId, work: () => Promise<T>): Promise<Guarded<T>> {
    const reason = this.disabledReason(grammar);
    if (reason) return { status: 'disabled', message: reason };
    try {
      return this.succeeded(grammar, await work());
    } catch (error) {
      return this.trapped(grammar, error);
    }
  }

  private succeeded<T>(grammar: GrammarId, value: T): Guarded<T> {
    // A retry that worked: the back-off keeps counting (a grammar that traps again waits longer), the block is lifted.
    const entry = this.disabled.get(grammar);
    if (entry && this.now() >= entry.until) this.disabled.set(grammar, { ...entry, until: 0 });
    return { status: 'ok', value };
  }

  private trapped(grammar: GrammarId, error: unknown): Guarded<never> {
    if (!isRuntimeTrap(error)) throw error;
    const traps = (this.disabled.get(grammar)?.traps ?? 0) + 1;
    const waitMs = this.retryAfterMs[Math.min(traps, this.retryAfterMs.length) - 1]!;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const message = `the ${grammar} parser crashed (${detail}); ${grammar} analysis is off for ${formatWait(waitMs)}, then retried. Other languages keep working.`;
    this.disabled.set(grammar, { until: this.now() + waitMs, traps, message });
    this.options.onTrap(grammar, message);
    return { status: 'trapped', message };
  }
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
