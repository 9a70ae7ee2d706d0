/**
 * The fuzzer shared by `test/unit/fuzz.test.ts` (short, deterministic run in
 * `npm test`) and `npm run fuzz` (long run with a time budget). It mutates the
 * rule fixtures and the timeline programs, and a child process feeds each
 * mutant through parsing, incremental re-parsing, every rule, the incremental
 * analyser, every quick fix, construct explanations and the timeline. The
 * parent watches each case against a wall-clock budget: a hang or a crash of
 * the child is reported with its input saved to `test-results/fuzz/`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { analyze, applyEdits, type Finding } from '../../src/analysis';
import { explainConstruct } from '../../src/analysis/constructs';
import { IncrementalAnalyzer } from '../../src/analysis/incremental';
import { DocumentTrees, GrammarLoader, ParseBudgetExceeded, SourceParser, findWasmDir, languageFromPath, type TextChange } from '../../src/parsing';
import { predictTimeline } from '../../src/timeline';

export const FUZZ_CHILD_ENV = 'LOOPLENS_FUZZ_CHILD';

export interface Seed {
  readonly name: string;
  readonly text: string;
}

/** A mutant: the seed text, the edits that turn it into `text` (sequential, as DocumentTrees applies them). */
export interface FuzzCase {
  readonly id: string;
  readonly seedName: string;
  readonly fileName: string;
  readonly original: string;
  readonly changes: readonly TextChange[];
  readonly text: string;
  readonly mutations: readonly string[];
  /** Drives the random offsets of construct explanations. */
  readonly probe: number;
}

export interface Problem {
  readonly kind: 'exception' | 'rule-error' | 'bad-range' | 'fix-breaks-parse' | 'incremental-mismatch' | 'timeline-failed' | 'hang' | 'crash';
  readonly detail: string;
}

export interface CaseOutcome {
  readonly id: string;
  readonly problems: readonly Problem[];
  readonly ms: number;
  readonly parsed: boolean;
  /** Quick fixes applied to an input that parsed and re-parsed to check they keep it parsing. */
  readonly fixesChecked: number;
  /** Milliseconds per stage, to find what is slow. */
  readonly phases: Readonly<Record<string, number>>;
}

/** The seed corpus: rule fixtures and timeline programs (relative to the repository root). */
export function loadSeeds(root: string = process.cwd()): Seed[] {
  const folders = ['test/fixtures/python', 'test/fixtures/typescript', 'test/fixtures/typescript/js', 'test/timeline/js', 'test/timeline/python'];
  const seeds: Seed[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(join(root, folder)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!languageFromPath(name)) continue;
      const path = join(root, folder, name);
      try {
        seeds.push({ name: `${folder}/${name}`, text: readFileSync(path, 'utf8') });
      } catch {
        // folders and unreadable entries are not seeds
      }
    }
  }
  return seeds;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface MutationLimits {
  /** Deepest nesting a mutation inserts. */
  readonly maxDepth: number;
  /** Longest line a mutation inserts. */
  readonly maxLine: number;
}

export const SHORT_LIMITS: MutationLimits = { maxDepth: 300, maxLine: 20_000 };
export const LONG_LIMITS: MutationLimits = { maxDepth: 3_000, maxLine: 200_000 };

const PALETTE = ['(', ')', '[', ']', '{', '}', ':', ';', ',', '.', '"', "'", '`', '\\', '\n', '\r\n', '    ', '\t', '#', '//', '/*', '*/', '=>', '@', 'async ', 'await ', 'def ', 'function ', 'yield ', 'lambda ', '<', '>', '</', '${', 'é', '😀', '\u2028', '\uFEFF', '\u0000', '\uD800', '\uDFFF', '\x07'];

type Mutator = (text: string, next: () => number, limits: MutationLimits, seeds: readonly Seed[]) => { change: TextChange; label: string };

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)]!;
}

function tokens(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const pattern = /[A-Za-z_]\w*|\d+|\S/g;
  for (let match = pattern.exec(text); match && found.length < 20_000; match = pattern.exec(text)) found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}

function at(text: string, next: () => number): number {
  return Math.floor(next() * (text.length + 1));
}

