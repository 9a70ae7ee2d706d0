// py/blocking-sleep as a user meets it: the Problems entry, the hover that
// explains it, and the quick fix that rewrites the call.
import assert from 'node:assert/strict';
import { scenario } from '../lib/scenario.mjs';

const FILE = 'async_sleep.py';
const SLEEP = { line: 6, column: 5 }; // `time.sleep(1)` inside `async def fetch_report()`
const isFinding = (p) => p.source === 'looplens' && p.code === 'py/blocking-sleep';

scenario('python: py/blocking-sleep', (step) => {
  step('time.sleep in an async def shows a Loop Lens entry in Problems', async (wb) => {
    await wb.openFile(FILE);
    const problems = await wb.waitForProblems('a py/blocking-sleep entry', (all) => all.some(isFinding));
    const finding = problems.find(isFinding);
    assert.equal(finding.file, FILE);
    assert.equal(finding.line, SLEEP.line);
    assert.equal(finding.column, SLEEP.column);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.codeTarget, /#rule-py-blocking-sleep$/, 'the code links to the rule docs');
  });

  step('hovering the squiggle shows the explanation', async (wb) => {
    const hover = await wb.hoverAt(SLEEP.line, SLEEP.column + 6, /What it does/);
    assert.match(hover, /sleep/i);
  });

  step('hovering an event-loop construct explains it, with the JavaScript equivalent', async (wb) => {
    // `asyncio.run(fetch_report())` on line 11: no finding there, a construct hover.
    const hover = await wb.hoverAt(11, 14, /In JavaScript/);
    assert.match(hover, /asyncio\.run/);
    assert.match(hover, /event loop/i);
  });

  step('the quick fix rewrites it to await asyncio.sleep(...)', async (wb) => {
    await wb.applyQuickFix('Replace with `await asyncio.sleep(', SLEEP);
    const text = await wb.waitForEditorText('the fixed line', (t) => t.includes('await asyncio.sleep(1)'));
    assert.match(text, /^ {4}await asyncio\.sleep\(1\)$/m);
    assert.doesNotMatch(text, /time\.sleep/);
  });

  step('once fixed, the Problems entry disappears', async (wb) => {
    await wb.waitForProblems('no py/blocking-sleep entry', (all) => !all.some(isFinding));
  });
});
