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
  await notebook(wb).waitFor({ state: 'visible', timeout: Bounds.ui });
  await cell(wb, 1).locator('.view-lines .view-line').first().waitFor({ state: 'visible', timeout: Bounds.ui });
}

function notebook(wb) {
  return wb.page.locator('.editor-group-container.active .notebook-editor').first();
}

/** The list row of cell `index` (0-based, all cells counted). */
export function cell(wb, index) {
  return notebook(wb).locator(`.monaco-list-row[data-index="${index}"]`).first();
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

/** Clicks the rendered line of cell `index` that contains `text` (focusing that cell's editor, the cursor inside the text). */
export async function clickInCell(wb, index, text) {
  await wb.escapeWidgets();
  const line = cell(wb, index).locator('.view-lines .view-line', { hasText: text }).first();
  await line.waitFor({ state: 'visible', timeout: Bounds.ui });
  const box = await line.boundingBox();
  const span = line.locator('span span', { hasText: text }).first();
  const target = (await span.count()) ? await span.boundingBox() : null;
  const area = target ?? box;
  await wb.page.mouse.click(area.x + Math.min(area.width / 2, 40), area.y + area.height / 2);
  await cell(wb, index).locator('.monaco-editor.focused').waitFor({ state: 'attached', timeout: Bounds.ui });
}

/** Points the mouse at the token `word` of cell `index` and returns the hover text once it matches `expected`. */
export async function hoverInCell(wb, index, word, expected) {
  await wb.escapeWidgets();
  const token = cell(wb, index).locator('.view-lines .view-line span span', { hasText: new RegExp(`^${word}$`) }).first();
  await token.waitFor({ state: 'visible', timeout: Bounds.ui });
  const box = await token.boundingBox();
  const hover = wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  await wb.page.mouse.move(box.x + 2, Math.max(0, box.y - 3 * box.height));
  await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  return waitFor(`a hover on ${word} containing ${expected}`, async () => ((await hover.isVisible()) ? (await hover.innerText()).replace(/\u00a0/g, ' ') : ''), {
    timeout: Bounds.ui,
    accept: (text) => Boolean(text) && (expected instanceof RegExp ? expected.test(text) : text.includes(expected)),
  });
}
