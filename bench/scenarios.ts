/**
 * The measurements B1–B7, each a function that takes its input sizes so the
 * unit test can run it once on a tiny input. Loop Lens is always driven
 * through the code paths the product uses (DocumentTrees + IncrementalAnalyzer
 * for the editor, dist/cli.js for `looplens check`, GrammarLoader on
 * activation, predictTimeline, TypedAnalyzer).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IncrementalAnalyzer } from '../src/analysis/incremental';
import { DocumentTrees, GrammarLoader, SourceParser, findWasmDir, type LanguageInfo } from '../src/parsing';
import { predictTimeline } from '../src/timeline';
import { PredictionRunner } from '../src/timeline/sandbox/runner';
import { countLines, REPO_ROOT } from './corpus';
import { activationToDiagnostics as coldActivation, type ColdResult } from './coldEngine';
import { editScript, type EditStep, type Family } from './edits';
import { assertCoverage, RuffTally, ruffWorkspace, TypeAwareLinter, writeTsconfig, type PeerCoverage, type RuffDiagnostic } from './peers';

export const PYTHON: LanguageInfo = { grammar: 'python', family: 'python', javascript: false };
export const TYPESCRIPT: LanguageInfo = { grammar: 'typescript', family: 'typescript', javascript: false };

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Median of `runs` timings of `fn` after `warmup` untimed calls. */
export async function timeMedian(runs: number, warmup: number, fn: () => unknown): Promise<{ median: number; samples: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), samples };
}

// ---------------------------------------------------------------- B1 / B5

export interface EditSession {
  readonly grammars: GrammarLoader;
  readonly trees: DocumentTrees;
  readonly analyzer: IncrementalAnalyzer;
  readonly language: LanguageInfo;
  version: number;
}

export async function openSession(text: string, language: LanguageInfo, grammars = new GrammarLoader(findWasmDir())): Promise<EditSession> {
  const session: EditSession = { grammars, trees: new DocumentTrees(), analyzer: new IncrementalAnalyzer(), language, version: 1 };
  const grammar = await grammars.load(language.grammar);
  const parsed = session.trees.update('bench', session.version, text, language.grammar, grammar, undefined);
  session.analyzer.analyze(parsed, language);
  return session;
}

/** One edit exactly as the editor applies it: incremental tree update, then incremental analysis. Returns ms. */
export function applyEdit(session: EditSession, step: EditStep): { ms: number; partial: boolean } {
  const grammar = session.grammars.loadedGrammar(session.language.grammar)!;
  session.version++;
  const t = performance.now();
  const parsed = session.trees.update('bench', session.version, step.text, session.language.grammar, grammar, [step.change]);
  session.analyzer.analyze(parsed, session.language);
  const ms = performance.now() - t;
  return { ms, partial: session.analyzer.lastStats?.mode === 'partial' };
}

export async function makeEditScript(text: string, family: Family, count: number, seed = 7): Promise<EditStep[]> {
  const parser = new SourceParser();
  const tree = await parser.parse(text, family === 'python' ? PYTHON : TYPESCRIPT);
  try {
    return editScript(tree, text, family, count, seed);
  } finally {
    tree.delete();
    parser.dispose();
  }
}

export interface EditTimings {
  readonly median: number;
  readonly p95: number;
  readonly partialShare: number;
  readonly bodyShare: number;
  readonly edits: number;
}

/** B1, Loop Lens side: every edit of `steps` timed (after `warmup` edits of another script on the same file). */
export async function loopLensEdits(text: string, language: LanguageInfo, steps: readonly EditStep[], warmupSteps: readonly EditStep[]): Promise<EditTimings> {
  const warm = await openSession(text, language);
  for (const step of warmupSteps) applyEdit(warm, step);
  warm.trees.dispose();
  const session = await openSession(text, language, warm.grammars);
  const times: number[] = [];
  let partial = 0;
  for (const step of steps) {
    const { ms, partial: wasPartial } = applyEdit(session, step);
    times.push(ms);
    if (wasPartial) partial++;
  }
  session.trees.dispose();
  return { median: median(times), p95: percentile(times, 95), partialShare: partial / steps.length, bodyShare: steps.filter((s) => s.inBody).length / steps.length, edits: steps.length };
}

