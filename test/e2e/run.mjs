#!/usr/bin/env node
// Runs the end-to-end suite (`npm run test:e2e`): Loop Lens packaged as a
// .vsix, installed into the VS Code served by code-server, driven in Chromium.
//
//   1. ensure code-server is installed (test/e2e/setup.sh, cached outside the repo)
//   2. build for production and package the .vsix in a staging copy of the
//      repository, leaving dist/ alone (or use LOOPLENS_E2E_VSIX)
//   3. install it into a fresh extensions dir, start code-server on a free port
//      (with workspace trust disabled); scenarios named `restricted-*.test.mjs`
//      get a second code-server with workspace trust on (Restricted Mode),
//      with its own user data, extensions and settings, started only when
//      such a scenario is selected
//   4. start Chromium (playwright-core's browser server)
//   5. run test/e2e/scenarios/*.test.mjs with node:test, one file at a time
//   6. stop both code-servers and Chromium: always, also on failure and on SIGINT
//
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=hover);
// arguments ending in .mjs replace the default list of scenario files.
// Environment: LOOPLENS_E2E_CACHE (code-server cache root), LOOPLENS_CHROMIUM
// (browser, default /usr/bin/chromium), LOOPLENS_E2E_VSIX (skip packaging),
// LOOPLENS_E2E_TIMEOUT_MS (whole-run bound, default 20 minutes),
// LOOPLENS_E2E_KEEP=1 (keep the temporary directory for inspection).
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { waitFor } from './lib/wait.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../..');
const resultsDir = join(repoRoot, 'test-results/e2e');
const chromiumPath = process.env.LOOPLENS_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const runTimeoutMs = Number(process.env.LOOPLENS_E2E_TIMEOUT_MS ?? 20 * 60_000);
const started = Date.now();

const log = (message) => console.error(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

// ---- cleanup: every resource registers how to release it --------------------

const cleanups = [];
let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    for (const release of cleanups.reverse()) {
      try {
        await release();
      } catch (error) {
        console.error(`[e2e] cleanup: ${error.message}`);
      }
    }
  })();
  return cleaningUp;
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    log(`${signal}: stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(code));
  });
}
const watchdog = setTimeout(() => {
  log(`the run exceeded ${runTimeoutMs} ms: stopping`);
  void cleanup().finally(() => process.exit(1));
}, runTimeoutMs);
watchdog.unref();

// ---- processes ---------------------------------------------------------------

/** Runs a command to completion; rejects with its output tail on failure. */
function run(command, args, { cwd = repoRoot, env = process.env, what = command, showProgress = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; output += chunk; });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (showProgress) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}):\n${output.trim().split('\n').slice(-40).join('\n')}`));
    });
  });
}

/** Stops a detached process group: SIGTERM, then SIGKILL if it outlives the bound. */
async function stopGroup(child, name, boundMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const timer = new Promise((resolvePromise) => setTimeout(resolvePromise, boundMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    log(`${name} ignored SIGTERM for ${boundMs} ms: killing it`);
    signalGroup('SIGKILL');
    await exited;
  }
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolvePromise) => {
    const request = get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolvePromise(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolvePromise(0));
  });
}

// ---- steps -------------------------------------------------------------------

async function ensureCodeServer() {
  const stdout = await run('bash', [join(here, 'setup.sh')], { what: 'test/e2e/setup.sh', showProgress: true });
  const launcher = stdout.trim().split('\n').at(-1);
  if (!launcher || !existsSync(launcher)) throw new Error(`setup.sh did not print a code-server launcher (got "${launcher}")`);
  return launcher;
}

/** Top-level entries of the repository that packaging never needs. */
const notPackagingInputs = new Set(['node_modules', 'dist', '.git', 'test-results', '.vscode-test']);

/**
 * Builds for production and packages the .vsix in a staging copy of the
 * repository, so the working tree's dist/ (the development build, with the
 * test bundles) is left alone.
 */
