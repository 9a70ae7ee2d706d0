/**
 * The benchmark (bench/, `npm run bench`) cannot rot: every scenario runs once
 * on a tiny input with its peers. No timing is asserted — only that each
 * measurement runs through the product's code paths and returns numbers.
 * B7 (packaging a .vsix) is left to `npm run bench` itself: it takes a full
 * production build.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildColdBundles } from '../../bench/bundles';
import { buildFile, countLines, timelineProgram } from '../../bench/corpus';
import {
  activationToDiagnostics, coldStart, eslintEdits, eslintFiles, eslintTypedPass, loopLensEdits, makeEditScript, memoryGrowth, PYTHON, ruffColdCheck, ruffEdits,
  ruffFiles, runCli, timelineMs, timelineSandboxMs, typedPass, TYPESCRIPT,
} from '../../bench/scenarios';
import { assertCoverage } from '../../bench/peers';
import { REPO_ROOT } from './helpers';

const PY_FILES = [join(REPO_ROOT, 'examples/python/pitfall_tour.py'), join(REPO_ROOT, 'examples/python/blocking_worker.py')];
const TS_FILES = [join(REPO_ROOT, 'examples/typescript/event_loop_pitfalls.ts'), join(REPO_ROOT, 'examples/typescript/save_user.ts')];

const finite = (value: number): void => assert.ok(Number.isFinite(value) && value >= 0, `expected a timing, got ${value}`);

test('B1: keystroke edits through DocumentTrees + IncrementalAnalyzer, Ruff and ESLint re-checks', async () => {
  const py = buildFile(PY_FILES, 60);
  const steps = await makeEditScript(py.text, 'python', 12, 3);
  assert.equal(steps.length, 12);
  // Each step is one keystroke applied to the previous text.
  assert.ok(steps.every((s) => s.change.text.length <= 1 + 40));
  const ours = await loopLensEdits(py.text, PYTHON, steps, steps.slice(0, 3));
  finite(ours.median);
  finite(ours.p95);
  assert.ok(ours.partialShare >= 0 && ours.partialShare <= 1);
  finite(ruffEdits(steps.slice(0, 2), 1).median);
  const ts = buildFile(TS_FILES, 40);
  const tsSteps = await makeEditScript(ts.text, 'typescript', 6, 3);
  finite((await loopLensEdits(ts.text, TYPESCRIPT, tsSteps, [])).median);
  finite((await eslintEdits(ts.text, tsSteps.slice(0, 1), 0)).median);
});

test('B2: looplens check, Ruff-wasm and ESLint over the same files', async () => {
  const cli = runCli(PY_FILES, ['--jobs', '1']);
  finite(cli.ms);
  assert.ok(cli.findings > 0);
  finite(ruffFiles(PY_FILES).ms);
  const ruff = ruffFiles(PY_FILES);
  assert.equal(ruff.coverage.checked, PY_FILES.length);
  assert.ok(ruff.coverage.canary);
  const eslint = await eslintFiles(TS_FILES);
  finite(eslint.ms);
  // Every file really linted, with type information (the corpus lives in node_modules, which flat config ignores by default).
  assert.deepEqual([eslint.coverage.checked, eslint.coverage.typed, eslint.coverage.failed, eslint.coverage.canary], [TS_FILES.length, TS_FILES.length, 0, true]);
});

test('peers: a figure is refused when the peer checked nothing or its rules are off', () => {
  const none = { files: 3, checked: 0, typed: 0, failed: 3, reasons: ['a.ts: No matching configuration found'], canary: true };
  assert.throws(() => assertCoverage('ESLint', none), /checked none of the 3 files; first failures: a\.ts: No matching configuration/);
  assert.throws(() => assertCoverage('ESLint', { ...none, checked: 3, failed: 0, typed: 1 }), /only 1 of the 3 linted files had type information/);
  assert.throws(() => assertCoverage('Ruff', { files: 2, checked: 2, failed: 0, reasons: [], canary: false }), /canary/);
  assertCoverage('Ruff', { files: 2, checked: 2, failed: 0, reasons: [], canary: true });
});

test('B3: activation to first diagnostics in this process, in a fresh process, in a worker thread, and Ruff cold', async () => {
  const text = readFileSync(PY_FILES[0]!, 'utf8');
  const result = await activationToDiagnostics(text, PYTHON);
  finite(result.ms);
  assert.ok(result.findings > 0);
  finite(ruffColdCheck(text).ms);
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-cold-'));
  try {
    const { launcher } = buildColdBundles(dir);
    const direct = coldStart(launcher, 'direct', 'python', PY_FILES[0]!);
    assert.equal(direct.findings, result.findings, 'the fresh process finds what this process found');
    for (const key of ['ms', 'requireMs', 'loadMs', 'parseMs', 'analyzeMs', 'nodeStartupMs'] as const) finite(direct[key]!);
    const worker = coldStart(launcher, 'worker', 'typescript', TS_FILES[0]!);
    assert.ok(worker.findings! > 0);
    finite(worker.upMs!);
    finite(coldStart(launcher, 'bare-worker').ms);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('B4: timeline prediction of a program built from the recorded corpus', async () => {
  for (const [language, name] of [['javascript', 'bench.js'], ['python', 'bench.py']] as const) {
    const program = timelineProgram(language, 30);
    assert.ok(countLines(program.text) >= 30);
    const result = await timelineMs(program.text, name, 1, 0);
    finite(result.median);
    assert.ok(result.steps > 0, `${language}: the simulator produced no steps`);
    const handoff = await timelineSandboxMs(program.text, name, 1, 1);
    finite(handoff.warm);
    finite(handoff.cold);
  }
});

test('B5: memory before and after edits (JS heap + WASM memory)', async () => {
  const py = buildFile(PY_FILES, 60);
  const script = await makeEditScript(py.text, 'python', 8, 5);
  const result = await memoryGrowth(py.text, PYTHON, script, 2, 10);
  assert.equal(result.edits, 10);
  const cut = await memoryGrowth(py.text, PYTHON, script, 2, 1_000_000, 50);
  assert.ok(cut.edits < cut.requestedEdits, 'the time budget stops a long run');
  // The runtime was started by another loader of this process (the edit script's parser): its memory is still measured.
  assert.ok(result.wasmAfterWarmup > 0, 'WASM memory is measured');
  assert.ok(Number.isFinite(result.heapGrowthBytes));
});

test('B6: type-aware first run and re-check, and the ESLint equivalent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-typed-'));
  const file = join(dir, 'small.ts');
  writeFileSync(file, 'async function load(): Promise<number> {\n  return 1;\n}\nexport function main() {\n  load();\n}\n');
  const ours = typedPass(dir, file, 1);
  assert.notEqual(typeof ours, 'string', String(ours));
  if (typeof ours !== 'string') {
    finite(ours.firstMs);
    finite(ours.recheckMs);
  }
  finite((await eslintTypedPass(file, 1)).recheckMs);
});
