/**
 * Pieces of the JavaScript sandbox that the differential corpus exercises only
 * indirectly: the tick-free await instrumentation and its position map, the
 * source-map reader used for TypeScript, Node's resolution of relative imports
 * over the workspace files, the parent-side collector of imported files, and
 * multi-file predictions (steps carry their own file; unmodelled imports follow
 * the opaque convention: three awaited calls in a loop take 3L, the same calls
 * under Promise.all take L).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { languageFromPath, SourceParser } from '../../src/parsing';
import { predictTimeline } from '../../src/timeline';
import { isTimelineModel } from '../../src/timeline/protocol';
import { collectWorkspaceFiles, importSpecifiers, pythonImports } from '../../src/timeline/imports';
import { instrument } from '../../src/timeline/js/instrument';
import { resolveImport } from '../../src/timeline/js/resolve';
import { decodeMappings, originalPosition } from '../../src/timeline/js/sourcemap';

const parser = new SourceParser();
after(() => parser.dispose());

async function instrumented(source: string) {
  const tree = await parser.parse(source, languageFromPath('x.js')!);
  try {
    return instrument(source, tree.rootNode, 0);
  } finally {
    tree.delete();
  }
}

describe('await instrumentation', () => {
  test('wraps every await in two synchronous calls and every async body in a try that reports the throw', async () => {
    const out = await instrumented('async function f() { return await g(await h()); }\nconst a = async () => 1;\n');
    assert.equal(out.text, 'async function f() { try { return __ll.r(0, await __ll.a(0, g(__ll.r(1, await __ll.a(1, h())))));  } catch (__llError) { __ll.t(__llError); throw __llError; } }\n'
      + 'const a = async () => { try { return (1); } catch (__llError) { __ll.t(__llError); throw __llError; } };\n');
    assert.deepEqual(out.awaits.map((s) => [s.line, s.column, s.endColumn]), [[1, 29, 47], [1, 37, 46]]);
  });

  test('an empty async body stays well-formed; generators and plain functions are untouched', async () => {
    const out = await instrumented('const f = async function () {};\nfunction g() { return 1; }\nasync function* h() { yield 1; }\n');
    assert.match(out.text, /async function \(\) \{ try \{ \} catch \(__llError\)/);
    assert.match(out.text, /function g\(\) \{ return 1; \}/);
    assert.match(out.text, /async function\* h\(\) \{ yield 1; \}/);
  });

  test('positions in the instrumented text map back to the original column', async () => {
    const source = 'async function f() { await g(); console.log(1); }';
    const out = await instrumented(source);
    const logAt = out.text.indexOf('console.log');
    assert.deepEqual(out.positions.toOriginal(0, logAt), { line: 0, column: source.indexOf('console.log') });
    const gAt = out.text.indexOf('g()');
    assert.deepEqual(out.positions.toOriginal(0, gAt), { line: 0, column: source.indexOf('g()') });
  });
});

describe('source maps', () => {
  test('decodes VLQ mappings and finds the closest original position', () => {
    // "AAAA;AACA,IAAI" — line 0 col 0 → 0:0; line 1 col 0 → 1:0, col 4 → 1:4.
    const lines = decodeMappings('AAAA;AACA,IAAI');
    assert.deepEqual(originalPosition(lines, 0, 0), { line: 0, column: 0 });
    assert.deepEqual(originalPosition(lines, 1, 6), { line: 1, column: 6 });
  });
});

describe('imports', () => {
  test('finds require, import, export-from and dynamic import specifiers, not those in comments or strings', () => {
    const text = [
      "const a = require('./a');",
      "import b, { c } from \"./b.js\";",
      "import './side';",
      "export * from '../d';",
      "const e = await import('./e');",
      "// require('./commented')",
      "const s = 'require(\"./in-string\")';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(text), ['./a', './b.js', './side', '../d', './e']);
  });

  test('a 1 MB line of almost-imports is scanned in one pass', () => {
    const text = 'require('.repeat(150_000) + 'from'.repeat(50_000);
    assert.deepEqual(importSpecifiers(text), []);
  });

  test('Python imports: absolute, dotted, relative', () => {
    assert.deepEqual(pythonImports('import os, lib.queue as q\nfrom .util import x\nfrom ..pkg.mod import y\n    from app import z\n'), [
      { module: 'os', level: 0 }, { module: 'lib.queue', level: 0 }, { module: 'util', level: 1 }, { module: 'pkg.mod', level: 2 }, { module: 'app', level: 0 },
    ]);
  });

  test('resolution: extensions, a .js specifier naming a .ts file, index files; packages are unmodelled', () => {
    const files: Record<string, string> = { '/w/lib/queue.ts': '', '/w/lib/index.js': '', '/w/util.mjs': '' };
    const read = (p: string): string | undefined => files[p];
    assert.deepEqual(resolveImport('/w/main.ts', './lib/queue.js', read), { kind: 'file', path: '/w/lib/queue.ts' });
    assert.deepEqual(resolveImport('/w/main.ts', './lib', read), { kind: 'file', path: '/w/lib/index.js' });
    assert.deepEqual(resolveImport('/w/main.ts', './util', read), { kind: 'file', path: '/w/util.mjs' });
    assert.deepEqual(resolveImport('/w/main.ts', 'axios', read), { kind: 'opaque' });
    assert.deepEqual(resolveImport('/w/main.ts', './gone', read), { kind: 'opaque' });
  });
});

describe('multi-file predictions and unmodelled code', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'looplens-multi-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }');
    writeFileSync(join(dir, 'lib', 'store.js'), "exports.save = async (x) => { await new Promise((r) => setTimeout(r, 10)); console.log('saved', x); };\n");
    writeFileSync(join(dir, 'main.js'), [
      "const { save } = require('./lib/store');",
      "const http = require('some-http-client');",
      'async function main() {',
      '  await save(1);',
      '  for (const u of [1, 2, 3]) await http.get(u);',
      "  console.log('sequential');",
      '  await Promise.all([1, 2, 3].map((u) => http.get(u)));',
      "  console.log('together');",
      '}',
      'main();',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('imported files are followed, their steps carry their file, and opaque calls take the assumed latency', async () => {
    const main = join(dir, 'main.js');
    const source = readFileSync(main, 'utf8');
    const files = await collectWorkspaceFiles(main, source, { readText: async (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } });
    assert.ok(join(dir, 'lib', 'store.js') in files);
    const model = await predictTimeline(source, { fileName: main, parser, files, ioLatencyMs: 100 });
    assert.deepEqual(model.output.map((o) => [o.text, o.t]), [['saved 1', 10], ['sequential', 310], ['together', 410]]);
    assert.ok(model.steps.some((s) => s.file === join(dir, 'lib', 'store.js') && s.kind === 'print'));
    assert.deepEqual(model.files, [main, join(dir, 'lib', 'store.js')]);
    assert.ok(model.notes.some((n) => n.kind === 'assumed' && /some-http-client/.test(n.message)));
    assert.ok(model.steps.some((s) => s.assumed));
    const slower = await predictTimeline(source, { fileName: main, parser, files, ioLatencyMs: 50 });
    assert.deepEqual(slower.output.map((o) => o.t), [10, 160, 210]);
  });
});

describe('answers stay within the protocol', () => {
  test('an enormous printed line is cut with a note, and the lines after it are kept (hostile: huge-print)', async () => {
    const model = await predictTimeline(`console.log('x'.repeat(5_000_000));\nconsole.log('after');\n`, { fileName: 'huge.js', parser, files: {} });
    assert.ok(isTimelineModel(model), 'the model passes the protocol guard');
    assert.equal(model.output.length, 2);
    assert.ok(model.output[0]!.text.length <= 100_000 && /more characters\)$/.test(model.output[0]!.text));
    assert.equal(model.output[1]!.text, 'after');
  });
});
