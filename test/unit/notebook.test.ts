/** Notebooks: cells analysed as one program in a running loop, IPython syntax, findings mapped to cells, fixes in cells. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeNotebookCells, fixAllInCell, NOTEBOOK_LANGUAGE, type CellFinding } from '../../src/analysis/notebook';
import { analyzeText, applyEdits } from '../../src/analysis';
import { LineIndex } from '../../src/parsing';
import { blankIPythonSyntax, locateInProgram, notebookProgram, parseNotebook, pythonCells, NotebookFormatError } from '../../src/parsing/notebook';
import { readFixture, sharedParser } from './helpers';

function cellsOf(name: string): string[] {
  return pythonCells(parseNotebook(readFixture('notebooks', name))).map((cell) => cell.source);
}

/** `cell:line id` for findings (1-based cell among the analysed cells, 1-based line in the cell). */
function where(sources: readonly string[], findings: readonly CellFinding[]): string[] {
  return findings.map((f) => `${f.cell + 1}:${new LineIndex(sources[f.cell]!).positionAt(f.start).row + 1} ${f.ruleId}`).sort();
}

function expected(sources: readonly string[]): string[] {
  const out: string[] = [];
  sources.forEach((source, cell) =>
    source.split('\n').forEach((line, row) => {
      const match = /expect:\s*([\w/-]+)/.exec(line);
      if (match) out.push(`${cell + 1}:${row + 1} ${match[1]}`);
    }),
  );
  return out.sort();
}

test('tutorial notebook: exactly the marked lines are flagged, on the right cell and line', async () => {
  const sources = cellsOf('tutorial.ipynb');
  const findings = await analyzeNotebookCells(sharedParser(), sources);
  assert.deepEqual(where(sources, findings), expected(sources));
});

test('top-level await, async for and async with in a cell are valid; the same code in a script is not', async () => {
  const sources = ['import asyncio', 'await asyncio.sleep(1)\nasync for x in y():\n    pass\nasync with lock:\n    pass'];
  assert.deepEqual(await analyzeNotebookCells(sharedParser(), sources), []);
  const script = await analyzeText(sharedParser(), sources.join('\n'), NOTEBOOK_LANGUAGE);
  // In a script each of the three is a SyntaxError.
  assert.deepEqual(script.map((f) => f.ruleId), ['py/await-outside-async', 'py/await-outside-async', 'py/await-outside-async']);
});

test('asyncio.run in a cell: notebook message and the safe fix `await main()`', async () => {
  const sources = ['import asyncio\nasync def main():\n    await asyncio.sleep(1)', 'asyncio.run(main())'];
  const [finding] = await analyzeNotebookCells(sharedParser(), sources);
  assert.equal(finding?.ruleId, 'py/nested-asyncio-run');
  assert.equal(finding.cell, 1);
  assert.match(finding.message, /notebook cell raises RuntimeError/);
  assert.match(finding.message, /cannot be called from a running event loop/);
  const fix = finding.fixes[0]!;
  assert.equal(fix.safe, true);
  assert.equal(applyEdits(sources[1]!, fix.edits), 'await main()');
});

test('a bare main() from an earlier cell is py/unawaited-coroutine, not py/missing-asyncio-run, and the fix awaits it', async () => {
  const sources = ['async def main():\n    pass', 'x = 1\nmain()'];
  const findings = await analyzeNotebookCells(sharedParser(), sources);
  assert.deepEqual(findings.map((f) => f.ruleId), ['py/unawaited-coroutine']);
  assert.match(findings[0]!.message, /coroutine object/);
  assert.equal(applyEdits(sources[1]!, findings[0]!.fixes[0]!.edits), 'x = 1\nawait main()');
});

test('names from earlier cells are known in later ones', async () => {
  const helper = 'import asyncio\ndef start():\n    asyncio.run(work())';
  const findings = await analyzeNotebookCells(sharedParser(), [helper, 'async def work():\n    pass', 'start()']);
  assert.deepEqual(findings.map((f) => [f.cell, f.ruleId]), [[2, 'py/nested-asyncio-run']]);
  const related = findings[0]!.related[0]!;
  assert.equal(related.cell, 0, 'the related location points into the helper cell');
  assert.equal(helper.slice(related.start, related.end), 'asyncio.run(work())');
});

test('nest_asyncio.apply(): a hint on the call, no nested-run errors after it (errors before it stay)', async () => {
  const sources = cellsOf('nest-asyncio.ipynb');
  const findings = await analyzeNotebookCells(sharedParser(), sources);
  assert.deepEqual(where(sources, findings), expected(sources));
  const hint = findings.find((f) => f.cell === 1)!;
  assert.equal(hint.severity, 'hint');
  assert.match(hint.message, /cost/);
  assert.equal(findings.find((f) => f.cell === 0)!.severity, 'error');
});

