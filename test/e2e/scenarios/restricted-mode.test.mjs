// Loop Lens in Restricted Mode (issue 8): package.json declares
// `capabilities.untrustedWorkspaces.supported: true` because the extension
// only reads code. This scenario runs on the code-server that run.mjs starts
// with workspace trust ON (any `restricted-*.test.mjs` does): the folder's
// startup prompt is answered "No, I don't trust the authors", the Restricted
// Mode is checked in the UI, and then every feature is used as in the
// trusted scenarios.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from '../lib/scenario.mjs';
import { waitFor } from '../lib/wait.mjs';
import { Bounds } from '../lib/workbench.mjs';

const DONT_TRUST = "No, I don't trust the authors";
/**
 * The first type-aware run builds a TypeScript program in a worker: allow for
 * a loaded machine, but stay under the step's own 180 s so that a miss fails
 * with this wait's message and a screenshot.
 */
const TYPE_AWARE_BOUND = 150_000;
const EXTENSION_NAME = 'Loop Lens';

/**
 * Files that would leave a marker if anything in the workspace were executed,
 * added to this scenario's copy of the fixture only:
 * - `side_effects.js`, a program for the timeline that writes a file and runs
 *   a shell command (the timeline models `fs` and `child_process`, it must not
 *   perform them);
 * - a TypeScript language-service plugin named in `typed/tsconfig.json`, whose
 *   module writes a file when loaded (the type-aware tier reads tsconfig but
 *   never loads plugins; the built-in TypeScript features, which would, are
 *   disabled in Restricted Mode).
 */
const MARKERS = { timelineWrite: 'TIMELINE_WROTE_THIS', timelineExec: 'TIMELINE_RAN_THIS', plugin: 'TS_PLUGIN_WAS_LOADED' };

/**
 * The hostile corpus (test/hostile: one program per attack, JS and Python —
 * huge strings and arrays, 6 GiB of ArrayBuffers, deep recursion, endless
 * loops, catastrophic regexes, writing a marker file, spawning a process,
 * reading the environment and pid), copied to `hostile/` in this scenario's
 * workspace with every marker path pointing into `hostile-markers/`, which
 * must stay empty. Every file there is a case: the list is the folder.
 */
const HOSTILE_SOURCE = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'hostile');
const HOSTILE_PROGRAMS = readdirSync(HOSTILE_SOURCE).filter((name) => /\.(js|py)$/.test(name)).sort();
const HOSTILE_MARKERS = 'hostile-markers';
/** What the panel may say instead of a timeline: the prediction process's one-line outcome. */
const STOPPED = /^The timeline of hostile\/\S+ could not be predicted: (the prediction ran out of memory \(.+\) and was stopped|the prediction took longer than 10 s and was stopped.*|the prediction process crashed \(signal [A-Z]+\)|the prediction process ended without an answer \(exit code \d+\))$/;

function addHostilePrograms(workspace) {
  const markers = join(workspace, HOSTILE_MARKERS);
  mkdirSync(markers, { recursive: true });
  mkdirSync(join(workspace, 'hostile'), { recursive: true });
  for (const name of HOSTILE_PROGRAMS) {
    writeFileSync(join(workspace, 'hostile', name), readFileSync(join(HOSTILE_SOURCE, name), 'utf8').replaceAll('__MARKER_DIR__', markers));
  }
}

