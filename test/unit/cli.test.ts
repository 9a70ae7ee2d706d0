/** `looplens check` end to end: formats, exit codes, bad input. Runs the built dist/cli.js. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from './helpers';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = REPO_ROOT): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-cli-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const SLEEPY = 'import time\n\nasync def main():\n    time.sleep(1)\n';

test('text output: path:line:col: id message, exit 1 when there are findings', () => {
  const dir = workspace({ 'app.py': SLEEPY, 'clean.py': 'print(1)\n' });
  const result = run(['check', '.'], dir);
  assert.equal(result.status, 1);
  assert.equal(result.stdout, 'app.py:4:5: py/blocking-sleep `time.sleep()` blocks the event loop: no other task, callback or I/O runs until it returns. Use `await asyncio.sleep()`.\n');
  assert.match(result.stderr, /1 finding in 2 files/);
});

test('exit 0 and no output lines when nothing is found', () => {
  const dir = workspace({ 'clean.py': 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n' });
  const result = run(['check', dir]);
  assert.equal(result.status, 0);
  assert.equal(result.stdout, '');
});

test('json output has 1-based positions and the documented fields', () => {
  const dir = workspace({ 'app.py': SLEEPY });
  const result = run(['check', '--format', 'json', 'app.py'], dir);
  assert.equal(result.status, 1);
  const findings = JSON.parse(result.stdout) as unknown[];
  assert.deepEqual(findings, [
    {
      file: 'app.py',
      line: 4,
      column: 5,
      endLine: 4,
      endColumn: 18,
      code: 'py/blocking-sleep',
      severity: 'warning',
      message: '`time.sleep()` blocks the event loop: no other task, callback or I/O runs until it returns. Use `await asyncio.sleep()`.',
    },
  ]);
});

test('sarif output is SARIF 2.1.0 with rules and results', () => {
  const dir = workspace({ 'app.py': SLEEPY, 'web.ts': 'async function f() {}\nf();\n' });
  const result = run(['check', '--format=sarif', '.'], dir);
  assert.equal(result.status, 1);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, 'Loop Lens');
  const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.ok(ruleIds.includes('py/blocking-sleep') && ruleIds.includes('ts/floating-promise'));
  assert.deepEqual(run0.results.map((r: { ruleId: string }) => r.ruleId), ['py/blocking-sleep', 'ts/floating-promise']);
  for (const r of run0.results) {
    assert.equal(run0.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const region = r.locations[0].physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
});

test('folders skip node_modules, .git, virtual environments and git-ignored files', () => {
  const dir = workspace({
    'src/app.py': SLEEPY,
    'node_modules/pkg/index.py': SLEEPY,
    '.venv/lib/x.py': SLEEPY,
    'env2/pyvenv.cfg': 'home = /usr\n',
    'env2/lib/y.py': SLEEPY,
    'build/gen.py': SLEEPY,
    '.gitignore': 'build/\n',
  });
  spawnSync('git', ['init', '-q'], { cwd: dir });
  const result = run(['check', '--format', 'json', '.'], dir);
  const files = (JSON.parse(result.stdout) as { file: string }[]).map((f) => f.file);
  assert.deepEqual(files, [join('src', 'app.py')]);
});

test('--rule overrides severities and switches rules off; unknown ids are a usage error', () => {
  const dir = workspace({ 'app.py': SLEEPY });
  const off = run(['check', '--rule', 'py/blocking-sleep=off', 'app.py'], dir);
  assert.equal(off.status, 0);
  const error = run(['check', '--format', 'json', '--rule', 'py/blocking-sleep=error', 'app.py'], dir);
  assert.equal(JSON.parse(error.stdout)[0].severity, 'error');
  const unknown = run(['check', '--rule', 'py/nope=off', 'app.py'], dir);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown rule id "py\/nope"/);
});

test('a missing path gives exit 2 and a one-line error', () => {
  const result = run(['check', 'does/not/exist.py']);
  assert.equal(result.status, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /does\/not\/exist\.py: no such file or directory/);
});

test('binary and oversized files are skipped with a message on stderr', () => {
  const dir = workspace({ 'blob.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0]), 'big.py': `x = 1\n${'#'.repeat(3000)}\n` });
  const result = run(['check', '--max-file-size-kb', '2', '.'], dir);
  assert.equal(result.status, 0);
  assert.match(result.stderr, /skipped blob\.py: file looks binary/);
  assert.match(result.stderr, /skipped big\.py: file is 3 KB, over the 2 KB limit/);
});

test('syntax errors still give findings for the valid parts', () => {
  const dir = workspace({ 'broken.py': 'import time\n\nasync def main(:\n    pass\n\nasync def other():\n    time.sleep(2)\n\ndef oops(\n' });
  const result = run(['check', '--format', 'json', 'broken.py'], dir);
  assert.equal(result.status, 1);
  assert.deepEqual((JSON.parse(result.stdout) as { line: number }[]).map((f) => f.line), [7]);
});

test('symlink loops do not hang the folder walk', () => {
  const dir = workspace({ 'a/app.py': SLEEPY });
  symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'));
  const result = run(['check', '--format', 'json', '.'], dir);
  assert.equal(result.status, 1);
  assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
});

test('--help, --version and usage errors', () => {
  const help = run(['check', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: looplens check/);
  const version = run(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const bad = run(['check', '--format', 'xml']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown format "xml"/);
  const unknownCommand = run(['frobnicate']);
  assert.equal(unknownCommand.status, 2);
});
