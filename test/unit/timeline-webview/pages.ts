/** Shared set-up of the browser tests: one harness per test file and a page helper that checks the page stayed clean. */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { TimelineModel } from '../../../src/timeline/model';
import { WebviewHarness, browserUnavailable, type LoadedPage } from './harness';

export const update = (model: TimelineModel, fileName = 'example.js', version = 1) => ({ type: 'update', model, fileName, version });

export interface BrowserSuite {
  /** `skip` option for `test()`: a reason when Chromium is missing outside CI, else false. */
  readonly skip: string | false;
  withPage(options: Parameters<WebviewHarness['open']>[0], body: (page: LoadedPage) => Promise<void>): Promise<void>;
}

/** Call inside a `describe`: starts Chromium before its tests and stops it after. */
export function browserSuite(): BrowserSuite {
  const unavailable = browserUnavailable();
  const harness = new WebviewHarness();
  before(async () => {
    if (unavailable) {
      if (process.env.CI === 'true') throw new Error(`The webview tests need Chromium in CI: ${unavailable}`);
      return;
    }
    await harness.start();
  });
  after(async () => {
    if (!unavailable) await harness.stop();
  });
  return {
    skip: unavailable && process.env.CI !== 'true' ? `skipped: ${unavailable}` : false,
    async withPage(options, body) {
      const loaded = await harness.open(options);
      try {
        await body(loaded);
        const record = await loaded.record();
        assert.deepEqual(record.violations, [], 'no CSP violations');
        assert.deepEqual(loaded.errors, [], 'no page errors');
        assert.deepEqual(loaded.dialogs, [], 'no dialogs (no script from the data ran)');
      } finally {
        await loaded.close();
      }
    },
  };
}
