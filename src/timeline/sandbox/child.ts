/**
 * Entry of a prediction process (`dist/timeline-sandbox.js`), started by a
 * PredictionRunner with no environment, a neutral working directory, a heap
 * cap and `--disallow-code-generation-from-strings`. It loads its own
 * tree-sitter runtime at once (so a warm spare is ready before it is needed),
 * accepts exactly ONE request over the IPC channel, validates it, predicts,
 * posts the model back and exits. It never opens workspace files: the program
 * and the files it imports come in the request.
 *
 * A watchdog thread ends the process when the parent is gone (its IPC channel
 * closed or the process was re-parented) or when the request's time limit has
 * long passed, even while the main thread is stuck in the program.
 */
import { Worker } from 'node:worker_threads';
import { findWasmDir, SourceParser } from '../../parsing';
import { predictTimeline } from '../index';
import { parseSandboxRequest, type SandboxMessage, type SandboxRequest } from './protocol';
import { WARMUP_PROGRAMS, WARMUP_ROUNDS } from './warmup';

/** How long past the parent's own limit the watchdog waits before it ends the process itself. */
const WATCHDOG_GRACE_MS = 2000;
const WATCHDOG_TICK_MS = 250;

/**
 * The watchdog thread's source (a few lines, so it starts in milliseconds and
 * does not parse this bundle again). It gets the parent's pid from the main
 * thread, read at start-up: a parent that died before the thread ran is still noticed.
 */
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let deadline = Infinity;
parentPort.on('message', (message) => { if (typeof message === 'number' && Number.isFinite(message)) deadline = message; });
const check = () => { if (process.ppid !== workerData.parent || Date.now() > deadline) process.kill(process.pid, 'SIGKILL'); };
check();
setInterval(check, workerData.tickMs);
`;

function post(message: SandboxMessage, then?: () => void): void {
  if (!process.connected || !process.send) {
    then?.();
    return;
  }
  process.send(message, undefined, {}, () => then?.());
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return (text.split('\n')[0] ?? 'error').slice(0, 500);
}

/**
 * What the program could learn about its parent through this process: the
 * parent's pid (`process.ppid`) and the one variable Electron needed to start
 * us as Node. Taken away before any request is read (the watchdog thread has
 * its own `process` object and still sees the real parent).
 */
function forgetParent(): void {
  delete process.env.ELECTRON_RUN_AS_NODE;
  Object.defineProperty(process, 'ppid', { value: undefined, configurable: false, writable: false });
}

async function main(): Promise<void> {
  process.on('disconnect', () => process.exit(0));
  const guard = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parent: process.ppid, tickMs: WATCHDOG_TICK_MS } });
  guard.unref();
  forgetParent();
  const parser = new SourceParser(findWasmDir(__dirname));
  // The runtime and grammars load while the process waits: a spare is warm before a request arrives.
  const loaded = Promise.all((['python', 'typescript', 'tsx'] as const).map((grammar) => parser.grammars.load(grammar)));
  // A spare (`--warm`) then warms the engine's code paths on programs of our own (warmup.ts; a failure there is not the request's).
  let requested = false;
  const warm = process.argv.includes('--warm') ? loaded.then(() => warmUp(parser, () => requested).catch(() => undefined)) : loaded;
  const onMessage = (raw: unknown): void => {
    // One request per process: anything after the first is ignored.
    process.off('message', onMessage);
    requested = true;
    const parsed = parseSandboxRequest(raw);
    if ('invalid' in parsed) {
      post({ kind: 'rejected', message: `the prediction process refused the request: ${parsed.invalid}` }, () => process.exit(2));
      return;
    }
    const request: SandboxRequest = parsed.request;
    if (request.timeLimitMs !== undefined) guard.postMessage(Date.now() + request.timeLimitMs + WATCHDOG_GRACE_MS);
    void run(request).then(
      (message) => post(message, () => process.exit(0)),
      (error: unknown) => post({ kind: 'failed', message: `the prediction failed: ${oneLine(error)}` }, () => process.exit(1)),
    );
  };
  const run = async (request: SandboxRequest): Promise<SandboxMessage> => {
    await warm;
    const model = await predictTimeline(request.source, {
      fileName: request.fileName, parser,
      ...(request.moduleKind !== undefined ? { moduleKind: request.moduleKind } : {}),
      ...(request.stepBudget !== undefined ? { stepBudget: request.stepBudget } : {}),
      // Never the disk: only the files the parent sent.
      files: request.files ?? {},
      ...(request.workspaceRoot !== undefined ? { workspaceRoot: request.workspaceRoot } : {}),
      ...(request.ioLatencyMs !== undefined ? { ioLatencyMs: request.ioLatencyMs } : {}),
      ...(request.notebook !== undefined ? { notebook: request.notebook } : {}),
    });
    return { kind: 'result', model };
  };
  process.on('message', onMessage);
  try {
    await loaded;
  } catch (error) {
    post({ kind: 'failed', message: `the prediction process could not load its parser: ${oneLine(error)}` }, () => process.exit(1));
    return;
  }
  await warm;
  post({ kind: 'ready' });
}

/** Predicts our own warm-up programs a few times, stopping early as soon as a request has arrived. */
async function warmUp(parser: SourceParser, requested: () => boolean): Promise<void> {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const program of WARMUP_PROGRAMS) {
      if (requested()) return;
      await predictTimeline(program.source, { fileName: program.fileName, parser, files: {} });
    }
  }
}

main().catch(() => process.exit(1));
