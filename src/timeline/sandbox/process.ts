/**
 * One prediction process, seen from its parent: spawns `timeline-sandbox.js`
 * with the hardened flags (no environment, neutral working directory, heap
 * cap, small young generation, no code generation from strings, stdio not
 * inherited), keeps a bounded tail of its stderr (for the log only), and
 * reports how it ended. It never decides policy: PredictionRunner does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isSandboxMessage, type SandboxMessage, type SandboxRequest } from './protocol';

export const SANDBOX_ENTRY_FILE = 'timeline-sandbox.js';
/** Bytes of the child's stderr kept (its end): enough to classify a V8 fatal error, small enough to hold. */
const STDERR_TAIL_BYTES = 16 * 1024;
/** Young generation cap, MB: keeps the part of the heap outside `--max-old-space-size` small. */
const SEMI_SPACE_MB = 8;

/** `timeline-sandbox.js` next to the running bundle or in a `dist/` above it. */
export function findSandboxEntry(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, SANDBOX_ENTRY_FILE), join(dir, 'dist', SANDBOX_ENTRY_FILE)]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`Loop Lens: ${SANDBOX_ENTRY_FILE} not found above ${start}; run the build first`);
}

/** The flags a prediction process runs with (exported for the tests that check them). */
export function sandboxExecArgv(memoryLimitMb: number): string[] {
  return [
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${Math.max(16, Math.floor(memoryLimitMb))}`,
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
  ];
}

/**
 * The environment of a prediction process: empty. Inside Electron (VS Code's
 * extension host) `process.execPath` is the Electron binary, which only acts
 * as Node with ELECTRON_RUN_AS_NODE; that flag is all it gets.
 */
export function sandboxEnv(): NodeJS.ProcessEnv {
  return process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
}

export interface SandboxExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of what the process wrote to stderr (for the log; never shown to users as is). */
  readonly stderr: string;
}

export class SandboxProcess {
  private readonly child: ChildProcess;
  private stderrTail = '';
  private exitInfo: SandboxExit | undefined;
  private readonly exitWaiters: ((exit: SandboxExit) => void)[] = [];
  private readonly messageListeners: ((message: SandboxMessage) => void)[] = [];
  private readonly invalidListeners: ((raw: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  /** True once the child said its runtime is loaded. */
  ready = false;
  /** Time of the spawn (performance.now()). */
  readonly spawnedAt = performance.now();

  /** @param warm a spare: warm the engine up on two tiny programs of our own while waiting for the request */
  constructor(entry: string, memoryLimitMb: number, warm = false) {
    this.child = fork(entry, warm ? ['--warm'] : [], {
      execPath: process.execPath,
      execArgv: sandboxExecArgv(memoryLimitMb),
      env: sandboxEnv(),
      cwd: tmpdir(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.child.on('message', (raw: unknown) => {
      if (!isSandboxMessage(raw)) {
        for (const listener of this.invalidListeners) listener(raw);
        return;
      }
      if (raw.kind === 'ready') this.ready = true;
      for (const listener of this.messageListeners) listener(raw);
    });
    this.child.on('disconnect', () => {
      for (const listener of this.disconnectListeners) listener();
    });
    // A failed spawn (e.g. execPath gone) or a failed send ends as an exit without code or signal (the process, if any, is killed).
    this.child.on('error', () => {
      this.kill();
      this.settle(null, null);
    });
    this.child.on('exit', (code, signal) => this.settle(code, signal));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): SandboxExit | undefined {
    return this.exitInfo;
  }

  onMessage(listener: (message: SandboxMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onInvalidMessage(listener: (raw: unknown) => void): void {
    this.invalidListeners.push(listener);
  }

  onDisconnect(listener: () => void): void {
    this.disconnectListeners.push(listener);
  }

  /** Resolves when the process has exited and its stderr is closed. */
  exit(): Promise<SandboxExit> {
    if (this.exitInfo) return Promise.resolve(this.exitInfo);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /**
   * Sends the one request; false when the channel is already closed. (`send()`'s own false only means
   * the message is queued behind others, which a large program text can cause: it is still delivered.)
   */
  send(request: SandboxRequest): boolean {
    if (!this.child.connected) return false;
    try {
      this.child.send(request);
      return true;
    } catch {
      return false;
    }
  }

  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      this.child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }

  private settle(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo) return;
    const finish = (): void => {
      if (this.exitInfo) return;
      this.exitInfo = { code, signal, stderr: this.stderrTail };
      for (const waiter of this.exitWaiters.splice(0)) waiter(this.exitInfo);
    };
    // Wait for stderr to drain (a V8 fatal error is written just before the abort), but never forever.
    const stderr = this.child.stderr;
    if (!stderr || stderr.readableEnded || stderr.destroyed) return finish();
    stderr.once('close', finish);
    setTimeout(finish, 500).unref();
  }
}
