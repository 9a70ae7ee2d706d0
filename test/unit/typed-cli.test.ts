/** `looplens check --type-aware` end to end (built dist/cli.js + dist/typed-worker.js). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, REPO_ROOT } from './helpers';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFinding {
  file: string;
  line: number;
  code: string;
}

test('--type-aware adds findings that need types, once each, with the same exit codes', () => {
  const project = join(FIXTURES, 'typed');
  const plain = run(['check', '--format', 'json', '.'], project);
  const typed = run(['check', '--type-aware', '--format', 'json', '.'], project);
  assert.equal(typed.status, 1, typed.stderr);
  const before = JSON.parse(plain.stdout) as JsonFinding[];
  const after = JSON.parse(typed.stdout) as JsonFinding[];
  const key = (f: JsonFinding) => `${f.file}:${f.line}:${f.code}`;
  assert.equal(new Set(after.map(key)).size, after.length, 'no duplicates');
  for (const finding of before) assert.ok(after.some((f) => key(f) === key(finding)), `kept ${key(finding)}`);
  assert.ok(after.some((f) => f.file === 'main.ts' && f.line === 11 && f.code === 'ts/floating-promise'), 'a promise from an imported function');
  assert.ok(after.some((f) => f.code === 'ts/promise-in-condition'));
  assert.ok(after.some((f) => f.code === 'ts/await-non-thenable'));
  assert.ok(!before.some((f) => f.code === 'ts/await-non-thenable'), 'type-aware only rule is silent without the flag');
});

test('--type-aware honours --rule overrides and is listed in --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-typed-cli-'));
  try {
    writeFileSync(join(dir, 'a.ts'), 'export function n(): number {\n  return 1;\n}\nexport async function f(): Promise<void> {\n  await n();\n}\n');
    const flagged = run(['check', '--type-aware', '.'], dir);
    assert.equal(flagged.status, 1, flagged.stderr);
    assert.match(flagged.stdout, /a\.ts:5:3: ts\/await-non-thenable/);
    const off = run(['check', '--type-aware', '--rule', 'ts/await-non-thenable=off', '.'], dir);
    assert.equal(off.status, 0, off.stdout + off.stderr);
    assert.match(run(['check', '--help'], dir).stdout, /--type-aware/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
