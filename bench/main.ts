/**
 * `npm run bench`: runs B1–B7 (issue 7), Loop Lens and its peers side by side
 * in the same run, prints a table and writes bench-results.json. Each
 * scenario runs in a fresh `node --expose-gc` child process (this file with
 * `--child ID`), so one scenario's JIT state, heap or WASM memory never
 * colours another's. Options: --only B1,B3  --out FILE  --quick (small sizes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildColdBundles } from './bundles';
import { buildFile, pythonCorpus, REPO_ROOT, timelineProgram, typescriptCorpus } from './corpus';
import { coverageNote, type PeerCoverage } from './peers';
import {
  coldStart, eslintEdits, eslintFiles, eslintTypedPass, linesOf, loopLensEdits, makeEditScript, median, memoryGrowth, packageSize,
  type MemoryResult, PYTHON, ruffColdCheck, type ColdRun, ruffEdits, ruffFiles, runCli, timelineMs, timelineSandboxMs, typedPass, TYPESCRIPT,
} from './scenarios';

const MB = 1024 * 1024;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const size = {
  editLines: quick ? 1000 : 5000,
  edits: quick ? 100 : 500,
  ruffEvery: quick ? 5 : 5,
  /** ESLint re-lints timed in B1 (each on a text it could parse: many keystrokes leave a half-typed statement). */
  eslintEdits: quick ? 5 : 30,
  memoryEdits: quick ? 1000 : 10_000,
  /** Longest B5 run per language; Python edits were ~130 ms each, so 10,000 of them took ~20 min. */
  memoryBudgetMs: (quick ? 1 : 8) * 60_000,
  cliRuns: quick ? 1 : 3,
  coldRuns: quick ? 3 : 7,
};

