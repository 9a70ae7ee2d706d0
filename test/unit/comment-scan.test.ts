/**
 * Suppression comments are read in linear time (issue 12 item 5): the
 * scanners give what the old regular expressions captured (checked against
 * them as oracles on short generated comments, where backtracking is cheap),
 * they contain no regular expression, and 1 MB adversarial lines — the shapes
 * that made the old expressions quadratic or cubic — are read correctly, also
 * through the engine's path (the comment on a finding's line).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../src/analysis';
import {
  findKeyword, findLooplensIgnoreList, scanEslintDisable, scanLooplensIgnore, scanNoqa, scanPyrightIgnore, scanTypeIgnore,
} from '../../src/analysis/commentScan';
import { Suppressions, ignoreCommentEdit } from '../../src/analysis/suppression';
import { languageFromPath } from '../../src/parsing';
import { random as seededRandom, sharedParser } from './helpers';

/** The expressions the scanners replaced, kept here as the specification. */
const ORACLES = {
  looplens: /looplens:\s*ignore(?:\[([^\]]*)\])?/i,
  noqa: /(?:^|[\s#])noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i,
  pyright: /pyright:\s*ignore(?:\[([^\]]*)\])?/,
  typeIgnore: /type:\s*ignore(?:\[([^\]]*)\])?/,
  eslint: /eslint-disable-(next-)?line(?:\s+([^*]*?))?\s*(?:\*\/|--|$)/,
  existing: /looplens:\s*ignore\[([^\]]*)\]/,
};

const TOKENS = [
  'looplens:', 'LoopLens:', 'LOOPLENS:', 'ignore', 'IGNORE', 'Ignore', '[', ']', ' ', ' ', '\t', '\u00a0', '\n', ',', ', ', 'noqa', 'NoQA', 'xnoqa',
  ':', '#', 'A1', 'ASYNC251', 'e5', 'E501x', '12', 'x', 'rule-a', '@scope/rule', '*', '/', '*/', '--', '-', 'eslint-disable-', 'line', 'next-line',
  'eslint-disable-line', 'eslint-disable-next-line', 'pyright:', 'type:', 'İ', 'ſ', '//', '/*',
];

/** An empty list suppresses everything, like no list. */
const norm = (list: string | undefined): string | undefined => (list === '' ? undefined : list);

