/** The type-aware worker and its client: answers, cancellation of superseded requests, time and memory budgets. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TypedWorkerClient } from '../../src/analysis/typed/client';
import { FIXTURES, REPO_ROOT, expectedLines } from './helpers';

const WORKER = join(REPO_ROOT, 'dist', 'typed-worker.js');
const PROJECT = join(FIXTURES, 'typed');
const MAIN = join(PROJECT, 'main.ts');

test('the worker bundle exists next to the extension', () => {
  assert.ok(existsSync(WORKER), 'run `node esbuild.mjs` first');
  assert.ok(existsSync(join(REPO_ROOT, 'dist', 'typescript-lib', 'lib.es2022.d.ts')), 'TypeScript libs are copied for the bundled compiler');
});

test('the worker answers with typed findings; a queued request replaced by a newer one resolves `superseded`', async () => {
  const client = new TypedWorkerClient({ workerPath: WORKER });
  try {
    const text = readFileSync(MAIN, 'utf8');
    const first = client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} });
    const stale = client.analyze({ rootDir: PROJECT, filePath: MAIN, text: `${text}\n// v2`, severities: {} });
    const latest = client.analyze({ rootDir: PROJECT, filePath: MAIN, text: `${text}\n// v3`, severities: {} });
    const [a, b, c] = await Promise.all([first, stale, latest]);
    assert.equal(a.status, 'ok');
    assert.equal(b.status, 'superseded');
    assert.equal(c.status, 'ok');
    if (c.status !== 'ok') return;
    const lines = text.split('\n');
    const rows = [...new Set(c.result.findings.filter((f) => f.ruleId === 'ts/floating-promise').map((f) => text.slice(0, f.start).split('\n').length))];
    assert.deepEqual(rows, expectedLines(text, 'ts/floating-promise'));
    assert.ok(lines.length > 0 && c.result.programMs >= 0 && c.result.checkMs >= 0);
  } finally {
    await client.dispose();
  }
});

test('a run over its time limit is killed and reported; repeated failures turn the client off for a while, then it is retried', async () => {
  const logs: string[] = [];
  let now = 1_000_000;
  const client = new TypedWorkerClient({ workerPath: WORKER, budgetMs: 1, firstRunLimitMs: 1, maxFailures: 2, backoffMs: [5000, 60_000], now: () => now, log: (level, message) => logs.push(`${level}: ${message}`) });
  try {
    const text = readFileSync(MAIN, 'utf8');
    const outcome = await client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} });
    assert.equal(outcome.status, 'failed');
    assert.match(logs.join('\n'), /time budget/);
    const second = await client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} });
    assert.equal(second.status, 'failed');
    assert.equal(client.disabled, true);
    assert.equal((await client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} })).status, 'disabled');
    assert.match(logs.at(-1)!, /off for 5 s, then retried .*The syntactic rules keep working/);
    now += 4000;
    assert.equal(client.disabled, true, 'still off before the back-off passed');
    now += 1000;
    assert.equal(client.disabled, false, 'retried after the back-off');
    // One more failure switches it off again, for the next, longer wait.
    assert.equal((await client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} })).status, 'failed');
    assert.equal(client.disabled, true);
    assert.match(logs.at(-1)!, /off for 1 min, then retried/);
  } finally {
    await client.dispose();
  }
});

test('a worker that runs out of its heap budget is reported and restarted on the next request', async () => {
  const logs: string[] = [];
  const client = new TypedWorkerClient({ workerPath: WORKER, memoryMb: 8, maxFailures: 5, log: (level, message) => logs.push(`${level}: ${message}`) });
  try {
    const text = readFileSync(MAIN, 'utf8');
    const outcome = await client.analyze({ rootDir: PROJECT, filePath: MAIN, text, severities: {} });
    assert.equal(outcome.status, 'failed');
    assert.match(logs.join('\n'), /worker (stopped|exited)/);
    assert.equal(client.disabled, false);
  } finally {
    await client.dispose();
  }
});
