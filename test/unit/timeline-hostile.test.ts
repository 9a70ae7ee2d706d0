/**
 * The hostile corpus (test/hostile/: one program per attack, JS and Python,
 * each starting with a comment saying what it tries) through both callers of
 * the prediction process: the CLI (`node dist/cli.js timeline`, spawned) and
 * the PredictionRunner the editor uses (with a warm spare). For every program:
 * the caller survives, the outcome is one line (or a model, with a note
 * where the header's `outcome: stopped-or-note` asks for one), no file
 * appears next to the program, the caller's environment and pid are not in
 * the model, and a normal prediction right after works. Data-driven: a file
 * added to the folder is a new case (`__MARKER_DIR__` in it becomes the
 * folder the program runs in, which must stay empty but for the program).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { languageFromPath } from '../../src/parsing';
import type { TimelineModel } from '../../src/timeline/model';
import { PredictionRunner, type PredictionOutcome } from '../../src/timeline/sandbox/runner';
import { REPO_ROOT } from './helpers';

const HOSTILE = join(REPO_ROOT, 'test', 'hostile');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
/** The product's default time limit: the programs' own budgets stop runaway code long before, and a loaded machine must not fail a test. */
const LIMITS = { timeSeconds: 30, memoryMb: 256 };
/** Generous: a normal prediction right after a hostile one must not fail for a loaded machine. */
const NORMAL_LIMIT_MS = 60_000;
const CANARY = `looplens-canary-${process.pid}-${Date.now()}`;
const NORMAL = { source: "console.log('a');\nsetTimeout(() => console.log('c'), 1);\nPromise.resolve().then(() => console.log('b'));\n", fileName: 'normal.js' };
const FAILURE_LINE = /^(the prediction ran out of memory \(.+\) and was stopped|the prediction took longer than \d+ s and was stopped.*|the prediction process crashed \(signal [A-Z]+\)|the prediction process ended without an answer \(exit code \d+\))$/;

type Expectation = 'stopped-or-note' | 'model';

interface HostileProgram {
  readonly name: string;
  readonly text: string;
  readonly expect: Expectation;
}

