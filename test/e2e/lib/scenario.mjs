// Declares a group of e2e steps that share one workbench page. Steps run in
// order; a failing step saves a screenshot of the page under test-results/e2e/.
import { after, before, describe, test } from 'node:test';
import { Workbench } from './workbench.mjs';

const STEP_TIMEOUT_MS = 180_000;

/**
 * scenario('python: py/blocking-sleep', (step) => {
 *   step('shows the finding in Problems', async (wb) => { ... });
 * });
 *
 * Options: `fixture` (workspace folder to copy), `prepare(dir)` (adds files
 * before the page opens), `server: 'restricted'` (the trust-on code-server).
 */
export function scenario(name, body, { fixture, prepare, server } = {}) {
  describe(name, () => {
    let workbench;
    before(async () => {
      workbench = await Workbench.launch({ name, prepare, ...(fixture ? { fixture } : {}), ...(server ? { server } : {}) });
    }, { timeout: STEP_TIMEOUT_MS });
    after(async () => {
      await workbench?.close();
    });
    body((stepName, fn) =>
      test(stepName, { timeout: STEP_TIMEOUT_MS }, async () => {
        if (!workbench) throw new Error('the workbench did not open (see the launch screenshot)');
        try {
          await fn(workbench);
        } catch (error) {
          await workbench.screenshot(`${name}--${stepName}`);
          throw error;
        }
      }),
    );
  });
}