test('IPython syntax never produces findings or syntax errors, and keeps every offset', async () => {
  const cell = '%load_ext autoreload\n!ls -la | head\nout = !echo hi\nx = %env HOME\nlen?\n??len\nasyncio.gather??\nif True:\n    %time y = 1\ns = """\n%not a magic\n"""\nz = (1\n     % 2)\n';
  const blanked = blankIPythonSyntax(cell);
  assert.equal(blanked.text.length, cell.length);
  assert.deepEqual(blanked.text.split('\n').map((l) => l.length), cell.split('\n').map((l) => l.length));
  assert.match(blanked.text, /^0 +\n0 +\nout = 0 +\nx = 0 +\n0 +\n0 +\n0 +\nif True:\n {4}0 +\ns = """\n%not a magic\n"""\nz = \(1\n {5}% 2\)\n$/);
  const tree = await sharedParser().parse(blanked.text, { grammar: 'python', family: 'python', javascript: false });
  try {
    assert.equal(tree.rootNode.hasError, false);
  } finally {
    tree.delete();
  }
  assert.deepEqual(await analyzeNotebookCells(sharedParser(), ['import asyncio', cell, '%%writefile x.py\nasyncio.run(main())\n', '%%html\n<b>asyncio.run(x)</b>']), []);
});

test('a cell that ends inside brackets or a string does not swallow the next cell', async () => {
  const program = notebookProgram(['x = (1,', 'import asyncio\nasyncio.run(main())']);
  assert.equal(locateInProgram(program, program.starts[1]! + 3).cell, 1);
  const findings = await analyzeNotebookCells(sharedParser(), ['async def main():\n    pass', 'x = (1,', 'import asyncio\nasyncio.run(main())']);
  assert.deepEqual(findings.map((f) => [f.cell, f.ruleId]), [[2, 'py/nested-asyncio-run']]);
});

test('suppression comments work inside cells', async () => {
  const findings = await analyzeNotebookCells(sharedParser(), ['import asyncio\nasync def main():\n    pass', 'asyncio.run(main())  # looplens: ignore[py/nested-asyncio-run]\nmain()  # noqa']);
  assert.deepEqual(findings, []);
});

test('fix-all in a cell applies its safe fixes and leaves the other cells alone', async () => {
  const sources = ['import asyncio\nasync def main():\n    pass', 'asyncio.run(main())\nprint(1)\nasyncio.run(main())', 'asyncio.run(main())'];
  const analyzeCells = (current: readonly string[]) => analyzeNotebookCells(sharedParser(), current);
  const fixed = await fixAllInCell(analyzeCells, sources, 1);
  assert.deepEqual(fixed, { text: 'await main()\nprint(1)\nawait main()', applied: 2 });
});

test('reading .ipynb: source as a string or a list, raw/markdown/other-language cells skipped, broken JSON is one clear error', () => {
  const notebook = parseNotebook(readFixture('notebooks', 'tutorial.ipynb'));
  const code = pythonCells(notebook);
  assert.equal(notebook.cells.length, 16);
  assert.equal(code.length, 13, 'markdown, raw and the SQL cell are not Python');
  assert.equal(code[0]!.index, 1);
  assert.equal(code[4]!.source, 'main()  # expect: py/unawaited-coroutine');
  assert.throws(() => parseNotebook('{"cells": [}'), (error: unknown) => error instanceof NotebookFormatError && /^not valid notebook JSON \(/.test(error.message) && !error.message.includes('\n'));
  assert.throws(() => parseNotebook('[1, 2]'), NotebookFormatError);
  assert.deepEqual(pythonCells(parseNotebook('{"cells": [{"cell_type": "code", "source": "x"}], "metadata": {"language_info": {"name": "R"}}}')), []);
  const v3 = parseNotebook('{"worksheets": [{"cells": [{"cell_type": "code", "input": ["a = 1\\n", "b = 2"], "language": "python"}]}], "metadata": {}}');
  assert.deepEqual(pythonCells(v3).map((c) => c.source), ['a = 1\nb = 2']);
});

test('a notebook of thousands of cells is analysed in one pass, quickly', async () => {
  const sources = ['import asyncio\nasync def main():\n    await asyncio.sleep(0)'];
  for (let i = 0; i < 3000; i++) sources.push(i % 500 === 0 ? 'asyncio.run(main())' : `x${i} = await asyncio.sleep(0, ${i})\n%time y = ${i}`);
  const started = performance.now();
  const findings = await analyzeNotebookCells(sharedParser(), sources);
  const elapsed = performance.now() - started;
  assert.deepEqual(findings.map((f) => f.cell), [1, 501, 1001, 1501, 2001, 2501]);
  // Linear: well under a second here; the bound only catches a quadratic pass (minutes), so a loaded machine cannot fail it.
  assert.ok(elapsed < 60_000, `took ${elapsed.toFixed(0)} ms`);
});
