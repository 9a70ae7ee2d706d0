// Runs the @vscode/test-electron suite (test/integration) inside the VS Code
// that code-server serves: the repository is loaded as a development
// extension and runner.cjs runs the bundled tests in the remote extension
// host, whose console output reaches the page. This way the API-level checks
// (executeHoverProvider, executeCodeActionProvider, settings) run here and in
// CI too, where no Electron VS Code can be downloaded; each of their results
// is reported as a node:test subtest.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Workbench, repoRoot } from '../lib/workbench.mjs';
import { waitFor } from '../lib/wait.mjs';

const PREFIX = '[looplens-integration] ';
const SUITE_DIST = join(repoRoot, 'dist/test/integration');

function reports(messages) {
  return messages.flatMap((text) =>
    text
      .split('\n')
      .map((line) => line.replace(/^%c\s*\w+\s+color:\s*\S+\s*/, ''))
      .filter((line) => line.startsWith(PREFIX))
      .map((line) => JSON.parse(line.slice(PREFIX.length))),
  );
}

test('integration suite in code-server\'s extension host', { timeout: 300_000 }, async (t) => {
  assert.ok(existsSync(SUITE_DIST), `${SUITE_DIST} is missing: run \`npm run build\` first`);
  const workbench = await Workbench.launch({
    name: 'integration-suite',
    payload: [
      ['extensionDevelopmentPath', Workbench.remoteUri(repoRoot)],
      ['extensionTestsPath', Workbench.remoteUri(join(repoRoot, 'test/integration/runner.cjs'))],
      ['extensionEnvironment', JSON.stringify({ LOOPLENS_INTEGRATION_DIST: SUITE_DIST, LOOPLENS_INTEGRATION_REPORT: 'json' })],
      ['skipWelcome', 'true'],
    ],
  });
  let results;
  try {
    results = await waitFor('the integration suite to finish', () => reports(workbench.consoleMessages), {
      timeout: 240_000,
      interval: 250,
      accept: (events) => events.some((event) => event.done),
    });
  } catch (error) {
    await workbench.screenshot('integration-suite');
    throw error;
  } finally {
    await workbench.close();
  }
  const done = results.find((event) => event.done);
  assert.equal(done.fatal, undefined, `the runner failed: ${done.fatal}`);
  for (const event of results) if (event.note) console.log(`[e2e] integration: ${event.note}`);
  const tests = results.filter((event) => !event.done && !event.note);
  assert.ok(tests.length > 0, 'no integration test ran');
  for (const result of tests) {
    await t.test(`${result.suite} › ${result.name}`, () => {
      if (!result.ok) throw new Error(result.error);
    });
  }
});