async function packageExtension(tmp) {
  if (process.env.LOOPLENS_E2E_VSIX) return resolve(process.env.LOOPLENS_E2E_VSIX);
  const stage = join(tmp, 'package');
  cpSync(repoRoot, stage, {
    recursive: true,
    filter: (path) => {
      const top = relative(repoRoot, path).split(sep)[0];
      return !notPackagingInputs.has(top) && !top.startsWith('.tmp') && !top.endsWith('.vsix');
    },
  });
  symlinkSync(join(repoRoot, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const vsix = join(tmp, 'looplens.vsix');
  await run(process.execPath, ['esbuild.mjs', '--production'], { cwd: stage, what: 'node esbuild.mjs --production' });
  await run(join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], { cwd: stage, what: 'vsce package' });
  return vsix;
}

/** The integration-suite scenario loads the development build from dist/: build it if missing. */
async function ensureDevelopmentBuild() {
  if (existsSync(join(repoRoot, 'dist/extension.js')) && existsSync(join(repoRoot, 'dist/test/integration'))) return;
  await run(process.execPath, ['esbuild.mjs'], { what: 'node esbuild.mjs' });
}

/** Settings that keep the workbench quiet and deterministic for a robot user. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'files.hotExit': 'off',
  'files.autoSave': 'off',
  // A fresh .ipynb may otherwise come up in the text editor (scenarios/notebook.test.mjs needs the notebook editor).
  'workbench.editorAssociations': { '*.ipynb': 'jupyter-notebook' },
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.parameterHints.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.formatOnType': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.lightbulb.enabled': 'on',
  'problems.autoReveal': false,
};

/**
 * The trust-on instance: workspace trust as a user has it (the startup prompt
 * included, which the scenario answers with "No, I don't trust the authors"),
 * with the prompt shown for every folder and the banner kept visible.
 */
const restrictedSettings = {
  ...userSettings,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'always',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.emptyWindow': false,
  // The hostile timeline programs of the Restricted Mode scenario (test/hostile) meet these limits quickly.
  // User settings: in Restricted Mode the folder's own settings cannot change them.
  'looplens.timeline.timeLimitSeconds': 10,
  'looplens.timeline.memoryLimitMb': 256,
};

/** Scenario files run against the trust-on code-server (see restrictedSettings). */
const needsRestricted = (file) => /^restricted-.*\.test\.mjs$/.test(file.split(sep).at(-1));

/**
 * Installs the .vsix into a fresh extensions dir and starts a code-server on
 * it, in `tmp/<name>` (its own user data, settings, extensions and logs).
 * `trust: false` is the everyday instance (workspace trust disabled, smoke-test
 * driver on for the integration suite); `trust: true` keeps workspace trust on.
 */
async function startCodeServer(launcher, tmp, vsix, { name, trust }) {
  const home = join(tmp, name);
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const xdg = join(home, 'xdg');
  const config = join(home, 'code-server.yaml');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(trust ? restrictedSettings : userSettings, null, 2));
  writeFileSync(config, 'auth: none\ncert: false\n');
  // code-server keeps its own logs under XDG_DATA_HOME: keep them in tmp too.
  const env = { ...process.env, XDG_DATA_HOME: xdg, XDG_CONFIG_HOME: xdg };
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  const installed = await run(launcher, [...common, '--install-extension', vsix, '--force'], { env, what: 'code-server --install-extension' });
  if (!/successfully installed/i.test(installed)) throw new Error(`installing the .vsix said:\n${installed}`);

  const workspace = join(home, 'workspace');
  cpSync(join(here, 'workspace'), workspace, { recursive: true });
  const port = await freePort();
  const logFile = join(home, 'code-server.log');
  const logStream = createWriteStream(logFile);
  const child = spawn(launcher, [
    ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    ...(trust ? [] : [
      '--disable-workspace-trust',
      // Lets a page's `payload` load a development extension and its tests
      // (scenarios/integration-suite.test.mjs); nothing else changes for the user.
      '--vscode-option', 'enable-smoke-test-driver=true',
    ]),
    workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  cleanups.push(() => stopGroup(child, `code-server (${name})`));
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(`code-server (${name}) to answer /healthz`, async () => {
    if (child.exitCode !== null) throw new Error(`code-server (${name}) exited with ${child.exitCode}; see ${logFile}`);
    return (await httpStatus(`${url}healthz`)) === 200;
  }, { timeout: 60_000, interval: 250 });
  return { name, url, userData, logFile };
}

async function startChromium() {
  if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath} (apt-get install chromium, or set LOOPLENS_CHROMIUM)`);
  const server = await chromium.launchServer({
    executablePath: chromiumPath, args: chromiumArgs, headless: true, timeout: 60_000,
    // run.mjs owns the signals: Playwright's own handlers would exit before code-server is stopped.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  cleanups.push(async () => {
    await Promise.race([server.close(), new Promise((r) => setTimeout(r, 10_000))]);
    await server.kill();
  });
  return server.wsEndpoint();
}

/** The scenario files to run: those named on the command line, or all of scenarios/. */
function scenarioFiles() {
  const scenarioDir = join(here, 'scenarios');
  const chosen = process.argv.slice(2).filter((arg) => arg.endsWith('.mjs')).map((file) => resolve(file));
  return chosen.length ? chosen : readdirSync(scenarioDir).filter((name) => name.endsWith('.test.mjs')).sort().map((name) => join(scenarioDir, name));
}

function runScenarios(files, env) {
  const extra = process.argv.slice(2);
  const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...extra.filter((arg) => !arg.endsWith('.mjs')), ...files];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    cleanups.push(() => { if (child.exitCode === null) child.kill('SIGTERM'); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

function keepLogs(codeServers) {
  const target = join(resultsDir, 'logs');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const codeServer of codeServers) {
    // The everyday instance keeps the layout it always had; the trust-on one goes in a subfolder.
    const dir = codeServer.name === 'default' ? target : join(target, codeServer.name);
    mkdirSync(dir, { recursive: true });
    if (existsSync(codeServer.logFile)) cpSync(codeServer.logFile, join(dir, 'code-server.log'));
    if (existsSync(join(codeServer.userData, 'logs'))) cpSync(join(codeServer.userData, 'logs'), join(dir, 'vscode'), { recursive: true });
  }
  log(`logs saved under ${target}`);
}

async function main() {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'looplens-e2e-'));
  cleanups.push(() => {
    if (process.env.LOOPLENS_E2E_KEEP) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const codeServers = [];
  let status = 1;
  try {
    const files = scenarioFiles();
    const instances = [
      ...(files.some((file) => !needsRestricted(file)) ? [{ name: 'default', trust: false, env: 'LOOPLENS_E2E_URL' }] : []),
      ...(files.some(needsRestricted) ? [{ name: 'restricted', trust: true, env: 'LOOPLENS_E2E_URL_RESTRICTED' }] : []),
    ];
    log('ensuring code-server (test/e2e/setup.sh)');
    log('building and packaging the extension (in a staging copy)');
    const [launcher, vsix] = await Promise.all([ensureCodeServer(), packageExtension(tmp), ensureDevelopmentBuild()]);
    log(`installing the .vsix and starting code-server: ${instances.map((i) => `${i.name} (workspace trust ${i.trust ? 'on' : 'off'})`).join(', ')}`);
    const env = { LOOPLENS_E2E_TMP: tmp, LOOPLENS_E2E_RESULTS: resultsDir };
    // allSettled: when one fails, the other has finished starting (and registered its cleanup) before cleanup runs.
    const startups = await Promise.allSettled(instances.map(async (instance) => {
      const codeServer = await startCodeServer(launcher, tmp, vsix, instance);
      codeServers.push(codeServer);
      env[instance.env] = codeServer.url;
      log(`code-server (${instance.name}) ready at ${codeServer.url}`);
    }));
    const failed = startups.find((startup) => startup.status === 'rejected');
    if (failed) throw failed.reason;
    log('starting Chromium');
    env.LOOPLENS_E2E_WS = await startChromium();
    log('running the scenarios');
    status = await runScenarios(files, env);
  } catch (error) {
    console.error(`[e2e] ${error.stack ?? error}`);
    status = 1;
  }
  if (status !== 0) keepLogs(codeServers);
  await cleanup();
  clearTimeout(watchdog);
  process.exit(status);
}

await main();
