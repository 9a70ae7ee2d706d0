/**
 * The editor's engine worker (`dist/engine-worker.js`) and its client: the
 * worker's answers equal the in-process engine's, incremental edits through
 * the worker equal a full analysis, queued calls coalesce, malformed messages
 * are rejected (predictions are not served: they run in a process of their
 * own), and every failure mode (hang, exit, parser trap, repeated
 * crashes) is contained: the failing call fails, the rest keeps working, and
 * what was switched off comes back on its own.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { analyze } from '../../src/analysis/engine';
import type { Finding } from '../../src/analysis/types';
import { fixAll } from '../../src/analysis';
import { languageFromPath, type LanguageInfo } from '../../src/parsing';
import { EngineClient, type CallOutcome } from '../../src/service/client';
import type { AnalyzeResult, EngineResponse, EngineWorkerData } from '../../src/service/protocol';
import { REPO_ROOT, readFixture, sharedParser } from './helpers';

const WORKER = join(REPO_ROOT, 'dist', 'engine-worker.js');
const WASM_DIR = join(REPO_ROOT, 'dist');
const PY = languageFromPath('x.py')!;
const TS = languageFromPath('x.ts')!;

function client(extra: Partial<ConstructorParameters<typeof EngineClient>[0]> = {}, data: Partial<EngineWorkerData> = {}): EngineClient {
  return new EngineClient({ workerPath: WORKER, workerData: { wasmDir: WASM_DIR, ...data }, name: 'test worker', ...extra });
}

async function direct(text: string, language: LanguageInfo): Promise<Finding[]> {
  const tree = await sharedParser().parse(text, language);
  try {
    return analyze(tree, text, language);
  } finally {
    tree.delete();
  }
}

function analyzeCall(engine: EngineClient, key: string, version: number, text: string, language: LanguageInfo, changes?: { rangeOffset: number; rangeLength: number; text: string }[]) {
  return engine.call('analyze', () => ({ key, version, text, language, severities: {}, maxFileSizeKb: 1024, ...(changes ? { changes } : {}) }), { limitMs: 20_000, coalesce: key });
}

function findingsOf(outcome: CallOutcome<AnalyzeResult>): Finding[] {
  assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
  if (outcome.status !== 'ok') return [];
  assert.equal(outcome.value.status, 'ok', JSON.stringify(outcome.value));
  return outcome.value.status === 'ok' ? outcome.value.findings : [];
}

test('the worker finds what the in-process engine finds, and edits sent as changes give the full analysis of the new text', async () => {
  const engine = client();
  try {
    for (const [name, language] of [['python/blocking-sleep.py', PY], ['python/dangling-task.py', PY], ['typescript/floating-promise.ts', TS]] as const) {
      const text = readFixture(...name.split('/'));
      const viaWorker = findingsOf(await analyzeCall(engine, name, 1, text, language));
      assert.ok(viaWorker.length > 0, `${name} has findings`);
      assert.deepEqual(viaWorker, await direct(text, language), name);
      // Insert a blank line at the top, then delete the first finding's line: both sent as change events.
      const edit1 = { rangeOffset: 0, rangeLength: 0, text: '\n' };
      const text2 = `\n${text}`;
      assert.deepEqual(findingsOf(await analyzeCall(engine, name, 2, text2, language, [edit1])), await direct(text2, language), `${name} after an insertion`);
      const first = (await direct(text2, language))[0]!;
      const lineStart = text2.lastIndexOf('\n', first.start - 1) + 1;
      const lineEnd = text2.indexOf('\n', first.start) + 1;
      const edit2 = { rangeOffset: lineStart, rangeLength: lineEnd - lineStart, text: '' };
      const text3 = text2.slice(0, lineStart) + text2.slice(lineEnd);
      assert.deepEqual(findingsOf(await analyzeCall(engine, name, 3, text3, language, [edit2])), await direct(text3, language), `${name} after deleting a finding's line`);
      // Changes that do not lead from the worker's tree to the text (a lost edit) fall back to a full parse, never a wrong tree.
      const text4 = `${text3}\n# trailing`;
      assert.deepEqual(findingsOf(await analyzeCall(engine, name, 4, text4, language, [{ rangeOffset: 0, rangeLength: 0, text: 'bogus' }])), await direct(text4, language));
    }
  } finally {
    await engine.dispose();
  }
});

test('explain and fix-all answer like the engine does in-process', async () => {
  const engine = client();
  try {
    const text = readFixture('python', 'blocking-sleep.py');
    findingsOf(await analyzeCall(engine, 'doc', 7, text, PY));
    const at = text.indexOf('await asyncio.sleep');
    const explained = await engine.call('explain', () => ({ key: 'doc', version: 7, offset: at + 1 }), { limitMs: 5000 });
    assert.equal(explained.status, 'ok');
    assert.match(explained.status === 'ok' ? (explained.value?.title ?? '') : '', /await/);
    const stale = await engine.call('explain', () => ({ key: 'doc', version: 6, offset: at + 1 }), { limitMs: 5000 });
    assert.deepEqual(stale, { status: 'ok', value: undefined }, 'an explanation is only given for the version the worker holds');

    const fixed = await engine.call('fixAll', () => ({ text, language: PY, severities: {}, maxFileSizeKb: 1024 }), { limitMs: 30_000 });
    const expected = await fixAll((t) => direct(t, PY), text, (finding) => finding.fixes.find((fix) => fix.safe));
    assert.ok(expected.applied > 0);
    assert.deepEqual(fixed, { status: 'ok', value: { text: expected.text, applied: expected.applied } });
  } finally {
    await engine.dispose();
  }
});

test('a queued call is superseded by a newer one with the same key, and its parameters are built only when sent', async () => {
  const engine = client();
  try {
    const text = readFixture('python', 'blocking-sleep.py');
    const built: number[] = [];
    const call = (version: number) =>
      engine.call('analyze', () => (built.push(version), { key: 'k', version, text, language: PY, severities: {}, maxFileSizeKb: 1024 }), { limitMs: 20_000, coalesce: 'k' });
    const other = analyzeCall(engine, 'other', 1, text, PY); // in flight while the rest queue
    const outcomes = await Promise.all([call(1), call(2), call(3), other]);
    assert.deepEqual(outcomes.slice(0, 3).map((o) => o.status), ['superseded', 'superseded', 'ok']);
    assert.deepEqual(built, [3]);
    const dropped = await engine.call('analyze', () => undefined, { limitMs: 1000 });
    assert.deepEqual(dropped, { status: 'superseded' });
  } finally {
    await engine.dispose();
  }
});

test('the worker rejects malformed and hostile messages with an error and keeps serving', async () => {
  const worker = new Worker(WORKER, { workerData: { wasmDir: WASM_DIR } });
  const answers: EngineResponse[] = [];
  worker.on('message', (message: EngineResponse) => answers.push(message));
  try {
    const text = readFixture('python', 'blocking-sleep.py');
    worker.postMessage('garbage');
    worker.postMessage({ kind: 'analyze' });
    worker.postMessage({ kind: '__proto__', id: 1, params: {} });
    worker.postMessage({ kind: 'analyze', id: 2, params: { key: 'k', version: -1, text, language: PY, severities: {}, maxFileSizeKb: 1024 } });
    worker.postMessage({ kind: 'analyze', id: 3, params: { key: 'k', version: 1, text, language: { grammar: 'cobol', family: 'python', javascript: false }, severities: {}, maxFileSizeKb: 1024 } });
    worker.postMessage({ kind: 'analyze', id: 4, params: { key: 'k', version: 1, text, language: PY, severities: { 'py/blocking-sleep': 'loud' }, maxFileSizeKb: 1024 } });
    worker.postMessage({ kind: 'debug', id: 5, params: { action: 'hang' } });
    worker.postMessage({ kind: 'forget' });
    // Timeline predictions left the worker for a process of their own (src/timeline/sandbox): not a call any more.
    worker.postMessage({ kind: 'predict', id: 9, params: { text, fileName: 'x.py' } });
    worker.postMessage({ kind: 'analyze', id: 6, params: { key: 'k', version: 1, text, language: PY, severities: {}, maxFileSizeKb: 1024 } });
    const deadline = Date.now() + 20_000;
    while (!answers.some((a) => a.id === 6) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(answers.map((a) => a.id), [2, 3, 4, 5, 6], 'messages without an id get no answer; the others are answered in order');
    for (const answer of answers.slice(0, 3)) assert.deepEqual(answer, { id: answer.id, ok: false, message: 'rejected: malformed analyze parameters' });
    assert.ok(!answers[3]!.ok && /test hooks/.test(answers[3]!.message), 'debug faults need a worker started with test hooks');
    const last = answers[4]!;
    assert.ok(last.ok && (last.value as AnalyzeResult).status === 'ok');
  } finally {
    await worker.terminate();
  }
});

test('a call that hangs is stopped at its limit, a worker that exits is restarted, and the next call works', async () => {
  const logs: string[] = [];
  const engine = client({ log: (_level, message) => logs.push(message) }, { testHooks: true });
  try {
    const text = readFixture('python', 'blocking-sleep.py');
    const hung = await engine.call('debug', () => ({ action: 'hang' }), { limitMs: 500 });
    assert.equal(hung.status, 'failed');
    assert.ok(hung.status === 'failed' && hung.timedOut && /no answer to a debug call within 500 ms/.test(hung.reason));
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'a', 1, text, PY)), await direct(text, PY));
    const exited = await engine.call('debug', () => ({ action: 'exit' }), { limitMs: 10_000 });
    assert.ok(exited.status === 'failed' && !exited.timedOut && /exited unexpectedly \(code 3\)/.test(exited.reason), JSON.stringify(exited));
    const thrown = await engine.call('debug', () => ({ action: 'throw' }), { limitMs: 10_000 });
    assert.equal(thrown.status, 'ok', 'the call itself answered before the uncaught error');
    const deadline = Date.now() + 10_000;
    while (!logs.some((line) => /stopped: injected uncaught error/.test(line)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'a', 2, text, PY)), await direct(text, PY));
    assert.ok(engine.workerStarts >= 3, `restarted after each failure (${engine.workerStarts} starts)`);
    assert.ok(logs.some((line) => /gave no answer/.test(line)) && logs.some((line) => /exited unexpectedly/.test(line)) && logs.some((line) => /stopped: injected uncaught error/.test(line)));
  } finally {
    await engine.dispose();
  }
});

test('after repeated failures the worker is off with a reason, then comes back on its own', async () => {
  const logs: string[] = [];
  const engine = client({ maxFailures: 2, backoffMs: [400], log: (level, message) => logs.push(`${level}: ${message}`) }, { testHooks: true });
  try {
    const text = readFixture('python', 'blocking-sleep.py');
    for (let i = 0; i < 2; i++) assert.equal((await engine.call('debug', () => ({ action: 'exit' }), { limitMs: 10_000 })).status, 'failed');
    const off = await analyzeCall(engine, 'a', 1, text, PY);
    assert.equal(off.status, 'disabled');
    assert.ok(off.status === 'disabled' && /After 2 failures in a row the test worker is off for 400 ms, then retried/.test(off.reason) && off.retryInMs <= 400);
    assert.ok(logs.some((line) => line.startsWith('error: ') && /off for 400 ms/.test(line)));
    await new Promise((r) => setTimeout(r, 450));
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'a', 2, text, PY)), await direct(text, PY));
  } finally {
    await engine.dispose();
  }
});

test('a parser trap switches that language off with a message, other languages keep working, and it is retried later', async () => {
  const engine = client({}, { testHooks: true, retryAfterMs: [600] });
  try {
    const py = readFixture('python', 'blocking-sleep.py');
    const ts = readFixture('typescript', 'floating-promise.ts');
    findingsOf(await analyzeCall(engine, 'py', 1, py, PY));
    assert.equal((await engine.call('debug', () => ({ action: 'trap', grammar: 'python' }), { limitMs: 5000 })).status, 'ok');
    const trapped = await analyzeCall(engine, 'py', 2, py, PY);
    assert.ok(trapped.status === 'ok' && trapped.value.status === 'disabled', JSON.stringify(trapped));
    if (trapped.status !== 'ok' || trapped.value.status !== 'disabled') return;
    assert.equal(trapped.value.trapped, true);
    assert.match(trapped.value.reason, /the python parser crashed \(RuntimeError: unreachable \(injected by a test\)\); python analysis is off for 1 s, then retried\. Other languages keep working\./);
    assert.ok(trapped.value.retryInMs > 0 && trapped.value.retryInMs <= 600);
    // TypeScript runs on the rebuilt runtime at once.
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'ts', 1, ts, TS)), await direct(ts, TS));
    const still = await analyzeCall(engine, 'py', 3, py, PY);
    assert.ok(still.status === 'ok' && still.value.status === 'disabled' && !still.value.trapped);
    await new Promise((r) => setTimeout(r, 650));
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'py', 4, py, PY)), await direct(py, PY), 'python works again after the wait');
    assert.equal(engine.workerStarts, 1, 'a trap is handled inside the worker, without a restart');
  } finally {
    await engine.dispose();
  }
});

test('an idle worker is stopped and started again on demand; dispose stops it', async () => {
  const engine = client({ idleMs: 200 });
  const text = readFixture('python', 'blocking-sleep.py');
  try {
    assert.equal(engine.workerRunning, false, 'started lazily');
    findingsOf(await analyzeCall(engine, 'a', 1, text, PY));
    assert.equal(engine.workerRunning, true);
    const deadline = Date.now() + 5000;
    while (engine.workerRunning && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(engine.workerRunning, false, 'stopped after being idle');
    assert.deepEqual(findingsOf(await analyzeCall(engine, 'a', 2, text, PY)), await direct(text, PY));
    assert.equal(engine.workerStarts, 2);
  } finally {
    await engine.dispose();
  }
  assert.equal(engine.workerRunning, false);
  assert.equal((await analyzeCall(engine, 'a', 3, text, PY)).status, 'disabled', 'a disposed client answers nothing');
});
