/** The engine worker's notebook calls: analyzeNotebook, explain and fix-all inside a cell, the timeline of a cell, malformed parameters. */
import { PredictionRunner } from '../../src/timeline/sandbox/runner';
import { parseSandboxRequest } from '../../src/timeline/sandbox/protocol';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { NOTEBOOK_LANGUAGE } from '../../src/analysis/notebook';
import { EngineClient } from '../../src/service/client';
import { parseEngineRequest } from '../../src/service/protocol';
import { REPO_ROOT } from './helpers';

const CELLS = ['import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print("hi")', '%time x = 1\nresult = await asyncio.gather(main())', 'asyncio.run(main())'];

function client(): EngineClient {
  return new EngineClient({ workerPath: join(REPO_ROOT, 'dist', 'engine-worker.js'), workerData: { wasmDir: join(REPO_ROOT, 'dist') }, name: 'test worker' });
}

test('a notebook through the worker: findings per cell, hovers and fix-all inside a cell, the timeline of a cell', async () => {
  const engine = client();
  try {
    const analysed = await engine.call('analyzeNotebook', () => ({ key: 'nb', version: 1, cells: CELLS, severities: {}, maxFileSizeKb: 1024 }), { limitMs: 20_000 });
    assert.ok(analysed.status === 'ok' && analysed.value.status === 'ok', JSON.stringify(analysed));
    assert.deepEqual(analysed.value.findings.map((f) => [f.cell, f.ruleId, f.start, f.end]), [[2, 'py/nested-asyncio-run', 0, 19]]);

    const gather = CELLS[1]!.indexOf('gather');
    const explained = await engine.call('explain', () => ({ key: 'nb', version: 1, offset: gather + 2, cell: 1 }), { limitMs: 5_000 });
    assert.equal(explained.status, 'ok');
    const construct = explained.status === 'ok' ? explained.value : undefined;
    assert.equal(construct?.title, 'asyncio.gather');
    assert.ok(construct && CELLS[1]!.slice(construct.start, construct.end).includes('gather'), 'the range is in the cell');
    const stale = await engine.call('explain', () => ({ key: 'nb', version: 2, offset: gather, cell: 1 }), { limitMs: 5_000 });
    assert.equal(stale.status === 'ok' ? stale.value : 'failed', undefined, 'an older notebook version is not explained');

    const fixed = await engine.call('fixAll', () => ({ text: CELLS[2]!, language: NOTEBOOK_LANGUAGE, severities: {}, maxFileSizeKb: 1024, notebook: { cells: CELLS, cell: 2 } }), { limitMs: 20_000 });
    assert.deepEqual(fixed.status === 'ok' ? fixed.value : fixed, { text: 'await main()', applied: 1 });

    // The timeline of a cell goes through a prediction process like any other.
    const runner = new PredictionRunner({ entry: join(process.cwd(), 'dist', 'timeline-sandbox.js') });
    try {
      const predicted = await runner.predict({ source: CELLS[1]!, fileName: 'nb.ipynb', notebook: { setup: [CELLS[0]!], cell: CELLS[1]!, labels: ['cell 1', 'cell 2'] } }, { timeLimitMs: 60_000 });
      assert.ok(predicted.ok, JSON.stringify(predicted));
      if (predicted.ok) {
        assert.deepEqual(predicted.model.output.map((o) => [o.text, o.t]), [['hi', 1000]]);
        assert.ok(predicted.model.steps.some((s) => s.file === 'cell 1'));
        assert.deepEqual(predicted.model.notes, []);
      }
    } finally {
      runner.dispose();
    }
  } finally {
    await engine.dispose();
  }
});

test('malformed notebook parameters are rejected', () => {
  for (const params of [
    { key: 'nb', version: 1, cells: 'x', severities: {}, maxFileSizeKb: 1 },
    { key: 'nb', version: 1, cells: [1], severities: {}, maxFileSizeKb: 1 },
  ]) {
    assert.ok('invalid' in parseEngineRequest({ kind: 'analyzeNotebook', id: 1, params }));
  }
  assert.ok('invalid' in parseEngineRequest({ kind: 'fixAll', id: 1, params: { text: '', language: NOTEBOOK_LANGUAGE, severities: {}, maxFileSizeKb: 1, notebook: { cells: ['a'], cell: 3 } } }));
  assert.ok('invalid' in parseSandboxRequest({ kind: 'predict', source: '', fileName: 'nb.ipynb', notebook: { setup: [2], cell: 'x' } }));
  assert.ok('request' in parseSandboxRequest({ kind: 'predict', source: '', fileName: 'nb.ipynb', notebook: { setup: ['a'], cell: 'x' } }));
  assert.ok('invalid' in parseEngineRequest({ kind: 'explain', id: 1, params: { key: 'nb', version: 1, offset: 0, cell: -1 } }));
  assert.ok('request' in parseEngineRequest({ kind: 'analyzeNotebook', id: 1, params: { key: 'nb', version: 1, cells: ['a'], severities: {}, maxFileSizeKb: 1 } }));
});
