/**
 * The differential harness of the JavaScript/TypeScript timeline: runs each
 * program of a corpus folder in real `node` (several times, two at a time) and
 * compares with the prediction — same lines, same order, each within
 * 15 ms + 10 % of the real time since the first line. A program is a file or a
 * folder with a `main.*` entry (its local modules in `lib/`); the prediction
 * gets the imported files through `collectWorkspaceFiles`, the real run
 * executes the folder (TypeScript folders transpiled as a whole). `stubModules`
 * is a node_modules folder of stub packages: the real run executes a copy of
 * the program next to it (CommonJS and ES modules both find the stubs), out of
 * the prediction's sight.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { SourceParser } from '../../src/parsing';
import { predictTimeline } from '../../src/timeline';
import { collectWorkspaceFiles } from '../../src/timeline/imports';
import type { TimelineModel } from '../../src/timeline/model';

const REPO = process.cwd();
const RUNS = 3;
const WORKERS = 2;
/** Extra batches of real runs for a failing program: a loaded machine delays node, a wrong prediction fails every batch. */
const RETRY_BATCHES = 3;

interface RealLine {
  readonly text: string;
  readonly t: number;
}
interface RealRun {
  readonly lines: RealLine[];
  readonly code: number | null;
}
export interface Case {
  readonly name: string;
  readonly model: TimelineModel;
  runs: RealRun[];
  /** Earlier batches of runs, replaced because the verdict failed, whose output order varied. */
  variedBatches: number;
}

/** Wraps stdout.write so every chunk carries the time it was written (inside the child, no pipe latency). */
const PRELOAD = `
const { performance } = require('node:perf_hooks');
const original = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => original('\\u0001' + performance.now().toFixed(3) + '\\u0002' + String(chunk), ...rest);
`;

const PROGRAM_FILE = /\.(c|m)?(js|ts)$/;

/** Programs of a corpus folder: files, and folders with a `main.*` entry. */
export function listPrograms(folder: string): string[] {
  return readdirSync(folder).filter((f) => {
    const full = join(folder, f);
    if (statSync(full).isDirectory()) return entryOf(full) !== undefined;
    return PROGRAM_FILE.test(f);
  }).sort();
}

function entryOf(dir: string): string | undefined {
  const main = readdirSync(dir).find((f) => /^main\.(c|m)?(js|ts)$/.test(f));
  return main ? join(dir, main) : undefined;
}

function parseStamped(raw: string): RealLine[] {
  const lines: RealLine[] = [];
  let pending = '';
  for (const segment of raw.split('\u0001')) {
    if (!segment) continue;
    const cut = segment.indexOf('\u0002');
    const t = Number(segment.slice(0, cut));
    pending += segment.slice(cut + 1);
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const text of parts) lines.push({ text, t });
  }
  if (pending) lines.push({ text: pending, t: NaN });
  const first = lines[0]?.t ?? 0;
  return lines.map((l) => ({ text: l.text, t: l.t - first }));
}

function runNode(file: string, preload: string): Promise<RealRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', preload, file], { cwd: REPO, timeout: 10_000, maxBuffer: 1 << 20 }, (error, stdout) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      resolve({ lines: parseStamped(stdout), code: typeof code === 'number' ? code : 1 });
    });
  });
}

type TypeScript = typeof import('typescript');
function typescript(): TypeScript {
  return createRequire(join(REPO, 'package.json'))('typescript') as TypeScript;
}

function transpile(ts: TypeScript, text: string, esm: boolean): string {
  return ts.transpileModule(text, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS },
  }).outputText;
}

/** Node 20 cannot run .ts: erase the types with TypeScript, keeping the module kind the prediction assumed. */
function runnableFile(file: string, model: TimelineModel, scratch: string, copy: boolean): string {
  if (!/\.[cm]?ts$/.test(file)) {
    if (!copy) return file;
    const out = join(mkdtempSync(join(scratch, 'file-')), basename(file));
    copyFileSync(file, out);
    return out;
  }
  const esm = model.module === 'esm';
  const out = join(mkdtempSync(join(scratch, 'file-')), basename(file).replace(/\.[cm]?ts$/, esm ? '.mjs' : '.cjs'));
  writeFileSync(out, transpile(typescript(), readFileSync(file, 'utf8'), esm));
  return out;
}

/** A TypeScript folder, copied with every .ts file turned into CommonJS .js (so `./lib` finds lib/index.js). */
function runnableFolder(dir: string, entry: string, scratch: string): string {
  const ts = typescript();
  const out = mkdtempSync(join(scratch, 'folder-'));
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const rel = relative(dir, full);
      mkdirSync(join(out, dirname(rel)), { recursive: true });
      if (/\.[cm]?ts$/.test(name)) writeFileSync(join(out, rel.replace(/\.[cm]?ts$/, '.js')), transpile(ts, readFileSync(full, 'utf8'), false));
      else writeFileSync(join(out, rel), readFileSync(full));
    }
  };
  walk(dir);
  return join(out, relative(dir, entry).replace(/\.[cm]?ts$/, '.js'));
}

async function pool<T, R>(items: readonly T[], workers: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }));
  return results;
}

/** `label: 12.345ms` / `label: 1.234s`, the line console.timeEnd/timeLog prints: the measured value is compared like a time. */
const DURATION = /^(.*): (\d+\.\d{3})(ms|s)$/;

function duration(text: string): { label: string; ms: number } | undefined {
  const match = DURATION.exec(text);
  return match ? { label: match[1]!, ms: Number(match[2]) * (match[3] === 's' ? 1000 : 1) } : undefined;
}