/** A nested expression or block, `depth` deep, for the seed's language. */
export function nested(depth: number, python: boolean, flavour: number): string {
  switch (flavour % 5) {
    case 0:
      return `${'('.repeat(depth)}x${')'.repeat(depth)}`;
    case 1:
      return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    case 2:
      return `${'f('.repeat(depth)}0${')'.repeat(depth)}`;
    case 3:
      return python ? Array.from({ length: Math.min(depth, 90) }, (_, i) => `${' '.repeat(i)}if x:\n`).join('') + `${' '.repeat(Math.min(depth, 90))}pass\n` : `${'{'.repeat(depth)}${'}'.repeat(depth)}`;
    default:
      return python ? `${'await '.repeat(depth)}x` : `${'async () => '.repeat(depth)}0`;
  }
}

const MUTATORS: readonly Mutator[] = [
  function deleteToken(text, next) {
    const list = tokens(text);
    if (list.length === 0) return { change: { rangeOffset: 0, rangeLength: 0, text: '' }, label: 'delete-token(none)' };
    const token = pick(list, next);
    return { change: { rangeOffset: token.start, rangeLength: token.end - token.start, text: '' }, label: `delete-token@${token.start}` };
  },
  function duplicateToken(text, next) {
    const list = tokens(text);
    if (list.length === 0) return { change: { rangeOffset: 0, rangeLength: 0, text: 'x' }, label: 'insert-x' };
    const token = pick(list, next);
    const where = next() < 0.5 ? token.end : at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: text.slice(token.start, token.end) }, label: `duplicate-token@${where}` };
  },
  function duplicateSpan(text, next) {
    const start = at(text, next);
    const end = Math.min(text.length, start + Math.floor(next() * 400));
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: text.slice(start, end) }, label: `duplicate-span@${where}` };
  },
  function deleteSpan(text, next) {
    const start = at(text, next);
    const length = Math.min(text.length - start, Math.floor(next() * 200));
    return { change: { rangeOffset: start, rangeLength: length, text: '' }, label: `delete-span@${start}+${length}` };
  },
  function randomChars(text, next) {
    const count = 1 + Math.floor(next() * 8);
    let inserted = '';
    for (let i = 0; i < count; i++) inserted += next() < 0.7 ? pick(PALETTE, next) : String.fromCharCode(Math.floor(next() * 0x3000));
    const where = at(text, next);
    const replace = next() < 0.3 ? Math.min(text.length - where, Math.floor(next() * 5)) : 0;
    return { change: { rangeOffset: where, rangeLength: replace, text: inserted }, label: `random-chars@${where}` };
  },
  function truncate(text, next) {
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: text.length - where, text: '' }, label: `truncate@${where}` };
  },
  function deepNesting(text, next, limits, _seeds) {
    const depth = 1 + Math.floor(next() ** 2 * limits.maxDepth);
    const flavour = Math.floor(next() * 5);
    const lineStart = text.lastIndexOf('\n', at(text, next) - 1) + 1;
    const python = /\bdef |^import |\basyncio\b/m.test(text);
    return { change: { rangeOffset: lineStart, rangeLength: 0, text: `${nested(depth, python, flavour)}\n` }, label: `nest(${depth},${flavour})@${lineStart}` };
  },
  function longLine(text, next, limits) {
    const length = 1000 + Math.floor(next() * limits.maxLine);
    const unit = pick(['a+', 'x, ', '"s" + ', '1;', 'await f(); ', '=', ' '], next);
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: unit.repeat(Math.ceil(length / unit.length)).slice(0, length) }, label: `long-line(${length})@${where}` };
  },
  function invalidUtf8(text, next) {
    // Bytes a file may hold that are not UTF-8, decoded the way the CLI and VS Code read files.
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf8, 0xff, 0xfe], next)));
    const inserted = next() < 0.5 ? bytes.toString('utf8') : bytes.toString('latin1');
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: inserted }, label: `invalid-utf8@${where}` };
  },
  function nulBytes(text, next) {
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: '\u0000'.repeat(1 + Math.floor(next() * 4)) }, label: `nul@${where}` };
  },
  function crossover(text, next, _limits, seeds) {
    const other = pick(seeds, next).text;
    const start = at(other, next);
    const piece = other.slice(start, start + Math.floor(next() * 600));
    const where = at(text, next);
    return { change: { rangeOffset: where, rangeLength: 0, text: piece }, label: `crossover@${where}` };
  },
  function commentLine(text, next) {
    // Keeps the text valid, so the quick-fix check (fixes must not break a parsing file) gets inputs that parse.
    const where = text.lastIndexOf('\n', at(text, next) - 1) + 1;
    const python = /\bdef |^import |\basyncio\b/m.test(text);
    return { change: { rangeOffset: where, rangeLength: 0, text: python ? '# fuzz: é 😀\n' : '/* fuzz: é 😀 */\n' }, label: `comment@${where}` };
  },
  function duplicateLine(text, next) {
    const start = text.lastIndexOf('\n', at(text, next) - 1) + 1;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end + 1);
    const where = text.lastIndexOf('\n', at(text, next) - 1) + 1;
    return { change: { rangeOffset: where, rangeLength: 0, text: line.endsWith('\n') ? line : `${line}\n` }, label: `duplicate-line@${where}` };
  },
  function swapIndent(text, next) {
    const where = text.lastIndexOf('\n', at(text, next) - 1) + 1;
    return { change: { rangeOffset: where, rangeLength: 0, text: pick(['    ', '\t', '  ', '        '], next) }, label: `indent@${where}` };
  },
];