/** One line of the table: our figure, the goal, the peer's figure and the ratio. */
export interface Row {
  readonly id: string;
  readonly scenario: string;
  readonly figure: string;
  readonly goal: string;
  readonly peer: string;
  readonly peerFigure: string;
  readonly ratio: string;
  readonly status: 'PASS' | 'MISS' | 'n/a';
  readonly data?: Record<string, unknown>;
}

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`);
const ratio = (ours: number, theirs: number): string => `${(theirs / ours).toFixed(1)}×`;
const status = (ok: boolean): 'PASS' | 'MISS' => (ok ? 'PASS' : 'MISS');

// ----------------------------------------------------------------- children

async function child(id: string, arg: string | undefined): Promise<unknown> {
  switch (id) {
    case 'b1': {
      const family = arg === 'typescript' ? 'typescript' : 'python';
      const built = family === 'python' ? buildFile(pythonCorpus(), size.editLines) : buildFile(typescriptCorpus().openai, size.editLines);
      const language = family === 'python' ? PYTHON : TYPESCRIPT;
      const steps = await makeEditScript(built.text, family, size.edits, 7);
      const warmup = await makeEditScript(built.text, family, 100, 99);
      const ours = await loopLensEdits(built.text, language, steps, warmup);
      const peer = family === 'python'
        ? ruffEdits(steps.filter((_, i) => i % size.ruffEvery === 0), 5)
        : await eslintEdits(built.text, steps, 2, size.eslintEdits);
      return { lines: built.lines, sources: built.sources.length, ours, peer };
    }
    case 'b2': {
      const python = pythonCorpus();
      const { undici, openai } = typescriptCorpus();
      const ts = [...undici, ...openai];
      const pyLines = linesOf(python);
      const tsLines = linesOf(ts);
      const cores = availableParallelism();
      const cli = (files: string[], extra: string[] = []): number => {
        runCli(files, extra); // warm-up (file cache)
        return median(Array.from({ length: size.cliRuns }, () => runCli(files, extra).ms));
      };
      const ruff = (): { ruffMs: number; ruff: PeerCoverage } => {
        const { coverage } = ruffFiles(python);
        return { ruffMs: median(Array.from({ length: size.cliRuns }, () => ruffFiles(python).ms)), ruff: coverage };
      };
      const result = {
        cores,
        python: { files: python.length, lines: pyLines, cliMs: cli(python), cliOneThreadMs: cli(python, ['--jobs', '1']), ...ruff() },
        typescript: { files: ts.length, lines: tsLines, cliMs: cli(ts), cliOneThreadMs: cli(ts, ['--jobs', '1']), eslint: await eslintFiles(ts) },
      };
      return result;
    }
    case 'b3-ruff': {
      const text = buildFile(pythonCorpus(), 1000).text;
      return ruffColdCheck(text);
    }
    case 'b4': {
      const js = timelineProgram('javascript', 1000);
      const py = timelineProgram('python', 1000);
      const sandbox = async (text: string, fileName: string) => {
        const r = await timelineSandboxMs(text, fileName, quick ? 3 : 10, quick ? 1 : 3);
        return { handoffMs: r.warm, coldProcessMs: r.cold, handoffSamples: r.samples };
      };
      return {
        javascript: { lines: js.lines, programs: js.programs, ...(await timelineMs(js.text, 'bench.js', quick ? 3 : 15, 3)), ...(await sandbox(js.text, 'bench.js')) },
        python: { lines: py.lines, programs: py.programs, ...(await timelineMs(py.text, 'bench.py', quick ? 3 : 15, 3)), ...(await sandbox(py.text, 'bench.py')) },
      };
    }
    case 'b5': {
      const family = arg === 'typescript' ? 'typescript' : 'python';
      const built = family === 'python' ? buildFile(pythonCorpus(), size.editLines) : buildFile(typescriptCorpus().openai, size.editLines);
      const script = await makeEditScript(built.text, family, 2000, 11);
      return { family, lines: built.lines, ...(await memoryGrowth(built.text, family === 'python' ? PYTHON : TYPESCRIPT, script, 500, size.memoryEdits, size.memoryBudgetMs)) };
    }
    case 'b6': {
      const root = join(REPO_ROOT, 'node_modules', 'openai', 'src');
      const file = join(root, 'client.ts');
      return arg === 'eslint' ? await eslintTypedPass(file, 5) : { file, result: typedPass(root, file, 5) };
    }
    default:
      throw new Error(`unknown scenario ${id}`);
  }
}

function runChild<T>(id: string, arg?: string): T {
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', id, ...(arg ? [arg] : []), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8', maxBuffer: 1 << 26, cwd: REPO_ROOT,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('@@result '));
  if (result.status !== 0 || !line) throw new Error(`scenario ${id} ${arg ?? ''} failed (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-8).join('\n')}`);
  return JSON.parse(line.slice('@@result '.length)) as T;
}

// ----------------------------------------------------------------- rows

type B1 = {
  lines: number;
  ours: { median: number; p95: number; partialShare: number; bodyShare: number; edits: number };
  peer: { median: number; p95: number; edits: number; linted?: number; coverage: PeerCoverage };
};

function b1Rows(): Row[] {
  const rows: Row[] = [];
  for (const family of ['python', 'typescript'] as const) {
    const r = runChild<B1>('b1', family);
    const factor = family === 'python' ? 10 : 100;
    const ok = r.ours.median <= 5 && r.ours.p95 <= 15 && r.peer.median / r.ours.median >= factor;
    rows.push({
      id: 'B1', scenario: `per-edit re-analysis, ${r.lines}-line ${family === 'python' ? 'Python' : 'TS'} file, ${r.ours.edits} keystrokes (${pct(r.ours.bodyShare)} in bodies; partial path ${pct(r.ours.partialShare)})`,
      figure: `median ${ms(r.ours.median)}, p95 ${ms(r.ours.p95)}`,
      goal: `≤ 5 ms / ≤ 15 ms; ≥ ${factor}×`,
      peer: family === 'python'
        ? `Ruff-wasm full re-check (${r.peer.edits} of the edits)`
        : `ESLint+typescript-eslint no-floating-promises, warm program, keystrokes in order (${r.peer.linted} of ${r.peer.edits} re-lints timed: the others were half-typed statements it stops at)`,
      peerFigure: `median ${ms(r.peer.median)}, p95 ${ms(r.peer.p95)}`,
      ratio: ratio(r.ours.median, r.peer.median), status: status(ok), data: r,
    });
  }
  return rows;
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

type B2 = {
  cores: number;
  python: { files: number; lines: number; cliMs: number; cliOneThreadMs: number; ruffMs: number; ruff: PeerCoverage };
  typescript: { files: number; lines: number; cliMs: number; cliOneThreadMs: number; eslint: { ms: number; findings: number; coverage: PeerCoverage } };
};

function b2Rows(): Row[] {
  const r = runChild<B2>('b2');
  const rate = (lines: number, t: number): number => lines / (t / 1000);
  const klps = (v: number): string => `${(v / 1000).toFixed(1)}k lines/s`;
  const py = rate(r.python.lines, r.python.cliMs);
  const ruff = rate(r.python.lines, r.python.ruffMs);
  const ts = rate(r.typescript.lines, r.typescript.cliMs);
  const eslint = rate(r.typescript.lines, r.typescript.eslint.ms);
  return [
    {
      id: 'B2', scenario: `looplens check, CPython asyncio + test_asyncio (${r.python.files} files, ${r.python.lines} lines; ${r.cores} threads, 1 thread: ${klps(rate(r.python.lines, r.python.cliOneThreadMs))})`,
      figure: `${klps(py)} (${ms(r.python.cliMs)}, process start included)`, goal: '≥ 1.5× Ruff-wasm', peer: `Ruff-wasm in-process, 1 thread (${coverageNote(r.python.ruff)})`, peerFigure: `${klps(ruff)} (${ms(r.python.ruffMs)})`,
      ratio: `${(py / ruff).toFixed(2)}×`, status: status(py / ruff >= 1.5), data: r.python,
    },
    {
      id: 'B2', scenario: `looplens check, undici lib + openai src (${r.typescript.files} files, ${r.typescript.lines} lines; 1 thread: ${klps(rate(r.typescript.lines, r.typescript.cliOneThreadMs))})`,
      figure: `${klps(ts)} (${ms(r.typescript.cliMs)})`, goal: '≥ 20× ESLint', peer: `ESLint type-aware (no-floating/misused-promises), 1 run (${coverageNote(r.typescript.eslint.coverage)})`, peerFigure: `${klps(eslint)} (${ms(r.typescript.eslint.ms)})`,
      ratio: `${(ts / eslint).toFixed(1)}×`, status: status(ts / eslint >= 20), data: r.typescript,
    },
  ];
}

function b3Rows(): Row[] {
  const rows: Row[] = [];
  const { launcher } = buildColdBundles(join(REPO_ROOT, 'dist', 'bench'));
  const dir = mkdtempSync(join(tmpdir(), 'looplens-bench-cold-'));
  try {
    const ruff = median(Array.from({ length: size.coldRuns }, () => runChild<{ ms: number }>('b3-ruff').ms));
    const bare = Array.from({ length: size.coldRuns }, () => coldStart(launcher, 'bare-worker'));
    const spawn = median(bare.map((r) => r.ms));
    for (const family of ['python', 'typescript'] as const) {
      const built = family === 'typescript' ? buildFile(typescriptCorpus().openai, 1000) : buildFile(pythonCorpus(), 1000);
      const file = join(dir, family === 'python' ? 'cold.py' : 'cold.ts');
      writeFileSync(file, built.text);
      // Interleaved, so a burst of load on the machine hits both kinds of run alike.
      const runs: ColdRun[] = [];
      const workerRuns: ColdRun[] = [];
      for (let i = 0; i < size.coldRuns; i++) {
        runs.push(coldStart(launcher, 'direct', family, file));
        workerRuns.push(coldStart(launcher, 'worker', family, file));
      }
      const of = (list: readonly ColdRun[], key: keyof ColdRun): number => median(list.map((r) => Number(r[key] ?? NaN)));
      const t = of(runs, 'ms');
      const best = Math.min(...runs.map((r) => r.ms));
      const worker = of(workerRuns, 'ms');
      const parts = `bundle load ${ms(of(runs, 'requireMs'))}, runtime + grammar ${ms(of(runs, 'loadMs'))}, first parse ${ms(of(runs, 'parseMs'))}, first analysis ${ms(of(runs, 'analyzeMs'))}`;
      rows.push({
        id: 'B3',
        scenario: `cold start → first diagnostics, ${built.lines}-line ${family === 'python' ? 'Python' : 'TS'} file, fresh node per run, engine bundle load included (${parts}; `
          + `node's own start-up ${ms(of(runs, 'nodeStartupMs'))} and VS Code's extension host not included). In a worker thread: ${ms(worker)} from new Worker to findings (worker up ${ms(of(workerRuns, 'upMs'))}; a bare worker spawns in ${ms(spawn)})`,
        figure: `${ms(t)} (best of ${runs.length}: ${ms(best)}; worker ${ms(worker)})`, goal: '≤ 150 ms',
        peer: family === 'python' ? 'Ruff-wasm cold (module load + first check)' : '—', peerFigure: family === 'python' ? ms(ruff) : '—',
        ratio: family === 'python' ? ratio(t, ruff) : '—', status: status(t <= 150),
        data: { runs, workerRuns, bareWorkerRuns: bare, ruffMs: family === 'python' ? ruff : undefined, findings: runs[0]!.findings },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

type B4 = Record<'javascript' | 'python', { lines: number; programs: number; median: number; steps: number; unsupported: number; output: number; handoffMs: number; coldProcessMs: number }>;

function b4Rows(): Row[] {
  const r = runChild<B4>('b4');
  return (['javascript', 'python'] as const).map((language) => ({
    id: 'B4', scenario: `timeline prediction, ${r[language].lines}-line ${language === 'python' ? 'Python' : 'JS'} program (${r[language].programs} recorded programs, ${r[language].steps} steps, ${r[language].output} output lines): `
      + `in-process, and through a warm spare prediction process (request over IPC, parse, predict, model back; a process started for it, as the CLI does: ${ms(r[language].coldProcessMs)})`,
    figure: `${ms(r[language].median)} in-process; ${ms(r[language].handoffMs)} via warm spare`, goal: '≤ 50 ms in-process, ≤ 100 ms via warm spare', peer: '— (no peer predicts timelines)', peerFigure: '—', ratio: '—',
    status: status(r[language].median <= 50 && r[language].handoffMs <= 100), data: r[language],
  }));
}

function b5Rows(): Row[] {
  return (['typescript', 'python'] as const).map((family) => {
    const r = runChild<MemoryResult & { family: string; lines: number }>('b5', family);
    const growth = r.heapGrowthBytes + r.wasmGrowthBytes;
    const complete = r.edits >= r.requestedEdits;
    const name = family === 'python' ? 'Python' : 'TS';
    const cut = complete ? '' : `; stopped after ${(r.editsMs / 60_000).toFixed(1)} min: only ${r.edits} of ${r.requestedEdits} edits (${ms(r.meanEditMs)} each) fit the time budget`;
    return {
      id: 'B5', scenario: `memory after ${r.edits} edits of a ${r.lines}-line ${name} file vs after 500 warm-up edits (JS heap after gc ${(r.heapAfterWarmup / MB).toFixed(1)} MB + WASM ${(r.wasmAfterWarmup / MB).toFixed(1)} MB)${cut}`,
      figure: `${(growth / MB).toFixed(2)} MB (heap ${(r.heapGrowthBytes / MB).toFixed(2)}, WASM ${(r.wasmGrowthBytes / MB).toFixed(2)})`, goal: '≤ 5 MB', peer: '—', peerFigure: '—', ratio: '—',
      // A run cut short proves nothing about 10,000 edits: never a PASS.
      status: growth > 5 * MB ? 'MISS' : complete ? 'PASS' : 'n/a', data: { ...r },
    };
  });
}

function b6Rows(): Row[] {
  const ours = runChild<{ file: string; result: { firstMs: number; recheckMs: number; findings: number } | string }>('b6');
  if (typeof ours.result === 'string') {
    return [{ id: 'B6', scenario: 'type-aware pass on openai/src', figure: `not available: ${ours.result}`, goal: 'first ≤ 3 s, re-check ≤ 300 ms', peer: '—', peerFigure: '—', ratio: '—', status: 'n/a' }];
  }
  const eslint = runChild<{ firstMs: number; recheckMs: number; coverage: PeerCoverage }>('b6', 'eslint');
  const r = ours.result;
  return [{
    id: 'B6', scenario: 'type-aware pass (TypedAnalyzer), openai/src/client.ts in its real project: first run, then re-check after a one-line edit',
    figure: `first ${ms(r.firstMs)}, re-check ${ms(r.recheckMs)}`, goal: 'first ≤ 3 s, re-check ≤ 300 ms', peer: `ESLint no-floating-promises, same file (${coverageNote(eslint.coverage)})`,
    peerFigure: `first ${ms(eslint.firstMs)}, re-lint ${ms(eslint.recheckMs)}`, ratio: `${ratio(r.firstMs, eslint.firstMs)} / ${ratio(r.recheckMs, eslint.recheckMs)}`,
    status: status(r.firstMs <= 3000 && r.recheckMs <= 300), data: { ours: r, eslint },
  }];
}

function b7Rows(): Row[] {
  const r = packageSize();
  if (typeof r === 'string') return [{ id: 'B7', scenario: 'packaged .vsix size', figure: `not available: ${r}`, goal: '≤ 4 MB', peer: '—', peerFigure: '—', ratio: '—', status: 'MISS' }];
  return [{ id: 'B7', scenario: 'packaged looplens.vsix (npm run package in a scratch copy of the tree)', figure: `${(r.bytes / MB).toFixed(2)} MB`, goal: '≤ 4 MB', peer: '—', peerFigure: '—', ratio: '—', status: status(r.bytes <= 4 * MB), data: r }];
}

// ----------------------------------------------------------------- table

function table(rows: readonly Row[]): string {
  const header = ['#', 'scenario', 'Loop Lens', 'goal', 'peer', 'peer figure', 'ratio', ''];
  const cells = rows.map((r) => [r.id, r.scenario, r.figure, r.goal, r.peer, r.peerFigure, r.ratio, r.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const childAt = args.indexOf('--child');
  if (childAt >= 0) {
    const result = await child(args[childAt + 1]!, args[childAt + 2]?.startsWith('--') ? undefined : args[childAt + 2]);
    process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
    return;
  }
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]!.toUpperCase().split(',')) : undefined;
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1]! : join(REPO_ROOT, 'bench-results.json');
  const scenarios: [string, () => Row[]][] = [['B1', b1Rows], ['B2', b2Rows], ['B3', b3Rows], ['B4', b4Rows], ['B5', b5Rows], ['B6', b6Rows], ['B7', b7Rows]];
  const loadBefore = loadavg();
  const started = Date.now();
  const rows: Row[] = [];
  for (const [id, run] of scenarios) {
    if (only && !only.has(id)) continue;
    process.stderr.write(`[bench] ${id}…\n`);
    try {
      rows.push(...run());
    } catch (error) {
      rows.push({ id, scenario: 'failed', figure: `not available: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300), goal: '', peer: '', peerFigure: '', ratio: '', status: 'MISS' });
    }
    // Rows so far, so a long run can be followed (and survives an interruption).
    process.stderr.write(`${table(rows)}\n`);
    writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), partial: true, rows }, null, 2)}\n`);
  }
  const loadAfter = loadavg();
  const machine = `${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after; node ${process.version}${quick ? '; --quick sizes' : ''}`;
  console.log(`Loop Lens benchmark (issue 7) — ${machine}\nTimings are medians after warm-up; ratios are peer ÷ Loop Lens time (× faster).\n`);
  console.log(table(rows));
  writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine, seconds: (Date.now() - started) / 1000, rows }, null, 2)}\n`);
  console.log(`\n${rows.filter((r) => r.status === 'PASS').length}/${rows.length} rows pass; JSON in ${out}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