/** A line with the value of a console.time measurement blanked out (for comparing orders). */
function shape(text: string): string {
  const d = duration(text);
  return d ? `${d.label}: <duration>` : text;
}

function orderVaries(runs: readonly RealRun[]): boolean {
  return new Set(runs.map((r) => r.lines.map((l) => shape(l.text)).join('\n'))).size > 1;
}

function stdoutOf(model: TimelineModel): { text: string; t: number }[] {
  const lines = model.output.filter((o) => o.stream !== 'stderr');
  const first = lines[0]?.t ?? 0;
  return lines.map((o) => ({ text: o.text, t: o.t - first }));
}

/** Why a real run does not match the prediction, or undefined when it does. */
function mismatch(model: TimelineModel, run: RealRun): string | undefined {
  const predicted = stdoutOf(model);
  const texts = run.lines.map((l) => l.text);
  const orders = model.notes.filter((n) => n.kind === 'nondeterministic').flatMap((n) => n.orders ?? []);
  const sameOrder = predicted.map((p) => shape(p.text)).join('\n') === texts.map(shape).join('\n');
  if (!sameOrder) {
    if (orders.some((order) => order.map(shape).join('\n') === texts.map(shape).join('\n'))) return undefined;
    return `order differs:\n  predicted ${JSON.stringify(predicted.map((p) => p.text))}\n  real      ${JSON.stringify(texts)}`;
  }
  const close = (guess: number, real: number): boolean => Math.abs(guess - real) <= 15 + 0.1 * real;
  for (let i = 0; i < predicted.length; i++) {
    const real = run.lines[i]!.t;
    const guess = predicted[i]!.t;
    if (!close(guess, real)) return `line ${i + 1} "${texts[i]}": predicted ${guess} ms, real ${real.toFixed(1)} ms`;
    const measured = duration(texts[i]!);
    const predictedMeasure = duration(predicted[i]!.text);
    if (measured && predictedMeasure && !close(predictedMeasure.ms, measured.ms)) return `line ${i + 1}: predicted "${predicted[i]!.text}", real "${texts[i]}"`;
  }
  return undefined;
}

/** Why the program fails, or undefined when it passes. */
export function verdict(c: Case): string | undefined {
  const flagged = c.model.notes.some((n) => n.kind === 'nondeterministic');
  // Order variance seen in the current batch, or in two batches overall, means the program really is nondeterministic.
  if ((orderVaries(c.runs) || c.variedBatches >= 2) && !flagged) return `real output order varies between runs but the prediction has no nondeterministic note`;
  if (c.model.notes.some((n) => n.kind === 'unsupported')) return `unsupported: ${c.model.notes.filter((n) => n.kind === 'unsupported').map((n) => `${n.message} (line ${n.line})`).join('; ')}`;
  const problems = c.runs.map((run) => mismatch(c.model, run));
  // Timing under a loaded machine is noisy: one faithful run is enough, and order must match every run.
  if (problems.some((p) => p === undefined) && problems.every((p) => p === undefined || !p.startsWith('order'))) return undefined;
  return problems.find((p) => p !== undefined);
}

/** Predicts and really runs every program of `folder`; retries the failing ones in fresh batches. */
export async function runCorpus(folder: string, programs: readonly string[], options: { stubModules?: string } = {}): Promise<Case[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'looplens-timeline-'));
  const parser = new SourceParser();
  try {
    const preload = join(scratch, 'stamp.cjs');
    writeFileSync(preload, PRELOAD);
    if (options.stubModules) symlinkSync(options.stubModules, join(scratch, 'node_modules'), 'dir');
    const copy = options.stubModules !== undefined;
    const models = new Map<string, TimelineModel>();
    const files = new Map<string, string>();
    for (const name of programs) {
      const full = join(folder, name);
      const isFolder = statSync(full).isDirectory();
      const entry = isFolder ? entryOf(full)! : full;
      const source = readFileSync(entry, 'utf8');
      const workspace = await collectWorkspaceFiles(entry, source, {
        readText: async (path) => (existsSync(path) && statSync(path).isFile() ? readFile(path, 'utf8') : undefined),
      });
      const model = await predictTimeline(source, { fileName: entry, parser, files: workspace });
      models.set(name, model);
      files.set(name, isFolder && (copy || /\.[cm]?ts$/.test(entry)) ? runnableFolder(full, entry, scratch) : runnableFile(entry, model, scratch, copy));
    }
    const run = (name: string): Promise<RealRun> => runNode(files.get(name)!, preload);
    const jobs = programs.flatMap((name) => Array.from({ length: RUNS }, () => name));
    const results = await pool(jobs, WORKERS, run);
    const cases: Case[] = programs.map((name, i) => ({ name, model: models.get(name)!, runs: results.slice(i * RUNS, (i + 1) * RUNS), variedBatches: 0 }));
    for (let attempt = 0; attempt < RETRY_BATCHES; attempt++) {
      const failing = cases.filter((c) => verdict(c) !== undefined);
      if (failing.length === 0) break;
      const retries = await pool(failing.flatMap((c) => Array.from({ length: RUNS }, () => c.name)), WORKERS, run);
      failing.forEach((c, i) => {
        if (orderVaries(c.runs)) c.variedBatches++;
        c.runs = retries.slice(i * RUNS, (i + 1) * RUNS);
      });
    }
    return cases;
  } finally {
    parser.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}
