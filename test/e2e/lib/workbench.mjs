// A VS Code workbench (served by code-server) driven through Chromium, with the
// few user gestures the scenarios need. `run.mjs` starts code-server and the
// browser and hands their addresses over in LOOPLENS_E2E_* variables; each
// Workbench gets its own copy of the fixture workspace and its own page, so
// scenarios cannot see each other's edits.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { waitFor } from './wait.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const resultsDir = process.env.LOOPLENS_E2E_RESULTS ?? join(repoRoot, 'test-results/e2e');
const defaultFixture = join(repoRoot, 'test/e2e/workspace');

/** Bounds for the waits, in milliseconds (a cold workbench on 2 cores is slow). */
export const Bounds = {
  workbench: 120_000,
  ui: 15_000,
  diagnostics: 30_000,
};

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e suite through test/e2e/run.mjs`);
  return value;
}

function slug(text) {
  return text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 100) || 'screenshot';
}

export class Workbench {
  /** @param {import('playwright-core').Browser} browser @param {import('playwright-core').Page} page */
  constructor(browser, page, workspace) {
    this.browser = browser;
    this.page = page;
    this.workspace = workspace;
    /** Text of every console message of the page (the extension host's output is forwarded there). */
    this.consoleMessages = [];
    page.on('console', (message) => this.consoleMessages.push(message.text()));
  }

  /** The LOOPLENS_E2E_* variable holding the address of code-server `server` ('default' or 'restricted'). */
  static serverUrlVariable(server) {
    const variables = { default: 'LOOPLENS_E2E_URL', restricted: 'LOOPLENS_E2E_URL_RESTRICTED' };
    if (!variables[server]) throw new Error(`unknown code-server "${server}" (expected ${Object.keys(variables).join(' or ')})`);
    if (server === 'restricted' && !process.env[variables[server]] && process.env.LOOPLENS_E2E_TMP) {
      throw new Error('run.mjs starts the trust-on code-server only for scenario files named restricted-*.test.mjs');
    }
    return variables[server];
  }

  /** A `vscode-remote:` URI for a path on the code-server machine (for `payload` entries). */
  static remoteUri(path) {
    return `vscode-remote://${new URL(env('LOOPLENS_E2E_URL')).host}${path}`;
  }

  /**
   * Copies the fixture workspace to a fresh folder, opens it in a new page and
   * waits until the workbench and its Explorer are ready. `payload` is the
   * workbench's development payload (`[[key, value], ...]`, e.g.
   * extensionDevelopmentPath / extensionTestsPath), honoured because run.mjs
   * starts code-server with the smoke-test driver enabled. `prepare(dir)`
   * may add generated files to the workspace copy before it opens.
   * `server: 'restricted'` opens the page on the code-server that run.mjs
   * starts with workspace trust on, for `scenarios/restricted-*.test.mjs`.
   */
  static async launch({ fixture = defaultFixture, name = 'workspace', payload, prepare, server = 'default' } = {}) {
    const tmpRoot = env('LOOPLENS_E2E_TMP');
    const workspace = join(mkdtempSync(join(tmpRoot, `${slug(name)}-`)), basename(fixture));
    cpSync(fixture, workspace, { recursive: true });
    // Files generated before the page opens are in the Explorer from the start.
    await prepare?.(workspace);
    const browser = await chromium.connect(env('LOOPLENS_E2E_WS'), { timeout: Bounds.ui });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const workbench = new Workbench(browser, page, workspace);
    try {
      const url = new URL(env(Workbench.serverUrlVariable(server)));
      url.searchParams.set('folder', workspace);
      if (payload) url.searchParams.set('payload', JSON.stringify(payload));
      await page.goto(url.href, { timeout: Bounds.workbench });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: Bounds.workbench });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: Bounds.workbench });
    } catch (error) {
      await workbench.screenshot(`${name}-launch`);
      await workbench.close();
      throw error;
    }
    return workbench;
  }

  async close() {
    await this.browser.close().catch(() => {});
  }

  /** Saves a full-page screenshot under test-results/e2e/ and returns its path. */
  async screenshot(name) {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${slug(name)}.png`);
    try {
      await this.page.screenshot({ path, timeout: Bounds.ui });
      console.error(`[e2e] screenshot saved: ${path}`);
      return path;
    } catch (error) {
      console.error(`[e2e] screenshot failed (${error.message})`);
      return undefined;
    }
  }

  // ---- commands and navigation -------------------------------------------

  /**
   * Opens the command palette with F1 and runs the command whose label is
   * exactly `label`; `beforeAccept` is called right before Enter (for timings).
   */
  async runCommand(label, { beforeAccept } = {}) {
    await this.quickInput('>' + label, (rowLabel) => rowLabel === label, `command "${label}"`, beforeAccept);
  }

  /**
   * Runs `command`, whose quick pick may be filled lazily (the theme list is
   * empty on a fresh page, and does not refresh), then picks `label` in it,
   * reopening the pick until the row shows up within the bound.
   */
  async runCommandAndPick(command, label, filter) {
    const deadline = Date.now() + Bounds.ui * 2;
    for (;;) {
      await this.runCommand(command);
      const last = Date.now() + 3_000 >= deadline;
      try {
        await this.pick(label, filter, last ? Math.max(1, deadline - Date.now()) : 3_000);
        return;
      } catch (error) {
        if (last) throw error;
        await this.escapeWidgets();
      }
    }
  }

  /**
   * Picks a row in the quick input that is already open (e.g. the theme list
   * after "Preferences: Color Theme"): types `filter`, then accepts the row
   * whose label equals `label` (a string) or matches it (a RegExp).
   */
  async pick(label, filter = typeof label === 'string' ? label : '', timeout = Bounds.ui) {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: Bounds.ui });
    const input = widget.locator('input').first();
    await input.fill(filter);
    const matches = (row) => (typeof label === 'string' ? row === label : label.test(row));
    await waitFor(`${label} in the quick pick`, () => this.focusQuickPickRow(matches), { timeout }).catch(async (error) => {
      const rows = await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents().catch(() => []);
      throw new Error(`${error.message}; rows: ${JSON.stringify(rows)}`);
    });
    await input.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: Bounds.ui });
  }

  /** Moves the cursor of the active editor to 1-based `line`, `column` (via Go to Line). */
  async goTo(line, column = 1) {
    await this.quickInput(`:${line}:${column}`, null, `go to ${line}:${column}`);
    await waitFor(`cursor at ${line}:${column}`, () => this.cursorPosition(), {
      timeout: Bounds.ui,
      accept: (p) => p && p.line === line && p.column === column,
    });
  }

  /**
   * Types `value` into the F1 quick input. With `pick`, waits for the focused
   * row whose label satisfies it (moving the focus down if needed) and accepts
   * it; without, accepts the input as typed.
   */
  async quickInput(value, pick, what, beforeAccept) {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input').first();
    const open = async () => {
      await this.escapeWidgets();
      await this.page.keyboard.press('F1');
      await widget.waitFor({ state: 'visible', timeout: Bounds.ui });
      await input.fill(value);
    };
    await open();
    if (pick) {
      // The palette lists what is enabled when it opens (`when` clauses on
      // context keys that may still be settling): reopen it while waiting.
      const deadline = Date.now() + Bounds.ui;
      for (;;) {
        const last = Date.now() + 3_000 >= deadline;
        const label = await waitFor(what, () => this.focusQuickPickRow(pick), { timeout: last ? Math.max(0, deadline - Date.now()) : 3_000 }).catch((error) => {
          if (last) throw error;
          return null;
        });
        if (label) break;
        await open();
      }
    }
    beforeAccept?.();
    await input.press('Enter');
    // Accepted once the widget closes, or shows another pick (e.g. the theme list).
    await waitFor(`${what} to be accepted`, async () => !(await widget.isVisible()) || (await input.inputValue()) !== value, { timeout: Bounds.ui });
  }

  /** Focuses the quick pick row whose label matches; returns its label or null. */
  async focusQuickPickRow(pick) {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const labels = await rows.evaluateAll((elements) =>
      elements.map((row) => ({
        label: (row.querySelector('.label-name') ?? row).textContent?.replace(/\u00a0/g, ' ').trim() ?? '',
        focused: row.classList.contains('focused'),
        index: Number(row.getAttribute('data-index')),
      })),
    );
    const wanted = labels.find((row) => pick(row.label));
    if (!wanted) return null;
    const focused = labels.find((row) => row.focused);
    if (focused && pick(focused.label)) return focused.label;
    // Move the focus onto the wanted row with the keyboard.
    const input = this.page.locator('.quick-input-widget input').first();
    const steps = focused ? wanted.index - focused.index : wanted.index + 1;
    const key = steps >= 0 ? 'ArrowDown' : 'ArrowUp';
    for (let i = 0; i < Math.abs(steps); i++) await input.press(key);
    return null; // re-checked on the next poll
  }

  /** Closes open widgets (quick input, hovers, code action menus) with Escape. */
  async escapeWidgets() {
    for (const selector of ['.quick-input-widget', '.action-widget', '.monaco-hover:not(.hidden)']) {
      const widget = this.page.locator(selector).first();
      if (await widget.isVisible().catch(() => false)) {
        await this.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: Bounds.ui }).catch(() => {});
      }
    }
  }

  /** Opens `relativePath` (e.g. "src/app.ts") by clicking through the Explorer, and waits for its editor. */
  async openFile(relativePath) {
    await this.runCommand('View: Show Explorer');
    const segments = relativePath.split('/');
    for (const [index, segment] of segments.entries()) {
      const isFile = index === segments.length - 1;
      const row = this.page
        .locator('.explorer-folders-view .monaco-list-row')
        .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(segment)}$`) }) })
        .first();
      await row.waitFor({ state: 'visible', timeout: Bounds.ui }).catch(async () => {
        // A file the test wrote a moment ago may not be listed yet: the file watcher is slow under load.
        await this.runCommand('File: Refresh Explorer');
        await row.waitFor({ state: 'visible', timeout: Bounds.ui });
      });
      const expanded = await row.getAttribute('aria-expanded');
      if (isFile) await row.dblclick();
      else if (expanded !== 'true') await row.click();
    }
    const name = segments.at(-1);
    await this.page
      .locator('.editor-group-container.active .tab.active', { hasText: name })
      .first()
      .waitFor({ state: 'visible', timeout: Bounds.ui });
    await this.activeEditor().locator('.view-lines .view-line').first().waitFor({ state: 'visible', timeout: Bounds.ui });
    await this.focusEditor();
  }

  /** The Monaco editor of the active editor group. */
  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  // ---- reading the editor ------------------------------------------------

  /** The active editor's text, read from its rendered lines (fixtures are short enough to be fully visible). */
  async editorText() {
    const lines = await this.activeEditor()
      .locator('.view-lines .view-line')
      .evaluateAll((elements) =>
        elements
          .map((el) => ({ top: parseFloat(el.style.top) || el.offsetTop, text: el.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text.replace(/\u00a0/g, ' ')),
      );
    return lines.join('\n');
  }

  /** Waits until the active editor's text satisfies `accept`; returns it. */
  async waitForEditorText(what, accept, timeout = Bounds.ui) {
    return waitFor(what, () => this.editorText(), { timeout, accept });
  }

  /** 1-based cursor position of the active editor, from the status bar ("Ln 3, Col 5"). */
  async cursorPosition() {
    const text = await this.page.locator('.statusbar-item[id$="status.editor.selection"]').first().textContent();
    const match = /Ln\s+(\d+),\s*Col\s+(\d+)/.exec(text ?? '');
    return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
  }

  // ---- editing -------------------------------------------------------------

  /** Replaces the whole text of 1-based `line` (keeping its line break) with `text`. */
  async replaceLine(line, text) {
    await this.goTo(line, 1);
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.press('Shift+End'); // past the indentation stop, if any
    await this.page.keyboard.type(text);
  }

  /** Types `text` at 1-based `line`, `column`. */
  async typeAt(line, column, text) {
    await this.goTo(line, column);
    await this.page.keyboard.type(text);
  }

  // ---- Problems panel ------------------------------------------------------

  /**
   * The entries of the Problems panel, opening it if needed:
   * `{ file, message, source, code, codeTarget, line, column, severity, text }` for each marker
   * currently rendered.
   */
  async problems() {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: Bounds.ui });
      await this.focusEditor();
    }
    return panel.locator('.monaco-list-row').evaluateAll((rows) => {
      const out = [];
      let file = '';
      for (const row of rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))) {
        if (row.querySelector('.marker-message-details, .marker-message-line')) {
          const text = (selector) => row.querySelector(selector)?.textContent?.replace(/\u00a0/g, ' ').trim() ?? '';
          const where = /\[?Ln\s+(\d+),\s*Col\s+(\d+)\]?/.exec(text('.marker-line') || row.textContent || '');
          const icon = row.querySelector('.marker-icon');
          const severity = ['error', 'warning', 'info'].find((name) => icon?.classList.contains(name)) ?? '';
          out.push({
            file,
            message: text('.marker-message-line .marker-message') || text('.marker-message-line'),
            source: text('.marker-source').replace(/^\((.*)\)$/, '$1'),
            code: text('.marker-code').replace(/^\((.*)\)$/, '$1'),
            codeTarget: row.querySelector('.marker-code')?.closest('a')?.getAttribute('href') ?? '',
            line: where ? Number(where[1]) : 0,
            column: where ? Number(where[2]) : 0,
            severity,
            text: row.textContent?.replace(/\u00a0/g, ' ').trim() ?? '',
          });
        } else {
          file = row.querySelector('.label-name')?.textContent?.trim() ?? row.getAttribute('aria-label') ?? '';
        }
      }
      return out;
    });
  }

  /** Waits until the Problems entries satisfy `accept`; returns them. */
  async waitForProblems(what, accept, timeout = Bounds.diagnostics) {
    return waitFor(what, () => this.problems(), { timeout, accept });
  }

  /** Gives the keyboard focus back to the active editor (a no-op when it has it). */
  async focusEditor() {
    const focused = this.page.locator('.editor-group-container.active .monaco-editor.focused');
    if (await focused.count()) return;
    await this.runCommand('View: Focus Active Editor Group');
    await focused.first().waitFor({ state: 'attached', timeout: Bounds.ui });
  }

  // ---- webviews -------------------------------------------------------------

  /**
   * The frame of a webview whose document contains `selector` (webview content
   * lives in nested iframes), waiting for it within the bound.
   */
  async webviewFrame(selector, timeout = Bounds.diagnostics) {
    return waitFor(`a webview frame with ${selector}`, async () => {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      return undefined;
    }, { timeout, interval: 200 });
  }

  // ---- hover and quick fixes -----------------------------------------------

  /**
   * Points the mouse at 1-based `line`, `column` of the active editor and
   * returns the text of the hover that appears once it contains `expected`
   * (a string or RegExp; any non-empty text when omitted).
   */
  async hoverAt(line, column, expected) {
    await this.escapeWidgets();
    await this.goTo(line, column);
    const cursor = this.activeEditor().locator('.cursors-layer .cursor').first();
    const box = await waitFor('the cursor to be rendered', () => cursor.boundingBox(), { timeout: Bounds.ui });
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    const matches = (text) => Boolean(text) && (expected === undefined || (expected instanceof RegExp ? expected.test(text) : text.includes(expected)));
    // Leave the word first so that arriving on it is a fresh hover.
    await this.page.mouse.move(box.x + 2, Math.max(0, box.y - 3 * box.height));
    await this.page.mouse.move(box.x + 4, box.y + box.height / 2, { steps: 4 });
    return waitFor(`a hover at ${line}:${column}${expected ? ` containing ${expected}` : ''}`, async () => {
      const text = (await hover.isVisible()) ? await hover.innerText() : '';
      return text.replace(/\u00a0/g, ' ');
    }, { timeout: Bounds.ui, accept: matches });
  }

  /**
   * Opens the quick fix menu (Ctrl+.) at the cursor, or first at `at`
   * (`{ line, column }`, 1-based), and applies the action whose title
   * contains `title`.
   */
  async applyQuickFix(title, at) {
    await this.escapeWidgets();
    if (at) await this.goTo(at.line, at.column);
    const menu = this.page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    await this.page.keyboard.press(`${mod}+Period`);
    if (!(await menu.isVisible())) {
      await menu.waitFor({ state: 'visible', timeout: Bounds.ui }).catch(async () => {
        await this.runCommand('Quick Fix...');
        await menu.waitFor({ state: 'visible', timeout: Bounds.ui });
      });
    }
    const item = menu.locator('.monaco-list-row.action', { hasText: title }).first();
    await waitFor(`quick fix "${title}" in the menu`, () => item.isVisible(), { timeout: Bounds.ui }).catch(async (error) => {
      const offered = await menu.locator('.monaco-list-row.action').allInnerTexts().catch(() => []);
      throw new Error(`${error.message}; offered: ${JSON.stringify(offered)}`);
    });
    await item.click();
    await menu.waitFor({ state: 'hidden', timeout: Bounds.ui });
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
