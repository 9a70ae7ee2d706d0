// Entry point VS Code loads as `extensionTestsPath`: runs the tests registered
// by the bundled suite (dist/test/integration/**/*.test.js) inside the
// extension host, one at a time, and rejects when any fails.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const REGISTRY = Symbol.for('looplens.integration.suites');
// With LOOPLENS_INTEGRATION_REPORT=json, each result is also printed as one
// `[looplens-integration] {json}` line, read by the e2e suite when it runs
// these tests in code-server's extension host.
const REPORT_PREFIX = '[looplens-integration] ';
function report(event) {
  if (process.env.LOOPLENS_INTEGRATION_REPORT === 'json') console.log(REPORT_PREFIX + JSON.stringify(event));
}
function errorText(error) {
  return error && error.stack ? String(error.stack) : String(error);
}

function listBundles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listBundles(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let reportedDone = false;

async function run() {
  try {
    await runAll();
  } catch (error) {
    if (!reportedDone) report({ done: true, passed: 0, failed: 0, fatal: errorText(error) });
    throw error;
  }
}

async function runAll() {
  const dist = process.env.LOOPLENS_INTEGRATION_DIST;
  if (!dist) throw new Error('LOOPLENS_INTEGRATION_DIST is not set (run through test/integration/runTests.mjs)');
  const bundles = listBundles(dist);
  if (bundles.length === 0) throw new Error(`no *.test.js bundles under ${dist}: run \`npm run build\` first`);
  for (const bundle of bundles) require(bundle);
  const suites = globalThis[REGISTRY] ?? [];
  const grep = process.env.LOOPLENS_INTEGRATION_GREP ? new RegExp(process.env.LOOPLENS_INTEGRATION_GREP) : undefined;
  let passed = 0;
  const failures = [];
  const started = Date.now();
  console.log(`[integration] ${bundles.map((b) => relative(dist, b)).join(', ')}`);
  for (const suite of suites) {
    const tests = suite.tests.filter((t) => !grep || grep.test(`${suite.name} ${t.name}`));
    if (tests.length === 0) continue;
    console.log(`▶ ${suite.name}`);
    try {
      if (suite.hooks.before) await withTimeout(Promise.resolve().then(suite.hooks.before), 60_000, `${suite.name}: before`);
    } catch (error) {
      console.log(`  ✖ before all: ${errorText(error)}`);
      for (const t of tests) {
        failures.push({ name: `${suite.name} › ${t.name}`, error });
        report({ suite: suite.name, name: t.name, ok: false, error: `before all: ${errorText(error)}` });
      }
      continue;
    }
    for (const t of tests) {
      const testStarted = Date.now();
      try {
        await withTimeout(Promise.resolve().then(t.body), t.timeoutMs, t.name);
        passed++;
        console.log(`  ✔ ${t.name} (${Date.now() - testStarted} ms)`);
        report({ suite: suite.name, name: t.name, ok: true, ms: Date.now() - testStarted });
      } catch (error) {
        failures.push({ name: `${suite.name} › ${t.name}`, error });
        console.log(`  ✖ ${t.name} (${Date.now() - testStarted} ms)\n${indent(errorText(error))}`);
        report({ suite: suite.name, name: t.name, ok: false, ms: Date.now() - testStarted, error: errorText(error) });
      }
    }
    try {
      if (suite.hooks.after) await withTimeout(Promise.resolve().then(suite.hooks.after), 60_000, `${suite.name}: after`);
    } catch (error) {
      failures.push({ name: `${suite.name} › after all`, error });
      report({ suite: suite.name, name: 'after all', ok: false, error: errorText(error) });
    }
  }
  report({ done: true, passed, failed: failures.length });
  reportedDone = true;
  console.log(`ℹ tests ${passed + failures.length}\nℹ pass ${passed}\nℹ fail ${failures.length}\nℹ duration_ms ${Date.now() - started}`);
  if (passed + failures.length === 0) throw new Error('no integration tests ran');
  if (failures.length > 0) throw new Error(`${failures.length} integration test(s) failed: ${failures.map((f) => f.name).join('; ')}`);
}

function indent(text) {
  return text.split('\n').map((line) => `      ${line}`).join('\n');
}

module.exports = { run };