/** B1, Ruff side: the same texts re-checked by Ruff-wasm (ASYNC + RUF006), one full check per edit. */
export function ruffEdits(steps: readonly EditStep[], warmup: number): { median: number; p95: number; edits: number; version: string; coverage: PeerCoverage } {
  const { workspace, version } = ruffWorkspace();
  for (let i = 0; i < warmup; i++) workspace.check(steps[i % steps.length]!.text);
  const tally = new RuffTally(workspace);
  const times: number[] = [];
  for (const [i, step] of steps.entries()) {
    const t = performance.now();
    const diagnostics = workspace.check(step.text);
    times.push(performance.now() - t);
    tally.add(`edit ${i}`, diagnostics);
  }
  // Half-typed statements are syntax errors for every parser; Ruff still checks the rest of the file.
  const coverage = tally.result();
  assertCoverage('Ruff', { ...coverage, checked: coverage.files }, 1);
  return { median: median(times), p95: percentile(times, 95), edits: steps.length, version, coverage };
}

/**
 * B1, ESLint side: the TS file re-linted after each keystroke, in order, with
 * type-aware `no-floating-promises`, program kept warm. Many keystrokes leave
 * a half-typed statement, on which typescript-eslint stops at the parse error
 * and runs no rule: only re-lints of texts it parsed are timed, until
 * `wanted` of them.
 */
