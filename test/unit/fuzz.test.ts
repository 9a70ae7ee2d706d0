/**
 * Short fuzz run (deterministic seeds): mutants of the rule fixtures and the
 * timeline programs go through parsing, incremental re-parsing, every rule,
 * the incremental analyser, every quick fix, construct explanations and the
 * timeline, in a child process with a wall-clock budget per case. The long run
 * is `npm run fuzz`; its failing inputs become files in test/fuzz/regressions/,
 * replayed here.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/analysis';
import { NestingTooDeep, SourceParser, languageFromPath } from '../../src/parsing';
import { FUZZ_CHILD_ENV, loadSeeds, makeCase, nested, replayFiles, runChild, runFuzz, type FuzzFailure } from '../fuzz/harness';

/** Generous per case: the machine running the tests may be busy; a real hang runs forever. */
const CASE_TIMEOUT_MS = 15_000;
const REGRESSIONS = join(process.cwd(), 'test', 'fuzz', 'regressions');

function summary(failures: readonly FuzzFailure[]): string {
  return failures.map((f) => `${f.id} (${f.seedName}: ${f.mutations.join(', ')}) saved as ${f.savedAs}\n${f.problems.map((p) => `  ${p.kind}: ${p.detail}`).join('\n')}`).join('\n');
}

if (process.env[FUZZ_CHILD_ENV]) {
  runChild();
} else {
  test('mutants are deterministic: the same seed and index give the same input', () => {
    const seeds = loadSeeds();
    assert.ok(seeds.length >= 40, `expected the fixtures and timeline programs as seeds, found ${seeds.length}`);
    assert.ok(seeds.some((s) => s.name.startsWith('test/timeline/python/')) && seeds.some((s) => s.name.startsWith('test/timeline/js/')));
    assert.deepEqual(makeCase(seeds, 7, 3), makeCase(seeds, 7, 3));
    assert.notEqual(makeCase(seeds, 7, 3).text, makeCase(seeds, 7, 4).text);
  });

  test('fuzz: 300 mutants through parsing, rules, fixes, explanations and the timeline', { timeout: 240_000 }, async () => {
    const report = await runFuzz({ childScript: __filename, runSeed: 20261123, to: 300, caseTimeoutMs: CASE_TIMEOUT_MS });
    assert.equal(report.cases + report.failures.filter((f) => f.problems.some((p) => p.kind === 'hang' || p.kind === 'crash')).length, 300);
    assert.ok(report.parsed > 150, `most mutants should parse within the budget, ${report.parsed} did`);
    assert.deepEqual(report.failures, [], summary(report.failures));
  });

  test('the harness detects a hang and saves the input', { timeout: 60_000 }, async () => {
    // A child that never answers stands in for an infinite loop in the engine.
    const report = await runFuzz({ childScript: join(__dirname, '..', '..', '..', 'test', 'fuzz', 'never-answers.cjs'), runSeed: 1, to: 1, caseTimeoutMs: 500 });
    assert.equal(report.failures.length, 1);
    assert.equal(report.failures[0]!.problems[0]!.kind, 'hang');
    assert.ok(report.failures[0]!.savedAs && readdirSync(join(process.cwd(), 'test-results', 'fuzz')).some((name) => report.failures[0]!.savedAs!.endsWith(name)));
  });

  test('regression inputs found by fuzzing run clean within the budget', { timeout: 240_000 }, async () => {
    const files = readdirSync(REGRESSIONS).filter((name) => name.endsWith('.fuzz')).sort().map((name) => join(REGRESSIONS, name));
    assert.ok(files.length > 0);
    const results = await replayFiles(__filename, files, CASE_TIMEOUT_MS);
    assert.equal(results.length, files.length);
    assert.deepEqual(results.filter((r) => r.problems.length > 0), []);
  });

  test('hostile inputs: a 10,000-deep expression is refused quickly with a clear reason; a 150-deep one is analysed', { timeout: 60_000 }, async () => {
    const parser = new SourceParser();
    try {
      for (const [fileName, python] of [['deep.py', true], ['deep.ts', false]] as const) {
        const language = languageFromPath(fileName)!;
        for (const flavour of [0, 1, 2, 4]) {
          const started = performance.now();
          await assert.rejects(parser.parse(nested(10_000, python, flavour), language), (error: unknown) => error instanceof NestingTooDeep && /nested more than 500 levels/.test(error.message));
          assert.ok(performance.now() - started < 5_000, `refusing ${fileName} flavour ${flavour} took ${Math.round(performance.now() - started)} ms`);
        }
        const tree = await parser.parse(nested(150, python, 2), language);
        try {
          const started = performance.now();
          analyze(tree, tree.rootNode.text, language);
          assert.ok(performance.now() - started < 5_000);
        } finally {
          tree.delete();
        }
      }
    } finally {
      parser.dispose();
    }
  });
}
