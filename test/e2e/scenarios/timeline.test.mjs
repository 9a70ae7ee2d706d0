// "Loop Lens: Show loop timeline" in a real workbench (issue 6; see
// ../timeline.e2e.md): command → panel → prediction → editor linkage.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../lib/scenario.mjs';
import { waitFor } from '../lib/wait.mjs';
import { Bounds, resultsDir } from '../lib/workbench.mjs';

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

  step('clicking a timer step moves the editor cursor to line 2', async (wb) => {
    const frame = await panel(wb);
    await frame.locator('.step[data-lane="timer"]').first().click();
    await waitFor('the cursor on line 2', () => wb.cursorPosition(), { timeout: Bounds.ui, accept: (p) => p?.line === 2 });
  });

  step('the editor cursor line highlights its steps in the panel', async (wb) => {
    await wb.goTo(4, 1); // process.nextTick(...)
    const frame = await panel(wb);
    await waitFor('a linked nextTick step', () => frame.locator('.step.linked[data-lane="nextTick"]').count(), { timeout: Bounds.ui });
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

scenario('timeline: themes', (step) => {
  // Theme labels changed across VS Code versions ("Default Light Modern" → "Light Modern").
  const themes = [
    ['Light Modern', /^(Default )?Light Modern$/, 'light', 'vscode-light'],
    ['Dark Modern', /^(Default )?Dark Modern$/, 'dark', 'vscode-dark'],
    ['High Contrast', /^(Default High Contrast|Dark High Contrast)$/, 'high-contrast', 'vscode-high-contrast'],
  ];
  for (const [filter, theme, kind, bodyClass] of themes) {
    step(`screenshot in ${filter}`, async (wb) => {
      await wb.runCommandAndPick('Preferences: Color Theme', theme, filter);
      if (!(await wb.page.locator('.editor-group-container .tab', { hasText: 'timeline_tasks.py' }).count())) {
        await wb.openFile('timeline_tasks.py');
        await wb.runCommand(COMMAND);
      }
      const frame = await panel(wb);
      await waitForFresh(frame, 'timeline_tasks.py');
      await waitFor(`the webview body to carry ${bodyClass}`, () => frame.locator('body').getAttribute('class'), {
        timeout: Bounds.ui,
        accept: (classes) => (classes ?? '').split(/\s+/).includes(bodyClass),
      });
      await wb.screenshot(`timeline-${kind}`);
      const element = await frame.frameElement();
      await element.screenshot({ path: `${resultsDir}/timeline-panel-${kind}.png`, timeout: Bounds.ui });
    });
  }
});

const LARGE_BLOCK = [
  "console.log('start');",
  "setTimeout(() => console.log('timer'), 1);",
  "Promise.resolve().then(() => console.log('micro'));",
  "process.nextTick(() => console.log('tick'));",
  "console.log('end');",
];

/** Issue 13 item 6: command → rendered panel for a 1,000-line program. */
/**
 * Issue 13's goal for command → rendered panel. Speed goals are reported, not asserted (a loaded machine
 * must not fail a run; the project checks speed by printed numbers): each measurement prints PASS or MISS.
 */
const PANEL_BOUND_MS = 1_000;

function reportBound(file, total) {
  console.log(`[e2e] panel bound for ${file}: ${total} ms against ${PANEL_BOUND_MS} ms — ${total <= PANEL_BOUND_MS ? 'PASS' : 'MISS'}`);
}

/** ~1,600 steps: 200 copies of a five-line block. */
function largeProgram() {
  return `${Array.from({ length: 200 }, () => LARGE_BLOCK.join('\n')).join('\n')}\n`;
}

/** 1,000 lines whose loops make about 10,000 steps: 100 ten-line blocks, each scheduling 24 callbacks. */
function manyStepsProgram() {
  const block = (i) => [
    `function work${i}(n) {`,
    `  for (let k = 0; k < 8; k++) setTimeout(() => console.log('t${i}', k), k % 3);`,
    `  for (let k = 0; k < 8; k++) Promise.resolve(k).then((v) => console.log('p${i}', v));`,
    `  for (let k = 0; k < 8; k++) process.nextTick(() => console.log('n${i}', k));`,
    `  return n + 1;`,
    `}`,
    `work${i}(${i});`,
    `// block ${i}`,
    `console.log('block ${i}');`,
    ``,
  ];
  return `${Array.from({ length: 100 }, (_, i) => block(i).join('\n')).join('\n')}\n`;
}

function writeLargeFiles(workspace) {
  writeFileSync(join(workspace, 'timeline_large.js'), largeProgram());
  writeFileSync(join(workspace, 'timeline_many_steps.js'), manyStepsProgram());
}

/** Runs the command on `file` and returns { total, prediction, render, steps } in ms, measured from Enter to the painted panel. */
async function measurePanel(wb, file) {
  await wb.openFile(file);
  let t0 = 0;
  await wb.runCommand(COMMAND, { beforeAccept: () => { t0 = Date.now(); } });
  const frame = await panel(wb);
  await waitForFresh(frame, file);
  await frame.locator('.step').first().waitFor({ state: 'attached', timeout: Bounds.ui });
  const marks = await waitFor('the panel to record its first paint', () => frame.locator('body').evaluate((body) => ({
    received: Number(body.dataset.updateReceivedAt), rendered: Number(body.dataset.renderedAt),
  })), { timeout: Bounds.ui, accept: (m) => m.rendered >= m.received && m.received > 0 });
  const steps = Number((await frame.locator('.position').first().textContent())?.split('/')[1]?.trim());
  const result = { total: marks.rendered - t0, prediction: marks.received - t0, render: marks.rendered - marks.received, steps };
  console.log(`[e2e] ${file}: command → rendered panel ${result.total} ms (until the model arrived ${result.prediction} ms, webview render ${result.render} ms), ${steps} steps`);
  return result;
}

scenario('timeline: 1,000-line programs render, windowed, and step to the end (time to render reported against the bound)', (step) => {
  step('about 1,600 steps', async (wb) => {
    const { total, steps } = await measurePanel(wb, 'timeline_large.js');
    assert.ok(steps >= 1000, `steps: ${steps}`);
    reportBound('timeline_large.js', total);
  });
  step('about 10,000 steps, and stepping stays responsive', async (wb) => {
    const { total, steps } = await measurePanel(wb, 'timeline_many_steps.js');
    assert.ok(steps >= 5000, `steps: ${steps}`);
    const frame = await panel(wb);
    assert.ok((await frame.locator('.step').count()) < 500, 'the chart is windowed');
    await frame.locator('.scroller').first().focus();
    await wb.page.keyboard.press('End');
    await waitFor('the last step to be current', async () => (await frame.locator('.position').first().textContent())?.trim(), {
      timeout: Bounds.ui, accept: (text) => text === `${steps} / ${steps}`,
    });
    reportBound('timeline_many_steps.js', total);
  });
}, { prepare: writeLargeFiles });
