/** TS/JS rules beyond the per-rule fixtures: JavaScript flavours (CommonJS, ESM), fix details and construct hovers. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TYPESCRIPT_RULES, analyzeText } from '../../src/analysis';
import { explainTsConstruct } from '../../src/analysis/constructs/typescript';
import { TsFile } from '../../src/analysis/typescript/semantics';
import { LineIndex, languageFromPath } from '../../src/parsing';
import { FIXTURES, expectedLines, sharedParser } from './helpers';

const JS_FIXTURES = join(FIXTURES, 'typescript', 'js');

for (const name of readdirSync(JS_FIXTURES)) {
  test(`JS fixture ${name}: every ts/ rule flags exactly its marked lines`, async () => {
    const path = join(JS_FIXTURES, name);
    const text = readFileSync(path, 'utf8');
    const language = languageFromPath(path)!;
    assert.equal(language.javascript, true);
    const findings = await analyzeText(sharedParser(), text, language);
    const lines = new LineIndex(text);
    for (const rule of TYPESCRIPT_RULES) {
      const actual = [...new Set(findings.filter((f) => f.ruleId === rule.id).map((f) => lines.positionAt(f.start).row + 1))];
      assert.deepEqual(actual, expectedLines(text, rule.id), rule.id);
    }
  });
}

async function findingsOf(text: string, path = 'x.ts') {
  return analyzeText(sharedParser(), text, languageFromPath(path)!);
}

test('JS quick fixes use untyped catch parameters', async () => {
  const findings = await findingsOf('async function f() {}\nsetTimeout(async () => { await f(); }, 1);\n', 'x.js');
  const finding = findings.find((f) => f.ruleId === 'ts/async-callback-void');
  assert.ok(finding);
  assert.match(finding.fixes[0]!.edits[0]!.newText, /\.catch\(\(error\) => console\.error\(error\)\)/);
});

test('ts/blocking-sync-call: never in plain top-level or CLI code', async () => {
  const text = 'import * as fs from "fs";\nconst a = fs.readFileSync("a");\nfunction main() { return fs.readFileSync("b"); }\nmain();\n';
  assert.deepEqual((await findingsOf(text)).filter((f) => f.ruleId === 'ts/blocking-sync-call'), []);
});

test('ts/await-in-loop: chains through object state and labelled breaks are not flagged', async () => {
  const text = [
    'async function step(n: number): Promise<number> { await null; return n; }',
    'async function run(xs: number[]) {',
    '  const state = { n: 0 };',
    '  for (const x of xs) { state.n = await step(state.n + x); }',
    '  outer: for (const x of xs) { for (const y of xs) { await step(x + y); break outer; } }',
    '}',
  ].join('\n');
  assert.deepEqual((await findingsOf(text)).filter((f) => f.ruleId === 'ts/await-in-loop'), []);
});

test('ts/async-without-await: an empty body and a returned promise are fine, the fix keeps the rest of the head', async () => {
  const text = 'async function a() {}\nasync function b() { return fetch("x"); }\nconst c = async (n) => n;\n';
  const findings = (await findingsOf(text, 'x.js')).filter((f) => f.ruleId === 'ts/async-without-await');
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0]!.fixes[0]!.edits, [{ start: text.indexOf('async (n)'), end: text.indexOf('(n)'), newText: '' }]);
});

async function hoverAt(text: string, needle: string, delta = 0, path = 'x.ts') {
  const language = languageFromPath(path)!;
  const tree = await sharedParser().parse(text, language);
  try {
    return explainTsConstruct(new TsFile(tree, text), text.indexOf(needle) + delta);
  } finally {
    tree.delete();
  }
}

test('construct hovers: queues, ordering and the Python counterpart', async () => {
  const text = [
    'import { setTimeout as sleep } from "node:timers/promises";',
    'async function main() {',
    '  await sleep(1);',
    '  setTimeout(() => {}, 0);',
    '  setInterval(() => {}, 10);',
    '  setImmediate(() => {});',
    '  process.nextTick(() => {});',
    '  queueMicrotask(() => {});',
    '  const p = new Promise<void>((resolve) => resolve());',
    '  p.then(() => 1).catch(() => 2).finally(() => 3);',
    '  await Promise.all([p]); await Promise.race([p]); await Promise.allSettled([p]); await Promise.any([p]);',
    '  for await (const x of [p]) console.log(x);',
    '}',
  ].join('\n');
  const cases: [string, number, string][] = [
    ['await sleep', 0, 'await'],
    ['sleep(1)', 1, 'setTimeout (node:timers/promises)'],
    ['async function', 2, 'async function'],
    ['setTimeout(() =>', 3, 'setTimeout'],
    ['setInterval', 0, 'setInterval'],
    ['setImmediate', 0, 'setImmediate'],
    ['nextTick', 2, 'process.nextTick'],
    ['process.nextTick', 2, 'process.nextTick'],
    ['queueMicrotask', 0, 'queueMicrotask'],
    ['new Promise', 0, 'new Promise'],
    ['Promise<void>', 2, 'new Promise'],
    ['.then', 1, 'Promise.prototype.then'],
    ['.catch', 1, 'Promise.prototype.catch'],
    ['.finally', 1, 'Promise.prototype.finally'],
    ['all([p])', 0, 'Promise.all'],
    ['race', 0, 'Promise.race'],
    ['allSettled', 0, 'Promise.allSettled'],
    ['any(', 0, 'Promise.any'],
    ['await (const', 0, 'for await'],
  ];
  for (const [needle, delta, title] of cases) {
    const hover = await hoverAt(text, needle, delta);
    assert.equal(hover?.title, title, needle);
    assert.ok(hover!.explanation.length > 40);
    assert.ok(hover!.start <= text.indexOf(needle) + delta && text.indexOf(needle) + delta <= hover!.end, needle);
  }
  assert.match((await hoverAt(text, 'process.nextTick', 2))!.explanation, /before promise reactions/);
  assert.match((await hoverAt(text, 'all([p])'))!.counterpart!, /asyncio\.gather/);
  assert.equal(await hoverAt(text, 'console'), undefined);
  assert.equal(await hoverAt(text, 'resolve())', 0), undefined);
});

test('construct hovers: a local function named setTimeout is not the timer', async () => {
  const text = 'function setTimeout(f: () => void) { f(); }\nsetTimeout(() => {});\n';
  assert.equal(await hoverAt(text, 'setTimeout(() =>'), undefined);
  assert.equal((await hoverAt('setTimeout(() => {});', 'setTimeout', 0, 'x.js'))?.title, 'setTimeout');
});
