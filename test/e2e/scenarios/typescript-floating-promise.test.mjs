// ts/floating-promise as a user meets it: the Problems entry, the hover, and
// the entry going away while typing the fix by hand.
import assert from 'node:assert/strict';
import { scenario } from '../lib/scenario.mjs';

const FILE = 'floating.ts';
const CALL = { line: 6, column: 3 }; // `saveReport();` inside `function onSave()`
const isFinding = (p) => p.source === 'looplens' && p.code === 'ts/floating-promise';

scenario('typescript: ts/floating-promise', (step) => {
  step('a floating promise shows a Loop Lens entry in Problems', async (wb) => {
    await wb.openFile(FILE);
    const problems = await wb.waitForProblems('a ts/floating-promise entry', (all) => all.some(isFinding));
    const finding = problems.find(isFinding);
    assert.equal(finding.file, FILE);
    assert.equal(finding.line, CALL.line);
    assert.equal(finding.column, CALL.column);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.codeTarget, /#rule-ts-floating-promise$/, 'the code links to the rule docs');
  });

  step('hovering the squiggle shows the explanation', async (wb) => {
    const hover = await wb.hoverAt(CALL.line, CALL.column + 2, /What it does/);
    assert.match(hover, /promise/i);
  });

  step('editing the statement to `void saveReport();` clears the entry', async (wb) => {
    await wb.typeAt(CALL.line, CALL.column, 'void ');
    await wb.waitForEditorText('the edited line', (t) => t.includes('  void saveReport();'));
    await wb.waitForProblems('no ts/floating-promise entry', (all) => !all.some(isFinding));
  });
});
