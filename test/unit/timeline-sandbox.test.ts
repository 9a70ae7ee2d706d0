/**
 * The prediction process and its runner (src/timeline/sandbox), at the
 * process level and independent of the engine: a prediction answers like the
 * in-process engine; each one gets a process nobody used (a warm spare when
 * asked); the process runs with no environment, a neutral cwd and the
 * hardened flags; malformed requests and answers are refused; a crash, a
 * hang, memory outside V8's heap, a closed channel, cancellation and dispose
 * each end in one typed outcome; no process outlives its parent.
 * Stand-in entries (tiny scripts written here) play hostile or broken children.
 */
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { predictTimeline } from '../../src/timeline';
import { parseSandboxRequest } from '../../src/timeline/sandbox/protocol';
import { PredictionRunner, type PredictionOutcome } from '../../src/timeline/sandbox/runner';
import { REPO_ROOT, sharedParser } from './helpers';

const ENTRY = join(REPO_ROOT, 'dist', 'timeline-sandbox.js');
const scratch = mkdtempSync(join(tmpdir(), 'looplens-sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const PROGRAM = "console.log('a');\nsetTimeout(() => console.log('c'), 5);\nPromise.resolve().then(() => console.log('b'));\n";

/** A stand-in prediction process: `body` runs on the one request (`request`), with `send` to answer. */
function standIn(name: string, body: string): string {
  const path = join(scratch, `${name}.js`);
  writeFileSync(path, `process.on('disconnect', () => process.exit(0));\nprocess.send({ kind: 'ready' });\nprocess.once('message', (request) => {\n${body}\n});\n`);
  return path;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** True while `pid` runs (a zombie nobody reaped yet counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

function failure(outcome: PredictionOutcome): { reason: string; message: string } {
  assert.equal(outcome.ok, false, `expected a failure, got a model: ${JSON.stringify(outcome).slice(0, 300)}`);
  if (outcome.ok) throw new Error('unreachable');
  assert.doesNotMatch(outcome.message, /\n/, 'one line');
  return outcome;
}

test('a prediction in its own process equals the in-process one, and each prediction gets a fresh process (a warm spare)', async () => {
  const runner = new PredictionRunner({ entry: ENTRY, spare: true });
  try {
    assert.equal(await runner.warm(), true);
    const sparePids = runner.livePids;
    assert.equal(sparePids.length, 1, 'one spare waits');
    const expected = await predictTimeline(PROGRAM, { fileName: 'p.js', parser: sharedParser() });
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const before = runner.livePids[0]!;
      const outcome = await runner.predict({ source: PROGRAM, fileName: 'p.js' });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.deepEqual(outcome.model, expected);
      seen.add(before);
      await until('the used process to exit', () => !alive(before));
      await until('a new spare', () => runner.livePids.length === 1 && !seen.has(runner.livePids[0]!));
    }
    assert.equal(seen.size, 3, 'three predictions, three processes');
    assert.equal(runner.processesStarted, 4);
  } finally {
    runner.dispose();
  }
});

test('the process gets no environment, a neutral cwd, the hardened flags, and cannot learn its parent pid', async () => {
  const probe = standIn('probe', `
    let codegen = 'allowed';
    try { new Function('return 1'); } catch (e) { codegen = e.name; }
    const model = { version: ${JSON.stringify((await predictTimeline('', { fileName: 'x.js', parser: sharedParser() })).version)}, language: 'javascript', module: 'commonjs', timeUnit: 'ms', steps: [], notes: [],
      output: [{ t: 0, step: 0, text: JSON.stringify({ env: process.env, cwd: process.cwd(), execArgv: process.execArgv, codegen, request }), stream: 'stdout' }] };
    process.send({ kind: 'result', model });`);
  process.env.LOOPLENS_SANDBOX_CANARY = 'canary-value';
  const runner = new PredictionRunner({ entry: probe, memoryLimitMb: 300 });
  try {
    const outcome = await runner.predict({ source: 'x', fileName: 'x.js', ioLatencyMs: 250, workspaceRoot: '/w', files: { '/w/a.js': 'A' } });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const seen = JSON.parse(outcome.model.output[0]!.text) as { env: object; cwd: string; execArgv: string[]; codegen: string; request: Record<string, unknown> };
    assert.deepEqual(seen.env, {}, 'no inherited environment');
    assert.equal(seen.cwd, tmpdir());
    assert.deepEqual(seen.execArgv, ['--disallow-code-generation-from-strings', '--max-old-space-size=300', '--max-semi-space-size=8']);
    assert.equal(seen.codegen, 'EvalError');
    assert.deepEqual(seen.request, { source: 'x', fileName: 'x.js', ioLatencyMs: 250, workspaceRoot: '/w', files: { '/w/a.js': 'A' }, kind: 'predict', timeLimitMs: 30_000 });
  } finally {
    runner.dispose();
    delete process.env.LOOPLENS_SANDBOX_CANARY;
  }
  // The real entry hides process.ppid from the program's process object.
  const child = fork(ENTRY, [], { env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] });
  try {
    const hidden = await new Promise<unknown>((resolve) => {
      child.on('message', (message: { kind?: string }) => {
        if (message.kind === 'ready') child.send({ kind: 'predict', source: 'console.log(process.ppid)', fileName: 'x.js' });
        if (message.kind === 'result') resolve(message);
      });
    });
    assert.ok(!JSON.stringify(hidden).includes(String(process.pid)), 'the parent pid is not in the prediction');
  } finally {
    child.kill('SIGKILL');
  }
});

test('malformed requests are refused with a clear message; only one request is accepted', async () => {
  for (const [message, pattern] of [
    ['garbage', /not an object/],
    [{ kind: 'run', source: '', fileName: 'x.js' }, /unknown request kind "run"/],
    [{ kind: 'predict', source: 1, fileName: 'x.js' }, /source must be a string/],
    [{ kind: 'predict', source: '', fileName: '' }, /fileName must be a non-empty string/],
    [{ kind: 'predict', source: '', fileName: 'x.js', files: { '/a.js': 3 } }, /text of \/a\.js is not a string/],
    [{ kind: 'predict', source: '', fileName: 'x.js', ioLatencyMs: -1 }, /ioLatencyMs must be/],
    [{ kind: 'predict', source: '', fileName: 'x.js', extra: true }, /unknown field "extra"/],
  ] as const) {
    const parsed = parseSandboxRequest(message);
    assert.ok('invalid' in parsed && pattern.test(parsed.invalid), `${JSON.stringify(message)} → ${JSON.stringify(parsed)}`);
  }
  const child = fork(ENTRY, [], { env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] });
  const answers: unknown[] = [];
  child.on('message', (message: { kind?: string }) => {
    if (message.kind !== 'ready') answers.push(message);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.send({ kind: 'predict', source: 'x', fileName: 'x.js', stepBudget: 'lots' });
  child.send({ kind: 'predict', source: 'console.log(1)', fileName: 'x.js' });
  assert.equal(await exited, 2);
  assert.deepEqual(answers, [{ kind: 'rejected', message: 'the prediction process refused the request: stepBudget must be a non-negative integer' }]);
});

test('a crash, a V8 fatal error, a malformed answer, a hang and a closed channel each end in one line', async () => {
  const cases: [string, string, string, RegExp][] = [
    ['abort', 'process.abort();', 'crash', /^the prediction process crashed \(signal SIGABRT\)$/],
    ['exit', 'process.exit(7);', 'crash', /^the prediction process ended without an answer \(exit code 7\)$/],
    ['fatal', "process.stderr.write('\\n#\\n# Fatal JavaScript invalid size error 134217729\\n'); process.abort();", 'memory', /ran out of memory \(a value grew past the engine's size limit\)/],
    ['heap', "process.stderr.write('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n'); process.abort();", 'memory', /^the prediction ran out of memory \(over 1024 MB\) and was stopped$/],
    ['garbage', "process.send({ kind: 'result', model: { steps: 'no' } });", 'crash', /sent a malformed answer and was stopped/],
    ['hang', 'for (;;);', 'time', /^the prediction took longer than 1\.5 s and was stopped/],
    ['disconnect', "process.removeAllListeners('disconnect'); process.disconnect(); setInterval(() => {}, 1000);", 'crash', /closed its channel without an answer/],
  ];
  const logs: string[] = [];
  for (const [name, body, reason, pattern] of cases) {
    const runner = new PredictionRunner({ entry: standIn(name, body), timeLimitMs: reason === 'time' ? 1500 : 30_000, log: (_level, message) => logs.push(message) });
    try {
      const outcome = failure(await runner.predict({ source: '', fileName: 'x.js' }));
      assert.equal(outcome.reason, reason, name);
      assert.match(outcome.message, pattern, name);
      await until(`the ${name} process to be gone`, () => runner.livePids.length === 0);
    } finally {
      runner.dispose();
    }
  }
  assert.ok(logs.some((line) => /Fatal JavaScript invalid size error/.test(line)), 'the raw stderr is logged, not shown');
});

test('memory outside V8\'s heap (ArrayBuffers) is capped by the parent: the process is killed and the outcome says so', async () => {
  const hog = standIn('hog', 'const kept = []; for (let i = 0; i < 64; i++) { const b = new Uint8Array(64 * 1024 * 1024); b.fill(1); kept.push(b); } process.send({ kind: "failed", message: "not stopped" });');
  const runner = new PredictionRunner({ entry: hog, memoryLimitMb: 200, timeLimitMs: 60_000 });
  try {
    const started = Date.now();
    const outcome = failure(await runner.predict({ source: '', fileName: 'x.js' }));
    assert.equal(outcome.reason, 'memory');
    assert.equal(outcome.message, 'the prediction ran out of memory (over 200 MB) and was stopped');
    assert.ok(Date.now() - started < 30_000);
  } finally {
    runner.dispose();
  }
});

test('a newer prediction cancels the running one, an abort signal cancels, and dispose kills every process', async () => {
  const slow = standIn('slow', 'for (;;);');
  const runner = new PredictionRunner({ entry: slow, spare: true, timeLimitMs: 60_000 });
  const first = runner.predict({ source: '', fileName: 'x.js' });
  await until('the first prediction to run', () => runner.livePids.length >= 1);
  const second = runner.predict({ source: '', fileName: 'x.js' });
  const cancelled = failure(await first);
  assert.equal(cancelled.reason, 'cancelled');
  assert.equal(cancelled.message, 'a newer prediction replaced this one');
  const controller = new AbortController();
  const third = runner.predict({ source: '', fileName: 'x.js' }, { signal: controller.signal });
  assert.equal(failure(await second).reason, 'cancelled');
  controller.abort();
  assert.equal(failure(await third).reason, 'cancelled');
  const pids = await until('a spare and no running prediction', () => (runner.livePids.length >= 1 ? runner.livePids : undefined));
  const fourth = runner.predict({ source: '', fileName: 'x.js' });
  runner.dispose();
  assert.equal(failure(await fourth).reason, 'cancelled');
  await until('every process to be gone', () => pids.every((pid) => !alive(pid)) && runner.livePids.length === 0);
  assert.equal(failure(await runner.predict({ source: '', fileName: 'x.js' })).reason, 'cancelled', 'a disposed runner runs nothing');
});

test('no prediction process outlives its parent, even one stuck inside a builtin call', async () => {
  // A parent that starts the real prediction process on a catastrophic regex, prints its pid, and is then
  // killed with SIGKILL (no exit handler runs): the child's watchdog thread sees it re-parented and ends it.
  const parentScript = join(scratch, 'parent.js');
  writeFileSync(parentScript, `
    const { fork } = require('node:child_process');
    const child = fork(${JSON.stringify(ENTRY)}, [], { execArgv: ['--disallow-code-generation-from-strings'], env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.on('message', (m) => {
      if (m.kind === 'ready') child.send({ kind: 'predict', source: '/^(a+)+$/.test("a".repeat(60) + "b")', fileName: 'x.js', timeLimitMs: 600000 }, () => console.log(child.pid));
    });
  `);
  const parent = spawn(process.execPath, [parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  parent.stdout.on('data', (chunk) => (out += chunk));
  const childPid = Number(await until('the child pid', () => (/^\d+\n/.test(out) ? out.trim() : undefined), 30_000));
  assert.ok(alive(childPid));
  parent.kill('SIGKILL');
  await until('the orphaned prediction process to end itself', () => !alive(childPid), 20_000);
});

test('looplens timeline: the new options are validated with one clear line, and --help documents the exit status', async () => {
  const { runTimelineCommand } = await import('../../src/timeline/command');
  const file = join(scratch, 'ok.js');
  writeFileSync(file, PROGRAM);
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runTimelineCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    return { code, out, err };
  };
  for (const [argv, pattern] of [
    [['--time-limit', '0', file], /--time-limit must be a number from 0\.1 to 3600, got "0"/],
    [['--time-limit', file], /--time-limit must be a number/],
    [['--memory-limit', '64', file], /--memory-limit must be a number from 128 to/],
    [['--io-latency', '-5', file], /--io-latency must be a number from 0 to 3600000, got "-5"/],
    [['--io-latency'], /--io-latency needs a value/],
  ] as const) {
    const result = await run(...argv);
    assert.equal(result.code, 2, argv.join(' '));
    assert.match(result.err.split('\n')[0]!, pattern);
  }
  const help = await run('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /--time-limit SECONDS/);
  assert.match(help.out, /Exit status: 0 timeline printed; 2 usage or I\/O error; 3 the prediction was stopped/);
  const ok = await run('--json', '--time-limit=20', '--memory-limit', '512', '--io-latency', '250', file);
  assert.equal(ok.code, 0, ok.err);
  assert.deepEqual((JSON.parse(ok.out) as { output: { text: string }[] }).output.map((line) => line.text), ['a', 'b', 'c']);
});

test('the warm-up programs a spare runs are predicted in full (they warm the real code paths)', async () => {
  const { WARMUP_PROGRAMS } = await import('../../src/timeline/sandbox/warmup');
  for (const program of WARMUP_PROGRAMS) {
    const model = await predictTimeline(program.source, { fileName: program.fileName, parser: sharedParser() });
    assert.ok(model.output.length >= 10, `${program.fileName} prints`);
    assert.deepEqual(model.notes.filter((note) => note.kind === 'unsupported'), [], program.fileName);
    assert.ok(!model.steps.some((step) => step.kind === 'error'), `${program.fileName} raises nothing uncaught`);
  }
});

test('the files a program imports are collected for the prediction process: transitively, inside the workspace only, unsaved text first', async () => {
  const { collectWorkspaceFiles } = await import('../../src/timeline/imports');
  const collectImportedFiles = (o: { fileName: string; source: string; workspaceRoot: string; read: (p: string) => Promise<string | undefined>; maxFiles?: number }) =>
    collectWorkspaceFiles(o.fileName, o.source, { readText: o.read, workspaceRoot: o.workspaceRoot, ...(o.maxFiles !== undefined ? { maxFiles: o.maxFiles } : {}) });
  const root = mkdtempSync(join(scratch, 'ws-'));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'pkg'));
  mkdirSync(join(root, 'src'));
  const files: Record<string, string> = {
    'src/main.js': "const lib = require('./lib');\nimport('./dyn.mjs');\nrequire('../outside-of-src.js');\nrequire('fs');\n",
    'src/lib.js': "export { x } from './util.js';\n",
    'src/util.ts': 'export const x = 1;\n',
    'src/dyn.mjs': 'export default 1;\n',
    'outside-of-src.js': 'module.exports = 2;\n',
    'app.py': 'import helper, asyncio\nfrom pkg import mod\nfrom pkg.sub import thing\n',
    'helper.py': 'from . import sibling\n',
    'sibling.py': 'X = 1\n',
    'pkg/__init__.py': '',
    'pkg/mod.py': 'Y = 2\n',
    'pkg/sub.py': 'thing = 3\n',
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  const outside = join(scratch, 'secret.js');
  writeFileSync(outside, 'SECRET');
  const reads: string[] = [];
  const read = async (path: string): Promise<string | undefined> => {
    reads.push(path);
    if (path === join(root, 'src', 'lib.js')) return "export { x } from './util.js';\n// unsaved edit\n";
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const js = await collectImportedFiles({ fileName: join(root, 'src', 'main.js'), source: `${files['src/main.js']}require('../../${'secret.js'}');\n`, workspaceRoot: root, read });
  assert.deepEqual(Object.keys(js).map((path) => path.slice(root.length + 1)).sort(), ['outside-of-src.js', 'src/dyn.mjs', 'src/lib.js', 'src/util.ts']);
  assert.match(js[join(root, 'src', 'lib.js')]!, /unsaved edit/, 'the reader decides the text (the editor passes unsaved text)');
  assert.ok(!reads.includes(outside), 'nothing outside the workspace is read');
  const py = await collectImportedFiles({ fileName: join(root, 'app.py'), source: files['app.py']!, workspaceRoot: root, read });
  assert.deepEqual(Object.keys(py).map((path) => path.slice(root.length + 1)).sort(), ['helper.py', 'pkg/__init__.py', 'pkg/mod.py', 'pkg/sub.py', 'sibling.py']);
  // Bounded and linear: a megabyte of dots or quotes costs milliseconds.
  const started = performance.now();
  await collectImportedFiles({ fileName: join(root, 'x.py'), source: `from ${'.'.repeat(1 << 20)}`, workspaceRoot: root, read: async () => undefined });
  await collectImportedFiles({ fileName: join(root, 'x.js'), source: `require('./${'a'.repeat(1 << 20)}`, workspaceRoot: root, read: async () => undefined });
  assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
  const capped = await collectImportedFiles({ fileName: join(root, 'src', 'main.js'), source: files['src/main.js']!, workspaceRoot: root, read, maxFiles: 1 });
  assert.equal(Object.keys(capped).length, 1);
});

test('a large program text (3 MB) reaches the prediction process whole', async () => {
  const runner = new PredictionRunner({ entry: ENTRY });
  try {
    const source = `${PROGRAM}// ${'x'.repeat(3 * 1024 * 1024)}\n`;
    const outcome = await runner.predict({ source, fileName: 'big.js' }, { timeLimitMs: 120_000 });
    assert.ok(outcome.ok, JSON.stringify(outcome).slice(0, 300));
    assert.deepEqual(outcome.ok ? outcome.model.output.map((line) => line.text) : [], ['a', 'b', 'c']);
  } finally {
    runner.dispose();
  }
});
