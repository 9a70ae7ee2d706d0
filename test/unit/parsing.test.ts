/** The tree cache: incremental re-parse equals a fresh parse, trees are released, limits hold. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentTrees, GrammarLoader, LineIndex, findWasmDir, languageFromPath, languageFromVsCodeId, skipReason, type TextChange } from '../../src/parsing';
import { random, readFixture } from './helpers';

const loader = new GrammarLoader(findWasmDir());

const SNIPPETS = ['await ', 'async ', '(', ')', '\n', '    ', 'time.sleep(1)', '"é😀"', ':', 'def f():\n    pass\n', '{', '}', ';', 'x', '\r\n', '# c\n'];

function randomChange(text: string, next: () => number): TextChange {
  const start = Math.floor(next() * (text.length + 1));
  const length = Math.min(text.length - start, Math.floor(next() * 6));
  const insert = next() < 0.3 ? '' : SNIPPETS[Math.floor(next() * SNIPPETS.length)]!;
  return { rangeOffset: start, rangeLength: next() < 0.5 ? length : 0, text: insert };
}

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

for (const [fixture, path] of [
  ['python/blocking-sleep.py', 'a.py'],
  ['python/nested-asyncio-run.py', 'b.py'],
  ['typescript/floating-promise.ts', 'c.ts'],
] as const) {
  test(`incremental re-parse equals a fresh parse after random edit scripts (${fixture})`, async () => {
    // Tree-sitter's error recovery depends on history, so trees of *broken* text
    // may legitimately differ; whenever the text parses cleanly the incremental
    // tree must be identical. Each script is undone at the end, which always
    // returns to the (clean) original text.
    const language = languageFromPath(path)!;
    const grammar = await loader.load(language.grammar);
    const [folder, name] = fixture.split('/') as [string, string];
    const original = readFixture(folder, name);
    let cleanComparisons = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      const trees = new DocumentTrees();
      const fresh = new DocumentTrees();
      let text = original;
      let version = 0;
      trees.update('doc', version, text, language.grammar, grammar);
      const undo: TextChange[] = [];
      const check = (changes: TextChange[]): void => {
        version++;
        const incremental = trees.update('doc', version, text, language.grammar, grammar, changes);
        const reference = fresh.update('doc', version, text, language.grammar, grammar);
        assert.equal(incremental.tree.rootNode.endIndex, text.length);
        if (!reference.tree.rootNode.hasError) {
          cleanComparisons++;
          assert.equal(incremental.tree.rootNode.toString(), reference.tree.rootNode.toString(), `seed ${seed}, version ${version}`);
        }
      };
      for (let step = 0; step < 25; step++) {
        // Sometimes several changes in one event, as multi-cursor edits produce (each relative to the text before it).
        const changes: TextChange[] = [];
        const count = next() < 0.2 ? 3 : 1;
        for (let i = 0; i < count; i++) {
          const change = randomChange(text, next);
          undo.unshift({ rangeOffset: change.rangeOffset, rangeLength: change.text.length, text: text.slice(change.rangeOffset, change.rangeOffset + change.rangeLength) });
          changes.push(change);
          text = apply(text, change);
        }
        check(changes);
      }
      for (const change of undo) {
        text = apply(text, change);
        check([change]);
      }
      assert.equal(text, original);
      trees.dispose();
      fresh.dispose();
    }
    assert.ok(cleanComparisons >= 12, `only ${cleanComparisons} clean states compared`);
  });
}

test('the cache deletes trees on replace, close and eviction', async () => {
  const language = languageFromPath('x.py')!;
  const grammar = await loader.load(language.grammar);
  const trees = new DocumentTrees({ maxEntries: 2 });
  const first = trees.update('a', 1, 'x = 1\n', language.grammar, grammar);
  const replaced = trees.update('a', 2, 'x = 2\n', language.grammar, grammar);
  assert.notEqual(first, replaced);
  assert.throws(() => first.tree.rootNode.toString(), 'a replaced tree is deleted');
  trees.update('b', 1, 'y = 1\n', language.grammar, grammar);
  trees.update('c', 1, 'z = 1\n', language.grammar, grammar);
  assert.equal(trees.size, 2);
  assert.equal(trees.get('a'), undefined, 'least recently used entry evicted');
  assert.throws(() => replaced.tree.rootNode.toString(), 'an evicted tree is deleted');
  const c = trees.get('c')!;
  trees.delete('c');
  assert.throws(() => c.tree.rootNode.toString(), 'a closed document tree is deleted');
  assert.equal(trees.get('c'), undefined);
  trees.dispose();
  assert.equal(trees.size, 0);
});

test('version-keyed lookups only return the matching version', async () => {
  const language = languageFromPath('x.ts')!;
  const grammar = await loader.load(language.grammar);
  const trees = new DocumentTrees();
  trees.update('a', 3, 'let a = 1;\n', language.grammar, grammar);
  assert.ok(trees.get('a', 3));
  assert.equal(trees.get('a', 4), undefined);
  trees.dispose();
});

test('a parse over budget is cancelled with a clear error and leaves no entry', async () => {
  const language = languageFromPath('x.py')!;
  const grammar = await loader.load(language.grammar);
  const trees = new DocumentTrees({ parseBudgetMs: 0 });
  const huge = 'x = [' + '1, '.repeat(400_000) + ']\n';
  assert.throws(() => trees.update('big', 1, huge, language.grammar, grammar), /budget/);
  assert.equal(trees.size, 0);
  trees.dispose();
});

test('size cap and binary detection give readable reasons', () => {
  assert.match(skipReason('a'.repeat(3 * 1024), { maxFileSizeKb: 2 }) ?? '', /over the 2 KB limit/);
  assert.match(skipReason('abc\u0000def', { maxFileSizeKb: 10 }) ?? '', /binary/);
  assert.equal(skipReason('print(1)\n', { maxFileSizeKb: 10 }), undefined);
  // Minified or generated code: one reason, whatever the language.
  assert.match(skipReason('var a=1;', { maxFileSizeKb: 10, path: 'dist/app.min.js' }) ?? '', /minified file/);
  assert.match(skipReason('// Code generated by protoc-gen-ts. DO NOT EDIT.\nexport const x = 1;\n', { maxFileSizeKb: 10 }) ?? '', /generated file/);
  assert.match(skipReason('# @generated by tool\nx = 1\n', { maxFileSizeKb: 10 }) ?? '', /generated file/);
  assert.match(skipReason(`x = "${'a'.repeat(12_000)}"\n`, { maxFileSizeKb: 100 }) ?? '', /a line of 12,006 characters/);
  assert.match(skipReason(`${'f(1);'.repeat(100)}\n`.repeat(60), { maxFileSizeKb: 100 }) ?? '', /lines of \d+ characters on average/);
  assert.equal(skipReason(`${'f(1);'.repeat(20)}\n`.repeat(2000), { maxFileSizeKb: 1000, path: 'src/app.js' }), undefined);
  assert.equal(skipReason('# The word generated appears; do not edit lightly.\n', { maxFileSizeKb: 10 }), undefined);
});

test('languages: extensions and VS Code ids map to the right grammar', () => {
  assert.equal(languageFromPath('a.py')?.grammar, 'python');
  assert.equal(languageFromPath('a.ts')?.grammar, 'typescript');
  assert.equal(languageFromPath('a.tsx')?.grammar, 'tsx');
  assert.equal(languageFromPath('a.mjs')?.javascript, true);
  assert.equal(languageFromPath('a.rs'), undefined);
  assert.equal(languageFromVsCodeId('typescript', '/x/a.ts')?.grammar, 'typescript');
  assert.equal(languageFromVsCodeId('javascriptreact')?.grammar, 'tsx');
  assert.equal(languageFromVsCodeId('markdown'), undefined);
});

test('LineIndex converts offsets in UTF-16 code units', () => {
  const text = 'a😀b\nsecond\r\nthird';
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(3), { row: 0, column: 3 });
  assert.deepEqual(index.positionAt(text.indexOf('second')), { row: 1, column: 0 });
  assert.equal(index.offsetAt({ row: 2, column: 2 }), text.indexOf('third') + 2);
  assert.equal(index.lineText(1), 'second');
});