function addExecutionTraps(workspace) {
  const marker = (name) => JSON.stringify(join(workspace, name));
  writeFileSync(join(workspace, 'side_effects.js'), [
    "const fs = require('fs');",
    "const { execSync } = require('child_process');",
    "console.log('before');",
    `fs.writeFileSync(${marker(MARKERS.timelineWrite)}, 'written');`,
    `execSync(${JSON.stringify(`touch ${join(workspace, MARKERS.timelineExec)}`)});`,
    "console.log('after');",
    '',
  ].join('\n'));
  const tsconfigPath = join(workspace, 'typed/tsconfig.json');
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8'));
  tsconfig.compilerOptions.plugins = [{ name: 'looplens-e2e-plugin' }];
  writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2));
  const plugin = join(workspace, 'typed/node_modules/looplens-e2e-plugin');
  mkdirSync(plugin, { recursive: true });
  writeFileSync(join(plugin, 'package.json'), JSON.stringify({ name: 'looplens-e2e-plugin', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(plugin, 'index.js'), `require('fs').writeFileSync(${marker(MARKERS.plugin)}, 'loaded');\nmodule.exports = () => ({ create: (info) => info.languageService });\n`);
  addHostilePrograms(workspace);
}

const problemOf = (code, file) => (p) => p.source === 'looplens' && p.code === code && (!file || p.file === file || p.file.endsWith(`/${file}`));

/** The "Restricted Mode" status bar item (workspace trust's own), or null when absent. */
async function trustStatusItem(page) {
  const item = page.locator('.statusbar-item[id="status.workspaceTrust"]');
  if (!(await item.isVisible().catch(() => false))) return null;
  return { text: (await item.innerText()).trim(), label: (await item.getAttribute('aria-label')) ?? '' };
}

/** Names of the extensions listed (rendered) in the visible Extensions view. */
function listedExtensions(page) {
  return page.locator('.extensions-viewlet .monaco-list-row .extension-list-item .name').allInnerTexts();
}

/**
 * The Extensions view's sections as `{ title, count, empty }` ("Disabled in
 * Restricted Mode" 3, ...); `empty` when the section says "No extensions found.".
 */
function extensionSections(page) {
  return page.locator('.extensions-viewlet .pane').evaluateAll((panes) =>
    panes.map((pane) => {
      const header = pane.querySelector('.pane-header');
      const badge = header?.querySelector('.monaco-count-badge, .count-badge-wrapper')?.textContent?.trim() ?? '';
      const title = header?.querySelector('.title')?.textContent?.trim() ?? header?.textContent?.trim() ?? '';
      const message = pane.querySelector('.message-container:not(.hidden) .message');
      return { title, count: badge === '' ? null : Number(badge), empty: Boolean(message && message.checkVisibility() && /No extensions found/.test(message.textContent ?? '')) };
    }),
  );
}

/** The list row of extension `name` in the visible Extensions view. */
function extensionRow(page, name) {
  return page.locator('.extensions-viewlet .monaco-list-row', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) }).first();
}

/**
 * The Restricted Mode marks on an extension's row: the status icon that the
 * workbench shows on extensions disabled or limited by workspace trust
 * (`codicon-extension-workspace-trust`), and any visible status label.
 */
function restrictionMarks(row) {
  return row.locator('.extension-status, .extension-status-label').evaluateAll((els) =>
    els
      .filter((el) => !el.classList.contains('hide'))
      .filter((el) => [...el.classList].some((c) => /workspace-trust/.test(c)) || (el.textContent ?? '').trim() || (el.getAttribute('aria-label') ?? '').trim())
      .map((el) => el.className + (el.textContent?.trim() ? ` "${el.textContent.trim()}"` : '')),
  );
}

/** Closes the modal editor (1.139 opens the Workspace Trust and extension editors as modals) if one is open. */
async function closeModalEditor(page) {
  const modal = page.locator('.monaco-modal-editor-block');
  if (!(await modal.isVisible().catch(() => false))) return;
  await modal.locator('.modal-editor-header .action-label.codicon-close').first().click();
  await modal.waitFor({ state: 'hidden', timeout: Bounds.ui });
}

/** Replaces the Extensions view's search text (a small Monaco editor) with `query`. */
async function searchExtensions(wb, query) {
  const page = wb.page;
  if (!(await page.locator('.extensions-viewlet').isVisible().catch(() => false))) {
    await wb.runCommand('View: Show Extensions');
  }
  const box = page.locator('.extensions-viewlet .suggest-input-container .monaco-editor').first();
  await box.waitFor({ state: 'visible', timeout: Bounds.ui });
  await box.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  await waitFor(`the extensions search to read "${query}"`, () => box.locator('.view-lines').innerText(), {
    timeout: Bounds.ui,
    accept: (text) => text.replace(/\u00a0/g, ' ').trim() === query,
  });
}

