/**
 * The soak run shared by `test/unit/soak.test.ts` (short) and `npm run soak`
 * (long): documents opened, edited, explained, fixed and closed through the
 * EngineSession — the code the editor's engine worker runs — then the
 * timeline (predictTimeline, what a prediction process runs) many times in
 * this one process: a tree or WASM leak per prediction still shows.
 * Measures the JS heap (after `global.gc()`; run with --expose-gc) and the
 * WebAssembly memory after warm-up and at the end, and counts live Trees.
 */
import { Parser, Tree } from 'web-tree-sitter';
import { compiledQuery } from '../../src/analysis/syntax';
import { GrammarLoader, SourceParser, findWasmDir, languageFromPath, type TextChange } from '../../src/parsing';
import { predictTimeline } from '../../src/timeline';
import { EngineSession } from '../../src/service/session';
import { loadSeeds, prng } from './harness';

export const SOAK_CHILD_ENV = 'LOOPLENS_SOAK_CHILD';

export interface SoakOptions {
  readonly documents: number;
  readonly timelineRuns: number;
  /** Documents (and timeline runs) done before the baseline is taken. */
  readonly warmup: number;
  readonly editsPerDocument: number;
}

export interface MemoryPoint {
  readonly heapBytes: number;
  readonly wasmBytes: number;
}

export interface SoakResult {
  readonly documents: number;
  readonly timelineRuns: number;
  readonly afterWarmup: MemoryPoint;
  readonly afterDocuments: MemoryPoint;
  /** After the timeline's warm-up runs. */
  readonly timelineBaseline: MemoryPoint;
  readonly afterTimeline: MemoryPoint;
  readonly treesCreated: number;
  readonly liveTrees: number;
  readonly cachedDocuments: number;
  readonly queryCached: boolean;
  readonly findings: number;
  readonly ms: number;
}

/** Counts every WebAssembly memory and every Tree made and deleted in this process (install before the runtime starts). */
function instrument(): { wasmBytes: () => number; created: () => number; live: () => number } {
  const memories: WebAssembly.Memory[] = [];
  const OriginalMemory = WebAssembly.Memory;
  const CountingMemory = function (this: unknown, descriptor: WebAssembly.MemoryDescriptor) {
    const memory = new OriginalMemory(descriptor);
    memories.push(memory);
    return memory;
  } as unknown as typeof WebAssembly.Memory;
  CountingMemory.prototype = OriginalMemory.prototype;
  (WebAssembly as { Memory: typeof WebAssembly.Memory }).Memory = CountingMemory;
  let created = 0;
  let deleted = 0;
  const parse = Parser.prototype.parse;
  Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
    const tree = parse.apply(this, args);
    if (tree) created++;
    return tree;
  };
  const copy = Tree.prototype.copy;
  Tree.prototype.copy = function (this: Tree) {
    created++;
    return copy.call(this);
  };
  const remove = Tree.prototype.delete;
  Tree.prototype.delete = function (this: Tree) {
    deleted++;
    remove.call(this);
  };
  return { wasmBytes: () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0), created: () => created, live: () => created - deleted };
}

function measure(wasmBytes: () => number): MemoryPoint {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the soak run needs node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return { heapBytes: process.memoryUsage().heapUsed, wasmBytes: wasmBytes() };
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const counters = instrument();
  const started = performance.now();
  const seeds = loadSeeds();
  const ruleSeeds = seeds.filter((s) => s.name.startsWith('test/fixtures/'));
  const timelineSeeds = seeds.filter((s) => s.name.startsWith('test/timeline/'));
  const session = new EngineSession({ wasmDir: findWasmDir(), maxDocuments: 8 });
  const next = prng(12345);
  const open: string[] = [];
  let findings = 0;
  let afterWarmup: MemoryPoint | undefined;
  const analyzeIn = async (key: string, version: number, text: string, language: ReturnType<typeof languageFromPath> & object, changes?: TextChange[]): Promise<void> => {
    const result = await session.analyze({ key, version, text, language, severities: {}, maxFileSizeKb: 1024, ...(changes ? { changes } : {}) });
    if (result.status === 'disabled') throw new Error(`analysis disabled: ${result.reason}`);
    if (result.status === 'ok') findings += result.findings.length;
  };

  for (let i = 0; i < options.documents; i++) {
    if (i === options.warmup) afterWarmup = measure(counters.wasmBytes);
    const seed = ruleSeeds[i % ruleSeeds.length]!;
    const language = languageFromPath(seed.name)!;
    const key = `file:///soak/${i}/${seed.name}`;
    let text = seed.text;
    await analyzeIn(key, 1, text, language);
    let version = 1;
    for (version = 2; version < 2 + options.editsPerDocument; version++) {
      const at = Math.floor(next() * (text.length + 1));
      const remove = next() < 0.5 ? Math.min(text.length - at, Math.floor(next() * 10)) : 0;
      const change: TextChange = { rangeOffset: at, rangeLength: remove, text: ['x', '\n', 'await ', '(', 'async ', ''][Math.floor(next() * 6)]! };
      text = text.slice(0, at) + change.text + text.slice(at + remove);
      await analyzeIn(key, version, text, language, [change]);
    }
    session.explain({ key, version: version - 1, offset: Math.floor(next() * text.length) });
    // Fix-all parses standalone trees, deleted at once.
    if (i % 4 === 0) await session.fixAll({ text, language, severities: {}, maxFileSizeKb: 1024 });
    // Documents stay open a while; some are never closed but fall out of the LRU cache.
    open.push(key);
    if (open.length > 12) session.forget(open.splice(Math.floor(next() * open.length), 1)[0]!);
  }
  for (const key of open) session.forget(key);
  const cachedDocuments = session.documentCount;
  const afterDocuments = measure(counters.wasmBytes);

  let timelineBaseline: MemoryPoint | undefined;
  const timelineParser = new SourceParser(findWasmDir());
  for (let i = 0; i < options.timelineRuns; i++) {
    if (i === options.warmup) timelineBaseline = measure(counters.wasmBytes);
    const seed = timelineSeeds[i % timelineSeeds.length]!;
    const model = await predictTimeline(seed.text, { fileName: seed.name, parser: timelineParser });
    if (model.steps.length === 0 && model.notes.length === 0) throw new Error(`empty timeline for ${seed.name}`);
  }
  const afterTimeline = measure(counters.wasmBytes);
  // A query compiled twice for the same language is the same object (cached, not rebuilt and leaked).
  const loader = new GrammarLoader(findWasmDir());
  const python = await loader.load('python');
  const queryCached = compiledQuery(python, '(call) @c') === compiledQuery(python, '(call) @c');
  session.dispose();
  timelineParser.dispose();
  return {
    documents: options.documents, timelineRuns: options.timelineRuns,
    afterWarmup: afterWarmup ?? afterDocuments, afterDocuments,
    timelineBaseline: timelineBaseline ?? afterDocuments, afterTimeline,
    treesCreated: counters.created(), liveTrees: counters.live(), cachedDocuments, queryCached, findings, ms: performance.now() - started,
  };
}

/** Child entry: options from the environment, the result as the last line of stdout. */
export function runSoakChild(): void {
  const options = JSON.parse(process.env[SOAK_CHILD_ENV]!) as SoakOptions;
  runSoak(options).then(
    (result) => process.stdout.write(`\n${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
