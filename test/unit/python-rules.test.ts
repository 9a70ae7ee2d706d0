/** Python specifics beyond the fixtures: name resolution cases, quick-fix formatting, fix-all safety, construct hovers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText, applyEdits, fixAll, type Finding } from '../../src/analysis';
import { explainPythonConstruct } from '../../src/analysis/constructs/python';
import { PythonFile } from '../../src/analysis/python/semantics';
import { languageFromPath } from '../../src/parsing';
import { sharedParser } from './helpers';

const python = languageFromPath('x.py')!;

async function findings(text: string, ruleId?: string): Promise<Finding[]> {
  const all = await analyzeText(sharedParser(), text, python);
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

function lineOf(text: string, finding: Finding): number {
  return text.slice(0, finding.start).split('\n').length;
}

test('name resolution: `import subprocess, os` and aliases', async () => {
  const text = 'import subprocess, os\nimport time as t\nfrom time import sleep as snooze\n\nasync def f():\n    subprocess.run(["ls"])\n    os.system("ls")\n    t.sleep(1)\n    snooze(1)\n';
  const found = await findings(text);
  assert.deepEqual(
    found.filter((f) => f.ruleId.startsWith('py/blocking')).map((f) => [f.ruleId, lineOf(text, f)]),
    [['py/blocking-subprocess', 6], ['py/blocking-subprocess', 7], ['py/blocking-sleep', 8], ['py/blocking-sleep', 9]],
  );
});

test('name resolution: re-bound and shadowed names are not flagged', async () => {
  const text = 'import subprocess\n\nasync def f(runner):\n    subprocess = runner\n    subprocess.run(["ls"])\n\nasync def g():\n    def open(name):\n        return name\n    open("x")\n';
  assert.deepEqual(await findings(text, 'py/blocking-subprocess'), []);
  assert.deepEqual(await findings(text, 'py/blocking-file-io'), []);
});

test('functools.partial passed to to_thread, nested plain functions and lambdas are not async context', async () => {
  const text = [
    'import asyncio, functools, subprocess, time',
    '',
    'async def f():',
    '    await asyncio.to_thread(functools.partial(subprocess.run, ["ls"], check=True))',
    '    worker = lambda: time.sleep(1)',
    '    def in_thread():',
    '        subprocess.run(["ls"])',
    '    await asyncio.to_thread(in_thread)',
    '    return worker',
    '',
  ].join('\n');
  const found = (await findings(text)).filter((f) => f.ruleId.startsWith('py/blocking'));
  assert.deepEqual(found, []);
});

test('to_thread fix moves positional and keyword arguments and adds the import', async () => {
  const text = 'import subprocess\n\n\nasync def f(path):\n    result = subprocess.run(["make", "-C", path], check=True, env={"A": "1"})\n    return result\n';
  const [finding] = await findings(text, 'py/blocking-subprocess');
  assert.ok(finding);
  const fixed = applyEdits(text, finding.fixes[0]!.edits);
  assert.equal(fixed, 'import subprocess\nimport asyncio\n\n\nasync def f(path):\n    result = await asyncio.to_thread(subprocess.run, ["make", "-C", path], check=True, env={"A": "1"})\n    return result\n');
  assert.equal(finding.fixes[0]!.safe, false);
});

test('await is parenthesised where precedence needs it', async () => {
  const text = 'import asyncio\n\n\nasync def ready():\n    return True\n\n\nasync def f():\n    value = ready().bit_length() if False else 0\n    if not ready():\n        pass\n    return value\n';
  const [finding] = await findings(text, 'py/coroutine-in-condition');
  assert.ok(finding);
  assert.match(applyEdits(text, finding.fixes[0]!.edits), /if not await ready\(\):/);
});

test('fix-all applies only safe fixes', async () => {
  const text = 'import asyncio\nimport time\nimport subprocess\n\n\nasync def main():\n    time.sleep(1)\n    subprocess.run(["ls"])\n    asyncio.get_event_loop()\n\n\nmain()\n';
  const { text: fixed } = await fixAll((t) => findings(t), text, (f) => f.fixes.find((fix) => fix.safe));
  assert.match(fixed, /await asyncio\.sleep\(1\)/);
  assert.match(fixed, /asyncio\.get_running_loop\(\)/);
  assert.match(fixed, /^asyncio\.run\(main\(\)\)$/m);
  assert.match(fixed, /^    subprocess\.run\(\["ls"\]\)$/m, 'the unsafe to_thread fix is not applied');
});

test('missing-asyncio-run explains the JavaScript difference', async () => {
  const [finding] = await findings('async def main():\n    pass\n\nmain()\n', 'py/missing-asyncio-run');
  assert.ok(finding);
  assert.match(finding.message, /JavaScript/);
  assert.equal(applyEdits('async def main():\n    pass\n\nmain()\n', finding.fixes[0]!.edits), 'import asyncio\nasync def main():\n    pass\n\nasyncio.run(main())\n');
});

test('construct explanations for Python event-loop constructs', async () => {
  const text = [
    'import asyncio',
    '',
    'async def main():',
    '    loop = asyncio.get_running_loop()',
    '    loop.call_soon(print)',
    '    loop.call_later(1, print)',
    '    task = asyncio.create_task(main())',
    '    await asyncio.gather(task)',
    '    await asyncio.sleep(1)',
    '    async with asyncio.TaskGroup() as tg:',
    '        tg.create_task(main())',
    '',
    'asyncio.run(main())',
    '',
  ].join('\n');
  const tree = await sharedParser().parse(text, python);
  try {
    const file = new PythonFile(tree, text);
    const at = (needle: string, delta = 0) => explainPythonConstruct(file, text.indexOf(needle) + delta);
    assert.equal(at('async def')?.title, 'async def');
    assert.equal(at('await asyncio.gather')?.title, 'await');
    assert.equal(at('call_soon')?.title, 'loop.call_soon');
    assert.equal(at('call_later')?.title, 'loop.call_later');
    assert.equal(at('create_task(main())', 2)?.title, 'asyncio.create_task');
    assert.equal(at('gather', 1)?.title, 'asyncio.gather');
    assert.equal(at('sleep(1)')?.title, 'asyncio.sleep');
    assert.equal(at('TaskGroup')?.title, 'asyncio.TaskGroup');
    assert.equal(at('asyncio.run(main())', 9)?.title, 'asyncio.run');
    assert.match(at('call_later')!.counterpart!, /setTimeout/);
    assert.equal(at('loop = ')?.title, undefined);
  } finally {
    tree.delete();
  }
});

test('get-event-loop inside a coroutine says what is wrong there, without claiming it creates a loop or raises', async () => {
  const [finding] = await findings('import asyncio\n\nasync def f():\n    return asyncio.get_event_loop()\n', 'py/get-event-loop');
  assert.ok(finding);
  assert.match(finding.message, /returns the running loop/);
  assert.match(finding.message, /get_running_loop\(\)/);
  assert.doesNotMatch(finding.message, /raises in Python 3\.14|may create a new loop/);
});

test('dangling-task through a helper points at the task creation inside the helper', async () => {
  const text = 'import asyncio\n\ndef spawn(coro):\n    return asyncio.create_task(coro)\n\nasync def main(coro):\n    spawn(coro)\n';
  const [finding] = await findings(text, 'py/dangling-task');
  assert.ok(finding);
  assert.equal(lineOf(text, finding), 7);
  assert.equal(finding.related.length, 1);
  assert.equal(text.slice(finding.related[0]!.start, finding.related[0]!.end), 'asyncio.create_task(coro)');
});

test('an await in a nested def default belongs to the coroutine around it (no SyntaxError, no async-without-await)', async () => {
  const text = 'async def f(client):\n    def g(x=await client.fetch()):\n        return x\n    return g\n';
  const found = await findings(text);
  assert.deepEqual(found.map((f) => f.ruleId).filter((id) => id === 'py/await-outside-async' || id === 'py/async-without-await'), []);
});
