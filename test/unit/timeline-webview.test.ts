/**
 * The timeline webview: protocol guards against malformed and hostile
 * messages, the HTML shell's CSP, the pure layout, and the real bundle
 * rendered in Chromium (lanes, stepping, reveal, exports, hostile text,
 * screenshots per theme kind in test-results/webview/).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GEOMETRY, computeLayout, orderLanes, stepsOnLine } from '../../media/timeline/layout';
import { formatTime, timelineToText } from '../../media/timeline/format';
import { buildTimelineHtml, contentSecurityPolicy, createNonce } from '../../src/features/timelineHtml';
import type { TimelineModel } from '../../src/timeline/model';
import {
  PROTOCOL_LIMITS,
  isHostToWebviewMessage,
  isTimelineModel,
  isTimelineWebviewState,
  isWebviewToHostMessage,
} from '../../src/timeline/protocol';
import { HOSTILE, JS_MODEL, PYTHON_MODEL } from './timeline-webview/fixtures';
import { WebviewHarness, browserUnavailable, type LoadedPage } from './timeline-webview/harness';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'webview');
const update = (model: TimelineModel, fileName = 'example.js', version = 1) => ({ type: 'update', model, fileName, version });

describe('timeline protocol guards', () => {
  test('accept every well-formed message', () => {
    for (const message of [
      update(JS_MODEL),
      update(PYTHON_MODEL, 'main.py', 7),
      { type: 'stale' },
      { type: 'cursor', line: 3 },
      { type: 'cursor', line: null },
      { type: 'error', message: 'boom' },
    ]) {
      assert.ok(isHostToWebviewMessage(message), JSON.stringify(message).slice(0, 80));
    }
    for (const message of [
      { type: 'ready' },
      { type: 'reveal', line: 2, column: 1, endLine: 2, endColumn: 10 },
      { type: 'copyText', text: 'x' },
      { type: 'saveSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
      { type: 'savePng', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
    ]) {
      assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
    }
  });

  test('reject malformed and hostile webview → host messages', () => {
    const inherited = Object.create({ type: 'ready' }) as object;
    class Impostor {
      type = 'ready';
    }
    const bad: unknown[] = [
      null, undefined, 'ready', 42, [], [{ type: 'ready' }], {}, { type: 'READY' }, { type: '__proto__' }, { type: 'constructor' },
      inherited, new Impostor(),
      { type: 'reveal', line: '1', column: 1, endLine: 1, endColumn: 1 },
      { type: 'reveal', line: 0, column: 1, endLine: 1, endColumn: 1 },
      { type: 'reveal', line: -3, column: 1, endLine: 1, endColumn: 1 },
      { type: 'reveal', line: 1.5, column: 1, endLine: 2, endColumn: 1 },
      { type: 'reveal', line: Number.NaN, column: 1, endLine: 1, endColumn: 1 },
      { type: 'reveal', line: Number.POSITIVE_INFINITY, column: 1, endLine: 1, endColumn: 1 },
      { type: 'reveal', line: 5, column: 1, endLine: 4, endColumn: 1 },
      { type: 'reveal', line: 5, column: 9, endLine: 5, endColumn: 2 },
      { type: 'reveal', line: 1, column: 1 },
      { type: 'reveal', line: PROTOCOL_LIMITS.maxLine + 1, column: 1, endLine: PROTOCOL_LIMITS.maxLine + 1, endColumn: 1 },
      { type: 'copyText' },
      { type: 'copyText', text: { toString: () => 'x' } },
      { type: 'saveSvg', svg: '<script>alert(1)</script>' },
      { type: 'saveSvg', svg: 'hello' },
      { type: 'saveSvg', svg: 7 },
      { type: 'savePng', dataUrl: 'javascript:alert(1)' },
      { type: 'savePng', dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { type: 'savePng', dataUrl: 'data:image/png;base64,' },
      { type: 'savePng', dataUrl: 'data:image/png;base64,<img src=x onerror=alert(1)>' },
      { type: 'savePng', dataUrl: 'https://example.invalid/x.png' },
    ];
    for (const message of bad) assert.equal(isWebviewToHostMessage(message), false, String(JSON.stringify(message)));
    const huge = 'x'.repeat(PROTOCOL_LIMITS.maxExportLength + 1);
    assert.equal(isWebviewToHostMessage({ type: 'copyText', text: huge }), false);
  });

  test('reject malformed and hostile host → webview messages and models', () => {
    const broken = (patch: Record<string, unknown>) => update({ ...JS_MODEL, ...patch } as unknown as TimelineModel);
    const brokenStep = (patch: Record<string, unknown>) => broken({ steps: [{ ...JS_MODEL.steps[0], ...patch }] });
    const bad: unknown[] = [
      { type: 'update' },
      { type: 'update', model: JS_MODEL, fileName: 'a.js' },
      { type: 'update', model: JS_MODEL, fileName: 3, version: 1 },
      { type: 'update', model: JS_MODEL, fileName: 'a.js', version: -1 },
      { type: 'update', model: JSON.stringify(JS_MODEL), fileName: 'a.js', version: 1 },
      broken({ version: 2 }),
      broken({ language: 'ruby' }),
      broken({ module: 'amd' }),
      broken({ timeUnit: 'h' }),
      broken({ steps: 'many' }),
      broken({ output: [{ text: 1, t: 0, step: 1 }] }),
      broken({ output: [{ text: 'x', t: -1, step: 1 }] }),
      broken({ output: [{ text: 'x', t: 0, step: 1, stream: 'stdin' }] }),
      broken({ notes: [{ kind: 'rumour', message: 'x' }] }),
      broken({ notes: [{ kind: 'nondeterministic', message: 'x', orders: [[1, 2]] }] }),
      broken({ steps: [JS_MODEL.steps[0], JS_MODEL.steps[0]] }),
      brokenStep({ lane: 'task:' }),
      brokenStep({ lane: 'kernel' }),
      brokenStep({ kind: 'teleport' }),
      brokenStep({ t: Number.NaN }),
      brokenStep({ t: Number.POSITIVE_INFINITY }),
      brokenStep({ duration: -5 }),
      brokenStep({ cause: 'step 1' }),
      brokenStep({ approximate: 'yes' }),
      brokenStep({ label: 'x'.repeat(PROTOCOL_LIMITS.maxTextLength + 1) }),
      brokenStep({ line: 0 }),
      { type: 'cursor', line: 0 },
      { type: 'cursor', line: '3' },
      { type: 'cursor' },
      { type: 'error', message: ['x'] },
      { type: 'reveal', line: 1, column: 1, endLine: 1, endColumn: 1 },
    ];
    for (const message of bad) assert.equal(isHostToWebviewMessage(message), false, JSON.stringify(message).slice(0, 160));
    assert.ok(isTimelineModel(JS_MODEL) && isTimelineModel(PYTHON_MODEL));
  });

  test('the saved webview state is checked too', () => {
    assert.ok(isTimelineWebviewState({ model: JS_MODEL, fileName: 'a.js', version: 1, stepIndex: 3 }));
    assert.equal(isTimelineWebviewState({ model: JS_MODEL, fileName: 'a.js', version: 1, stepIndex: 99 }), false);
    assert.equal(isTimelineWebviewState({ model: { ...JS_MODEL, version: 0 }, fileName: 'a.js', version: 1, stepIndex: 0 }), false);
    assert.equal(isTimelineWebviewState('{}'), false);
  });
});

describe('timeline webview HTML', () => {
  const nonce = createNonce();
  const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
  const html = buildTimelineHtml({
    cspSource,
    nonce,
    scriptUri: `${cspSource}/ext/dist/webview/timeline.js`,
    styleUri: `${cspSource}/ext/dist/webview/timeline.css`,
  });

  test('has a strict Content Security Policy with a nonce', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(meta, 'CSP meta tag');
    const directives = new Map(meta[1]!.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [cspSource]);
    assert.deepEqual(directives.get('img-src'), [cspSource, 'data:']);
    assert.doesNotMatch(meta[1]!, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
    assert.equal(meta[1], contentSecurityPolicy(cspSource, nonce));
  });

  test('has no inline script, no inline handlers or styles, and every script carries the nonce', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attributes, body] of scripts) {
      assert.equal(body!.trim(), '', 'inline script body');
      assert.match(attributes!, new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
      assert.match(attributes!, /src="[^"]+"/);
    }
    assert.doesNotMatch(html, /\son\w+\s*=/i);
    assert.doesNotMatch(html, /\sstyle\s*=|<style/i);
  });

  test('nonces are crypto-random and checked; inputs are escaped, never data', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const value of nonces) assert.match(value, /^[A-Za-z0-9+/]{22}==$/);
    assert.throws(() => buildTimelineHtml({ cspSource, nonce: 'abc', scriptUri: 'x', styleUri: 'y' }));
    assert.throws(() => buildTimelineHtml({ cspSource: "x 'unsafe-inline'", nonce, scriptUri: 'x', styleUri: 'y' }));
    assert.throws(() => buildTimelineHtml({ cspSource: 'x; script-src *', nonce, scriptUri: 'x', styleUri: 'y' }));
    // code-server's cspSource is several sources.
    assert.match(buildTimelineHtml({ cspSource: "'self' https://*.vscode-cdn.net", nonce, scriptUri: 'x', styleUri: 'y' }), /style-src 'self' https:/);
    const sneaky = buildTimelineHtml({ cspSource, nonce, scriptUri: '"><script>alert(1)</script>', styleUri: 'y' });
    assert.doesNotMatch(sneaky, /<script>alert/);
    assert.equal(buildTimelineHtml.length, 1, 'the builder takes only URIs and the nonce: no model data');
  });

  test('webview sources never parse markup from strings', () => {
    const dir = join(process.cwd(), 'media', 'timeline');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts'))) {
      const source = readFileSync(join(dir, name), 'utf8');
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|DOMParser/, name);
    }
    const css = readFileSync(join(dir, 'timeline.css'), 'utf8');
    assert.doesNotMatch(css, /@import|url\((?!#)/, 'the stylesheet loads nothing');
    const colours = css.replace(/\/\*[\s\S]*?\*\//g, '').match(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/gi) ?? [];
    assert.deepEqual(colours, [], 'only --vscode-* colours');
  });
});

describe('timeline layout', () => {
  test('orders lanes canonically, Python tasks first-seen', () => {
    assert.deepEqual(orderLanes(JS_MODEL.steps), ['stack', 'nextTick', 'microtask', 'timer', 'immediate']);
    assert.deepEqual(orderLanes(PYTHON_MODEL.steps), ['task:main', 'task:w1', 'loop', 'timer']);
  });

  test('spreads one instant into ordered ticks and compresses the long idle gap', () => {
    const layout = computeLayout(JS_MODEL);
    const xs = layout.steps.map((step) => step.x);
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i]! > xs[i - 1]!, `step ${i + 1} is right of step ${i}`);
    assert.equal(xs[1]! - xs[0]!, GEOMETRY.tick);
    const idle = layout.gaps.find((gap) => gap.fromT === 1 && gap.toT === 1000)!;
    assert.ok(idle.compressed && !idle.blocked);
    assert.equal(idle.width, GEOMETRY.maxGap);
    // Steps 2–8 are the main script's own statements: no arrows from it; the five scheduled callbacks get one each.
    assert.deepEqual(layout.arrows.map((arrow) => arrow.to), [8, 9, 10, 11, 12]);
    assert.deepEqual(layout.axis.map((label) => label.t), [0, 1, 1000]);
  });

  test('draws a block over the time it freezes the loop', () => {
    const layout = computeLayout(PYTHON_MODEL);
    const block = layout.steps[2]!;
    assert.ok(block.blockEndX !== undefined && block.blockEndX > block.x);
    assert.equal(block.blockEndX, layout.steps[3]!.x - GEOMETRY.tick / 2);
    assert.ok(layout.gaps.find((gap) => gap.fromT === 0 && gap.toT === 1000)!.blocked);
    assert.deepEqual(stepsOnLine(PYTHON_MODEL, 12), [4, 11]);
  });

  test('formats time in the program unit and exports text', () => {
    assert.equal(formatTime(1500, 's'), '1.5 s');
    assert.equal(formatTime(0, 's'), '0 s');
    assert.equal(formatTime(1, 'ms'), '1 ms');
    assert.equal(formatTime(2.25, 'ms', true), '≈2.3 ms');
    const text = timelineToText(JS_MODEL, 'example.js');
    assert.match(text, /Predicted output:\n\s+0 ms {2}start\n/);
    assert.ok(text.includes(HOSTILE));
    assert.match(text, /order 2: immediate \| timeout/);
  });
});

describe('timeline webview in Chromium', () => {
  const unavailable = browserUnavailable();
  const harness = new WebviewHarness();
  const skip = unavailable && process.env.CI !== 'true' ? `skipped: ${unavailable}` : false;

  before(async () => {
    if (unavailable) {
      if (process.env.CI === 'true') throw new Error(`The webview tests need Chromium in CI: ${unavailable}`);
      return;
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    await harness.start();
  });
  after(async () => {
    if (!unavailable) await harness.stop();
  });

  async function withPage(options: Parameters<WebviewHarness['open']>[0], body: (page: LoadedPage) => Promise<void>): Promise<void> {
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
  }

  test('renders the answer, lanes, steps and arrows for a JS model', { skip }, async () => {
    await withPage({ theme: 'dark' }, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(JS_MODEL));
      await page.waitForSelector('.step');
      const outputs = await page.$$eval('.output-line', (lines) =>
        lines.map((line) => [line.querySelector('.output-time')!.textContent, line.querySelector('.output-text')!.textContent]),
      );
      assert.deepEqual(outputs[0], ['0 ms', 'start']);
      assert.deepEqual(outputs[1], ['0 ms', HOSTILE]);
      assert.deepEqual(outputs[6], ['1000 ms', 'late']);
      assert.deepEqual(await page.$$eval('.lane-label', (lanes) => lanes.map((lane) => lane.getAttribute('data-lane'))), [
        'stack', 'nextTick', 'microtask', 'timer', 'immediate',
      ]);
      assert.equal(await page.locator('.step').count(), JS_MODEL.steps.length);
      assert.equal(await page.locator('path.arrow').count(), 5);
      assert.equal(await page.locator('.gap-break').count(), 1);
      assert.equal(await page.locator('.note-nondeterministic .orders li').count(), 2);
      assert.equal(await page.textContent('.file-name'), 'example.js');
      assert.equal(await page.getAttribute('.status', 'data-status'), 'fresh');
    });
  });

  test('steps with the keyboard and explains each step', { skip }, async () => {
    await withPage({}, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(JS_MODEL));
      await page.waitForSelector('.step.current');
      await page.locator('.scroller').focus();
      const position = () => page.textContent('.position');
      await page.keyboard.press('End');
      assert.equal(await position(), '13 / 13');
      assert.equal(await page.textContent('.step-explanation'), JS_MODEL.steps[12]!.explanation);
      await page.keyboard.press('ArrowLeft');
      assert.equal(await position(), '12 / 13');
      await page.keyboard.press('Home');
      assert.equal(await position(), '1 / 13');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await position(), '3 / 13');
      assert.equal(await page.getAttribute('.step.current', 'data-index'), '2');
      assert.equal(await page.locator('path.arrow.active').count(), 1, 'the arrow to where the timer callback runs');
      assert.equal(await page.textContent('.step-label'), 'setTimeout(…, 0)');
      await page.click('.step-next');
      assert.equal(await position(), '4 / 13');
      await page.click('.step-first');
      assert.equal(await position(), '1 / 13');
      const before = (await loaded.posted()).length;
      await page.locator('.scroller').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual(await loaded.waitForPosted('reveal', before), { type: 'reveal', line: 1, column: 1, endLine: 7, endColumn: 40 });
      // Stepping saves the state at most every 250 ms: wait for the last position to be saved.
      await page.waitForFunction(() => (window as unknown as { __record: { state: { stepIndex: number } } }).__record.state.stepIndex === 0);
      const state = (await loaded.record()).state as { stepIndex: number; fileName: string };
      assert.equal(state.stepIndex, 0);
      assert.equal(state.fileName, 'example.js');
    });
  });

  test('clicking a step or an output line posts reveal; the cursor line highlights steps', { skip }, async () => {
    await withPage({}, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(JS_MODEL));
      await page.waitForSelector('.step');
      let count = (await loaded.posted()).length;
      await page.click('.step[data-index="4"]');
      assert.deepEqual(await loaded.waitForPosted('reveal', count), { type: 'reveal', line: 4, column: 1, endLine: 4, endColumn: 40 });
      assert.equal(await page.textContent('.position'), '5 / 13');
      count = (await loaded.posted()).length;
      await page.click('.output-line >> text=promise');
      assert.deepEqual(await loaded.waitForPosted('reveal', count), { type: 'reveal', line: 4, column: 1, endLine: 4, endColumn: 40 });
      assert.equal(await page.getAttribute('.step.current', 'data-index'), '9');
      await loaded.send({ type: 'cursor', line: 5 });
      await page.waitForSelector('.step.linked');
      assert.deepEqual(await page.$$eval('.step.linked', (steps) => steps.map((step) => step.getAttribute('data-index'))), ['0', '5', '8']);
      assert.equal(await page.locator('.output-line.linked').count(), 1);
      await loaded.send({ type: 'cursor', line: null });
      await page.waitForSelector('.step.linked', { state: 'detached' });
    });
  });

  test('shows stale, error and restored states; drops malformed messages', { skip }, async () => {
    await withPage({}, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(JS_MODEL));
      await page.waitForSelector('.status[data-status="fresh"]');
      await loaded.send({ type: 'stale' });
      await page.waitForSelector('.status[data-status="updating"]');
      assert.ok(await page.evaluate(() => document.body.classList.contains('is-stale')));
      await loaded.send({ type: 'update', model: { ...JS_MODEL, steps: 'lots' }, fileName: 'evil.js', version: 2 });
      await loaded.send({ type: 'error', message: `Failed on ${HOSTILE}` });
      await page.waitForSelector('.error-banner:not([hidden])');
      assert.equal(await page.textContent('.error-banner'), `Failed on ${HOSTILE}`);
      assert.equal(await page.textContent('.file-name'), 'example.js', 'the malformed update was dropped');
      assert.ok((await loaded.record()).warnings.some((warning) => warning.includes('malformed')));
      await loaded.send(update(PYTHON_MODEL, 'main.py', 2));
      await page.waitForSelector('.status[data-status="fresh"]');
      assert.equal(await page.isHidden('.error-banner'), true);
    });
    const state = { model: PYTHON_MODEL, fileName: 'restored.py', version: 4, stepIndex: 2 };
    await withPage({ initialState: state }, async ({ page }) => {
      await page.waitForSelector('.step.current');
      assert.equal(await page.textContent('.file-name'), 'restored.py');
      assert.equal(await page.getAttribute('.status', 'data-status'), 'restored');
      assert.equal(await page.textContent('.position'), '3 / 12');
    });
  });

  test(`shows ${HOSTILE} literally and runs no script from the data (no CSP as a safety net)`, { skip }, async () => {
    await withPage({ csp: false }, async (loaded) => {
      const { page } = loaded;
      const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3">`;
      const hostile: TimelineModel = {
        ...JS_MODEL,
        steps: JS_MODEL.steps.map((step, index) => (index === 1 ? { ...step, label: payload, explanation: payload, lane: `task:${payload}` } : step)),
        output: [...JS_MODEL.output, { text: payload, t: 1000, step: 13 }],
        notes: [{ kind: 'unsupported', message: payload, line: 3, orders: [[payload]] }],
      };
      await loaded.send(update(hostile, payload));
      await page.waitForSelector('.step');
      await page.click('.step[data-index="1"]');
      assert.equal(await page.locator('img, script:not([src]), [onerror], [onload]').count(), 0);
      assert.equal(await page.locator('svg.chart svg').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.equal(await page.textContent('.file-name'), payload);
      assert.equal(await page.textContent('.step-label'), payload);
      const texts = await page.$$eval('.output-text', (nodes) => nodes.map((node) => node.textContent));
      assert.ok(texts.includes(HOSTILE) && texts.includes(payload));
      assert.equal(await page.textContent('.note-message'), payload);
      assert.ok((await page.textContent('.lane-labels'))!.includes('Task <img'));
      assert.ok(await page.getByText(HOSTILE, { exact: true }).isVisible());
    });
  });

  test('exports text, SVG and PNG', { skip }, async () => {
    await withPage({ theme: 'light' }, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(PYTHON_MODEL, 'main.py'));
      await page.waitForSelector('.block');
      let count = (await loaded.posted()).length;
      await page.click('.export-text');
      const copied = await loaded.waitForPosted('copyText', count);
      assert.match(String(copied.text), /Loop Lens timeline — main\.py \(Python\)/);
      assert.match(String(copied.text), /1 s {2}main awake/);

      count = (await loaded.posted()).length;
      await page.click('.export-svg');
      const svg = String((await loaded.waitForPosted('saveSvg', count)).svg);
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(svg, /var\(--|class=|<script|\son\w+=/);
      assert.ok(svg.includes('main awake') || svg.includes('print(&quot;main awake&quot;)'));
      const parses = await page.evaluate((text) => {
        const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
        return parsed.querySelector('parsererror') === null && parsed.documentElement.localName === 'svg';
      }, svg);
      assert.ok(parses, 'the exported SVG is well-formed XML');
      writeFileSync(join(SCREENSHOTS, 'export-light.svg'), svg);

      count = (await loaded.posted()).length;
      await page.click('.export-png');
      const dataUrl = String((await loaded.waitForPosted('savePng', count)).dataUrl);
      assert.ok(isWebviewToHostMessage({ type: 'savePng', dataUrl }));
      const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.ok(png.length > 5000, 'the PNG has content');
      writeFileSync(join(SCREENSHOTS, 'export-light.png'), png);
    });
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    test(`screenshot in the ${theme} theme`, { skip }, async () => {
      await withPage({ theme }, async (loaded) => {
        const { page } = loaded;
        await loaded.send(update(JS_MODEL, 'examples/order.js'));
        await page.waitForSelector('.step');
        await page.click('.step[data-index="4"]');
        await loaded.send({ type: 'cursor', line: 5 });
        await page.waitForSelector('.step.linked');
        await page.screenshot({ path: join(SCREENSHOTS, `js-${theme}.png`), fullPage: true });
        await loaded.send(update(PYTHON_MODEL, 'examples/blocking.py'));
        await page.waitForSelector('.block');
        await page.click('.step[data-index="2"]');
        await page.screenshot({ path: join(SCREENSHOTS, `python-${theme}.png`), fullPage: true });
      });
    });
  }

  test('stays readable at a narrow width', { skip }, async () => {
    await withPage({ theme: 'dark', width: 340 }, async (loaded) => {
      const { page } = loaded;
      await loaded.send(update(PYTHON_MODEL, 'examples/a-rather-long-directory-name/blocking.py'));
      await page.waitForSelector('.step');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal page overflow (${overflow}px)`);
      assert.equal(await page.getAttribute('.lane-labels', 'width'), '88');
      await page.screenshot({ path: join(SCREENSHOTS, 'python-dark-narrow.png'), fullPage: true });
    });
  });
});
