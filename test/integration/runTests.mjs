#!/usr/bin/env node
// Runs the @vscode/test-electron suite (`npm run test:integration`).
//
// VS Code comes from LOOPLENS_VSCODE_PATH (or VSCODE_EXECUTABLE_PATH); without
// one, it is downloaded only if the update server answers within a few
// seconds. With neither, this prints one "skipped" line and exits 0: it never
// reports a pass it did not run.
//
// The suite (test/integration/suite/*.test.ts, bundled by esbuild.mjs into
// dist/test/integration/) runs in the extension host through runner.cjs, on a
// temporary copy of the fixture workspace shared with the e2e suite
// (test/e2e/workspace). LOOPLENS_INTEGRATION_GREP filters tests by name.
//
// The same bundled tests also run in code-server's VS Code as part of the e2e
// suite (test/e2e/scenarios/integration-suite.test.mjs), which works offline;
// this script only ever runs them in an Electron VS Code.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../..');
const SKIPPED = 'skipped: no VS Code available (set LOOPLENS_VSCODE_PATH to run the @vscode/test-electron suite)';
const UPDATE_SERVER = 'https://update.code.visualstudio.com/api/releases/stable';
const PROBE_TIMEOUT_MS = 3_000;

/** True when the VS Code update server answers (DNS, TCP and TLS included) within the bound. */
function updateServerReachable() {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolvePromise(false);
    }, PROBE_TIMEOUT_MS);
    const req = request(UPDATE_SERVER, { method: 'HEAD' }, (response) => {
      clearTimeout(timer);
      response.resume();
      resolvePromise((response.statusCode ?? 500) < 500);
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolvePromise(false);
    });
    req.end();
  });
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** On a Linux machine without a display, starts Xvfb (when installed) for Electron. */
async function ensureDisplay(cleanups) {
  if (process.platform !== 'linux' || process.env.DISPLAY) return {};
  if (!onPath('Xvfb')) {
    console.error('[integration] no DISPLAY and no Xvfb: VS Code may fail to start (apt-get install xvfb)');
    return {};
  }
  const number = 90 + (process.pid % 500);
  const xvfb = spawn('Xvfb', [`:${number}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  cleanups.push(() => xvfb.kill('SIGTERM'));
  // Bounded wait for the server's socket.
  const socket = `/tmp/.X11-unix/X${number}`;
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (xvfb.exitCode !== null || Date.now() > deadline) throw new Error(`Xvfb :${number} did not start`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
  }
  return { DISPLAY: `:${number}` };
}

async function main() {
  const configured = process.env.LOOPLENS_VSCODE_PATH || process.env.VSCODE_EXECUTABLE_PATH;
  if (configured && !existsSync(configured)) {
    console.error(`[integration] ${configured} (from LOOPLENS_VSCODE_PATH/VSCODE_EXECUTABLE_PATH) does not exist`);
    return 1;
  }
  if (!configured && !(await updateServerReachable())) {
    console.log(SKIPPED);
    return 0;
  }

  const suiteDist = join(repoRoot, 'dist/test/integration');
  if (!existsSync(join(repoRoot, 'dist/extension.js')) || !existsSync(suiteDist)) {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) return 1;
  }

  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const cleanups = [];
  const tmp = mkdtempSync(join(tmpdir(), 'looplens-integration-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  try {
    const workspace = join(tmp, 'workspace');
    cpSync(join(repoRoot, 'test/e2e/workspace'), workspace, { recursive: true });
    const vscodeExecutablePath = configured ?? (await downloadAndUnzipVSCode('stable'));
    const displayEnv = await ensureDisplay(cleanups);
    Object.assign(process.env, displayEnv);
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(here, 'runner.cjs'),
      extensionTestsEnv: { LOOPLENS_INTEGRATION_DIST: suiteDist },
      launchArgs: [workspace, '--disable-extensions', '--disable-gpu', `--user-data-dir=${join(tmp, 'user-data')}`, `--extensions-dir=${join(tmp, 'extensions')}`],
    });
    return 0;
  } catch (error) {
    console.error(`[integration] ${error instanceof Error ? error.message : error}`);
    return 1;
  } finally {
    for (const release of cleanups.reverse()) release();
  }
}

process.exitCode = await main();
