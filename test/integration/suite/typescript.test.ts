/** ts/floating-promise through the VS Code API: diagnostic, hover, code actions, editing it away. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite } from '../harness';
import { activateExtension, applyAction, codeActions, hoverText, openFixture, revert, ruleIdOf, waitForDiagnostics, workspaceUri } from './util';

const FILE = 'floating.ts';
const RULE = 'ts/floating-promise';
const CALL = new vscode.Position(5, 2); // `saveReport();` in the plain function `onSave()`

suite(
  'typescript: ts/floating-promise',
  (test) => {
    test('a floating promise gets a Loop Lens warning', async () => {
      await openFixture(FILE);
      const diagnostics = await waitForDiagnostics(workspaceUri(FILE), `a ${RULE} diagnostic`, (d) => d.some((x) => ruleIdOf(x) === RULE));
      const diagnostic = diagnostics.find((x) => ruleIdOf(x) === RULE)!;
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [CALL.line, CALL.character]);
      assert.equal(diagnostics.length, 1, 'the awaited call in the async function is not flagged');
    });

    test('hovering the call shows the rule documentation', async () => {
      const text = await hoverText(workspaceUri(FILE), CALL.translate(0, 3));
      assert.match(text, /ts\/floating-promise/);
      assert.match(text, /What it does/);
    });

    test('code actions outside async context: `void`, `.catch(...)`, ignore, documentation', async () => {
      const actions = await codeActions(workspaceUri(FILE), new vscode.Range(CALL, CALL.translate(0, 12)));
      const titles = actions.map((a) => a.title);
      assert.ok(titles.some((t) => t.includes('void')), JSON.stringify(titles));
      assert.ok(titles.some((t) => t.includes('.catch(')), JSON.stringify(titles));
      assert.ok(!titles.some((t) => t === 'Add `await`'), 'no `await` fix in a plain function');
      assert.ok(titles.includes(`Ignore ${RULE} on this line`), JSON.stringify(titles));
    });

    test('applying the `void` fix clears the diagnostic', async () => {
      const editor = await openFixture(FILE);
      try {
        const actions = await codeActions(workspaceUri(FILE), new vscode.Range(CALL, CALL.translate(0, 12)));
        const fix = actions.find((a) => a.title.includes('void') && a.edit);
        assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
        await applyAction(fix);
        assert.equal(editor.document.lineAt(CALL.line).text, '  void saveReport();');
        await waitForDiagnostics(workspaceUri(FILE), `no ${RULE} diagnostic`, (d) => !d.some((x) => ruleIdOf(x) === RULE));
      } finally {
        await revert(editor);
      }
    });

    test('deleting the statement clears the diagnostic', async () => {
      const editor = await openFixture(FILE);
      try {
        await editor.edit((builder) => builder.delete(editor.document.lineAt(CALL.line).rangeIncludingLineBreak));
        await waitForDiagnostics(workspaceUri(FILE), `no ${RULE} diagnostic`, (d) => !d.some((x) => ruleIdOf(x) === RULE));
      } finally {
        await revert(editor);
      }
    });
  },
  { before: activateExtension },
);
