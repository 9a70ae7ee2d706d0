/**
 * The integration suite's tiny test API (node:assert instead of mocha).
 * Every bundled `*.test.js` registers its tests in one registry shared through
 * `globalThis` (each bundle carries its own copy of this module), and
 * `runner.cjs` runs them inside the VS Code extension host.
 */
import * as vscode from 'vscode';

export type TestBody = () => Promise<void> | void;

export interface RegisteredTest {
  readonly suite: string;
  readonly name: string;
  readonly body: TestBody;
  readonly timeoutMs: number;
}

export interface SuiteHooks {
  before?: TestBody;
  after?: TestBody;
}

export interface RegisteredSuite {
  readonly name: string;
  readonly hooks: SuiteHooks;
  readonly tests: RegisteredTest[];
}

const REGISTRY = Symbol.for('looplens.integration.suites');

/** A measurement worth reading in the run's output (the e2e scenario prints these lines too). */
export function note(text: string): void {
  if (process.env.LOOPLENS_INTEGRATION_REPORT === 'json') console.log(`[looplens-integration] ${JSON.stringify({ note: text })}`);
  else console.log(`[integration] ${text}`);
}
const DEFAULT_TIMEOUT_MS = 30_000;

function registry(): RegisteredSuite[] {
  const holder = globalThis as unknown as Record<symbol, RegisteredSuite[] | undefined>;
  return (holder[REGISTRY] ??= []);
}

/** Declares a suite: `define` receives `test(name, body)` and runs synchronously. */
export function suite(name: string, define: (test: (name: string, body: TestBody, timeoutMs?: number) => void) => void, hooks: SuiteHooks = {}): void {
  const registered: RegisteredSuite = { name, hooks, tests: [] };
  define((testName, body, timeoutMs = DEFAULT_TIMEOUT_MS) => {
    registered.tests.push({ suite: name, name: testName, body, timeoutMs });
  });
  registry().push(registered);
}

/** Resolves once `probe()` returns a value `accept` holds for; rejects after `timeoutMs`. Event-driven through `wakeUp`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  wakeUp: vscode.Event<unknown>[],
  timeoutMs = 10_000,
): Promise<T> {
  const first = await probe();
  if (accept(first)) return first;
  return new Promise<T>((resolve, reject) => {
    let last = first;
    const subscriptions: vscode.Disposable[] = [];
    const done = (finish: () => void) => {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      finish();
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(last)}`))),
      timeoutMs,
    );
    const check = async () => {
      try {
        last = await probe();
        if (accept(last)) done(() => resolve(last));
      } catch (error) {
        done(() => reject(error instanceof Error ? error : new Error(String(error))));
      }
    };
    for (const event of wakeUp) subscriptions.push(event(() => void check()));
  });
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}
