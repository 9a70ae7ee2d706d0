/** The type-aware tier on a small multi-file project, a tsconfig-less folder, the merge with the syntactic tier, and incremental edits. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeText, type Finding } from '../../src/analysis';
import { TypedAnalyzer, changedSpan, mergeFindings, shiftFindings, TYPED_RULE_IDS } from '../../src/analysis/typed';
import { LineIndex, languageFromPath } from '../../src/parsing';
import { FIXTURES, expectedLines, sharedParser } from './helpers';

const PROJECT = join(FIXTURES, 'typed');
const project = new TypedAnalyzer(PROJECT);
after(() => project.dispose());

function rowsOf(text: string, findings: readonly Finding[], ruleId: string): number[] {
  const lines = new LineIndex(text);
  return [...new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => lines.positionAt(f.start).row + 1))];
}

test('typed fixture: every marked line is flagged by its rule and every other line is clean', () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8');
  const result = project.analyze(path, text);
  assert.equal(result.configFile, join(PROJECT, 'tsconfig.json'));
  assert.equal(result.timedOut, false);
  for (const ruleId of TYPED_RULE_IDS) assert.deepEqual(rowsOf(text, result.findings, ruleId), expectedLines(text, ruleId), ruleId);
  const declarations = join(PROJECT, 'api.ts');
  assert.deepEqual(project.analyze(declarations, readFileSync(declarations, 'utf8')).findings, []);
});

test('a promise returned by a function imported from another file is flagged, with the type in the message', () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8');
  const finding = project.analyze(path, text).findings.find((f) => text.slice(f.start, f.end) === 'saveUser(user)');
  assert.ok(finding);
  assert.equal(finding.ruleId, 'ts/floating-promise');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /`saveUser\(\)` returns `Promise<string>`/);
  assert.deepEqual(finding.fixes.map((fix) => fix.title), ['Add `await`', 'Add a `.catch(...)` handler']);
  assert.equal(finding.fixes[0]!.edits[0]!.newText, 'await ');
  const outside = project.analyze(path, text).findings.find((f) => rowsOf(text, [f], f.ruleId)[0] === text.split('\n').findIndex((l) => l.includes('export function notAsync')) + 2);
  assert.equal(outside?.fixes[0]?.edits[0]?.newText, 'void ', 'outside async code the fix is `void …`');
});

test('a promise in a condition gets `await` in async code; `await` of a non-promise gets "Remove `await`"', () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8');
  const findings = project.analyze(path, text).findings;
  const condition = findings.find((f) => f.ruleId === 'ts/promise-in-condition');
  assert.equal(text.slice(condition!.start, condition!.end), 'queue.isReady()');
  assert.deepEqual(condition!.fixes[0]!.edits, [{ start: condition!.start, end: condition!.start, newText: 'await ' }]);
  const awaited = findings.find((f) => f.ruleId === 'ts/await-non-thenable');
  assert.equal(awaited!.severity, 'hint');
  assert.match(awaited!.message, /type `number`/);
  const edit = awaited!.fixes[0]!.edits[0]!;
  assert.equal(text.slice(0, edit.start) + edit.newText + text.slice(edit.end, awaited!.end), text.slice(0, awaited!.start) + 'count()');
});

test('severity overrides apply and `off` disables a typed rule', () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8');
  const findings = project.analyze(path, text, { severities: { 'ts/floating-promise': 'off', 'ts/await-non-thenable': 'error' } }).findings;
  assert.equal(findings.filter((f) => f.ruleId === 'ts/floating-promise').length, 0);
  assert.ok(findings.filter((f) => f.ruleId === 'ts/await-non-thenable').every((f) => f.severity === 'error'));
});

test('edits are applied incrementally: a new floating call is found, a removed one disappears, the other file is reused', () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8');
  project.analyze(path, text);
  const edited = text.replace('  count();\n  store.size();', '  count();\n  store.load("new");\n  store.size();');
  const result = project.analyze(path, edited);
  const row = edited.split('\n').findIndex((l) => l.includes('store.load("new")')) + 1;
  assert.ok(rowsOf(edited, result.findings, 'ts/floating-promise').includes(row));
  const back = project.analyze(path, text);
  assert.deepEqual(rowsOf(text, back.findings, 'ts/floating-promise'), expectedLines(text, 'ts/floating-promise'));
});

test('without a tsconfig.json a default program serves the folder (TS and JS, imports between files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-typed-'));
  const analyzer = new TypedAnalyzer(dir);
  try {
    writeFileSync(join(dir, 'lib.ts'), 'export function later(): Promise<number> {\n  return Promise.resolve(1);\n}\n');
    const main = 'import { later } from "./lib";\nexport function go(): void {\n  later();\n}\n';
    writeFileSync(join(dir, 'main.ts'), main);
    const result = analyzer.analyze(join(dir, 'main.ts'), main);
    assert.equal(result.configFile, undefined);
    assert.deepEqual(rowsOf(main, result.findings, 'ts/floating-promise'), [3]);
    writeFileSync(join(dir, 'helper.mjs'), 'export async function ping() {}\n');
    const js = 'import { ping } from "./helper.mjs";\nping();\n';
    const jsResult = analyzer.analyze(join(dir, 'app.mjs'), js);
    const finding = jsResult.findings.find((f) => f.ruleId === 'ts/floating-promise');
    assert.ok(finding, 'JavaScript imports are typed too');
    assert.match(finding.fixes[1]!.edits[0]!.newText, /\.catch\(\(error\) =>/, 'no type annotation in JavaScript');
  } finally {
    analyzer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file changed on disk is re-read when told (the service watches nothing)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-typed-disk-'));
  const analyzer = new TypedAnalyzer(dir);
  try {
    writeFileSync(join(dir, 'lib.ts'), 'export function work(): number {\n  return 1;\n}\n');
    const main = 'import { work } from "./lib";\nwork();\n';
    assert.deepEqual(analyzer.analyze(join(dir, 'main.ts'), main).findings, []);
    writeFileSync(join(dir, 'lib.ts'), 'export async function work(): Promise<number> {\n  return 1;\n}\n');
    analyzer.fileChanged(join(dir, 'lib.ts'));
    assert.deepEqual(rowsOf(main, analyzer.analyze(join(dir, 'main.ts'), main).findings, 'ts/floating-promise'), [2]);
  } finally {
    analyzer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('merge: a typed finding at the place of a syntactic one of the same rule is dropped; others are added in order', async () => {
  const path = join(PROJECT, 'main.ts');
  const text = readFileSync(path, 'utf8') + '\nasync function local(): Promise<void> {}\nlocal();\n';
  const syntactic = await analyzeText(sharedParser(), text, languageFromPath(path)!);
  const typed = project.analyze(path, text).findings;
  const merged = mergeFindings(syntactic, typed);
  const keys = merged.map((f) => `${f.ruleId}@${f.start}`);
  assert.equal(new Set(keys).size, keys.length, 'no duplicates');
  const localRow = text.split('\n').length - 1;
  assert.deepEqual(rowsOf(text, merged.filter((f) => f.ruleId === 'ts/floating-promise'), 'ts/floating-promise').filter((r) => r === localRow), [localRow]);
  assert.ok(syntactic.some((f) => f.ruleId === 'ts/floating-promise' && new LineIndex(text).positionAt(f.start).row + 1 === localRow));
  assert.deepEqual([...merged].sort((a, b) => a.start - b.start), merged);
  assert.ok(merged.length >= typed.length);
});

test('shiftFindings moves findings after an edit and drops the ones it touched', () => {
  const base: Finding = { ruleId: 'ts/floating-promise', start: 10, end: 20, message: '', severity: 'warning', fixes: [{ title: 'x', safe: false, edits: [{ start: 10, end: 10, newText: 'await ' }] }], related: [] };
  assert.deepEqual(shiftFindings([base], [{ rangeOffset: 0, rangeLength: 0, text: 'abc' }]).map((f) => [f.start, f.end, f.fixes[0]!.edits[0]!.start]), [[13, 23, 13]]);
  assert.deepEqual(shiftFindings([base], [{ rangeOffset: 25, rangeLength: 3, text: '' }]).map((f) => [f.start, f.end]), [[10, 20]]);
  assert.deepEqual(shiftFindings([base], [{ rangeOffset: 15, rangeLength: 1, text: 'y' }]), []);
});

test('changedSpan finds the smallest differing span', () => {
  assert.deepEqual(changedSpan('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
  assert.deepEqual(changedSpan('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
  assert.deepEqual(changedSpan('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
});

test('JavaScript: `await` of an async call is never "non-thenable" whatever its JSDoc says; sloppy-mode syntax does not stop the pass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-typed-js-'));
  const analyzer = new TypedAnalyzer(dir);
  try {
    const text = [
      '/** @returns {object} */',
      'async function load() { return {}; }',
      'function plain() { return 1; }',
      'async function run(y, z) {',
      '  await load();',
      '  await plain();',
      '  for (var x = await y in z) {}',
      '}',
      'run(1, {});',
    ].join('\n');
    const result = analyzer.analyze(join(dir, 'app.js'), text);
    assert.deepEqual(rowsOf(text, result.findings, 'ts/await-non-thenable'), [6]);
    assert.deepEqual(rowsOf(text, result.findings, 'ts/floating-promise'), [9]);
  } finally {
    analyzer.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