/**
 * In the Workspace Trust editor (open): Restricted Mode is stated, and its
 * "N extensions are disabled or have limited functionality" link leads to a
 * list without Loop Lens.
 */
async function checkTrustEditor(wb, editor) {
  const page = wb.page;
  assert.match(await editor.getAttribute('class'), /\buntrusted\b/);
  assert.equal((await editor.locator('.workspace-trust-title-text').innerText()).trim(), 'You are in Restricted Mode');
  // "N extensions are disabled or have limited functionality": the link opens them (@workspaceUnsupported).
  const link = editor.locator('a.monaco-link', { hasText: /^\d+ extensions?$/ });
  const count = Number(/^\d+/.exec((await link.innerText()).trim())[0]);
  assert.ok(count > 0, 'built-in extensions (Git, TypeScript features, ...) are restricted: the list is not empty');
  await link.click();
  await closeModalEditor(page);
  // The link's query: its sections add up to the number in the editor.
  const sections = await waitFor(`the ${count} restricted extensions in the Extensions view`, () => extensionSections(page), {
    timeout: Bounds.diagnostics,
    accept: (list) => list.length > 0 && list.reduce((sum, section) => sum + (section.count ?? 0), 0) === count,
  });
  console.log(`[e2e] restricted extensions: ${sections.map((x) => `${x.title} ${x.count}`).join(', ')}; first rows: ${(await listedExtensions(page)).join(', ')}`);
  // The same query narrowed by name (the sections are virtualised lists):
  // Git is there (the query does find restricted extensions) ...
  await searchExtensions(wb, '@workspaceUnsupported Git');
  await waitFor('Git among the restricted extensions', () => extensionRow(page, 'Git').isVisible(), { timeout: Bounds.diagnostics });
  // ... and Loop Lens is not: every section says "No extensions found.".
  await searchExtensions(wb, `@workspaceUnsupported ${EXTENSION_NAME}`);
  const outcome = await waitFor('the search for Loop Lens among the restricted extensions to finish', async () => {
    if (await extensionRow(page, EXTENSION_NAME).isVisible()) return { loopLensListed: true, sections: await extensionSections(page) };
    const found = await extensionSections(page);
    return found.length > 0 && found.every((section) => section.empty && section.count === 0) ? { loopLensListed: false, sections: found } : null;
  }, { timeout: Bounds.diagnostics });
  assert.equal(outcome.loopLensListed, false, `Loop Lens is listed as disabled or limited in Restricted Mode: ${JSON.stringify(outcome.sections)}`);
}

