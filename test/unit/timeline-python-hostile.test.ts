/**
 * Hostile Python programs (test/hostile/python, one per attack class): each runs
 * through the timeline entry point in this process and must end with the outcome
 * its header announces (a Python MemoryError the program catches, a budget note,
 * plain output) within a few seconds, without an internal error of the
 * simulator, without writing a file, and with this process alive afterwards.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceParser } from '../../src/parsing/index';
import { predictTimeline } from '../../src/timeline/index';

const DIR = join(process.cwd(), 'test/hostile/python');
const MARKER = '/tmp/looplens-hostile-marker-py';
const programs = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();
let parser: SourceParser;

before(() => {
  parser = new SourceParser();
  rmSync(MARKER, { force: true });
});
after(() => parser?.dispose());

/** The header: `# what it tries`, then `# expect-output: …`, `# expect-note: …`, `# expect-no-marker`, `# expect-alive` lines. */
function expectations(text: string): { what: string; outputs: string[]; notes: string[] } {
  const lines = text.split('\n');
  const what = lines[0]!.replace(/^#\s*/, '');
  const outputs: string[] = [];
  const notes: string[] = [];
  for (const line of lines.slice(1)) {
    const m = /^# expect-(output|note): (.*)$/.exec(line);
    if (m) (m[1] === 'output' ? outputs : notes).push(m[2]!);
  }
  return { what, outputs, notes };
}

describe('hostile python programs', () => {
  test('the corpus covers every class', () => {
    assert.ok(programs.length >= 15, `only ${programs.length} programs`);
    for (const name of programs) assert.match(readFileSync(join(DIR, name), 'utf8'), /^# \S/, `${name} starts with a comment saying what it tries`);
  });
  for (const name of programs) {
    test(name, async () => {
      const text = readFileSync(join(DIR, name), 'utf8');
      const { what, outputs, notes } = expectations(text);
      const started = Date.now();
      const model = await predictTimeline(text, { fileName: join(DIR, name), parser });
      const elapsed = Date.now() - started;
      // Generous: the bound is the prediction budget, and a shared CI machine can be ten times slower than a laptop.
      assert.ok(elapsed < 90_000, `${what}: took ${elapsed} ms`);
      const internal = model.notes.filter((n) => /internal error/.test(n.message));
      assert.deepEqual(internal, [], `${what}: the simulator failed instead of ending the program cleanly`);
      const printed = model.output.map((o) => o.text);
      for (const line of outputs) assert.ok(printed.includes(line), `${what}: expected the line "${line}", got ${JSON.stringify(printed.slice(0, 10))}`);
      for (const part of notes) assert.ok(model.notes.some((n) => n.message.includes(part)), `${what}: expected a note about "${part}", got ${JSON.stringify(model.notes.map((n) => n.message))}`);
      assert.ok(printed.every((l) => l.length <= 40_000_000), 'no line beyond the limits');
      assert.equal(existsSync(MARKER), false, `${what}: a file was written`);
    });
  }
  test('JS prototype members are no attributes of Python values', async () => {
    const source = [
      'import asyncio',
      'for v in ["", 0, 1.0, [], (), {}, set(), None, print, asyncio.sleep, ValueError()]:',
      '    for n in ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty"]:',
      '        print(type(v).__name__, n, hasattr(v, n))',
      'try:',
      '    "".__proto__()',
      'except AttributeError as e:',
      '    print(e)',
    ].join('\n');
    const model = await predictTimeline(source, { fileName: '/tmp/x.py', parser });
    const lines = model.output.map((o) => o.text);
    assert.equal(lines.filter((l) => l.endsWith(' True')).length, 0, lines.join('\n'));
    assert.equal(lines.at(-1), "'str' object has no attribute '__proto__'");
  });
  test('the process is alive and a normal prediction still works after the hostile ones', async () => {
    const model = await predictTimeline('import asyncio\nasync def main():\n    await asyncio.sleep(0.1)\n    print("ok")\nasyncio.run(main())\n', { fileName: '/tmp/ok.py', parser });
    assert.deepEqual(model.output.map((o) => [o.text, o.t]), [['ok', 100]]);
  });
});