function corpus(): HostileProgram[] {
  return readdirSync(HOSTILE).filter((name) => languageFromPath(name)).sort().map((name) => {
    const text = readFileSync(join(HOSTILE, name), 'utf8');
    const first = text.split('\n')[0] ?? '';
    assert.match(first, /^(\/\/|#) Tries: \S/, `${name} starts with a comment saying what it tries`);
    const declared = /^(?:\/\/|#) outcome: (stopped-or-note|model)\s*$/m.exec(text);
    return { name, text, expect: (declared?.[1] as Expectation | undefined) ?? 'stopped-or-note' };
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'looplens-hostile-'));
let runner: PredictionRunner;
before(() => {
  process.env.LOOPLENS_HOSTILE_CANARY = CANARY;
  runner = new PredictionRunner({ spare: true, timeLimitMs: LIMITS.timeSeconds * 1000, memoryLimitMb: LIMITS.memoryMb });
});
after(() => {
  runner.dispose();
  delete process.env.LOOPLENS_HOSTILE_CANARY;
  rmSync(scratch, { recursive: true, force: true });
});

/** The program written into a folder of its own, with its marker paths pointing into that folder. */
function stage(program: HostileProgram, via: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(scratch, `${via}-`));
  const file = join(dir, program.name);
  writeFileSync(file, program.text.replaceAll('__MARKER_DIR__', dir));
  return { dir, file };
}

function assertNothingWritten(dir: string, program: HostileProgram): void {
  assert.deepEqual(readdirSync(dir), [program.name], `${program.name}: a file appeared next to the program`);
}

/** The caller's secrets are not in what the prediction produced. */
function assertNoLeak(model: TimelineModel, callerPid: number): void {
  const text = JSON.stringify(model);
  assert.ok(!text.includes(CANARY), 'the caller\'s environment reached the program');
  assert.doesNotMatch(text, new RegExp(`\\b${callerPid}\\b`), 'the caller\'s pid reached the program');
}

function assertModelShape(program: HostileProgram, model: TimelineModel): void {
  assert.ok(!model.output.some((line) => line.text.includes('ESCAPED')), `${program.name}: the program reports it escaped the sandbox`);
  if (program.expect === 'stopped-or-note') {
    assert.ok(model.notes.length > 0 || model.steps.some((step) => step.kind === 'error'), `${program.name}: a model that was not stopped says why in a note`);
  }
}

function runCli(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'timeline', ...args], { env: { ...process.env, LOOPLENS_HOSTILE_CANARY: CANARY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
}

function assertNormal(outcome: PredictionOutcome): void {
  assert.ok(outcome.ok, `the next prediction failed: ${JSON.stringify(outcome)}`);
  assert.deepEqual(outcome.ok ? outcome.model.output.map((line) => line.text) : [], ['a', 'b', 'c']);
}

const programs = corpus();

test('the corpus covers the process-level classes in both languages', () => {
  const names = programs.map((program) => program.name);
  for (const base of ['huge-split', 'huge-array', 'array-buffers', 'deep-recursion', 'infinite-loop', 'catastrophic-regex', 'write-marker', 'spawn-process', 'env-pid']) {
    for (const extension of ['js', 'py']) assert.ok(names.includes(`${base}.${extension}`), `test/hostile/${base}.${extension} is missing`);
  }
  for (const engine of ['host-callbacks.js', 'leaks.js', 'pollution.js']) assert.ok(names.includes(engine), `test/hostile/${engine} is missing`);
});

for (const program of programs) {
  test(`${program.name}: through the CLI and through the editor's runner`, async () => {
    // The CLI, spawned as users run it.
    const cli = stage(program, 'cli');
    const timeLimitMs = program.expect === 'model' ? NORMAL_LIMIT_MS : LIMITS.timeSeconds * 1000;
    const result = await runCli(['--json', '--time-limit', String(timeLimitMs / 1000), '--memory-limit', String(LIMITS.memoryMb), cli.file]);
    assert.equal(result.signal, null, `the CLI itself was killed (${result.signal}): ${result.stderr}`);
    if (result.code === 3) {
      assert.equal(program.expect, 'stopped-or-note', `${program.name} should have given a model: ${result.stderr}`);
      const lines = result.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `one line on stderr, got: ${result.stderr}`);
      assert.match(lines[0]!.replace(`looplens timeline: ${cli.file}: `, ''), FAILURE_LINE);
      assert.equal(result.stdout, '');
    } else {
      assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
      const model = JSON.parse(result.stdout) as TimelineModel;
      assertModelShape(program, model);
      assertNoLeak(model, result.pid);
    }
    assertNothingWritten(cli.dir, program);
    const normalFile = join(cli.dir, '..', `normal-${program.name}.js`);
    writeFileSync(normalFile, NORMAL.source);
    const normal = await runCli(['--json', normalFile]);
    assert.equal(normal.code, 0, normal.stderr);
    assert.deepEqual((JSON.parse(normal.stdout) as TimelineModel).output.map((line) => line.text), ['a', 'b', 'c']);

    // The runner the editor uses (a warm spare, the same limits).
    const editor = stage(program, 'editor');
    const outcome = await runner.predict({ source: readFileSync(editor.file, 'utf8'), fileName: editor.file, workspaceRoot: editor.dir }, { timeLimitMs });
    if (outcome.ok) {
      assertModelShape(program, outcome.model);
      assertNoLeak(outcome.model, process.pid);
    } else {
      assert.equal(program.expect, 'stopped-or-note', `${program.name} should have given a model: ${outcome.message}`);
      assert.ok(outcome.reason === 'memory' || outcome.reason === 'time' || outcome.reason === 'crash', outcome.reason);
      assert.match(outcome.message, FAILURE_LINE);
    }
    assertNothingWritten(editor.dir, program);
    assertNormal(await runner.predict(NORMAL, { timeLimitMs: NORMAL_LIMIT_MS }));
  });
}