scenario('restricted mode: Loop Lens in an untrusted folder (workspace trust on)', (step) => {
  step('the folder is opened untrusted: "No, I don\'t trust the authors"', async (wb) => {
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors of the files in this folder?' });
    await dialog.waitFor({ state: 'visible', timeout: Bounds.workbench });
    await dialog.locator('.monaco-button', { hasText: DONT_TRUST }).click();
    await dialog.waitFor({ state: 'hidden', timeout: Bounds.ui });
  });

  step('the workbench shows Restricted Mode: status bar item and banner', async (wb) => {
    const status = await waitFor('the "Restricted Mode" status bar item', () => trustStatusItem(wb.page), { timeout: Bounds.ui });
    assert.equal(status.text, 'Restricted Mode');
    assert.match(status.label, /not trusted/);
    const banner = wb.page.locator('.monaco-workbench .part.banner');
    await banner.waitFor({ state: 'visible', timeout: Bounds.ui });
    assert.match(await banner.innerText(), /Restricted Mode is intended for safe code browsing/);
  });

  step('the Workspace Trust editor says so, and does not list Loop Lens among the restricted extensions', async (wb) => {
    const page = wb.page;
    await wb.runCommand('Workspaces: Manage Workspace Trust');
    const editor = page.locator('.workspace-trust-editor');
    await editor.waitFor({ state: 'visible', timeout: Bounds.ui });
    try {
      await checkTrustEditor(wb, editor);
    } finally {
      // The editor is modal: left open, it would take every later click.
      await closeModalEditor(page).catch(() => {});
    }
  });

  step('the Extensions view marks restricted extensions (Git) but not Loop Lens, which is activated', async (wb) => {
    const page = wb.page;
    // The mark this step looks for does show on a restricted extension.
    await searchExtensions(wb, '@builtin Git');
    const git = extensionRow(page, 'Git');
    await git.waitFor({ state: 'visible', timeout: Bounds.diagnostics });
    assert.notDeepEqual(await restrictionMarks(git), [], 'the built-in Git extension carries the Restricted Mode mark');
    // Loop Lens: no mark, and activated (by opening a file) although the folder is untrusted.
    await wb.openFile('async_sleep.py');
    await searchExtensions(wb, `@installed ${EXTENSION_NAME}`);
    const row = extensionRow(page, EXTENSION_NAME);
    await row.waitFor({ state: 'visible', timeout: Bounds.diagnostics });
    const activation = await waitFor('an activation time on the Loop Lens row', () => row.locator('.activation-status').innerText(), {
      timeout: Bounds.diagnostics,
      accept: (text) => /\d/.test(text),
    });
    console.log(`[e2e] Loop Lens activated in Restricted Mode (activation time shown: ${activation.trim()})`);
    assert.deepEqual(await restrictionMarks(row), [], 'Loop Lens carries a Restricted Mode mark');
    assert.doesNotMatch(await row.innerText(), /Restricted|disabled|untrusted/i);
  });

  step('python: py/blocking-sleep in Problems, its hover, and the quick fix', async (wb) => {
    const SLEEP = { line: 6, column: 5 };
    const isFinding = problemOf('py/blocking-sleep', 'async_sleep.py');
    await wb.openFile('async_sleep.py');
    const problems = await wb.waitForProblems('a py/blocking-sleep entry', (all) => all.some(isFinding));
    const finding = problems.find(isFinding);
    assert.equal(finding.line, SLEEP.line);
    assert.equal(finding.column, SLEEP.column);
    assert.match(await wb.hoverAt(SLEEP.line, SLEEP.column + 6, /What it does/), /sleep/i);
    await wb.applyQuickFix('Replace with `await asyncio.sleep(', SLEEP);
    await wb.waitForEditorText('the fixed line', (t) => /^ {4}await asyncio\.sleep\(1\)$/m.test(t));
    await wb.waitForProblems('no py/blocking-sleep entry', (all) => !all.some(isFinding));
  });

  step('typescript: ts/floating-promise in Problems and its hover', async (wb) => {
    const CALL = { line: 6, column: 3 };
    const isFinding = problemOf('ts/floating-promise', 'floating.ts');
    await wb.openFile('floating.ts');
    const problems = await wb.waitForProblems('a ts/floating-promise entry', (all) => all.some(isFinding));
    const finding = problems.find(isFinding);
    assert.equal(finding.line, CALL.line);
    assert.equal(finding.column, CALL.column);
    assert.match(await wb.hoverAt(CALL.line, CALL.column + 2, /What it does/), /promise/i);
  });

  step('"Show loop timeline" opens and renders the predicted output', async (wb) => {
    await wb.openFile('timeline_order.js');
    await wb.runCommand('Loop Lens: Show loop timeline');
    const frame = await wb.webviewFrame('main#app .toolbar');
    await waitFor('the timeline of timeline_order.js to be fresh', async () => {
      const status = await frame.locator('.status').first().getAttribute('data-status');
      const shown = (await frame.locator('.file-name').first().textContent())?.trim();
      return status === 'fresh' && shown === 'timeline_order.js';
    }, { timeout: Bounds.diagnostics });
    assert.deepEqual(await frame.locator('.output-text').allTextContents(), ['sync 1', 'sync 2', 'nextTick', 'promise', 'timeout']);
  });

  step('the timeline predicts a program that writes a file and runs a command, without doing either', async (wb) => {
    await wb.openFile('side_effects.js');
    await wb.runCommand('Loop Lens: Show loop timeline');
    const frame = await wb.webviewFrame('main#app .toolbar');
    await waitFor('the timeline of side_effects.js to be fresh', async () => {
      const status = await frame.locator('.status').first().getAttribute('data-status');
      const shown = (await frame.locator('.file-name').first().textContent())?.trim();
      return status === 'fresh' && shown === 'side_effects.js';
    }, { timeout: Bounds.diagnostics });
    assert.deepEqual(await frame.locator('.output-text').allTextContents(), ['before', 'after']);
    assert.equal(existsSync(join(wb.workspace, MARKERS.timelineWrite)), false, 'the simulated fs.writeFileSync wrote a file');
    assert.equal(existsSync(join(wb.workspace, MARKERS.timelineExec)), false, 'the simulated execSync ran a command');
  });

  for (const name of HOSTILE_PROGRAMS) {
    step(`hostile program ${name}: the panel shows its timeline or one line saying why it was stopped, and nothing is written`, async (wb) => {
      const shownName = `hostile/${name}`;
      await wb.openFile(shownName);
      await wb.runCommand('Loop Lens: Show loop timeline');
      const frame = await wb.webviewFrame('main#app .toolbar');
      const shown = await waitFor(`the timeline of ${shownName} or its one-line failure`, async () => {
        const status = await frame.locator('.status').first().getAttribute('data-status');
        if (status === 'fresh' && (await frame.locator('.file-name').first().textContent())?.trim() === shownName) return { status };
        const banner = frame.locator('.error-banner').first();
        const text = (await banner.isVisible().catch(() => false)) ? (await banner.textContent())?.trim() : undefined;
        if (status === 'error' && text?.startsWith(`The timeline of ${shownName} could not be predicted: `)) return { status, text };
        return undefined;
      }, { timeout: 90_000 });
      if (shown.status === 'error') assert.match(shown.text, STOPPED, 'a failure is one line of our own words');
      console.log(`[e2e] ${shownName}: ${shown.status === 'error' ? shown.text : 'timeline shown'}`);
      assert.deepEqual(readdirSync(join(wb.workspace, HOSTILE_MARKERS)), [], `${name} left a file behind`);
    });
  }

  step('after the hostile programs the extension host still works: diagnostics update and the next timeline is fresh', async (wb) => {
    const isFinding = problemOf('py/blocking-sleep', 'async_sleep.py');
    await wb.openFile('async_sleep.py');
    await wb.replaceLine(6, '    time.sleep(2)');
    const problems = await wb.waitForProblems('a new py/blocking-sleep entry after the edit', (all) => all.some(isFinding));
    assert.equal(problems.find(isFinding).line, 6);
    await wb.openFile('timeline_order.js');
    await wb.runCommand('Loop Lens: Show loop timeline');
    const frame = await wb.webviewFrame('main#app .toolbar');
    await waitFor('the timeline of timeline_order.js to be fresh again', async () => {
      const status = await frame.locator('.status').first().getAttribute('data-status');
      const shown = (await frame.locator('.file-name').first().textContent())?.trim();
      return status === 'fresh' && shown === 'timeline_order.js';
    }, { timeout: Bounds.diagnostics });
    assert.deepEqual(await frame.locator('.output-text').allTextContents(), ['sync 1', 'sync 2', 'nextTick', 'promise', 'timeout']);
  });

  step('type-aware tier: the dropped promise of an imported function is reported', async (wb) => {
    const isFinding = (p) => p.source === 'looplens' && p.code === 'ts/floating-promise' && /app\.ts$/.test(p.file);
    await wb.openFile('typed/app.ts');
    const problems = await wb.waitForProblems('a type-aware ts/floating-promise entry', (all) => all.some(isFinding), TYPE_AWARE_BOUND);
    const finding = problems.find(isFinding);
    assert.equal(finding.line, 4);
    assert.equal(finding.column, 3);
    assert.match(finding.message, /saveUser\(\)/);
    // typed/tsconfig.json names a plugin (see addExecutionTraps): never loaded.
    assert.equal(existsSync(join(wb.workspace, MARKERS.plugin)), false, 'the TypeScript plugin named in tsconfig.json was loaded');
  });
}, { server: 'restricted', prepare: addExecutionTraps });
