// "Loop Lens: Show loop timeline" in a real workbench (issue 6; see
// ../timeline.e2e.md): command → panel → prediction → editor linkage.
import assert from 'node:assert/strict';
import { scenario } from '../lib/scenario.mjs';
import { waitFor } from '../lib/wait.mjs';
import { Bounds } from '../lib/workbench.mjs';

const COMMAND = 'Loop Lens: Show loop timeline';
const APP = 'main#app .toolbar';

async function panel(wb) {
  return wb.webviewFrame(APP);
}

async function waitForFresh(frame, fileName) {
  await waitFor(`the timeline of ${fileName} to be fresh`, async () => {
    const status = await frame.locator('.status').first().getAttribute('data-status');
    const shown = (await frame.locator('.file-name').first().textContent())?.trim();
    return status === 'fresh' && shown === fileName;
  }, { timeout: Bounds.diagnostics });
}

const outputTexts = (frame) => frame.locator('.output-text').allTextContents();

scenario('timeline: JavaScript', (step) => {
  step('the command opens the panel with the predicted output order and lanes', async (wb) => {
    await wb.openFile('timeline_order.js');
    await wb.runCommand(COMMAND);
    const frame = await panel(wb);
    await waitForFresh(frame, 'timeline_order.js');
    assert.deepEqual(await outputTexts(frame), ['sync 1', 'sync 2', 'nextTick', 'promise', 'timeout']);
    assert.equal((await frame.locator('.output-time').first().textContent())?.trim(), '0 ms');
    const lanes = await frame.locator('.lane-label[data-lane]').evaluateAll((els) => els.map((el) => el.getAttribute('data-lane')));
    const order = ['stack', 'nextTick', 'microtask', 'timer'].map((lane) => lanes.indexOf(lane));
    assert.ok(order.every((index) => index >= 0), `lanes: ${JSON.stringify(lanes)}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `lane order: ${JSON.stringify(lanes)}`);
    assert.ok((await frame.locator('path.arrow').count()) > 0, 'arrows are drawn');
  });

  step('clicking an output line moves the editor cursor to the line that printed it', async (wb) => {
    const frame = await panel(wb);
    await frame.locator('.output-line', { has: frame.locator('.output-text', { hasText: /^promise$/ }) }).first().click();
    await waitFor('the cursor on line 3', () => wb.cursorPosition(), { timeout: Bounds.ui, accept: (p) => p?.line === 3 });
  });

  step('editing the file updates the panel', async (wb) => {
    await wb.replaceLine(5, "console.log('sync changed');");
    const frame = await panel(wb);
    await waitFor('the edited output', () => outputTexts(frame), {
      timeout: Bounds.diagnostics,
      accept: (texts) => texts.includes('sync changed') && !texts.includes('sync 2'),
    });
    await waitForFresh(frame, 'timeline_order.js');
  });
});

scenario('timeline: Python tasks', (step) => {
  step('task lanes, seconds and the frozen loop block', async (wb) => {
    await wb.openFile('timeline_tasks.py');
    await wb.runCommand(COMMAND);
    const frame = await panel(wb);
    await waitForFresh(frame, 'timeline_tasks.py');
    assert.deepEqual(await outputTexts(frame), ['main', 'worker']);
    const times = await frame.locator('.output-time').allTextContents();
    assert.ok(times.every((t) => / s$/.test(t.trim())), `times in seconds: ${JSON.stringify(times)}`);
    const taskLanes = await frame.locator('.lane-label[data-lane^="task:"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-lane')));
    assert.ok(taskLanes.length >= 2, JSON.stringify(taskLanes));
    assert.equal(taskLanes[0], 'task:main');
    assert.ok((await frame.locator('.block').count()) > 0, 'the time.sleep span is drawn as a block');
  });
});

scenario('timeline: hostile output', (step) => {
  step('text from the program is shown literally and runs nothing', async (wb) => {
    const dialogs = [];
    wb.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await wb.openFile('timeline_hostile.js');
    await wb.runCommand(COMMAND);
    const frame = await panel(wb);
    await waitForFresh(frame, 'timeline_hostile.js');
    assert.deepEqual(await outputTexts(frame), ['<img src=x onerror=alert(1)>']);
    assert.equal(await frame.locator('img, [onerror]').count(), 0);
    assert.deepEqual(dialogs, []);
  });
});
