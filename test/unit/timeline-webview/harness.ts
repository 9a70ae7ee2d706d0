/**
 * Runs the built webview bundle (`dist/webview/timeline.js`) in Debian's
 * Chromium through playwright-core: a local HTTP server serves the real HTML
 * shell (real CSP) plus a stub `acquireVsCodeApi` that records what the
 * webview posts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildTimelineHtml, createNonce } from '../../../src/features/timelineHtml';
import { THEMES, type ThemeName } from './themes';

export const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--headless'];

/** Why the browser tests cannot run here, or undefined. With CI=true the caller must fail instead of skipping. */
export function browserUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(join(process.cwd(), 'dist', 'webview', 'timeline.js'))) return 'dist/webview/timeline.js is missing: run `node esbuild.mjs` first';
  return undefined;
}

/** Recorded by the stub in the page. */
export interface PageRecord {
  posted: { type: string; [key: string]: unknown }[];
  state: unknown;
  violations: string[];
  warnings: string[];
}

const STUB = `
(() => {
  const record = { posted: [], state: window.__initialState, violations: [], warnings: [] };
  window.__record = record;
  document.addEventListener('securitypolicyviolation', (event) => record.violations.push(event.violatedDirective + ' ' + event.blockedURI));
  const warn = console.warn.bind(console);
  console.warn = (...args) => { record.warnings.push(args.join(' ')); warn(...args); };
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => record.posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => record.state,
    setState: (state) => { record.state = state; },
  });
  const theme = window.__theme;
  if (theme) {
    document.body.classList.add(theme.bodyClass);
    for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
  }
})();
`;

export class WebviewHarness {
  private server: Server | undefined;
  private browser: Browser | undefined;
  private origin = '';
  private readonly nonce = createNonce();

  async start(): Promise<void> {
    const dist = join(process.cwd(), 'dist', 'webview');
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const send = (type: string, body: string | Buffer) => {
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
      };
      if (path === '/' || path === '/nocsp') {
        let html = buildTimelineHtml({
          cspSource: this.origin,
          nonce: this.nonce,
          scriptUri: `${this.origin}/webview/timeline.js`,
          styleUri: `${this.origin}/webview/timeline.css`,
        }).replace('<script ', `<script nonce="${this.nonce}" src="${this.origin}/stub.js"></script>\n<script `);
        if (path === '/nocsp') html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
        send('text/html; charset=utf-8', html);
      } else if (path === '/stub.js') {
        send('text/javascript', STUB);
      } else if (path === '/webview/timeline.js' || path === '/webview/timeline.css') {
        send(path.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(dist, path.slice('/webview/'.length))));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // Loaded at run time so esbuild does not bundle playwright into the test.
    const { chromium } = createRequire(__filename)('playwright-core') as typeof import('playwright-core');
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A fresh page with the webview loaded and its `ready` posted. */
  async open(options: { theme?: ThemeName; width?: number; csp?: boolean; initialState?: unknown } = {}): Promise<LoadedPage> {
    const context = await this.browser!.newContext({
      viewport: { width: options.width ?? 900, height: 900 },
      reducedMotion: 'reduce',
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.addInitScript(
      ([theme, initialState]) => {
        const global = window as unknown as { __theme: unknown; __initialState: unknown };
        global.__theme = theme;
        global.__initialState = initialState;
      },
      [options.theme ? THEMES[options.theme] : null, options.initialState ?? null] as const,
    );
    await page.goto(`${this.origin}${options.csp === false ? '/nocsp' : '/'}`);
    const loaded = new LoadedPage(context, page, errors, dialogs);
    await page.waitForFunction(() => (window as unknown as { __record?: PageRecord }).__record?.posted.some((m) => m.type === 'ready'), undefined, {
      timeout: 10_000,
    });
    return loaded;
  }
}

export class LoadedPage {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: string[],
    readonly dialogs: string[],
  ) {}

  /** Delivers a host → webview message the way VS Code does (a window message event). */
  async send(message: unknown): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message);
  }

  async record(): Promise<PageRecord> {
    return this.page.evaluate(() => (window as unknown as { __record: PageRecord }).__record);
  }

  async posted(): Promise<PageRecord['posted']> {
    return (await this.record()).posted;
  }

  /** Waits until the webview has posted a message of `type` beyond the first `after` ones, and returns it. */
  async waitForPosted(type: string, after = 0): Promise<PageRecord['posted'][number]> {
    const handle = await this.page.waitForFunction(
      ([wanted, skip]) => {
        const posted = (window as unknown as { __record: PageRecord }).__record.posted.slice(skip as number);
        return posted.find((message) => message.type === wanted) ?? false;
      },
      [type, after] as const,
      { timeout: 10_000 },
    );
    return (await handle.jsonValue()) as PageRecord['posted'][number];
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
