/** py/blocking-sleep through the VS Code API: diagnostic, hover, code actions, fix, settings. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite } from '../harness';
import {
  activateExtension,
  applyAction,
  codeActions,
  hoverText,
  loopLensDiagnostics,
  openFixture,
  revert,
  ruleIdOf,
  waitForDiagnostics,
  workspaceUri,
} from './util';

const FILE = 'async_sleep.py';
const RULE = 'py/blocking-sleep';
const SLEEP = new vscode.Range(5, 4, 5, 17); // `time.sleep(1)` in `async def fetch_report()`

suite(
  'python: py/blocking-sleep',
  (test) => {
    test('time.sleep in an async def gets a Loop Lens warning linking to its docs', async () => {
      await openFixture(FILE);
      const [diagnostic] = await waitForDiagnostics(workspaceUri(FILE), `a ${RULE} diagnostic`, (d) => d.some((x) => ruleIdOf(x) === RULE));
      assert.ok(diagnostic);
      assert.equal(diagnostic.source, 'looplens');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [SLEEP.start.line, SLEEP.start.character]);
      assert.deepEqual([diagnostic.range.end.line, diagnostic.range.end.character], [SLEEP.end.line, SLEEP.end.character]);
      assert.ok(typeof diagnostic.code === 'object' && diagnostic.code !== null, 'code is { value, target }');
      assert.equal(diagnostic.code.value, RULE);
      assert.match(diagnostic.code.target.toString(), /#rule-py-blocking-sleep$/);
      const others = loopLensDiagnostics(workspaceUri(FILE)).filter((d) => ruleIdOf(d) !== RULE);
      assert.deepEqual(others.map((d) => ruleIdOf(d)), [], 'no other Loop Lens finding in the fixture');
    });

    test('hovering the call shows the rule documentation', async () => {
      const text = await hoverText(workspaceUri(FILE), SLEEP.start.translate(0, 6));
      assert.match(text, new RegExp(RULE.replace('/', '\\/')));
      assert.match(text, /What it does/);
      assert.match(text, /Why is this bad\?/);
    });

    test('no hover from Loop Lens away from findings', async () => {
      const text = await hoverText(workspaceUri(FILE), new vscode.Position(0, 2));
      assert.doesNotMatch(text, /Loop Lens/);
    });

    test('code actions: the preferred fix, ignore on this line, show documentation', async () => {
      const actions = await codeActions(workspaceUri(FILE), SLEEP);
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a) => a.title === 'Replace with `await asyncio.sleep(…)`');
      assert.ok(fix, `fix offered among ${JSON.stringify(titles)}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
      assert.ok(titles.includes(`Ignore ${RULE} on this line`), JSON.stringify(titles));
      assert.ok(titles.some((t) => /documentation/i.test(t)), JSON.stringify(titles));
    });

    test('applying the fix rewrites the call and clears the diagnostic', async () => {
      const editor = await openFixture(FILE);
      try {
        const fix = (await codeActions(workspaceUri(FILE), SLEEP)).find((a) => a.title.startsWith('Replace with `await asyncio.sleep'));
        assert.ok(fix);
        await applyAction(fix);
        assert.equal(editor.document.lineAt(5).text, '    await asyncio.sleep(1)');
        assert.equal(editor.document.getText().match(/^import asyncio$/gm)?.length, 1, 'no second `import asyncio`');
        await waitForDiagnostics(workspaceUri(FILE), `no ${RULE} diagnostic`, (d) => !d.some((x) => ruleIdOf(x) === RULE));
      } finally {
        await revert(editor);
      }
      await waitForDiagnostics(workspaceUri(FILE), `the ${RULE} diagnostic back after revert`, (d) => d.some((x) => ruleIdOf(x) === RULE));
    });

    test('"Ignore on this line" suppresses the finding', async () => {
      const editor = await openFixture(FILE);
      try {
        const ignore = (await codeActions(workspaceUri(FILE), SLEEP)).find((a) => a.title === `Ignore ${RULE} on this line`);
        assert.ok(ignore);
        await applyAction(ignore);
        assert.match(editor.document.lineAt(5).text, /# looplens: ignore\[py\/blocking-sleep\]$/);
        await waitForDiagnostics(workspaceUri(FILE), `no ${RULE} diagnostic`, (d) => !d.some((x) => ruleIdOf(x) === RULE));
      } finally {
        await revert(editor);
      }
    });

    test('looplens.rules can turn the rule off, and back on', async () => {
      await openFixture(FILE);
      const config = vscode.workspace.getConfiguration('looplens');
      await config.update('rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
      try {
        await waitForDiagnostics(workspaceUri(FILE), `${RULE} off`, (d) => !d.some((x) => ruleIdOf(x) === RULE));
      } finally {
        await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitForDiagnostics(workspaceUri(FILE), `${RULE} back on`, (d) => d.some((x) => ruleIdOf(x) === RULE));
    });
  },
  { before: activateExtension },
);
