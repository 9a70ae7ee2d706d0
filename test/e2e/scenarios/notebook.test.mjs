// Notebooks (issue 15) in VS Code's notebook editor: the cells of
// notebook.ipynb are analysed as one program in the kernel's running loop —
// no error for the top-level `await` cell, py/nested-asyncio-run for the
// `asyncio.run(main())` cell, its fix, a hover inside a cell, and the
// timeline of one cell.
import assert from 'node:assert/strict';
import { scenario } from '../lib/scenario.mjs';
import { waitFor } from '../lib/wait.mjs';
import { Bounds } from '../lib/workbench.mjs';
import { cell, clickInCell, hidePanel, hoverInCell, notebookProblems, openNotebook, squiggles, waitForCells, waitForCellText } from '../lib/notebook.mjs';

const NOTEBOOK = 'notebook.ipynb';
// 0-based indexes in the notebook (cell 0 is markdown).
const AWAIT_CELL = 2; // results = await asyncio.gather(fetch(1), fetch(2))
const RUN_CELL = 3; // asyncio.run(main()) on its line 4
const ours = (all) => all.filter((p) => p.source === 'looplens');
const isNested = (p) => p.source === 'looplens' && p.code === 'py/nested-asyncio-run';

scenario('notebooks: cells in the kernel\'s running loop', (step) => {
  step('the asyncio.run cell has a py/nested-asyncio-run entry, the top-level await cell none', async (wb) => {
    await openNotebook(wb, NOTEBOOK);
    const problems = await notebookProblems(wb, 'a py/nested-asyncio-run entry', (all) => all.some(isNested));
    const entries = ours(problems);
    assert.equal(entries.length, 1, `only the asyncio.run cell is flagged: ${JSON.stringify(entries)}`);
    const [nested] = entries;
    assert.equal(nested.line, 4);
    assert.equal(nested.column, 1);
    assert.equal(nested.severity, 'error');
    assert.match(nested.message, /notebook cell raises RuntimeError/);
    assert.ok(!problems.some((p) => /SyntaxError|await-outside-async/.test(`${p.code} ${p.message}`) && p.source === 'looplens'));
    await waitForCells(wb);
    await hidePanel(wb); // the Problems panel may cover the lower cells
    await waitFor('a squiggle in the asyncio.run cell', () => squiggles(wb, RUN_CELL), { timeout: Bounds.ui, accept: (n) => n > 0 });
    assert.equal(await squiggles(wb, AWAIT_CELL), 0, 'no error squiggle in the top-level await cell');
  });

  step('hovering asyncio.gather in a cell explains it', async (wb) => {
    const hover = await hoverInCell(wb, AWAIT_CELL, 'gather', /gather/);
    assert.match(hover, /Loop Lens/);
  });

  step('the quick fix rewrites the cell to await main()', async (wb) => {
    await clickInCell(wb, RUN_CELL, 'asyncio.run(main())');
    await wb.applyQuickFix('Replace with `await');
    const text = await waitForCellText(wb, RUN_CELL, 'the fixed cell', (t) => t.includes('await main()'));
    assert.doesNotMatch(text, /asyncio\.run/);
    await notebookProblems(wb, 'no py/nested-asyncio-run entry', (all) => !all.some(isNested));
    await hidePanel(wb);
    assert.equal(await squiggles(wb, RUN_CELL), 0);
  });

  step('"Show loop timeline" in a cell predicts that cell on the running loop', async (wb) => {
    await clickInCell(wb, AWAIT_CELL, 'print(results)');
    await wb.runCommand('Loop Lens: Show loop timeline');
    const frame = await wb.webviewFrame('main#app .toolbar');
    await waitFor('the timeline of cell 3', async () => {
      const status = await frame.locator('.status').first().getAttribute('data-status');
      const shown = (await frame.locator('.file-name').first().textContent())?.trim();
      return status === 'fresh' && shown === `${NOTEBOOK}, cell 3`;
    }, { timeout: Bounds.diagnostics });
    assert.deepEqual(await frame.locator('.output-text').allTextContents(), ['[1, 2]']);
    assert.ok((await frame.locator('.step').count()) > 0, 'the cell has steps');
    assert.ok(await cell(wb, AWAIT_CELL).isVisible());
  });

  step('editing an earlier cell updates the findings of a later one', async (wb) => {
    const isUnawaited = (p) => p.source === 'looplens' && p.code === 'py/unawaited-coroutine';
    await clickInCell(wb, 4, '!echo done');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('fetch(5)');
    await waitForCellText(wb, 4, 'the new line', (t) => /^fetch\(5\)$/m.test(t));
    const problems = await notebookProblems(wb, 'a py/unawaited-coroutine entry for fetch(5), defined in cell 2', (all) => all.some(isUnawaited));
    assert.equal(problems.find(isUnawaited).line, 3);
    // Rename the coroutine in cell 2: `fetch(5)` in cell 5 no longer names it.
    await clickInCell(wb, 1, 'async def fetch(n):');
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Shift+End');
    await wb.page.keyboard.type('async def fetch_one(n):');
    await waitForCellText(wb, 1, 'the renamed coroutine', (t) => t.includes('async def fetch_one(n):'));
    await notebookProblems(wb, 'no py/unawaited-coroutine entry', (all) => !all.some(isUnawaited));
  });
});
