/**
 * B3's launcher (dist/bench/cold-start.js), one fresh `node` process per
 * measurement, so nothing is warm: no module loaded, no JIT, no WASM compiled.
 *   node cold-start.js direct <python|typescript> <file> <wasmDir>
 *       require the engine bundle, then load grammar + parse + analyse (the timer starts before require)
 *   node cold-start.js worker <python|typescript> <file> <wasmDir>
 *       the same inside a new worker thread, timed from `new Worker` to the findings
 *   node cold-start.js bare-worker
 *       a worker thread that only answers: the spawn cost alone
 * Prints `@@result {json}`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ColdResult, ColdWorkerData } from './coldEngine';
import type { LanguageInfo } from '../src/parsing/languages';

const LANGUAGES: Record<string, LanguageInfo> = {
  python: { grammar: 'python', family: 'python', javascript: false },
  typescript: { grammar: 'typescript', family: 'typescript', javascript: false },
};

function fromWorker(worker: Worker): Promise<{ ok: boolean; result?: ColdResult; startedAt?: number; error?: string }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before answering`)));
  });
}

async function main(): Promise<unknown> {
  const [mode, family, file, wasmDir] = process.argv.slice(2);
  // ms from the start of the node process to this line (node's own start-up and this small script).
  const nodeStartupMs = performance.now();
  if (mode === 'bare-worker') {
    const t = performance.now();
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage({ ok: true })", { eval: true });
    await fromWorker(worker);
    const ms = performance.now() - t;
    await worker.terminate();
    return { ms, nodeStartupMs };
  }
  const language = LANGUAGES[family ?? ''];
  if (!language || !file || !wasmDir) throw new Error('usage: cold-start.js direct|worker python|typescript FILE WASM_DIR');
  // The editor holds the document's text already: reading it is not part of the cold start.
  const text = readFileSync(file, 'utf8');
  const engine = join(__dirname, 'cold-engine.js');
  const t = performance.now();
  if (mode === 'direct') {
    const { activationToDiagnostics } = createRequire(__filename)(engine) as typeof import('./coldEngine');
    const requireMs = performance.now() - t;
    const result = await activationToDiagnostics(text, language, wasmDir);
    return { ...result, requireMs, ms: performance.now() - t, nodeStartupMs };
  }
  if (mode === 'worker') {
    const coldEngine: ColdWorkerData = { text, language, wasmDir };
    const worker = new Worker(engine, { workerData: { coldEngine } });
    const answer = await fromWorker(worker);
    const ms = performance.now() - t;
    await worker.terminate();
    if (!answer.ok || !answer.result) throw new Error(`worker failed: ${answer.error}`);
    // The worker's clock has another origin: compare absolute times.
    const upMs = answer.startedAt! - (performance.timeOrigin + t);
    return { ...answer.result, ms, upMs, nodeStartupMs };
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then(
  (result) => process.stdout.write(`@@result ${JSON.stringify(result)}\n`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
