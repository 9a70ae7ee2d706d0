/**
 * SVG and PNG export with hostile text from the file (issue 12 item 6): control
 * characters, XML-invalid code points, lone surrogates and markup in task
 * names, labels, output and the file name still give a well-formed SVG in which
 * nothing is markup, and a PNG.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TimelineModel } from '../../src/timeline/model';
import { isWebviewToHostMessage } from '../../src/timeline/protocol';
import { isXmlText, xmlSafeText } from '../../src/timeline/xmlText';
import { JS_MODEL } from './timeline-webview/fixtures';
import { browserSuite, update } from './timeline-webview/pages';

const CONTROLS = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('');
/** Every kind of text XML cannot hold or must escape. */
/** What an XML parser reads back: `xmlSafeText`, with line ends normalised as XML does. */
const readBack = (text: string) => xmlSafeText(text).replace(/\r\n?/g, '\n');
const NASTY = `${CONTROLS}\u007f\u0085\ufffe\uffff|\ud800|\udfff|\udc00\ud800|]]>|<script>window.__pwned=1</script>|&amp;|"'|😀`;

describe('xmlSafeText', () => {
  test('replaces every code point XML 1.0 forbids, keeps the rest', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      assert.ok(isXmlText(xmlSafeText(text)), `U+${code.toString(16)}`);
    }
    assert.equal(xmlSafeText('\u0000\u0001\u001b\u007f'), '\u2400\u2401\u241b\u2421');
    assert.equal(xmlSafeText('tab\there\nnew'), 'tab\there\nnew');
    assert.equal(xmlSafeText('a\ud83d\ude00b'), 'a\ud83d\ude00b', 'a well-formed pair stays');
    assert.equal(xmlSafeText('a\ud83d|\ude00b'), 'a\ufffd|\ufffdb', 'lone halves go');
    assert.equal(xmlSafeText('\udc00\ud800'), '\ufffd\ufffd', 'a reversed pair is two lone halves');
    assert.equal(xmlSafeText(']]><script>&'), ']]><script>&', 'markup is left to the serializer');
    const plain = 'x'.repeat(1000);
    assert.equal(xmlSafeText(plain), plain);
  });

  test('is linear: a 1 MB string of invalid characters is one pass', () => {
    const huge = '\u0001\ud800'.repeat(512 * 1024);
    const safe = xmlSafeText(huge);
    assert.equal(safe.length, huge.length);
    assert.ok(isXmlText(safe));
  });
});

function hostileModel(): TimelineModel {
  return {
    ...JS_MODEL,
    steps: JS_MODEL.steps.map((step, index) =>
      index === 1 || index === 8 ? { ...step, label: NASTY, explanation: NASTY, lane: index === 8 ? `task:${NASTY}` : step.lane } : step,
    ),
    output: [...JS_MODEL.output, { text: NASTY, t: 1000, step: 13 }],
    notes: [{ kind: 'unsupported', message: NASTY, line: 3 }],
  };
}

describe('timeline export in Chromium', () => {
  const suite = browserSuite();

  test('SVG export of hostile text is well-formed XML with no markup from the file; PNG export works', { skip: suite.skip }, async () => {
    await suite.withPage({ theme: 'dark' }, async (loaded) => {
      const { page } = loaded;
      const fileName = `dir/${NASTY}.js`;
      await loaded.send(update(hostileModel(), fileName));
      await page.waitForSelector('.step');

      let count = (await loaded.posted()).length;
      await page.click('.export-svg');
      const svg = String((await loaded.waitForPosted('saveSvg', count)).svg);
      assert.ok(isWebviewToHostMessage({ type: 'saveSvg', svg }));
      assert.ok(isXmlText(svg), 'no XML-invalid code point in the document');
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const elements = [...doc.getElementsByTagName('*')];
        return {
          error: doc.getElementsByTagName('parsererror').length > 0,
          root: doc.documentElement.localName,
          foreign: elements.filter((element) => element.namespaceURI !== 'http://www.w3.org/2000/svg').map((element) => element.localName),
          names: [...new Set(elements.map((element) => element.localName))],
          handlers: elements.flatMap((element) => element.getAttributeNames().filter((name) => /^on/i.test(name) || name.startsWith('data-'))),
          texts: elements.filter((element) => element.localName === 'text' || element.localName === 'title').map((element) => element.textContent ?? ''),
        };
      }, svg);
      assert.equal(parsed.error, false, 'the exported SVG parses as XML');
      assert.equal(parsed.root, 'svg');
      assert.deepEqual(parsed.foreign, []);
      assert.ok(!parsed.names.includes('script'), `elements: ${parsed.names.join(' ')}`);
      assert.deepEqual(parsed.handlers, []);
      assert.ok(parsed.texts.includes(readBack(`${fileName} — loop timeline (Loop Lens)`)), 'the caption is the file name, as text');
      assert.ok(parsed.texts.some((text) => text.includes(readBack(`: ${NASTY}`))), 'the step label survives as text');
      assert.ok(parsed.texts.some((text) => text.includes('<script>window.__pwned=1</script>')), 'markup from the file is text');
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);

      count = (await loaded.posted()).length;
      await page.click('.export-png');
      const dataUrl = String((await loaded.waitForPosted('savePng', count)).dataUrl);
      assert.ok(isWebviewToHostMessage({ type: 'savePng', dataUrl }));
      const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      assert.equal(await page.isHidden('.error-banner'), true, 'no "could not draw the PNG" error');
    });
  });
});
