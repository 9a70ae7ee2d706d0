/** Every rule against its fixture (marked lines flagged, all others clean) and its golden fix. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES, analyzeText, fixAll, type Rule } from '../../src/analysis';
import { TypedAnalyzer, mergeFindings } from '../../src/analysis/typed';
import { LineIndex, languageFromPath } from '../../src/parsing';
import { FIXTURES, REPO_ROOT, expectedLines, sharedParser } from './helpers';

const SECTIONS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix safety', '## Limitations'];

function fixturePath(ruleId: string): string {
  const [prefix, name] = ruleId.split('/') as [string, string];
  return prefix === 'py' ? join(FIXTURES, 'python', `${name}.py`) : join(FIXTURES, 'typescript', `${name}.ts`);
}

let typed: TypedAnalyzer | undefined;
/** Syntactic findings, plus the type-aware pass's for rules that only it reports. */
async function analyzeFixture(rule: Rule, path: string, text: string) {
  const syntactic = await analyzeText(sharedParser(), text, languageFromPath(path)!);
  if (rule.tier !== 'typed') return syntactic;
  typed ??= new TypedAnalyzer(join(FIXTURES, 'typescript'));
  return mergeFindings(syntactic, typed.analyze(path, text).findings);
}

for (const rule of ALL_RULES) {
  test(`${rule.id}: fixture lines marked "expect" are flagged and every other line is clean`, async () => {
    const path = fixturePath(rule.id);
    assert.ok(existsSync(path), `missing fixture ${path}`);
    const text = readFileSync(path, 'utf8');
    const expected = expectedLines(text, rule.id);
    assert.ok(expected.length > 0, 'a fixture must contain at least one expect marker');
    const findings = await analyzeFixture(rule, path, text);
    const lines = new LineIndex(text);
    const actual = findings.filter((f) => f.ruleId === rule.id).map((f) => lines.positionAt(f.start).row + 1);
    assert.deepEqual([...new Set(actual)], expected);
  });

  test(`${rule.id}: doc has the fixed sections`, () => {
    let position = -1;
    for (const section of SECTIONS) {
      const next = rule.doc.indexOf(section);
      assert.ok(next > position, `doc section "${section}" missing or out of order`);
      position = next;
    }
  });

  test(`${rule.id}: golden .fixed file matches applying the preferred fixes`, async () => {
    const path = fixturePath(rule.id);
    const text = readFileSync(path, 'utf8');
    const language = languageFromPath(path)!;
    const findings = await analyzeFixture(rule, path, text);
    const fixable = findings.some((f) => f.ruleId === rule.id && f.fixes.length > 0);
    const goldenPath = `${path}.fixed`;
    if (!fixable) {
      assert.ok(!existsSync(goldenPath), 'a rule without fixes must not have a .fixed file');
      return;
    }
    assert.ok(existsSync(goldenPath), `missing golden file ${goldenPath}`);
    const { text: fixed, applied } = await fixAll((current) => analyzeFixture(rule, path, current), text, (f) => (f.ruleId === rule.id ? f.fixes[0] : undefined));
    assert.ok(applied > 0);
    assert.equal(fixed, readFileSync(goldenPath, 'utf8'));
    const tree = await sharedParser().parse(fixed, language);
    try {
      assert.equal(tree.rootNode.hasError, false, 'the fixed text must parse without errors');
    } finally {
      tree.delete();
    }
  });

  test(`${rule.id}: README has a row with its anchor`, () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const anchor = `rule-${rule.id.replace('/', '-')}`;
    assert.ok(readme.includes(`id="${anchor}"`), `README.md lacks <a id="${anchor}">`);
  });
}

test('rule ids are unique and follow the family prefix', () => {
  const ids = ALL_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of ALL_RULES) assert.match(rule.id, rule.family === 'python' ? /^py\/[a-z-]+$/ : /^ts\/[a-z-]+$/);
});
