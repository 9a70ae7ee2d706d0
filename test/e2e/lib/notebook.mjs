// Gestures in VS Code's notebook editor (the built-in Jupyter one; no kernel
// is needed): open a notebook, read and click inside one cell's editor,
// hover a word of a cell. Cells are addressed by their 0-based index in the
// notebook, markdown cells included, as the list renders them (data-index).
import { waitFor } from './wait.mjs';
import { Bounds } from './workbench.mjs';

/** Opens `name` (at the workspace root) from the Explorer and waits for the notebook editor with its cells. */
export async function openNotebook(wb, name) {
  await wb.runCommand('View: Show Explorer');
  const row = wb.page.locator('.explorer-folders-view .monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: name }) }).first();
  await row.waitFor({ state: 'visible', timeout: Bounds.ui });
  await row.dblclick();
  await wb.page.locator('.editor-group-container.active .tab.active', { hasText: name }).first().waitFor({ state: 'visible', timeout: Bounds.ui });
}

/**
 * Waits until the notebook widget has rendered its cells: on a busy machine it
 * paints them long after the tab opened and the cells' documents exist (their
 * diagnostics may already be in Problems). A click in the editor area nudges it.
 */
export async function waitForCells(wb) {
  const firstLine = cell(wb, 1).locator('.view-lines .view-line').first();
  const deadline = Date.now() + Bounds.workbench;
  for (;;) {
    try {
      await firstLine.waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      const area = await wb.page.locator('.editor-group-container.active').first().boundingBox();
      if (area) await wb.page.mouse.click(area.x + area.width / 2, area.y + area.height - 20);
    }
  }
}

/** The list row of cell `index` (0-based, all cells counted) of the notebook on screen (VS Code renders the notebook widget in an overlay). */
export function cell(wb, index) {
  const row = `.monaco-list-row[data-index="${index}"]`;
  return wb.page.locator(`.notebookOverlay .cell-list-container ${row}, .notebook-editor .cell-list-container ${row}`).first();
}

/** The text of a code cell, from its rendered lines. */
export async function cellText(wb, index) {
  const lines = await cell(wb, index)
    .locator('.view-lines .view-line')
    .evaluateAll((elements) =>
      elements
        .map((el) => ({ top: parseFloat(el.style.top) || el.offsetTop, text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text.replace(/\u00a0/g, ' ')),
    );
  return lines.join('\n');
}

export async function waitForCellText(wb, index, what, accept) {
  return waitFor(what, () => cellText(wb, index), { timeout: Bounds.ui, accept });
}

/** Squiggles of one severity (`error`, `warning`) drawn in a cell's editor. */
export async function squiggles(wb, index, severity = 'error') {
  return cell(wb, index).locator(`.squiggly-${severity}`).count();
}

/** The centre of the first occurrence of `text` in the rendered lines of cell `index`, in page coordinates. */
async function pointAt(wb, index, text) {
  // Room for the cells: the Problems panel may cover the lower ones.
  await hidePanel(wb);
  const line = cell(wb, index).locator('.view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible', timeout: Bounds.ui });
  const point = await line.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let joined = '';
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node, start: joined.length });
      joined += node.textContent.replace(/\u00a0/g, ' ');
    }
    const at = joined.indexOf(wanted);
    if (at < 0) return null;
    // The middle character of the text, wherever the tokens split it.
    const middle = at + Math.floor(wanted.length / 2);
    const host = [...nodes].reverse().find((entry) => entry.start <= middle);
    const range = document.createRange();
    range.setStart(host.node, middle - host.start);
    range.setEnd(host.node, middle - host.start + 1);
    const box = range.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }, text);
  if (!point) throw new Error(`"${text}" is not rendered in cell ${index}`);
  return point;
}

/** Clicks the middle of `text` in cell `index` (focusing that cell's editor, the cursor inside the text). */
export async function clickInCell(wb, index, text) {
  await wb.escapeWidgets();
  const { x, y } = await pointAt(wb, index, text);
  await wb.page.mouse.click(x, y);
  await cell(wb, index).locator('.monaco-editor.focused').waitFor({ state: 'attached', timeout: Bounds.ui });
}

/** Points the mouse at the token `word` of cell `index` and returns the hover text once it matches `expected`. */
export async function hoverInCell(wb, index, word, expected) {
  await wb.escapeWidgets();
  const { x, y } = await pointAt(wb, index, word);
  const hover = wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  await wb.page.mouse.move(x, Math.max(0, y - 40));
  await wb.page.mouse.move(x, y, { steps: 4 });
  return waitFor(`a hover on ${word} containing ${expected}`, async () => ((await hover.isVisible()) ? (await hover.innerText()).replace(/\u00a0/g, ' ') : ''), {
    timeout: Bounds.ui,
    accept: (text) => Boolean(text) && (expected instanceof RegExp ? expected.test(text) : text.includes(expected)),
  });
}

/** Problems entries, opening the panel without moving the focus into a text editor (a notebook has none focused). */
export async function notebookProblems(wb, what, accept) {
  if (!(await wb.page.locator('.markers-panel').isVisible().catch(() => false))) {
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await wb.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: Bounds.ui });
  }
  return wb.waitForProblems(what, accept);
}

/** Hides the panel (Problems) when it is shown, so that every cell has room on screen. */
export async function hidePanel(wb) {
  if (!(await wb.page.locator('.markers-panel').isVisible().catch(() => false))) return;
  await wb.runCommand('View: Toggle Panel Visibility');
  await wb.page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: Bounds.ui });
}
