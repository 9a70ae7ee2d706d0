/** Incremental re-analysis must always equal a full analysis of the same text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analysis';
import { IncrementalAnalyzer, mapOffset } from '../../src/analysis/incremental';
import { DocumentTrees, GrammarLoader, findWasmDir, languageFromPath, type TextChange } from '../../src/parsing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readFixture } from './helpers';

const loader = new GrammarLoader(findWasmDir());

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Edits a person makes: type or delete a word, a line, a suppression comment; toggle `async`/`await`. */
const SNIPPETS = ['x', ' ', '\n', 'await ', 'async ', 'time.sleep(1)\n    ', '  # looplens: ignore', ' // looplens: ignore', 'import asyncio\n', 'save("k");\n  ', '(', ')', 'é😀'];

test('mapOffset shifts offsets after a change and rejects offsets inside it', () => {
  const changes: TextChange[] = [{ rangeOffset: 10, rangeLength: 5, text: 'abc' }];
  assert.equal(mapOffset(3, changes), 3);
  assert.equal(mapOffset(15, changes), 13);
  assert.equal(mapOffset(12, changes), -1);
  assert.equal(mapOffset(10, changes), 10);
});

// Every rule fixture (and so every rule) goes through the equivalence check.
let partialRuns = 0;
const FIXTURE_FILES = ['python', 'typescript'].flatMap((folder) =>
  readdirSync(join(FIXTURES, folder))
    .filter((name) => languageFromPath(name))
    .map((name) => [`${folder}/${name}`, name] as const),
);

for (const [fixture, path] of FIXTURE_FILES) {
  test(`incremental findings equal a full analysis after every edit (${fixture})`, async () => {
    const language = languageFromPath(path)!;
    const grammar = await loader.load(language.grammar);
    const [folder, name] = fixture.split('/') as [string, string];
    for (let seed = 1; seed <= 4; seed++) {
      const next = random(seed * 7919);
      const trees = new DocumentTrees();
      const analyzer = new IncrementalAnalyzer();
      let text = readFixture(folder, name);
      let parsed = trees.update('doc', 0, text, language.grammar, grammar);
      analyzer.analyze(parsed, language);
      for (let version = 1; version <= 40; version++) {
        const start = Math.floor(next() * (text.length + 1));
        const remove = next() < 0.4 ? Math.min(text.length - start, 1 + Math.floor(next() * 8)) : 0;
        const insert = next() < 0.3 && remove > 0 ? '' : SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
        const change: TextChange = { rangeOffset: start, rangeLength: remove, text: insert };
        text = text.slice(0, start) + insert + text.slice(start + remove);
        parsed = trees.update('doc', version, text, language.grammar, grammar, [change]);
        const incremental = analyzer.analyze(parsed, language);
        if (analyzer.lastStats?.mode === 'partial') partialRuns++;
        const full = analyze(parsed.tree, text, language);
        assert.deepEqual(incremental, full, `seed ${seed}, version ${version}, ${JSON.stringify(change)}`);
      }
      trees.dispose();
    }
  });
}

test('the partial path was exercised by the edit scripts', () => {
  assert.ok(partialRuns > 100, `the partial path ran only ${partialRuns} times`);
});
