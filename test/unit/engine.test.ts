/** Engine pieces: name resolution, async context, suppression, settings, fixes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, applyEdits, normaliseRuleSettings } from '../../src/analysis';
import { PythonFile } from '../../src/analysis/python/semantics';
import { Suppressions, ignoreCommentEdit } from '../../src/analysis/suppression';
import { TsFile } from '../../src/analysis/typescript/semantics';
import { languageFromPath } from '../../src/parsing';
import { sharedParser } from './helpers';

async function pythonCallees(source: string): Promise<(string | undefined)[]> {
  const tree = await sharedParser().parse(source, languageFromPath('a.py')!);
  try {
    const file = new PythonFile(tree, source);
    return file.calls.map((call) => file.calleeName(call));
  } finally {
    tree.delete();
  }
}

async function tsCallees(source: string, path = 'a.ts'): Promise<(string | undefined)[]> {
  const tree = await sharedParser().parse(source, languageFromPath(path)!);
  try {
    const file = new TsFile(tree, source);
    return file.calls.map((call) => file.qualifiedName(call.childForFieldName('function')!));
  } finally {
    tree.delete();
  }
}

test('python: imports, aliases, multi-imports and builtins resolve to dotted names', async () => {
  assert.deepEqual(await pythonCallees('import time as t, os\nt.sleep(1)\nos.system("x")\n'), ['time.sleep', 'os.system']);
  assert.deepEqual(await pythonCallees('from time import sleep as snooze\nsnooze(1)\n'), ['time.sleep']);
  assert.deepEqual(await pythonCallees('import subprocess, os\nsubprocess.run([])\nopen("f")\n'), ['subprocess.run', 'open']);
  assert.deepEqual(await pythonCallees('import os.path\nos.path.join("a")\n'), ['os.path.join']);
});

test('python: local definitions and re-bindings shadow imports', async () => {
  assert.deepEqual(await pythonCallees('from time import sleep\ndef f():\n    def sleep(x):\n        pass\n    sleep(1)\n'), [undefined]);
  assert.deepEqual(await pythonCallees('import time\ntime = Clock()\ntime.sleep(1)\n'), ['Clock', undefined]);
  assert.deepEqual(await pythonCallees('import time\ndef f(time):\n    time.sleep(1)\n'), [undefined]);
  assert.deepEqual(await pythonCallees('import time\nclass A:\n    time = None\n    def m(self):\n        time.sleep(1)\n'), ['time.sleep'], 'class attributes are not in scope of methods');
});

test('python: async context is the innermost function; lambdas and nested defs are not async', async () => {
  const source = 'async def a():\n    x()\n    def b():\n        y()\n    lambda: z()\n';
  const tree = await sharedParser().parse(source, languageFromPath('a.py')!);
  try {
    const file = new PythonFile(tree, source);
    assert.deepEqual(file.calls.map((c) => [c.text, file.isAsyncContext(c)]), [['x()', true], ['y()', false], ['z()', false]]);
  } finally {
    tree.delete();
  }
});

test('typescript: imports, requires and globals resolve to normalised module paths', async () => {
  const source = [
    'import { readFileSync as rfs } from "node:fs";',
    'import * as fsp from "fs/promises";',
    'const cp = require("child_process");',
    'const { promises: P } = require("fs");',
    'const timers = require("node:timers/promises");',
    'rfs("a"); fsp.readFile("b"); cp.execSync("c"); P.stat("d"); timers.setTimeout(1); fetch("e");',
  ].join('\n');
  assert.deepEqual(await tsCallees(source), ['require', 'require', 'require', 'fs.readFileSync', 'fs.promises.readFile', 'child_process.execSync', 'fs.promises.stat', 'timers.promises.setTimeout', 'fetch']);
});

test('typescript: a local declaration shadows a global', async () => {
  assert.deepEqual(await tsCallees('function f() { const fetch = (x: string) => x; fetch("a"); }\n'), [undefined]);
});

test('suppressions: Loop Lens, noqa, pyright and eslint forms', () => {
  const s = new Suppressions();
  s.addComment('# looplens: ignore[py/blocking-sleep, py/busy-loop]', 0);
  s.addComment('# noqa: ASYNC251', 1);
  s.addComment('# looplens: ignore', 2);
  s.addComment('// eslint-disable-next-line @typescript-eslint/no-floating-promises', 3);
  s.addComment('# pyright: ignore[reportUnusedCoroutine]', 5);
  s.addComment('# noqa', 6);
  assert.ok(s.isSuppressed(0, 'py/blocking-sleep', []));
  assert.ok(!s.isSuppressed(0, 'py/nested-asyncio-run', []));
  assert.ok(s.isSuppressed(1, 'py/blocking-sleep', ['ASYNC251']));
  assert.ok(!s.isSuppressed(1, 'py/nested-asyncio-run', []));
  assert.ok(s.isSuppressed(2, 'anything', []));
  assert.ok(!s.isSuppressed(3, 'ts/floating-promise', ['@typescript-eslint/no-floating-promises']), 'next-line applies to the next line');
  assert.ok(s.isSuppressed(4, 'ts/floating-promise', ['@typescript-eslint/no-floating-promises']));
  assert.ok(s.isSuppressed(5, 'py/unawaited-coroutine', ['reportUnusedCoroutine']));
  assert.ok(s.isSuppressed(6, 'py/blocking-sleep', []));
});

test('suppression comments inside strings do not count', async () => {
  const source = 'import time\nasync def f():\n    time.sleep(1); x = "# looplens: ignore"\n';
  const findings = await analyzeText(sharedParser(), source, languageFromPath('a.py')!);
  assert.equal(findings.length, 1);
});

test('"Ignore on this line" writes or extends the Loop Lens comment', () => {
  const line = '    time.sleep(1)   ';
  const add = ignoreCommentEdit(line, 'py/blocking-sleep', true);
  assert.equal(applyEdits(line, [add]), '    time.sleep(1)  # looplens: ignore[py/blocking-sleep]');
  const extended = '    f()  # looplens: ignore[py/blocking-sleep]';
  assert.equal(applyEdits(extended, [ignoreCommentEdit(extended, 'py/busy-loop', true)]), '    f()  # looplens: ignore[py/blocking-sleep, py/busy-loop]');
  assert.equal(applyEdits('save();', [ignoreCommentEdit('save();', 'ts/floating-promise', false)]), 'save(); // looplens: ignore[ts/floating-promise]');
});

test('settings: unknown ids and bad severities are reported and ignored', () => {
  const result = normaliseRuleSettings({ 'py/blocking-sleep': 'error', 'py/unknown': 'off', 'ts/floating-promise': 'loud' });
  assert.deepEqual(result.severities, { 'py/blocking-sleep': 'error' });
  assert.equal(result.problems.length, 2);
  assert.match(result.problems[0]!, /unknown rule id "py\/unknown"/);
  assert.equal(normaliseRuleSettings('nonsense').problems.length, 1);
});

test('severity overrides and off apply per rule', async () => {
  const source = 'import time\nasync def f():\n    time.sleep(1)\n';
  const language = languageFromPath('a.py')!;
  assert.equal((await analyzeText(sharedParser(), source, language, { severities: { 'py/blocking-sleep': 'error' } }))[0]!.severity, 'error');
  assert.equal((await analyzeText(sharedParser(), source, language, { severities: { 'py/blocking-sleep': 'off' } })).length, 0);
});

test('a rule that throws is reported and the other rules still run', async () => {
  const source = 'import time\nasync def f():\n    time.sleep(1)\n    asyncio.run(g())\n';
  const errors: string[] = [];
  const { PYTHON_RULES } = await import('../../src/analysis/registry');
  const rule = PYTHON_RULES[0]!;
  const original = rule.check;
  (rule as { check: typeof original }).check = () => {
    throw new Error('boom');
  };
  try {
    const findings = await analyzeText(sharedParser(), source, languageFromPath('a.py')!, { onRuleError: (id) => errors.push(id) });
    assert.deepEqual(errors, [rule.id]);
    assert.ok(findings.every((f) => f.ruleId !== rule.id));
  } finally {
    (rule as { check: typeof original }).check = original;
  }
});

test('py/blocking-sleep fix adds `import asyncio` after the docstring and imports, or reuses an alias', async () => {
  const language = languageFromPath('a.py')!;
  const first = await analyzeText(sharedParser(), '"""Doc."""\nimport time\n\nasync def f():\n    time.sleep(1)\n', language);
  assert.equal(applyEdits('"""Doc."""\nimport time\n\nasync def f():\n    time.sleep(1)\n', first[0]!.fixes[0]!.edits), '"""Doc."""\nimport time\nimport asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n');
  const aliased = 'import asyncio as aio\nimport time\nasync def f():\n    time.sleep(1).real\n';
  const second = await analyzeText(sharedParser(), aliased, language);
  assert.equal(applyEdits(aliased, second[0]!.fixes[0]!.edits), 'import asyncio as aio\nimport time\nasync def f():\n    (await aio.sleep(1)).real\n');
});
