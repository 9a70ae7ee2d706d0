/**
 * The benchmark (bench/, `npm run bench`) cannot rot: every scenario runs once
 * on a tiny input with its peers. No timing is asserted — only that each
 * measurement runs through the product's code paths and returns numbers.
 * B7 (packaging a .vsix) is left to `npm run bench` itself: it takes a full
 * production build.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildFile, countLines, timelineProgram } from '../../bench/corpus';
import {
  activationToDiagnostics, eslintEdits, eslintFiles, eslintTypedPass, loopLensEdits, makeEditScript, memoryGrowth, PYTHON, ruffColdCheck, ruffEdits,
  ruffFiles, runCli, timelineMs, typedPass, TYPESCRIPT,
} from '../../bench/scenarios';
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
  finite((await eslintFiles(TS_FILES.slice(1))).ms);
});

test('B3: activation to first diagnostics, and Ruff cold', async () => {
  const text = readFileSync(PY_FILES[0]!, 'utf8');
  const result = await activationToDiagnostics(text, PYTHON);
  finite(result.ms);
  assert.ok(result.findings > 0);
  finite(ruffColdCheck(text).ms);
});

test('B4: timeline prediction of a program built from the recorded corpus', async () => {
  for (const [language, name] of [['javascript', 'bench.js'], ['python', 'bench.py']] as const) {
    const program = timelineProgram(language, 30);
    assert.ok(countLines(program.text) >= 30);
    const result = await timelineMs(program.text, name, 1, 0);
    finite(result.median);
    assert.ok(result.steps > 0, `${language}: the simulator produced no steps`);
  }
});

test('B5: memory before and after edits (JS heap + WASM memory)', async () => {
  const py = buildFile(PY_FILES, 60);
  const script = await makeEditScript(py.text, 'python', 8, 5);
  const result = await memoryGrowth(py.text, PYTHON, script, 2, 10);
  // WASM memory is readable only through the loader that started the runtime (the first in the process; in `npm run bench` each scenario has its own process).
  assert.ok(Number.isFinite(result.wasmAfterWarmup) && Number.isFinite(result.heapGrowthBytes));
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