/** The mutant number `index` of a run started with `runSeed`: the same arguments always give the same case. */
export function makeCase(seeds: readonly Seed[], runSeed: number, index: number, limits: MutationLimits = SHORT_LIMITS): FuzzCase {
  const next = prng((runSeed * 0x9e3779b1) ^ (index * 0x85ebca6b));
  const seed = pick(seeds, next);
  const count = 1 + Math.floor(next() * 3);
  let text = seed.text;
  const changes: TextChange[] = [];
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const { change, label } = pick(MUTATORS, next)(text, next, limits, seeds);
    changes.push(change);
    labels.push(label);
    text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
  }
  return { id: `${runSeed}-${index}`, seedName: seed.name, fileName: basename(seed.name), original: seed.text, changes, text, mutations: labels, probe: Math.floor(next() * 2 ** 31) };
}

/** A saved input replayed as one whole-text replacement of an empty seed. */
export function caseFromFile(path: string, text: string = readFileSync(path, 'utf8')): FuzzCase {
  // Regression inputs are stored as `name.py.fuzz` so that neither tsc nor `looplens check` picks them up.
  const fileName = basename(path).replace(/\.fuzz$/, '');
  return { id: basename(path), seedName: path, fileName, original: '', changes: [{ rangeOffset: 0, rangeLength: 0, text }], text, mutations: ['replay'], probe: 1 };
}

// ---------------------------------------------------------------------------
// The child: runs cases, one at a time, and reports each.

/** What the child checks on one case. Never throws: every failure becomes a Problem. */
export class CaseRunner {
  private readonly loader = new GrammarLoader(findWasmDir());
  private readonly parser = new SourceParser(this.loader);
  private readonly trees = new DocumentTrees({ maxEntries: 4 });
  private readonly incremental = new IncrementalAnalyzer();
  private phases: Record<string, number> = {};
  private fixesChecked = 0;
  private lap = 0;

  private mark(phase: string): void {
    const now = performance.now();
    this.phases[phase] = (this.phases[phase] ?? 0) + Math.round(now - this.lap);
    this.lap = now;
    if (process.env.LOOPLENS_FUZZ_TRACE) process.stderr.write(`[fuzz] ${phase} done in ${this.phases[phase]} ms\n`);
  }

  async run(fuzzCase: FuzzCase, options: { timeline: boolean } = { timeline: true }): Promise<CaseOutcome> {
    const started = performance.now();
    const problems: Problem[] = [];
    this.phases = {};
    this.fixesChecked = 0;
    this.lap = started;
    let parsed = false;
    try {
      parsed = await this.check(fuzzCase, problems, options.timeline);
    } catch (error) {
      problems.push({ kind: 'exception', detail: describe(error) });
    }
    return { id: fuzzCase.id, problems, ms: performance.now() - started, parsed, fixesChecked: this.fixesChecked, phases: this.phases };
  }

