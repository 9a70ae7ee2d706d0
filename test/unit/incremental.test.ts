/** Incremental re-analysis must always equal a full analysis of the same text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../src/analysis';
import { IncrementalAnalyzer, mapOffset } from '../../src/analysis/incremental';
import { DocumentTrees, GrammarLoader, findWasmDir, languageFromPath, type TextChange } from '../../src/parsing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, random, readFixture } from './helpers';

const loader = new GrammarLoader(findWasmDir());

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

/**
 * Classes are re-analysed one method at a time: what a method's findings read
 * of its siblings (self attributes and their origins, helpers that start an
 * event loop, async-ness) must reach its signature. Every one-character
 * deletion and a few insertions at every offset of such a class, each
 * checked against a full analysis.
 */
const CLASS_SOURCE = `import asyncio
import threading
import time


class Worker:
    def __init__(self, lock: threading.Lock):
        self.lock = lock
        self.event = threading.Event()
        self.alias = self.event
        local = threading.Lock()
        self.other = local

    def helper(self):
        asyncio.run(self.job())

    def relay(self):
        return self.helper()

    async def job(self):
        self.lock.acquire()
        self.alias.wait()
        self.other.acquire()
        self.relay()
        time.sleep(1)

    async def gen(self):
        yield 1

    async def uses(self):
        self.job()
        self.gen()
`;

test('incremental findings equal a full analysis after every small edit of a class split into methods', async () => {
  const language = languageFromPath('worker.py')!;
  const grammar = await loader.load(language.grammar);
  const original = new DocumentTrees();
  const base = analyze(original.update('doc', 0, CLASS_SOURCE, language.grammar, grammar).tree, CLASS_SOURCE, language);
  original.dispose();
  assert.ok(base.some((f) => f.ruleId === 'py/nested-asyncio-run') && base.some((f) => f.ruleId === 'py/blocking-sync-primitive'), 'the class has cross-method findings');
  let partial = 0;
  const edits: TextChange[] = [];
  for (let at = 0; at < CLASS_SOURCE.length; at++) {
    edits.push(at % 2 ? { rangeOffset: at, rangeLength: 1, text: '' } : { rangeOffset: at, rangeLength: 0, text: at % 4 ? 'x' : at % 8 ? '(' : '\n        ' });
  }
  const trees = new DocumentTrees();
  const analyzer = new IncrementalAnalyzer();
  let version = 0;
  analyzer.analyze(trees.update('doc', version, CLASS_SOURCE, language.grammar, grammar), language);
  for (const change of edits) {
    // Each edit starts from the original text (the analysed version), then goes back to it.
    const edited = CLASS_SOURCE.slice(0, change.rangeOffset) + change.text + CLASS_SOURCE.slice(change.rangeOffset + change.rangeLength);
    const undo: TextChange = { rangeOffset: change.rangeOffset, rangeLength: change.text.length, text: CLASS_SOURCE.slice(change.rangeOffset, change.rangeOffset + change.rangeLength) };
    for (const [text, step] of [[edited, change], [CLASS_SOURCE, undo]] as const) {
      const parsed = trees.update('doc', ++version, text, language.grammar, grammar, [step]);
      const incremental = analyzer.analyze(parsed, language);
      if (analyzer.lastStats?.mode === 'partial') partial++;
      assert.deepEqual(incremental, analyze(parsed.tree, text, language), `${JSON.stringify(step)}`);
    }
  }
  trees.dispose();
  assert.ok(partial > edits.length / 4, `the partial path ran only ${partial} of ${edits.length * 2} times`);
});
