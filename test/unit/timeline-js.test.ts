/**
 * The JavaScript/TypeScript timeline against reality: every program in
 * test/timeline/js (files, and multi-file folders with a `main.*` entry) runs
 * in real `node` through the differential harness (timeline-differential.ts);
 * the prediction must print the same lines in the same order, each within
 * 15 ms + 10 % of the real time since the first line. Programs whose real
 * order varies between runs must carry a `nondeterministic` note. Also unit
 * tests of the interpreter, the promise job counts, the text formatter and
 * `looplens timeline`.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceParser } from '../../src/parsing';
import { formatTimelineText, predictTimeline, runTimelineCommand } from '../../src/timeline';
import type { TimelineModel } from '../../src/timeline/model';
import { listPrograms, runCorpus, verdict, type Case } from './timeline-differential';

const REPO = process.cwd();
const PROGRAMS = join(REPO, 'test', 'timeline', 'js');

/**
 * Programs the prediction still gets wrong, with the reason: reported as TODO (never as passing) so
 * the suite stays green while the miss is visible. Remove an entry once the program passes.
 */
const KNOWN_MISSES: Record<string, string> = {
  '103-config-loader-fs.js': 'whether a file outside the imported workspace files exists is unknown to the prediction: its reads give opaque contents with a note, so the ENOENT branch is not taken',
  '84-throttle-scroll.js': 'a throttle driven by setInterval: which of the interval and the trailing timer runs first depends on the real interval drift (about 1 ms per run), which the model does not simulate',
};

/** Textbook programs are numbered 01–60, application-shaped ones from 61, multi-file ones are folders m01…. */
function category(name: string): 'textbook' | 'app-shaped' | 'multi-file' {
  if (name.startsWith('m')) return 'multi-file';
  return Number.parseInt(name, 10) <= 60 ? 'textbook' : 'app-shaped';
}

describe('JS timeline vs real node (differential)', () => {
  const programs = listPrograms(PROGRAMS);
  let cases: Case[] = [];

  before(async () => {
    cases = await runCorpus(PROGRAMS, programs);
  });

  after(() => {
    const scores = ['textbook', 'app-shaped', 'multi-file'].map((kind) => {
      const mine = cases.filter((c) => category(c.name) === kind);
      return `${kind} ${mine.filter((c) => verdict(c) === undefined).length}/${mine.length}`;
    });
    const passed = cases.filter((c) => verdict(c) === undefined).length;
    console.log(`# differential score: ${passed}/${cases.length} JS/TS programs (${scores.join(', ')})`);
  });

  test('the corpus has at least 120 programs, 50 application-shaped and 10 multi-file', () => {
    assert.ok(programs.length >= 120, `${programs.length} programs`);
    assert.ok(programs.filter((p) => category(p) === 'app-shaped').length >= 50);
    assert.ok(programs.filter((p) => category(p) === 'multi-file').length >= 10);
  });

  for (const name of programs) {
    const todo = KNOWN_MISSES[name];
    test(name, todo ? { todo } : {}, () => {
      const found = cases.find((c) => c.name === name);
      assert.ok(found, 'program was run');
      const problem = verdict(found);
      assert.equal(problem, undefined, problem);
    });
  }
});

// ── unit tests ─────────────────────────────────────────────────────────────

async function predict(source: string, fileName = 'snippet.js'): Promise<TimelineModel> {
  const parser = new SourceParser();
  try {
    return await predictTimeline(source, { fileName, parser });
  } finally {
    parser.dispose();
  }
}

async function printed(source: string, fileName?: string): Promise<string[]> {
  return (await predict(source, fileName)).output.map((o) => o.text);
}

