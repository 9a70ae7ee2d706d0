/**
 * Short soak (the long one is `npm run soak`): documents opened, edited and
 * closed through DocumentTrees and IncrementalAnalyzer, then the timeline run
 * again and again, in a child started with --expose-gc. Memory must come back
 * to within 5 MB of its level after warm-up, and every Tree must be deleted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SOAK_CHILD_ENV, runSoakChild, type SoakOptions, type SoakResult } from '../fuzz/soak';

const LIMIT_BYTES = 5 * 1024 * 1024;

if (process.env[SOAK_CHILD_ENV]) {
  runSoakChild();
} else {
  test('soak: 160 documents and 120 timeline runs leave no trees behind and memory flat after warm-up', { timeout: 300_000 }, (t) => {
    const options: SoakOptions = { documents: 160, timelineRuns: 120, warmup: 40, editsPerDocument: 6 };
    const child = spawnSync(process.execPath, ['--expose-gc', __filename], { env: { ...process.env, [SOAK_CHILD_ENV]: JSON.stringify(options) }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as SoakResult;
    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
    t.diagnostic(`documents: heap ${mb(result.afterWarmup.heapBytes)} -> ${mb(result.afterDocuments.heapBytes)}, wasm ${mb(result.afterWarmup.wasmBytes)} -> ${mb(result.afterDocuments.wasmBytes)}`);
    t.diagnostic(`timeline: heap ${mb(result.timelineBaseline.heapBytes)} -> ${mb(result.afterTimeline.heapBytes)}, wasm ${mb(result.timelineBaseline.wasmBytes)} -> ${mb(result.afterTimeline.wasmBytes)}; trees created ${result.treesCreated}`);
    assert.equal(result.documents, 160);
    assert.ok(result.treesCreated > 160 * 6, `expected every parse to be counted, got ${result.treesCreated}`);
    assert.equal(result.liveTrees, 0, 'every Tree is deleted');
    assert.equal(result.cachedDocuments, 0, 'closing every document empties the tree cache');
    assert.ok(result.queryCached, 'compiled queries are cached per language');
    assert.ok(result.afterWarmup.wasmBytes > 0, 'the WebAssembly memory is measured');
    assert.ok(result.afterDocuments.heapBytes - result.afterWarmup.heapBytes < LIMIT_BYTES, 'JS heap after the documents');
    assert.ok(result.afterDocuments.wasmBytes - result.afterWarmup.wasmBytes < LIMIT_BYTES, 'WASM memory after the documents');
    assert.ok(result.afterTimeline.heapBytes - result.timelineBaseline.heapBytes < LIMIT_BYTES, 'JS heap after the timeline runs');
    assert.ok(result.afterTimeline.wasmBytes - result.timelineBaseline.wasmBytes < LIMIT_BYTES, 'WASM memory after the timeline runs');
  });
}
