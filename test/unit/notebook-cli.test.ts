/** `looplens check` and `looplens timeline` on notebooks: cell positions in every format, folders, bad notebooks. Runs the built dist/cli.js. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from './helpers';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-nb-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A notebook with a markdown cell first, so cell numbers count it. */
function notebook(cells: readonly (string | { markdown: string })[]): string {
  return JSON.stringify({
    cells: cells.map((cell) =>
      typeof cell === 'string'
        ? { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: ['x\n'] }], source: cell.split(/(?<=\n)/) }
        : { cell_type: 'markdown', metadata: {}, source: cell.markdown },
    ),
    metadata: { kernelspec: { name: 'python3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const NB = notebook([{ markdown: '# Demo' }, 'import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print("done")', 'x = 1\n  \nasyncio.run(main())', 'await main()']);

test('text output: nb.ipynb:cell N:line:col, the cell counted among all cells', () => {
  const dir = workspace({ 'nb.ipynb': NB });
  const result = run(['check', 'nb.ipynb'], dir);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^nb\.ipynb:cell 3:3:1: py\/nested-asyncio-run `asyncio\.run\(\)` in a notebook cell raises RuntimeError/);
  assert.equal(result.stdout.trim().split('\n').length, 1, 'the top-level await cell is clean');
});

test('JSON carries a cell field, SARIF the cell in the region properties', () => {
  const dir = workspace({ 'nb.ipynb': NB });
  const json = JSON.parse(run(['check', '--format', 'json', 'nb.ipynb'], dir).stdout) as Record<string, unknown>[];
  assert.deepEqual(
    json.map(({ file, cell, line, column, code }) => ({ file, cell, line, column, code })),
    [{ file: 'nb.ipynb', cell: 3, line: 3, column: 1, code: 'py/nested-asyncio-run' }],
  );
  assert.deepEqual(Object.keys(json[0]!).slice(0, 3), ['file', 'cell', 'line']);
  const sarif = JSON.parse(run(['check', '--format', 'sarif', 'nb.ipynb'], dir).stdout);
  const location = sarif.runs[0].results[0].locations[0].physicalLocation;
  assert.equal(location.artifactLocation.uri, 'nb.ipynb');
  assert.deepEqual(location.region, { startLine: 3, startColumn: 1, endLine: 3, endColumn: 20, properties: { cell: 3 } });
});

test('folders include notebooks; .py files with # %% cells stay scripts', () => {
  const dir = workspace({
    'notebooks/nb.ipynb': NB,
    'script.py': '# %%\nimport asyncio\n# %%\nawait asyncio.sleep(1)\n',
    '.venv/lib/skip.ipynb': NB,
  });
  const result = run(['check', '.'], dir);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^notebooks\/nb\.ipynb:cell 3:3:1: py\/nested-asyncio-run /);
  assert.match(lines[1]!, /^script\.py:4:1: py\/await-outside-async /);
  assert.match(result.stderr, /2 findings in 2 files/);
});

test('broken notebook JSON is one clear line and exit 2; other kernels and empty notebooks are fine', () => {
  const dir = workspace({ 'broken.ipynb': '{"cells": [{"cell_type": "code", "source": "x"', 'r.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: 'asyncio.run(x)' }], metadata: { language_info: { name: 'R' } } }), 'empty.ipynb': '{"cells": [], "metadata": {}}' });
  const broken = run(['check', 'broken.ipynb'], dir);
  assert.equal(broken.status, 2);
  assert.equal(broken.stdout, '');
  assert.match(broken.stderr, /^looplens: broken\.ipynb: not valid notebook JSON \([^\n]+\)\n/);
  const other = run(['check', 'r.ipynb', 'empty.ipynb'], dir);
  assert.equal(other.status, 0);
  assert.match(other.stderr, /skipped r\.ipynb: not a Python notebook \(kernel language: r\)/);
});

test('looplens timeline nb.ipynb --cell N predicts cell N on the kernel\'s running loop', () => {
  const dir = workspace({ 'nb.ipynb': NB });
  const cell4 = run(['timeline', 'nb.ipynb', '--cell', '4', '--json'], dir);
  assert.equal(cell4.status, 0, cell4.stderr);
  const model = JSON.parse(cell4.stdout) as { output: { text: string; t: number }[]; steps: { line: number; file?: string; lane: string }[]; notes: unknown[] };
  assert.deepEqual(model.output.map((o) => [o.text, o.t]), [['done', 1000]]);
  assert.ok(model.steps.some((s) => s.lane === 'task:cell 4' && s.line === 1 && s.file === undefined), 'the cell\'s own await');
  assert.ok(model.steps.some((s) => s.file === 'cell 2'), 'steps in main() say they run code of cell 2');
  const cell3 = run(['timeline', 'nb.ipynb', '--cell=3'], dir);
  assert.equal(cell3.status, 0);
  assert.match(cell3.stdout, /RuntimeError: asyncio\.run\(\) cannot be called from a running event loop/);
  for (const [args, message] of [
    [['timeline', 'nb.ipynb'], /add --cell N \(1-4\)/],
    [['timeline', 'nb.ipynb', '--cell', '1'], /cell 1 is a markdown cell, not Python code/],
    [['timeline', 'nb.ipynb', '--cell', '9'], /there is no cell 9 \(the notebook has 4 cells\)/],
    [['timeline', 'nb.ipynb', '--cell', 'x'], /--cell expects a cell number/],
  ] as const) {
    const result = run([...args], dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, message);
  }
});