  dispose(): void {
    this.trees.dispose();
    this.parser.dispose();
  }

  private async check(fuzzCase: FuzzCase, problems: Problem[], timeline: boolean): Promise<boolean> {
    const language = languageFromPath(fuzzCase.fileName)!;
    const text = fuzzCase.text;
    const grammar = await this.loader.load(language.grammar);
    let tree;
    try {
      tree = this.parser.parseLoaded(text, language);
    } catch (error) {
      if (error instanceof ParseBudgetExceeded) return false;
      throw error;
    }
    this.mark('parse');
    let findings: Finding[];
    try {
      findings = analyze(tree, text, language, { onRuleError: (ruleId, error) => problems.push({ kind: 'rule-error', detail: `${ruleId}: ${describe(error)}` }) });
      this.mark('rules');
      const inputParses = !tree.rootNode.hasError;
      for (const finding of findings) {
        if (!(finding.start >= 0 && finding.start <= finding.end && finding.end <= text.length)) {
          problems.push({ kind: 'bad-range', detail: `${finding.ruleId} reported ${finding.start}..${finding.end} in a text of ${text.length}` });
        }
        for (const fix of finding.fixes) {
          if (fix.edits.some((e) => !(e.start >= 0 && e.start <= e.end && e.end <= text.length))) {
            problems.push({ kind: 'bad-range', detail: `${finding.ruleId} fix "${fix.title}" edits outside the text` });
            continue;
          }
          if (!inputParses) continue;
          const fixed = applyEdits(text, fix.edits);
          this.fixesChecked++;
          const fixedTree = this.parser.parseLoaded(fixed, language);
          try {
            if (fixedTree.rootNode.hasError) problems.push({ kind: 'fix-breaks-parse', detail: `${finding.ruleId} fix "${fix.title}" at ${finding.start}: ${JSON.stringify(fix.edits).slice(0, 300)}` });
          } finally {
            fixedTree.delete();
          }
        }
      }
      this.mark('fixes');
      const next = prng(fuzzCase.probe);
      const offsets = [0, text.length, ...Array.from({ length: 12 }, () => Math.floor(next() * (text.length + 1)))];
      for (const offset of offsets) {
        try {
          explainConstruct(tree, text, language, offset);
        } catch (error) {
          problems.push({ kind: 'exception', detail: `explainConstruct at ${offset}: ${describe(error)}` });
        }
      }
      this.mark('explain');
    } finally {
      tree.delete();
    }

    // The editor's path: the seed, then the mutation as change events (incremental re-parse and re-analysis).
    const key = `fuzz:${fuzzCase.id}`;
    try {
      const first = this.trees.update(key, 1, fuzzCase.original, language.grammar, grammar);
      this.incremental.analyze(first, language);
      const second = this.trees.update(key, 2, text, language.grammar, grammar, fuzzCase.changes);
      const incremental = this.incremental.analyze(second, language);
      // Compared with a full analysis of the same tree: on text with syntax errors, tree-sitter's error
      // recovery after an incremental re-parse may legitimately differ from a fresh parse's.
      const full = analyze(second.tree, text, language).map(findingKey).join('\n');
      const got = incremental.map(findingKey).join('\n');
      if (full !== got) problems.push({ kind: 'incremental-mismatch', detail: `full:\n${full}\nincremental:\n${got}` });
      // Without syntax errors both parses must agree, and so must the findings.
      if (!second.tree.rootNode.hasError && findings.map(findingKey).join('\n') !== got) {
        problems.push({ kind: 'incremental-mismatch', detail: `fresh parse:\n${findings.map(findingKey).join('\n')}\nincremental:\n${got}` });
      }
    } catch (error) {
      if (!(error instanceof ParseBudgetExceeded)) problems.push({ kind: 'exception', detail: `DocumentTrees/IncrementalAnalyzer: ${describe(error)}` });
    } finally {
      this.trees.delete(key);
      this.incremental.forget(key);
    }
    this.mark('incremental');

    if (timeline) {
      const model = await predictTimeline(text, { fileName: fuzzCase.fileName, parser: this.parser });
      for (const note of model.notes) {
        if (note.kind === 'unsupported' && note.message.startsWith('the simulator failed') && !/Maximum call stack|budget/i.test(note.message)) {
          problems.push({ kind: 'timeline-failed', detail: note.message });
        }
      }
      this.mark('timeline');
    }
    return true;
  }
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}@${finding.start}-${finding.end}`;
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
}

type ParentMessage = { type: 'cases'; runSeed: number; from: number; to: number; limits: MutationLimits; timeline: boolean } | { type: 'files'; paths: string[]; timeline: boolean };
type ChildMessage = { type: 'start'; index: number } | { type: 'done'; index: number; outcome: CaseOutcome } | { type: 'finished' };
export type ReplayResult = { path: string; problems: readonly Problem[]; ms: number; phases?: Readonly<Record<string, number>> };

/** The child's main loop; call it when `process.env[FUZZ_CHILD_ENV]` is set. */
export function runChild(): void {
  const runner = new CaseRunner();
  const seeds = loadSeeds();
  const send = (message: ChildMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));
  process.on('message', (message: ParentMessage) => {
    void (async () => {
      if (message.type === 'cases') {
        for (let index = message.from; index < message.to; index++) {
          await send({ type: 'start', index });
          const outcome = await runner.run(makeCase(seeds, message.runSeed, index, message.limits), { timeline: message.timeline });
          await send({ type: 'done', index, outcome });
        }
      } else {
        for (let index = 0; index < message.paths.length; index++) {
          await send({ type: 'start', index });
          const outcome = await runner.run(caseFromFile(message.paths[index]!), { timeline: message.timeline });
          await send({ type: 'done', index, outcome });
        }
      }
      await send({ type: 'finished' });
      runner.dispose();
      process.disconnect();
    })();
  });
}

// ---------------------------------------------------------------------------
// The parent: hands cases to a child, watches the clock, saves what fails.

export interface FuzzRunOptions {
  /** The script the child runs (a bundle that calls runChild() when FUZZ_CHILD_ENV is set). */
  readonly childScript: string;
  readonly runSeed: number;
  /** Case indices [from, to). */
  readonly from?: number;
  readonly to: number;
  /** Wall-clock budget of one case (parse + rules + fixes + explanations + timeline). */
  readonly caseTimeoutMs: number;
  /** Stop starting new cases after this. */
  readonly deadline?: number;
  readonly limits?: MutationLimits;
  readonly timeline?: boolean;
  /** Where failing inputs are saved (default test-results/fuzz). */
  readonly outDir?: string;
  readonly onProgress?: (done: number) => void;
}

export interface FuzzFailure {
  readonly id: string;
  readonly seedName: string;
  readonly mutations: readonly string[];
  readonly problems: readonly Problem[];
  readonly savedAs?: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly parsed: number;
  readonly fixesChecked: number;
  readonly failures: FuzzFailure[];
  readonly slowestMs: number;
  readonly slowestId: string;
  readonly slowestPhases: Readonly<Record<string, number>>;
}

/** Runs cases [from, to) of `runSeed` in child processes (restarted after a hang or crash). */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const seeds = loadSeeds();
  const limits = options.limits ?? SHORT_LIMITS;
  const outDir = options.outDir ?? join(process.cwd(), 'test-results', 'fuzz');
  const failures: FuzzFailure[] = [];
  let cases = 0;
  let parsed = 0;
  let fixesChecked = 0;
  let slowestMs = 0;
  let slowestId = '';
  let slowestPhases: Readonly<Record<string, number>> = {};
  let from = options.from ?? 0;
  const record = (index: number, problems: readonly Problem[]): void => {
    const fuzzCase = makeCase(seeds, options.runSeed, index, limits);
    failures.push({ id: fuzzCase.id, seedName: fuzzCase.seedName, mutations: fuzzCase.mutations, problems, savedAs: saveCase(outDir, fuzzCase, problems) });
  };
  while (from < options.to && (options.deadline === undefined || Date.now() < options.deadline)) {
    const to = options.deadline === undefined ? options.to : Math.min(options.to, from + 50);
    const stoppedAt = await watchChild(options.childScript, { type: 'cases', runSeed: options.runSeed, from, to, limits, timeline: options.timeline ?? true }, options.caseTimeoutMs, from, {
      done: (message) => {
        cases++;
        if (message.outcome.parsed) parsed++;
        fixesChecked += message.outcome.fixesChecked;
        if (message.outcome.ms > slowestMs) {
          slowestMs = message.outcome.ms;
          slowestId = message.outcome.id;
          slowestPhases = message.outcome.phases;
        }
        if (message.outcome.problems.length > 0) record(message.index, message.outcome.problems);
        options.onProgress?.(cases);
      },
      failed: (index, kind) => record(index, [kind === 'hang' ? { kind, detail: `case took longer than ${options.caseTimeoutMs} ms` } : kind]),
    });
    from = stoppedAt ?? to;
  }
  return { cases, parsed, fixesChecked, failures, slowestMs, slowestId, slowestPhases };
}

/** Replays saved inputs (regressions) in a child, with the same budget per file. */
export async function replayFiles(childScript: string, paths: readonly string[], caseTimeoutMs: number): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  let from = 0;
  while (from < paths.length) {
    const rest = paths.slice(from);
    const next = await watchChild(childScript, { type: 'files', paths: [...rest], timeline: true }, caseTimeoutMs, 0, {
      done: (message) => results.push({ path: rest[message.index]!, problems: message.outcome.problems, ms: message.outcome.ms, phases: message.outcome.phases }),
      failed: (index, kind) => results.push({ path: rest[index]!, problems: [kind === 'hang' ? { kind, detail: `took longer than ${caseTimeoutMs} ms` } : kind], ms: kind === 'hang' ? caseTimeoutMs : 0 }),
    });
    from = next === undefined ? paths.length : from + next;
  }
  return results;
}

/**
 * Runs one child over a batch, timing each case from its `start` message. A
 * case that runs past `caseTimeoutMs` (the child is killed) or kills the child
 * is reported through `failed`; resolves the child's index of the case after
 * it, or undefined when the child finished the whole batch.
 */
function watchChild(
  script: string,
  batch: ParentMessage,
  caseTimeoutMs: number,
  first: number,
  on: { done(message: Extract<ChildMessage, { type: 'done' }>): void; failed(index: number, problem: 'hang' | Problem): void },
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawnChild(script);
    let current = first;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (next: number | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(next);
    };
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'start') {
        current = message.index;
        clearTimeout(timer);
        timer = setTimeout(() => {
          on.failed(current, 'hang');
          finish(current + 1);
        }, caseTimeoutMs);
      } else if (message.type === 'done') {
        clearTimeout(timer);
        on.done(message);
        current = message.index + 1;
      } else {
        finish(undefined);
      }
    });
    child.on('exit', (code, signal) => {
      if (settled) return;
      on.failed(current, { kind: 'crash', detail: `child exited with ${signal ?? code}` });
      finish(current + 1);
    });
    child.send(batch);
  });
}

function spawnChild(script: string): ChildProcess {
  return fork(script, [], { env: { ...process.env, [FUZZ_CHILD_ENV]: '1' }, execArgv: ['--enable-source-maps'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function saveCase(outDir: string, fuzzCase: FuzzCase, problems: readonly Problem[]): string | undefined {
  try {
    mkdirSync(outDir, { recursive: true });
    const stem = `${problems[0]!.kind}-${fuzzCase.id}`;
    const file = join(outDir, `${stem}${extname(fuzzCase.fileName)}`);
    writeFileSync(file, fuzzCase.text);
    writeFileSync(join(outDir, `${stem}.json`), `${JSON.stringify({ id: fuzzCase.id, seed: fuzzCase.seedName, fileName: fuzzCase.fileName, mutations: fuzzCase.mutations, changes: fuzzCase.changes, problems }, null, 2)}\n`);
    return file;
  } catch {
    return undefined;
  }
}
