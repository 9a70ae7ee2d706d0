/**
 * `looplens check` on hostile file systems and inputs: unreadable files and
 * folders, symlink loops and broken links, file names that are not UTF-8,
 * pipes, huge and binary files, deep nesting, and Ctrl+C. Runs the built
 * dist/cli.js. Every case must end with a clear message and the documented
 * exit status (0 clean, 1 findings, 2 I/O or usage error, 130 interrupted),
 * and stdout is never half a JSON document.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ParserSlot, checkFile } from '../../src/cli/analyzeFile';
import { SourceParser } from '../../src/parsing';
import { binaryBytes, deepExpression, hugePython, minifiedBundle } from '../fuzz/hostile';
import { REPO_ROOT } from './helpers';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const SLEEPY = 'import time\n\nasync def main():\n    time.sleep(1)\n';
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The CLI where another user can run it: the checkout may sit in a folder
 * only its owner can enter (a `mktemp -d` clone is 0700), so for runs as
 * `nobody` the bundle and its grammars are copied to a world-readable folder.
 */
let sharedCli: string | undefined;
function cliFor(options: SpawnSyncOptions): string {
  if (options.uid === undefined) return CLI;
  if (!sharedCli) {
    const dir = mkdtempSync(join(tmpdir(), 'looplens-cli-'));
    chmodSync(dir, 0o755);
    const dist = join(REPO_ROOT, 'dist');
    for (const name of readdirSync(dist)) if (name === 'cli.js' || name === 'check-worker.js' || name.endsWith('.wasm')) copyFileSync(join(dist, name), join(dir, name));
    sharedCli = join(dir, 'cli.js');
  }
  return sharedCli;
}

function run(args: string[], cwd: string, options: SpawnSyncOptions = {}): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cliFor(options), ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr), ms: performance.now() - started };
}

function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-robust-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Lines of stderr that mention `name`. */
function linesAbout(stderr: string, name: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(name));
}

test('an unreadable file and an unreadable folder: "permission denied", the rest is still checked, exit 2', () => {
  const dir = workspace({ 'app.py': SLEEPY, 'secret.py': SLEEPY, 'locked/inner.py': SLEEPY });
  chmodSync(join(dir, 'secret.py'), 0o000);
  chmodSync(join(dir, 'locked'), 0o000);
  // chmod 000 does not stop root: as root, run the CLI as `nobody` (uid/gid 65534), for whom it does.
  const result = run(['check', '.'], dir, isRoot ? { uid: NOBODY, gid: NOBODY } : {});
  assert.equal(result.status, 2, result.stderr);
  assert.deepEqual(linesAbout(result.stderr, 'secret.py'), ['looplens: secret.py: permission denied']);
  assert.equal(linesAbout(result.stderr, 'locked').length, 1);
  assert.match(linesAbout(result.stderr, 'locked')[0]!, /locked: permission denied$/);
  assert.match(result.stdout, /^app\.py:4:5: py\/blocking-sleep /);
});

test('symlink loops and broken links: one clear line each, no hang, exit 2', () => {
  const dir = workspace({ 'app.py': SLEEPY });
  mkdirSync(join(dir, 'sub'));
  symlinkSync('..', join(dir, 'sub', 'up')); // a folder loop
  symlinkSync('self.py', join(dir, 'self.py')); // a link to itself
  symlinkSync('a.py', join(dir, 'b.py'));
  symlinkSync('b.py', join(dir, 'a.py')); // two links to each other
  symlinkSync('missing.py', join(dir, 'dangling.py'));
  const result = run(['check', '--format', 'json', '.'], dir, { timeout: 60_000 });
  assert.equal(result.status, 2, result.stderr);
  assert.match(linesAbout(result.stderr, 'self.py').join('\n'), /self\.py: too many levels of symbolic links$/);
  assert.match(linesAbout(result.stderr, '/a.py').join('\n'), /a\.py: too many levels of symbolic links$/);
  assert.match(linesAbout(result.stderr, 'dangling.py').join('\n'), /dangling\.py: broken symbolic link \(its target does not exist\)$/);
  const findings = JSON.parse(result.stdout) as { file: string }[];
  assert.deepEqual(findings.map((f) => f.file), ['app.py']);
  // Named explicitly: same messages.
  const explicit = run(['check', 'self.py', 'dangling.py'], dir);
  assert.equal(explicit.status, 2);
  assert.match(explicit.stderr, /self\.py: too many levels of symbolic links/);
  assert.match(explicit.stderr, /dangling\.py: no such file or directory/);
});