export async function eslintEdits(
  initial: string,
  steps: readonly EditStep[],
  warmup: number,
  wanted = steps.length,
): Promise<{ median: number; p95: number; edits: number; linted: number; firstMs: number; messages: number; coverage: PeerCoverage }> {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-eslint-'));
  try {
    const file = join(dir, 'edited.ts');
    writeFileSync(file, initial);
    const linter = new TypeAwareLinter(dir, writeTsconfig(dir, [file]), { '@typescript-eslint/no-floating-promises': 'warn' });
    let t = performance.now();
    const first = linter.lint(initial, file);
    const firstMs = performance.now() - t;
    if (!first.ok) assertCoverage('ESLint (unedited file)', linter.coverage(), 1);
    for (let i = 0; i < warmup; i++) linter.lint(steps[i % steps.length]!.text, file);
    // Keystrokes in order, as the editor sends them (jumping between texts far apart made typescript-eslint's
    // warm program report parse errors TypeScript's own parser does not); stops after `wanted` timed re-lints.
    const times: number[] = [];
    let attempts = 0;
    for (const step of steps) {
      if (times.length >= wanted) break;
      attempts++;
      t = performance.now();
      const { ok } = linter.lint(step.text, file);
      const ms = performance.now() - t;
      if (ok) times.push(ms);
    }
    const coverage = linter.coverage();
    assertCoverage('ESLint', { ...coverage, files: coverage.checked || coverage.files }, 1);
    return { median: median(times), p95: percentile(times, 95), edits: attempts, linted: times.length, firstMs, messages: first.messages.length, coverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- B2

/** `looplens check` on `files` (a fresh process each run, as a user runs it): wall ms. */
export function runCli(files: readonly string[], extraArgs: readonly string[] = []): { ms: number; findings: number } {
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  const t = performance.now();
  const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...extraArgs, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (result.status !== 0 && result.status !== 1) throw new Error(`looplens check exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return { ms, findings: (JSON.parse(result.stdout) as unknown[]).length };
}

/** Ruff-wasm over `files` in-process (module already loaded, reading included): wall ms. */
export function ruffFiles(files: readonly string[]): { ms: number; findings: number; coverage: PeerCoverage } {
  const { workspace } = ruffWorkspace();
  const tally = new RuffTally(workspace);
  const t = performance.now();
  let findings = 0;
  const results: [string, RuffDiagnostic[]][] = [];
  for (const file of files) {
    const diagnostics = workspace.check(readFileSync(file, 'utf8'));
    findings += diagnostics.length;
    results.push([file, diagnostics]);
  }
  const ms = performance.now() - t;
  for (const [file, diagnostics] of results) tally.add(file, diagnostics);
  const coverage = tally.result();
  assertCoverage('Ruff', coverage);
  return { ms, findings, coverage };
}

/**
 * ESLint (type-aware no-floating-promises + no-misused-promises) over `files`
 * with one program: wall ms, start-up of the program included. Refuses a
 * figure unless (nearly) every file was linted with type information.
 */
export async function eslintFiles(files: readonly string[]): Promise<{ ms: number; findings: number; coverage: PeerCoverage }> {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-eslint-'));
  try {
    const linter = new TypeAwareLinter(dir, writeTsconfig(dir, files), { '@typescript-eslint/no-floating-promises': 'warn', '@typescript-eslint/no-misused-promises': 'warn' });
    const t = performance.now();
    let findings = 0;
    for (const file of files) findings += linter.lint(readFileSync(file, 'utf8'), file).messages.length;
    const ms = performance.now() - t;
    const coverage = linter.coverage();
    assertCoverage('ESLint', coverage);
    return { ms, findings, coverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function linesOf(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + countLines(readFileSync(file, 'utf8')), 0);
}

// ---------------------------------------------------------------- B3

/** What the extension does on activation for the first open document (in this process; B3 itself uses fresh processes, see coldStart). */
export async function activationToDiagnostics(text: string, language: LanguageInfo): Promise<ColdResult> {
  return coldActivation(text, language, findWasmDir());
}

export type ColdMode = 'direct' | 'worker' | 'bare-worker';

export interface ColdRun extends Partial<ColdResult> {
  /** Engine bundle load + grammar + parse + analysis (direct), or `new Worker` to findings (worker). */
  readonly ms: number;
  /** Node's own start-up before the launcher ran. */
  readonly nodeStartupMs: number;
  readonly requireMs?: number;
  /** Worker: `new Worker` until its script started (spawn + bundle load). */
  readonly upMs?: number;
}

/** One B3 measurement in a fresh node process (see bench/coldStart.ts); `launcher` from buildColdBundles. */
export function coldStart(launcher: string, mode: ColdMode, family?: Family, file?: string): ColdRun {
  const args = mode === 'bare-worker' ? [] : [family!, file!, findWasmDir()];
  const result = spawnSync(process.execPath, [launcher, mode, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = result.stdout.split('\n').find((l) => l.startsWith('@@result '));
  if (result.status !== 0 || !line) throw new Error(`cold start (${mode} ${family ?? ''}) failed (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(line.slice('@@result '.length)) as ColdRun;
}

export function ruffColdCheck(text: string): { ms: number } {
  const t = performance.now();
  const { workspace } = ruffWorkspace();
  const diagnostics = workspace.check(text);
  const ms = performance.now() - t;
  const tally = new RuffTally(workspace);
  tally.add('the file', diagnostics);
  assertCoverage('Ruff', tally.result(), 1);
  return { ms };
}

// ---------------------------------------------------------------- B4

export async function timelineMs(text: string, fileName: string, runs: number, warmup: number): Promise<{ median: number; steps: number; unsupported: number; output: number }> {
  const parser = new SourceParser();
  try {
    const model = await predictTimeline(text, { fileName, parser });
    const timing = await timeMedian(runs, warmup, () => predictTimeline(text, { fileName, parser }));
    return { median: timing.median, steps: model.steps.length, unsupported: model.notes.filter((n) => n.kind === 'unsupported').length, output: model.output.length };
  } finally {
    parser.dispose();
  }
}

/**
 * B4 through the prediction process, as the editor runs it: a warm spare is
 * waiting (its runtime loaded), the time runs from `predict()` to the model
 * back in this process (request over IPC, parse, predict, answer). Each run
 * waits for the next spare to be warm first. `coldRuns` also times a process
 * started for the prediction (the CLI's path, no spare).
 */
export async function timelineSandboxMs(text: string, fileName: string, runs: number, coldRuns: number): Promise<{ warm: number; cold: number; samples: number[] }> {
  const runner = new PredictionRunner({ spare: true });
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      if (!(await runner.warm())) throw new Error('the spare prediction process did not start');
      const t = performance.now();
      const outcome = await runner.predict({ source: text, fileName });
      const ms = performance.now() - t;
      if (!outcome.ok) throw new Error(`prediction failed: ${outcome.message}`);
      if (i > 0) samples.push(ms);
    }
  } finally {
    runner.dispose();
  }
  const coldRunner = new PredictionRunner();
  const cold: number[] = [];
  try {
    for (let i = 0; i < coldRuns; i++) {
      const t = performance.now();
      const outcome = await coldRunner.predict({ source: text, fileName });
      cold.push(performance.now() - t);
      if (!outcome.ok) throw new Error(`prediction failed: ${outcome.message}`);
    }
  } finally {
    coldRunner.dispose();
  }
  return { warm: median(samples), cold: median(cold), samples };
}

// ---------------------------------------------------------------- B5

export interface MemoryResult {
  readonly heapGrowthBytes: number;
  readonly wasmGrowthBytes: number;
  readonly heapAfterWarmup: number;
  readonly wasmAfterWarmup: number;
  /** Edits made between the two measurements. */
  readonly edits: number;
  /** Edits asked for; more than `edits` when the time budget ran out first. */
  readonly requestedEdits: number;
  /** Mean time of one edit (tree update + analysis), ms. */
  readonly meanEditMs: number;
  /** Time of the measured edits, ms. */
  readonly editsMs: number;
}

/** A full collection: `global.gc` under --expose-gc, else the same function switched on at run time. */
function gc(): void {
  let collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  collect();
}

/**
 * B5: `warmup` edits, measure, `edits` more edits (the script repeated),
 * measure again: JS heap after a full gc, and the WebAssembly memory of the
 * tree-sitter runtime (it grows and never shrinks, so a leak inside WASM shows
 * as growth). With `budgetMs`, the measured edits stop when the budget is
 * spent (`edits` < `requestedEdits` then says so): a slow analysis cannot
 * hold the bench for an hour.
 */
export async function memoryGrowth(text: string, language: LanguageInfo, script: readonly EditStep[], warmup: number, edits: number, budgetMs = Infinity): Promise<MemoryResult> {
  const session = await openSession(text, language);
  // The script is replayed forwards, then the file is reset to the start text (a full re-parse) and replayed again.
  let position = 0;
  const step = (): void => {
    if (position === script.length) {
      session.version++;
      const grammar = session.grammars.loadedGrammar(language.grammar)!;
      session.analyzer.analyze(session.trees.update('bench', session.version, text, language.grammar, grammar), language);
      position = 0;
    }
    applyEdit(session, script[position++]!);
  };
  for (let i = 0; i < warmup; i++) step();
  gc();
  const heapAfterWarmup = process.memoryUsage().heapUsed;
  const wasmAfterWarmup = session.grammars.wasmMemoryBytes() ?? 0;
  const started = performance.now();
  let done = 0;
  while (done < edits && performance.now() - started < budgetMs) {
    step();
    done++;
  }
  const editsMs = performance.now() - started;
  gc();
  const heapEnd = process.memoryUsage().heapUsed;
  const wasmEnd = session.grammars.wasmMemoryBytes() ?? 0;
  session.trees.dispose();
  return {
    heapGrowthBytes: heapEnd - heapAfterWarmup, wasmGrowthBytes: wasmEnd - wasmAfterWarmup, heapAfterWarmup, wasmAfterWarmup,
    edits: done, requestedEdits: edits, meanEditMs: editsMs / Math.max(1, done), editsMs,
  };
}

// ---------------------------------------------------------------- B6

/** The type-aware tier's public entry point, when it exists in this checkout. */
export function loadTypedTier(): { TypedAnalyzer: new (rootDir: string) => { analyze(file: string, text: string): { findings: unknown[]; programMs: number; checkMs: number }; dispose(): void } } | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tier = require('../src/analysis/typed') as { TypedAnalyzer?: unknown };
    if (typeof tier.TypedAnalyzer !== 'function') return 'src/analysis/typed exports no TypedAnalyzer';
    return tier as ReturnType<typeof loadTypedTier> & object;
  } catch (error) {
    return `src/analysis/typed failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** B6, Loop Lens side: first run on `file` (program build + checks) and the median re-check after a one-line edit. */
export function typedPass(rootDir: string, file: string, edits: number): { firstMs: number; recheckMs: number; findings: number } | string {
  const tier = loadTypedTier();
  if (typeof tier === 'string') return tier;
  const text = readFileSync(file, 'utf8');
  let t = performance.now();
  const analyzer = new tier.TypedAnalyzer(rootDir);
  const first = analyzer.analyze(file, text);
  const firstMs = performance.now() - t;
  const times: number[] = [];
  const insertAt = text.lastIndexOf('\n}') + 1 || text.length;
  for (let i = 0; i < edits; i++) {
    const edited = `${text.slice(0, insertAt)}  void ${i};\n${text.slice(insertAt)}`;
    t = performance.now();
    analyzer.analyze(file, edited);
    times.push(performance.now() - t);
  }
  analyzer.dispose();
  return { firstMs, recheckMs: median(times), findings: first.findings.length };
}

/** B6, ESLint side: the same file linted type-aware (no-floating-promises), first run then re-lint after the same edits. */
export async function eslintTypedPass(file: string, edits: number): Promise<{ firstMs: number; recheckMs: number; coverage: PeerCoverage }> {
  const text = readFileSync(file, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-eslint-'));
  try {
    let t = performance.now();
    const linter = new TypeAwareLinter(dir, writeTsconfig(dir, [file]), { '@typescript-eslint/no-floating-promises': 'warn' });
    linter.lint(text, file);
    const firstMs = performance.now() - t;
    const insertAt = text.lastIndexOf('\n}') + 1 || text.length;
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const edited = `${text.slice(0, insertAt)}  void ${i};\n${text.slice(insertAt)}`;
      t = performance.now();
      linter.lint(edited, file);
      times.push(performance.now() - t);
    }
    const coverage = linter.coverage();
    assertCoverage('ESLint', coverage, 1);
    return { firstMs, recheckMs: median(times), coverage };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- B7

/** Paths of the working tree copied to package in isolation (dist/ and node_modules/ of the shared tree are left alone). */
const PACKAGE_SKIP = new Set(['node_modules', 'dist', '.git', 'test-results', '.vscode-test', 'looplens.vsix']);

/** B7: `npm run package` in a scratch copy of the working tree; size of looplens.vsix in bytes. */
export function packageSize(): { bytes: number; ms: number } | string {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-package-'));
  try {
    for (const name of readdirSync(REPO_ROOT)) {
      if (PACKAGE_SKIP.has(name) || name.startsWith('.tmp') || name.startsWith('bench-results')) continue;
      cpSync(join(REPO_ROOT, name), join(dir, name), { recursive: true });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    const t = performance.now();
    const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = performance.now() - t;
    const vsix = join(dir, 'looplens.vsix');
    if (result.status !== 0 || !existsSync(vsix)) return `npm run package failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ')}`;
    return { bytes: statSync(vsix).size, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
