// The type-aware tier in real VS Code: a function imported from another file
// returns a promise that only the type checker can see (no `async`, no
// `Promise` annotation), and dropping it is reported as ts/floating-promise.
import assert from 'node:assert/strict';
import { scenario } from '../lib/scenario.mjs';

const FILE = 'typed/app.ts';
const isFinding = (p) => p.source === 'looplens' && p.code === 'ts/floating-promise' && /app\.ts$/.test(p.file);
/** The first type-aware run builds a TypeScript program in a worker: allow for a loaded machine. */
const TYPE_AWARE_BOUND = 180_000;

scenario('typescript: type-aware floating promise from an imported function', (step) => {
  step('the dropped promise of an imported function is reported', async (wb) => {
    await wb.openFile(FILE);
    const problems = await wb.waitForProblems('a type-aware ts/floating-promise entry', (all) => all.some(isFinding), TYPE_AWARE_BOUND);
    const finding = problems.find(isFinding);
    assert.equal(finding.line, 4);
    assert.equal(finding.column, 3);
    assert.match(finding.message, /saveUser\(\)/);
  });
});
