/**
 * Every regular expression that runs on file text (issue 12 item 5), fed a
 * 1 MB adversarial line shaped against it, through the code path that runs it
 * (rules, fixes, incremental signatures). Each case asserts what the analysis
 * finds; a super-linear expression would not finish. The suppression-comment
 * expressions, which were super-linear, are replaced by scanners and tested in
 * comment-scan.test.ts; the quick fix's trailing-space trim is tested there too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, analyzeText } from '../../src/analysis';
import { IncrementalAnalyzer } from '../../src/analysis/incremental';
import { DocumentTrees, GrammarLoader, findWasmDir, languageFromPath } from '../../src/parsing';
import { sharedParser } from './helpers';

const MB = 1024 * 1024;
const PY = languageFromPath('a.py')!;
const TS = languageFromPath('a.ts')!;

async function ruleIds(text: string, language = PY): Promise<string[]> {
  return (await analyzeText(sharedParser(), text, language)).map((finding) => finding.ruleId);
}

describe('regex sites on 1 MB adversarial lines', () => {
  test('python/blocking.ts: `timeout\\s*=\\s*0\\b` on an acquire with a megabyte of spaces', async () => {
    const program = (value: string) => `import threading\nlock = threading.Lock()\nasync def f():\n    lock.acquire(timeout${' '.repeat(MB / 2)}=${' '.repeat(MB / 2)}${value})\n`;
    assert.ok((await ruleIds(program('1'))).includes('py/blocking-sync-primitive'));
    assert.ok(!(await ruleIds(program('0'))).includes('py/blocking-sync-primitive'), 'timeout=0 does not block');
  });

  test('python/blocking.ts: `\\bWNOHANG\\b` / `\\bP_NOWAIT(O)?\\b` on a megabyte of near-misses', async () => {
    // Long token runs inside one string keep the parse cheap; the expressions read the whole argument text.
    const wait = `import os\nasync def f():\n    os.waitpid(1, "${'WNOHAN_'.repeat(MB / 7)}")\n`;
    assert.ok((await ruleIds(wait)).includes('py/blocking-subprocess'));
    const spawn = `import os\nasync def f():\n    os.spawnl("${'P_NOWAI_'.repeat(MB / 8)}", os.P_NOWAIT, "x")\n`;
    assert.ok(!(await ruleIds(spawn)).includes('py/blocking-subprocess'), 'P_NOWAIT does not block');
  });

  test('rules/python/dangling-task.ts: `(^|[._])loop$` on a megabyte-long receiver', async () => {
    const program = (receiver: string) => `async def g():\n    pass\nasync def f(my_loop):\n    ${receiver}.create_task(g())\n`;
    assert.ok((await ruleIds(program('my_loop'))).includes('py/dangling-task'));
    assert.ok(!(await ruleIds(program(`"${'.loo'.repeat(MB / 4)}"`))).includes('py/dangling-task'));
    assert.ok(!(await ruleIds(program(`"${'_loop'.repeat(MB / 5)}x"`))).includes('py/dangling-task'));
  });

  test('rules/typescript/floating-promise.ts: `^[\\w$.]+\\(.*\\)$` on a megabyte call (its .catch fix)', async () => {
    const program = (args: string) => `async function save(...a: unknown[]): Promise<void> {}\nfunction main() {\n  save(${args});\n}\n`;
    for (const args of [`"${'x(, '.repeat(MB / 4)}"${' '.repeat(MB / 4)}`, `"${')'.repeat(MB)}", 1`]) {
      const floating = (await analyzeText(sharedParser(), program(args), TS)).find((finding) => finding.ruleId === 'ts/floating-promise');
      assert.ok(floating, 'the floating call is found');
      assert.ok(floating.fixes?.some((fix) => fix.title.includes('.catch')), 'with its .catch fix');
    }
  });

  test('rules/typescript: sleep/ordered-method names, `\\breturn\\b`, `\\bsetTimeout\\b`, `promise`/i on megabyte identifiers and bodies', async () => {
    const sleepy = `async function main(items: number[]) {\n  for (const item of items) {\n    await sleep${'a'.repeat(MB)}(item);\n  }\n}\ndeclare function sleep${'a'.repeat(MB)}(n: number): Promise<void>;\n`;
    await analyzeText(sharedParser(), sleepy, TS);
    const forEach = `async function main(items: number[]) {\n  items.forEach(async (item) => {\n    const r${'eturn'.repeat(MB / 6)} = await Promise.resolve(item);\n  });\n}\n`;
    assert.ok((await ruleIds(forEach, TS)).includes('ts/async-foreach'));
    const timer = `async function main(items: number[]) {\n  for (const item of items) {\n    await new Promise((r) => ${'setTimeou_'.repeat(MB / 10)}(r, item));\n  }\n}\n`;
    await analyzeText(sharedParser(), timer, TS);
  });

  test('rules/typescript/blocking-sync-call.ts: `^(fs|…)\\.(\\w+Sync)$` on a megabyte method name', async () => {
    const program = (method: string) => `import * as fs from 'fs';\nasync function main() {\n  fs.${method}('x');\n}\n`;
    assert.ok(!(await ruleIds(program(`${'Sync'.repeat(MB / 4)}x`), TS)).includes('ts/blocking-sync-call'));
    assert.ok((await ruleIds(program('readFileSync'), TS)).includes('ts/blocking-sync-call'));
  });

  test('incremental.ts: blank-line folding `\\n(?:[ \\t]*\\n)+` in signatures over a megabyte of whitespace lines', async () => {
    const loader = new GrammarLoader(findWasmDir());
    const grammar = await loader.load(PY.grammar);
    const trees = new DocumentTrees();
    try {
      const text = `import time\nasync def f():\n    time.sleep(1)\n${'\n \t'.repeat(MB / 3)}\nasync def g():\n    pass\n`;
      const parsed = trees.update('doc', 0, text, PY.grammar, grammar);
      const findings = new IncrementalAnalyzer().analyze(parsed, PY);
      assert.deepEqual(findings, analyze(parsed.tree, text, PY));
      assert.ok(findings.some((finding) => finding.ruleId === 'py/blocking-sleep'));
    } finally {
      trees.dispose();
    }
  });
});