describe('suppression comment scanners', () => {
  test('match the old expressions on 30,000 generated comments', () => {
    const random = seededRandom(12);
    for (let n = 0; n < 30_000; n++) {
      const length = Math.floor(random() * 14);
      const text = Array.from({ length }, () => TOKENS[Math.floor(random() * TOKENS.length)]!).join('');
      const shown = JSON.stringify(text);
      const single = (oracle: RegExp, found: { list: string | undefined } | undefined, name: string) => {
        const match = oracle.exec(text);
        assert.equal(found !== undefined, match !== null, `${name} presence: ${shown}`);
        if (match && found) assert.equal(norm(found.list), norm(match[1]), `${name} list: ${shown}`);
      };
      single(ORACLES.looplens, scanLooplensIgnore(text), 'looplens');
      single(ORACLES.noqa, scanNoqa(text), 'noqa');
      single(ORACLES.pyright, scanPyrightIgnore(text), 'pyright');
      single(ORACLES.typeIgnore, scanTypeIgnore(text), 'type');
      const eslint = ORACLES.eslint.exec(text);
      const scanned = scanEslintDisable(text);
      assert.equal(scanned !== undefined, eslint !== null, `eslint presence: ${shown}`);
      if (eslint && scanned) {
        assert.equal(scanned.nextLine, eslint[1] !== undefined, `eslint next-line: ${shown}`);
        assert.equal(norm(scanned.list), norm(eslint[2]), `eslint list: ${shown}`);
      }
      const existing = ORACLES.existing.exec(text);
      const span = findLooplensIgnoreList(text);
      assert.deepEqual(span, existing ? { start: existing.index, end: existing.index + existing[0].length, list: existing[1] } : undefined, `existing: ${shown}`);
    }
  });

  test('are hand-written scanners: no regular expression in the module', () => {
    const source = readFileSync(join(process.cwd(), 'src', 'analysis', 'commentScan.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
    assert.doesNotMatch(source, /RegExp|\.(?:match|matchAll|search|test|exec)\(|[=(,:]\s*\/[^/*\s]/);
    const suppression = readFileSync(join(process.cwd(), 'src', 'analysis', 'suppression.ts'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(suppression, /\([^)]*[*+]\)[*+]|\\s\+\$|\*\?/, 'no nested or lazy quantifier left in suppression.ts');
  });

  test('keywords are found with ASCII case folded only, as a non-unicode /i expression does', () => {
    assert.equal(findKeyword('x NoQA', 'noqa', 0, true), 2);
    assert.equal(findKeyword('x NoQA', 'noqa', 0, false), -1);
    assert.equal(findKeyword('\u212aey ſkip İgnore', 'key', 0, true), -1);
    assert.equal(findKeyword('ſkip', 'skip', 0, true), -1);
    assert.equal(findKeyword('İgnore', 'ignore', 0, true), -1);
    assert.equal(findKeyword('noq', 'noqa', 0, true), -1);
  });
});

const MB = 1024 * 1024;

describe('1 MB adversarial comment lines', () => {
  test('eslint-disable-line followed by a megabyte of spaces, of `a a a`, of repeated directives', () => {
    const spaces = `// eslint-disable-line ${' '.repeat(MB)}x*`;
    assert.equal(scanEslintDisable(spaces), undefined, 'a lone * before any terminator: no directive');
    assert.deepEqual(scanEslintDisable(`// eslint-disable-line ${' '.repeat(MB)}`), { nextLine: false, list: '' });
    const words = `// eslint-disable-next-line a${' a'.repeat(MB / 2)} -- why`;
    const found = scanEslintDisable(words)!;
    assert.equal(found.nextLine, true);
    assert.equal(found.list!.length, MB + 1);
    const repeated = `${'eslint-disable-line x * '.repeat(MB / 24)}eslint-disable-line rule-b */`;
    assert.deepEqual(scanEslintDisable(repeated), { nextLine: false, list: 'rule-b' });
  });

  test('looplens / pyright / type ignore with unclosed brackets and long space runs', () => {
    const unclosed = 'looplens: ignore['.repeat(MB / 17);
    assert.deepEqual(scanLooplensIgnore(unclosed), { list: undefined });
    assert.equal(findLooplensIgnoreList(unclosed), undefined);
    assert.equal(scanPyrightIgnore(`pyright:${' '.repeat(MB)}x`), undefined);
    assert.deepEqual(scanTypeIgnore(`${'type: '.repeat(MB / 6)}type: ignore[misc]`), { list: 'misc' });
    assert.deepEqual(scanLooplensIgnore(`# ${'LOOPLENS: x '.repeat(MB / 12)}looplens: ignore[py/a]`), { list: 'py/a' });
  });

  test('noqa with a megabyte of codes, and of near-codes', () => {
    const codes = `# noqa: ${'A1 '.repeat(MB / 3)}A`;
    assert.equal(scanNoqa(codes)!.list!.length, Math.floor(MB / 3) * 3 - 1);
    assert.deepEqual(scanNoqa(`# ${'xnoqa'.repeat(MB / 5)}`), undefined);
    assert.deepEqual(scanNoqa(`# noqa:${' ,'.repeat(MB / 2)}`), { list: undefined });
  });

  test('the quick fix on a line of a megabyte of spaces then text', () => {
    const line = `f()${' '.repeat(MB)}x`;
    const edit = ignoreCommentEdit(line, 'py/busy-loop', true);
    assert.equal(edit.start, line.length);
    const padded = `f()${' '.repeat(MB)}`;
    assert.equal(ignoreCommentEdit(padded, 'py/busy-loop', true).start, 3);
  });

  test('Suppressions.addComment on each adversarial line', () => {
    const suppressions = new Suppressions();
    suppressions.addComment(`// eslint-disable-line ${' '.repeat(MB)}x*`, 0);
    suppressions.addComment(`# noqa: ${'A1 '.repeat(MB / 3)}`, 1);
    suppressions.addComment(`# ${'looplens: ignore['.repeat(MB / 17)}`, 2);
    assert.equal(suppressions.isSuppressed(0, 'ts/floating-promise', []), false);
    assert.equal(suppressions.isSuppressed(1, 'py/x', ['A1']), true);
    assert.equal(suppressions.isSuppressed(1, 'py/x', ['B2']), false);
    assert.equal(suppressions.isSuppressed(2, 'py/x', []), true);
  });

  test('through the engine: a 1 MB comment on a finding\'s line', async () => {
    const parser = sharedParser();
    const ts = languageFromPath('a.ts')!;
    const code = 'async function save(): Promise<void> {}\nsave();';
    const kept = await analyzeText(parser, `${code} // eslint-disable-line ${' '.repeat(MB)}x*\n`, ts);
    assert.ok(kept.some((finding) => finding.ruleId === 'ts/floating-promise'), 'not a valid directive: the finding stays');
    const suppressed = await analyzeText(parser, `${code} // eslint-disable-line ${'a '.repeat(MB / 2)}@typescript-eslint/no-floating-promises -- why\n`, ts);
    assert.ok(!suppressed.some((finding) => finding.ruleId === 'ts/floating-promise'));
    const python = languageFromPath('a.py')!;
    const sleepy = 'import time\nasync def f():\n    time.sleep(1)  # noqa: ';
    const noqa = await analyzeText(parser, `${sleepy}${'ASYNC251, '.repeat(MB / 10)}\n`, python);
    assert.ok(!noqa.some((finding) => finding.ruleId === 'py/blocking-sleep'));
    const stringy = await analyzeText(parser, `import time\nasync def f():\n    time.sleep(1); x = "${'noqa '.repeat(MB / 5)}"\n`, python);
    assert.ok(stringy.some((finding) => finding.ruleId === 'py/blocking-sleep'), 'keywords inside a string suppress nothing');
  });
});