describe('JS interpreter pieces', () => {
  test('language core: closures, classes, destructuring, template strings', async () => {
    assert.deepEqual(await printed(`
      const add = (a) => (b) => a + b;
      class P { constructor(x) { this.x = x; } get double() { return this.x * 2; } }
      const { x, ...rest } = { x: 1, y: 2 };
      console.log(add(2)(3), new P(4).double, x, rest, \`t=\${x + 1}\`);
    `), ["5 8 1 { y: 2 } t=2"]);
  });

  test('console.log formats like Node', async () => {
    assert.deepEqual(await printed(`console.log([1, 2, 3], { a: 1 }, 'x', [ 'y' ], null);`), ["[ 1, 2, 3 ] { a: 1 } x [ 'y' ] null"]);
  });

  test('exceptions: try/catch/finally and host TypeErrors', async () => {
    assert.deepEqual(await printed(`
      try { undefined.x; } catch (e) { console.log(e.name); } finally { console.log('f'); }
      function g() { try { return 'try'; } finally { console.log('finally before return'); } }
      console.log(g());
    `), ['TypeError', 'f', 'finally before return', 'try']);
  });

  test('the await tick counts of loop-semantics.md follow from the spec jobs', async () => {
    const model = await predict(readFileSync(join(PROGRAMS, '05-await-tick-counts.js'), 'utf8'), join(PROGRAMS, '05-await-tick-counts.js'));
    const counts = Object.fromEntries(model.output.map((o) => o.text.split(': ')).map(([k, v]) => [k, Number(v)]));
    assert.deepEqual(counts, {
      'plain value': 1, 'settled promise': 1, 'sync thenable': 2, 'async fn returning value': 1,
      'async fn return await': 2, 'async fn return promise': 3, 'promise resolved with promise': 3,
      'then of settled': 2, 'Promise.all': 2, 'Promise.race': 2, 'finally': 4,
    });
  });

  test('CommonJS drains nextTicks before promise jobs; ES modules the other way round', async () => {
    const source = `process.nextTick(() => console.log('tick')); Promise.resolve().then(() => console.log('promise'));`;
    assert.deepEqual(await printed(source, 'a.cjs'), ['tick', 'promise']);
    assert.deepEqual(await printed(source, 'a.mjs'), ['promise', 'tick']);
    assert.equal((await predict(`import fs from 'fs';\n${source}`, 'b.js')).module, 'esm');
  });

  test('module kind: nearest package.json "type", and the moduleKind override', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'looplens-esm-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(dir, 'lib'));
      const file = join(dir, 'lib', 'main.js');
      const source = `process.nextTick(() => console.log('tick')); Promise.resolve().then(() => console.log('promise'));`;
      const parser = new SourceParser();
      try {
        const esm = await predictTimeline(source, { fileName: file, parser });
        assert.equal(esm.module, 'esm');
        assert.deepEqual(esm.output.map((o) => o.text), ['promise', 'tick']);
        const forced = await predictTimeline(source, { fileName: file, parser, moduleKind: 'commonjs' });
        assert.deepEqual(forced.output.map((o) => o.text), ['tick', 'promise']);
      } finally {
        parser.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('garbage input never throws out of predictTimeline', async () => {
    for (const source of ['}{)(', 'class { extends', '\u0000\u0001 const = ;', 'await await await', 'new new new x']) {
      const model = await predict(source);
      assert.equal(model.version, 1);
    }
  });

  test('timers use virtual time; busy-waits become block steps', async () => {
    const model = await predict(`
      setTimeout(() => console.log('t'), 10);
      const s = Date.now(); while (Date.now() - s < 40) {}
      console.log('done');
    `);
    // Each clock read costs a microsecond of virtual time; a spinning loop speeds up to a millisecond per read.
    assert.deepEqual(model.output.map((o) => o.text), ['done', 't']);
    for (const line of model.output) assert.ok(Math.abs(line.t - 40) < 1, `${line.text} at ${line.t}`);
    const block = model.steps.find((s) => s.kind === 'block');
    assert.ok(block && Math.abs(block.duration! - 40) < 1, `block ${block?.duration}`);
  });

  test('setTimeout 0 vs setImmediate in the main module is reported as nondeterministic with both orders', async () => {
    const model = await predict(`setTimeout(() => console.log('T'), 0); setImmediate(() => console.log('I'));`);
    const note = model.notes.find((n) => n.kind === 'nondeterministic');
    assert.ok(note);
    assert.deepEqual([...note.orders!].map((o) => o.join()).sort(), ['I,T', 'T,I']);
  });

  test('an unhandled rejection ends the process before later timers', async () => {
    const model = await predict(`setTimeout(() => console.log('late'), 5); Promise.reject(new Error('x'));`);
    assert.deepEqual(model.output.filter((o) => o.stream !== 'stderr'), []);
    assert.deepEqual(model.output.filter((o) => o.stream === 'stderr').map((o) => o.text), ['Uncaught Error: x']);
    assert.ok(model.steps.some((s) => s.kind === 'error' && s.label.includes('Unhandled promise rejection: Error: x')));
  });

  test('runaway programs stop at a budget with a note instead of hanging', async () => {
    const endless = await predict(`setInterval(() => {}, 1);`);
    assert.ok(endless.notes.some((n) => n.kind === 'unsupported' && /budget/.test(n.message)));
    // A program stopped mid-call must leave no engine object alive: the engine's runtime is then freed cleanly (no "Aborted(...)" from WASM).
    const complaints: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => complaints.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      for (const source of ['for (;;) {}', 'Promise.resolve().then(() => { for (;;) {} });', 'setTimeout(() => { for (;;) {} }, 1);']) {
        const spin = await predict(source);
        assert.ok(spin.notes.some((n) => n.kind === 'unsupported' && /budget|loop/.test(n.message)), source);
      }
    } finally {
      process.stderr.write = write;
    }
    assert.deepEqual(complaints, []);
  });

  test('unmodelled modules and network calls follow the opaque convention, never silently precise', async () => {
    const model = await predict(`const x = require('some-client'); x.run(); fetch('http://example.com').then(() => console.log('got'));`);
    assert.ok(model.notes.some((n) => n.kind === 'assumed' && n.line === 1 && /some-client/.test(n.message)));
    assert.ok(model.notes.some((n) => n.kind === 'assumed' && /fetch/.test(n.message)));
    assert.ok(model.steps.some((s) => s.assumed));
    assert.deepEqual(model.output.map((o) => [o.text, o.t]), [['got', 100]]);
  });

  test('a syntax error becomes a one-line uncaught SyntaxError, never an exception', async () => {
    const model = await predict(`console.log('a');\nconst = ;`);
    assert.deepEqual(model.output.filter((o) => o.stream !== 'stderr'), []);
    assert.ok(model.steps.some((s) => s.kind === 'error' && /SyntaxError/.test(s.label)));
  });

  test('code generated from strings runs inside the sandbox only: its process is the sandbox\'s', async () => {
    const model = await predict(`const F = (() => {}).constructor; console.log(F('return [typeof process.env.PATH, process.pid, typeof require]')().join(' '));`);
    assert.deepEqual(model.output.map((o) => o.text), ['undefined 4242 undefined']);
  });

  test('steps carry 1-based source positions and causes', async () => {
    const model = await predict(`setTimeout(() => {\n  console.log('x');\n}, 5);`);
    const print = model.steps.find((s) => s.kind === 'print')!;
    assert.equal(print.line, 2);
    assert.equal(print.column, 3);
    const run = model.steps.find((s) => s.lane === 'timer')!;
    assert.equal(model.steps.find((s) => s.id === run.cause)?.kind, 'schedule');
    assert.equal(run.t, 5);
  });
});

describe('formatTimelineText', () => {
  test('shows output with times, then steps, then notes', async () => {
    const text = formatTimelineText(await predict(`console.log('Start'); setTimeout(() => console.log('Later'), 20); setImmediate(() => {});`));
    const output = text.indexOf('Output:');
    const steps = text.indexOf('Steps:');
    assert.ok(output >= 0 && steps > output);
    assert.match(text, /0 ms {2}Start/);
    assert.match(text, /20 ms {2}Later/);
    assert.match(text, /timer\s+run\s+setTimeout callback/);
  });

  test('lists notes and nondeterministic orders', async () => {
    const text = formatTimelineText(await predict(`setTimeout(() => console.log('T')); setImmediate(() => console.log('I'));`));
    assert.match(text, /Notes:\n {2}nondeterministic: /);
    assert.match(text, /order 1: .*\n {4}order 2: /);
  });
});

describe('looplens timeline', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'looplens-cli-'));
    mkdirSync(join(dir, 'sub.js'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runTimelineCommand(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    return { code, out, err };
  }

  test('prints a text timeline and --json the model', async () => {
    const file = join(dir, 'ok.js');
    writeFileSync(file, `console.log('hi'); setTimeout(() => console.log('bye'), 3);\n`);
    const text = await run(file);
    assert.equal(text.code, 0);
    assert.match(text.out, /Output:/);
    const json = await run(file, '--json');
    assert.equal(json.code, 0);
    const model = JSON.parse(json.out) as TimelineModel;
    assert.deepEqual(model.output.map((o) => [o.text, o.t]), [['hi', 0], ['bye', 3]]);
    assert.equal(model.module, 'commonjs');
  });

  test('usage and I/O errors exit 2 with one clear line', async () => {
    for (const [argv, pattern] of [
      [[], /expected exactly one FILE/],
      [[join(dir, 'missing.js')], /missing\.js: no such file/],
      [[join(dir, 'sub.js')], /not a regular file/],
      [['--bogus', 'x.js'], /unknown option --bogus/],
      [[join(dir, 'notes.txt')], /not a JavaScript, TypeScript or Python file/],
    ] as const) {
      const result = await run(...argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.err, pattern);
      assert.equal(result.err.trim().split('\n')[0]!.length > 0, true);
    }
    const binary = join(dir, 'bin.js');
    writeFileSync(binary, Buffer.from([0x63, 0x00, 0x01, 0x02]));
    assert.match((await run(binary)).err, /looks binary/);
    const big = join(dir, 'big.js');
    writeFileSync(big, '//' + 'x'.repeat(1024 * 1024 + 10));
    const large = await run(big);
    assert.equal(large.code, 2);
    assert.match(large.err, /over the 1024 KB limit/);
  });
});