test('a file name that is not UTF-8 is named in a clear message; UTF-8 and non-UTF-8 content are fine', () => {
  const dir = workspace({ 'app.py': SLEEPY, 'café.py': SLEEPY, 'latin1-content.py': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from(`\n${SLEEPY}`)]) });
  writeFileSync(Buffer.from(`${dir}/bad-\xff-name.py`, 'latin1'), SLEEPY);
  const result = run(['check', '--format', 'json', '.'], dir);
  assert.equal(result.status, 2, result.stderr);
  const about = linesAbout(result.stderr, 'bad-');
  assert.equal(about.length, 1, result.stderr);
  assert.match(about[0]!, /bad-\uFFFD-name\.py: file name is not valid UTF-8; rename the file to check it$/);
  const findings = JSON.parse(result.stdout) as { file: string; line: number }[];
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line}`), ['app.py:4', 'café.py:4', 'latin1-content.py:5']);
  // Named on the command line (as bytes, the way a shell passes it).
  const explicit = spawnSync('/bin/sh', ['-c', `exec "$0" "$1" check "$(printf 'bad-\\377-name.py')"`, process.execPath, CLI], { cwd: dir, encoding: 'utf8' });
  assert.equal(explicit.status, 2, explicit.stderr);
  assert.match(explicit.stderr, /bad-\uFFFD-name\.py: no such file or directory \(the path is not valid UTF-8; rename the file to check it\)/);
});

test('a pipe named like a source file never blocks the run', () => {
  const dir = workspace({ 'app.py': SLEEPY });
  execFileSync('mkfifo', [join(dir, 'pipe.py')]);
  const walked = run(['check', '.'], dir, { timeout: 30_000 });
  assert.equal(walked.status, 1, walked.stderr);
  assert.equal(linesAbout(walked.stderr, 'pipe.py').length, 0, 'a folder walk ignores what is not a regular file');
  const explicit = run(['check', 'pipe.py', 'app.py'], dir, { timeout: 30_000 });
  assert.equal(explicit.status, 2, `timed out or wrong status: ${explicit.stderr}`);
  assert.deepEqual(linesAbout(explicit.stderr, 'pipe.py'), ['looplens: pipe.py: not a regular file (a pipe, socket or device is never read)']);
});

test('huge and hostile files: each skipped or analysed within budget, with one clear line', { timeout: 300_000 }, (t) => {
  const dir = workspace({
    'huge.py': hugePython(20 * 1024 * 1024),
    'bundle.min.js': minifiedBundle(2 * 1024 * 1024),
    'deep.py': deepExpression(10_000, true),
    'deep.ts': deepExpression(10_000, false),
    'image.py': binaryBytes(256 * 1024),
    'app.py': SLEEPY,
  });
  const result = run(['check', '--jobs', '1', '.'], dir);
  t.diagnostic(`default limits: ${Math.round(result.ms)} ms`);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(linesAbout(result.stderr, 'huge.py'), ['looplens: skipped huge.py: file is 20480 KB, over the 1024 KB limit (setting looplens.maxFileSizeKb)']);
  assert.deepEqual(linesAbout(result.stderr, 'bundle.min.js'), ['looplens: skipped bundle.min.js: file is 2048 KB, over the 1024 KB limit (setting looplens.maxFileSizeKb)']);
  for (const name of ['deep.py', 'deep.ts']) {
    assert.deepEqual(linesAbout(result.stderr, name), [`looplens: skipped ${name}: the code is nested more than 500 levels deep (syntax tree depth); too deep to analyse`]);
  }
  assert.deepEqual(linesAbout(result.stderr, 'image.py'), ['looplens: skipped image.py: file looks binary (contains NUL bytes)']);
  assert.match(result.stdout, /^app\.py:4:5: py\/blocking-sleep/m);
  assert.ok(result.ms < 60_000, `the run took ${Math.round(result.ms)} ms`);

  // With the size limit raised, the 2 MB one-line bundle is skipped as minified — one line.
  const raised = run(['check', '--jobs', '1', '--max-file-size-kb', '4096', 'bundle.min.js'], dir);
  t.diagnostic(`2 MB bundle with the limit raised: ${Math.round(raised.ms)} ms, exit ${raised.status}, ${raised.stderr.trim()}`);
  assert.ok(raised.status === 0 || raised.status === 1, raised.stderr);
  const about = linesAbout(raised.stderr, 'bundle.min.js');
  assert.ok(about.length <= 1, raised.stderr);
  assert.match(about[0] ?? '', /^looplens: skipped bundle\.min\.js: minified file \(\*\.min\.js\), not analysed$/);
  assert.ok(raised.ms < 120_000);
});

function bigWorkspace(count: number): string {
  const files: Record<string, string> = {};
  const python = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'python', 'blocking-sleep.py'), 'utf8');
  const typescript = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'typescript', 'floating-promise.ts'), 'utf8');
  for (let i = 0; i < count; i++) {
    files[`p${i}.py`] = python;
    files[`t${i}.ts`] = typescript;
  }
  return workspace(files);
}

/** Starts the CLI, interrupts it once `ready` says so, and collects everything it wrote. */
function interrupt(args: string[], cwd: string, ready: (child: ReturnType<typeof spawn>, startedMs: number) => Promise<void>, env: Record<string, string> = {}): Promise<Run & { afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let signalled = 0;
    void ready(child, started).then(() => {
      signalled = performance.now();
      child.kill('SIGINT');
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started, afterSignalMs: performance.now() - signalled }));
    }, reject);
  });
}

/** Whether process `pid` has installed a SIGINT handler (Linux: SigCgt in /proc; elsewhere assume so after start-up). */
function catchesSigint(pid: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & (1n << 1n)) !== 0n;
  } catch {
    return true;
  }
}

/** Waits (in steps of the event loop, up to `limitMs`) until `condition` holds. */
async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const end = performance.now() + limitMs;
  while (!condition() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
}

for (const jobs of ['1', '2']) {
  test(`Ctrl+C during the analysis (--jobs ${jobs}): "interrupted", exit 130 promptly, no output at all`, { timeout: 180_000 }, async () => {
    const dir = bigWorkspace(300);
    // The test hook holds the analysis of the first file (it never finishes) and says so by writing the marker:
    // interrupt once the CLI handles SIGINT and the analysis is under way — the run cannot have finished first.
    const marker = join(dir, 'held.marker');
    const result = await interrupt(['check', '--format', 'json', '--jobs', jobs, '.'], dir, async (child) => {
      await until(() => catchesSigint(child.pid!) && existsSync(marker), 60_000);
      assert.ok(existsSync(marker), 'the analysis started');
    }, { LOOPLENS_TEST_HOLD_ANALYSIS: marker });
    assert.equal(result.status, 130, `exit ${result.status}: ${result.stderr}`);
    assert.equal(result.stdout, '', 'no half-written JSON');
    assert.equal(result.stderr, 'looplens: interrupted\n');
    assert.ok(result.afterSignalMs < 30_000, `exited ${Math.round(result.afterSignalMs)} ms after SIGINT`);
  });
}

test('Ctrl+C while the results are being written: the JSON is finished, then exit 130', { timeout: 180_000 }, async () => {
  const dir = bigWorkspace(150);
  // Nobody reads stdout at first, so the CLI blocks writing its results (MBs of JSON) into the pipe.
  const result = await interrupt(['check', '--format', 'json', '--jobs', '1', '.'], dir, (child) => until(() => (child.stdout?.readableLength ?? 0) > 0, 170_000));
  assert.equal(result.status, 130, result.stderr);
  const findings = JSON.parse(result.stdout) as unknown[];
  assert.ok(findings.length > 150, `complete JSON with every finding (${findings.length})`);
});

test('a parser crash (WebAssembly trap) on one file skips that file with a clear line and the next files get a fresh parser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-trap-'));
  const first = join(dir, 'first.py');
  const second = join(dir, 'second.py');
  writeFileSync(first, SLEEPY);
  writeFileSync(second, SLEEPY);
  let created = 0;
  const slot = new ParserSlot(() => {
    created++;
    if (created === 1) {
      return { parse: () => Promise.reject(new WebAssembly.RuntimeError('memory access out of bounds')), dispose: () => assert.fail('a crashed runtime is never called again') };
    }
    return new SourceParser();
  });
  try {
    const crashed = await checkFile(slot, first, { severities: {}, maxFileSizeKb: 1024 });
    assert.equal(crashed.ioError, true);
    assert.equal(crashed.analysed, undefined);
    assert.deepEqual(crashed.stderr, [`looplens: ${first}: the parser crashed (RuntimeError: memory access out of bounds); this file was skipped and the parser restarted for the next files\n`]);
    const next = await checkFile(slot, second, { severities: {}, maxFileSizeKb: 1024 });
    assert.deepEqual(next.analysed?.found.map((f) => f.ruleId), ['py/blocking-sleep']);
    assert.equal(created, 2);
    // Ordinary errors are not traps: they are not swallowed as a crash.
    const failing = new ParserSlot(() => ({ parse: () => Promise.reject(new TypeError('bug')), dispose: () => undefined }));
    await assert.rejects(checkFile(failing, second, { severities: {}, maxFileSizeKb: 1024 }), TypeError);
  } finally {
    slot.dispose();
  }
});
