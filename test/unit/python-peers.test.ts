/**
 * The peers' own test cases for the rules we share (flake8-async, Ruff; test/fixtures/python/peers/,
 * each crediting its source): every line the peer expects is flagged by the mapped Loop Lens rule and
 * no other line is, except lines marked `docs-disagree:` where our docs deliberately differ.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../src/analysis';
import { LineIndex, languageFromPath } from '../../src/parsing';
import { FIXTURES, expectedLines, sharedParser } from './helpers';

const DIR = join(FIXTURES, 'python', 'peers');
const files = readdirSync(DIR).filter((name) => name.endsWith('.py')).sort();

test('peer fixtures exist and each credits its source and names its scored rules', () => {
  assert.ok(files.length >= 20, `expected the converted flake8-async and Ruff fixtures, found ${files.length}`);
  for (const name of files) {
    const text = readFileSync(join(DIR, name), 'utf8');
    assert.match(text, /^# Adopted from (python-trio\/flake8-async|astral-sh\/ruff) .* at commit [0-9a-f]{40},$/m, name);
    assert.match(text, /MIT License/, name);
    assert.match(text, /^# Scored rules: py\/[a-z-]+/m, name);
  }
});

for (const name of files) {
  test(`peer fixture ${name}: expected lines flagged, others clean (docs-disagree lines apart)`, async () => {
    const path = join(DIR, name);
    const text = readFileSync(path, 'utf8');
    const rules = /^# Scored rules: (.*)$/m.exec(text)![1]!.split(',').map((rule) => rule.trim());
    const disagree = new Set<number>();
    text.split('\n').forEach((line, i) => {
      if (/#.*docs-disagree:/.test(line)) disagree.add(i + 1);
    });
    const findings = await analyzeText(sharedParser(), text, languageFromPath(path)!);
    const lines = new LineIndex(text);
    for (const rule of rules) {
      const actual = [...new Set(findings.filter((f) => f.ruleId === rule).map((f) => lines.positionAt(f.start).row + 1))].filter((line) => !disagree.has(line));
      const expected = expectedLines(text, rule).filter((line) => !disagree.has(line));
      assert.deepEqual(actual, expected, rule);
    }
  });
}
