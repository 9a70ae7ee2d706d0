/**
 * Entry point of the JavaScript/TypeScript simulator. The program runs in
 * QuickJS compiled to WebAssembly (a real engine behind a real boundary: see
 * host.ts), instrumented so that awaits and rejections are traced without
 * extra ticks; the Node loop model (scheduler.ts) drives it on a virtual clock.
 * A program that queues both a 1 ms timer and an immediate from the main
 * module is run twice, once per start-up timing, to report both orders.
 */
import type { QuickJSHandle } from 'quickjs-emscripten-core';
import type { Tree } from 'web-tree-sitter';
import { languageFromPath, type SourceParser } from '../../parsing';
import { TIMELINE_MODEL_VERSION, type TimelineLanguage, type TimelineModel } from '../model';
import { loadQuickJS, sandboxSources } from './engine';
import { cpuMs, JsHost, SandboxError, type LoadedFile } from './host';
import { instrument } from './instrument';
import { decideModuleKind, readFromDisk, type ReadText } from './moduleKind';
import { resolveImport } from './resolve';
import { Scheduler, STARTUP_RACE_MS } from './scheduler';
import { transpileTypeScript } from './transpile';
import { BudgetExceeded, ProcessExit, Trace, Unsupported } from './trace';

export { decideModuleKind, detectModuleKind } from './moduleKind';

export interface JsPredictOptions {
  readonly fileName: string;
  readonly moduleKind?: 'commonjs' | 'esm';
  readonly language: Exclude<TimelineLanguage, 'python'>;
  readonly stepBudget?: number;
  readonly parser: SourceParser;
  /** Workspace files the program may import (absolute path → text); without it, files are read from disk. */
  readonly files?: Readonly<Record<string, string>>;
  readonly ioLatencyMs?: number;
  /** Memory the program may allocate inside the engine. */
  readonly memoryLimitBytes?: number;
}

const CJS_PREFIX = '(function (exports, require, module, __filename, __dirname) {';
const DEFAULT_MEMORY = 256 * 1024 * 1024;

export async function predictJavaScript(source: string, tree: Tree, options: JsPredictOptions): Promise<TimelineModel> {
  const read: ReadText = options.files ? (path) => options.files![path] : readFromDisk;
  const decision = options.moduleKind ? { kind: options.moduleKind } : decideModuleKind(options.fileName, tree.rootNode, read);
  const moduleKind = decision.kind;
  const module = await loadQuickJS();
  const sources = sandboxSources();
  for (const grammar of ['typescript', 'tsx'] as const) await options.parser.grammars.load(grammar);
  const context: SimulationContext = { source, tree, options, moduleKind, read, module, sources, loaded: new Map(), trees: [], awaitCount: { value: 0 } };
  try {
    return predictWith(context, decision);
  } finally {
    for (const parsed of context.trees) parsed.delete();
  }
}

function predictWith(context: SimulationContext, decision: { kind: 'commonjs' | 'esm'; assumption?: string }): TimelineModel {
  const { options, moduleKind } = context;
  const primaryLag = moduleKind === 'esm' ? 0 : 1;
  const first = simulate(context, primaryLag);
  const notes = [...first.trace.notes];
  if ('assumption' in decision && decision.assumption) notes.unshift({ kind: 'assumed', message: `this TypeScript file is ${decision.assumption}` });
  if (first.raceSeen) {
    const orders = [first.trace.output.map((o) => o.text)];
    for (const lag of [0, 1, STARTUP_RACE_MS]) {
      if (lag === primaryLag) continue;
      const order = simulate(context, lag).trace.output.map((o) => o.text);
      if (!orders.some((known) => known.join('\n') === order.join('\n'))) orders.push(order);
    }
    if (orders.length > 1) {
      notes.unshift({
        kind: 'nondeterministic',
        message: `the main module queued a setImmediate and a timer of at most ${STARTUP_RACE_MS} ms: Node measures that timer from before the module ran, so whether it is already due when the loop starts depends on start-up time, and either may run first`,
        orders,
      });
    }
  }
  if (first.tieSeen && !notes.some((n) => n.kind === 'nondeterministic')) {
    const order = simulate(context, primaryLag, 'reverse').trace.output.map((o) => o.text);
    const primary = first.trace.output.map((o) => o.text);
    if (order.join('\n') !== primary.join('\n')) {
      notes.unshift({
        kind: 'nondeterministic',
        message: 'timers of different delays fall due in the same millisecond: they sit in different Node timer lists, and which runs first depends on sub-millisecond timing',
        orders: [primary, order],
      });
    }
  }
  return {
    version: TIMELINE_MODEL_VERSION,
    language: options.language,
    module: moduleKind,
    timeUnit: 'ms',
    output: first.trace.output,
    steps: first.trace.steps,
    notes,
    files: first.files,
    ioLatencyMs: options.ioLatencyMs ?? 100,
  };
}

interface SimulationContext {
  readonly source: string;
  readonly tree: Tree;
  readonly options: JsPredictOptions;
  readonly moduleKind: 'commonjs' | 'esm';
  readonly read: ReadText;
  readonly module: Awaited<ReturnType<typeof loadQuickJS>>;
  readonly sources: ReturnType<typeof sandboxSources>;
  /** Files prepared (parsed, instrumented, transpiled) once and shared by the runs of one prediction. */
  readonly loaded: Map<string, LoadedFile | undefined>;
  readonly trees: Tree[];
  readonly awaitCount: { value: number };
}

interface RunResult {
  readonly trace: Trace;
  readonly raceSeen: boolean;
  readonly tieSeen: boolean;
  readonly files: string[];
}

function simulate(context: SimulationContext, startupLag: number, tieBreak: 'fifo' | 'reverse' = 'fifo'): RunResult {
  const { options, moduleKind } = context;
  const maxSteps = options.stepBudget ?? 20000;
  let scheduler: Scheduler | undefined;
  const trace = new Trace({ maxSteps, maxEvaluations: Number.MAX_SAFE_INTEGER, maxVirtualMs: 600_000 }, () => scheduler?.now ?? 0);
  const { trees, loaded } = context;
  const files = [options.fileName];
  const esm = moduleKind === 'esm';
  const prepare = (path: string, text: string, tree: Tree, fileEsm: boolean, language: TimelineLanguage): LoadedFile => {
    const grammar = options.parser.grammars.loadedGrammar(languageFromPath(path)?.grammar ?? 'typescript');
    const instrumented = instrument(text, tree.rootNode, context.awaitCount.value, grammar ?? tree.language);
    context.awaitCount.value += instrumented.awaits.length;
    const awaitCount = context.awaitCount.value;
    let code = instrumented.text;
    let sourceMap;
    if (language === 'typescript') {
      const out = transpileTypeScript(code, path, fileEsm);
      code = out.code;
      sourceMap = out.map;
    }
    if (path.endsWith('.json')) code = `module.exports = ${text};`;
    const wrapped = fileEsm ? code : `${CJS_PREFIX}${code}\n})`;
    return {
      path, root: tree.rootNode, code: wrapped, positions: instrumented.positions, wrapperPrefix: fileEsm ? 0 : CJS_PREFIX.length,
      ...(sourceMap ? { sourceMap } : {}), awaits: instrumented.awaits, firstAwaitId: awaitCount - instrumented.awaits.length, esm: fileEsm,
    };
  };
  const load = (path: string): LoadedFile | undefined => {
    if (loaded.has(path)) {
      const known = loaded.get(path);
      if (known && !files.includes(path)) files.push(path);
      return known;
    }
    const text = context.read(path);
    const language = languageFromPath(path);
    let file: LoadedFile | undefined;
    if (text !== undefined && path.endsWith('.json')) {
      const tree = options.parser.parseLoaded('0', languageFromPath('x.js')!);
      trees.push(tree);
      file = { path, root: tree.rootNode, code: `${CJS_PREFIX}module.exports = ${text};\n})`, positions: instrument('', tree.rootNode, 0).positions, wrapperPrefix: CJS_PREFIX.length, awaits: [], firstAwaitId: 0, esm: false };
    } else if (text !== undefined && language && language.family === 'typescript') {
      const tree = options.parser.parseLoaded(text, language);
      trees.push(tree);
      const kind = decideModuleKind(path, tree.rootNode, context.read).kind;
      file = prepare(path, text, tree, kind === 'esm', language.javascript ? 'javascript' : 'typescript');
    }
    loaded.set(path, file);
    if (file && !files.includes(path)) files.push(path);
    return file;
  };
  let host: JsHost | undefined;
  try {
    host = new JsHost({
      module: context.module, trace, scheduler: () => scheduler!, mainFile: options.fileName, epoch: Date.now(),
      ioLatencyMs: options.ioLatencyMs ?? 100,
      memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_MEMORY,
      maxInterrupts: 40_000,
      cpuDeadlineMs: cpuMs() + 10_000,
      load,
      fileText: (path) => (path === options.fileName ? context.source : context.read(path)),
      resolve: (from, specifier) => resolveImport(from, specifier, context.read),
    });
  } catch (error) {
    trace.note('unsupported', `the JavaScript engine could not start (${error instanceof Error ? error.message : String(error)})`);
    return { trace, raceSeen: false, tieSeen: false, files };
  }
  const sandbox = host;
  scheduler = new Scheduler(trace, { moduleKind, startupLag, tieBreak }, {
    describeError: (error) => (error instanceof Error ? error.message : String(error)),
    engineJobs: { pending: () => sandbox.jobsPending(), runAll: () => sandbox.runJobs() },
    afterJob: () => sandbox.endSpin(),
    processRejections: () => {
      for (let unhandled = sandbox.nextUnhandled(); unhandled; unhandled = sandbox.nextUnhandled()) {
        const { text, reason } = unhandled;
        if (sandbox.hasProcessListener('unhandledRejection')) {
          scheduler!.runJob({ lane: 'nextTick', label: "process.on('unhandledRejection') listener", run: () => sandbox.emitProcess('unhandledRejection', [reason]) });
          reason.dispose();
          continue;
        }
        if (sandbox.hasProcessListener('uncaughtException')) {
          scheduler!.runJob({ lane: 'nextTick', label: "process.on('uncaughtException') listener (unhandled rejection)", run: () => sandbox.emitProcess('rejectionAsException', [reason]) });
          reason.dispose();
          continue;
        }
        reason.dispose();
        trace.step({ lane: scheduler!.currentLane, kind: 'error', label: `Unhandled promise rejection: ${text}`, explanation: 'a rejected promise had no handler once the microtasks drained, so Node ends the process (exit code 1)' });
        trace.print(`Uncaught ${text}`, trace.steps.length, 'stderr');
        throw new ProcessExit(1, text);
      }
    },
  });
  let modulePromise: QuickJSHandle | undefined;
  try {
    sandbox.install(context.sources);
    let main = loaded.get(options.fileName);
    if (!main) {
      main = prepare(options.fileName, context.source, context.tree, esm, options.language);
      loaded.set(options.fileName, main);
    }
    const mainFile = main;
    scheduler.runMain({
      lane: 'stack', label: esm ? 'evaluate the ES module (sync code)' : 'run the main module (sync code)', node: context.tree.rootNode,
      run: () => {
        if (esm) modulePromise = sandbox.runModule(mainFile);
        else sandbox.runCommonJs(mainFile);
      },
    });
    checkModule(sandbox, modulePromise, trace);
    scheduler.runLoop();
    checkModule(sandbox, modulePromise, trace);
    // 'beforeExit' again while its listeners schedule more work, like Node.
    for (let round = 0; round < 100 && sandbox.hasProcessListener('beforeExit'); round++) {
      const code = sandbox.vm.newNumber(0);
      scheduler.runJob({ lane: 'stack', label: "process.on('beforeExit') listener", run: () => sandbox.emitProcess('beforeExit', [code]) });
      code.dispose();
      scheduler.drain();
      if (!scheduler.hasPendingWork()) break;
      scheduler.runLoop();
      checkModule(sandbox, modulePromise, trace);
    }
    if (sandbox.hasProcessListener('exit')) {
      const code = sandbox.vm.newNumber(0);
      scheduler.runJob({ lane: 'stack', label: "process.on('exit') listener", run: () => sandbox.emitProcess('exit', [code]) });
      code.dispose();
    }
  } catch (error) {
    recordEnd(error, trace);
    if ((error instanceof ProcessExit && !error.message.startsWith('killed by')) || error instanceof SandboxError) sandbox.runExitListeners(error instanceof ProcessExit ? error.code : 1);
  } finally {
    sandbox.flushWrites();
    modulePromise?.dispose();
    sandbox.dispose();
  }
  return { trace, raceSeen: scheduler.raceSeen, tieSeen: scheduler.tieSeen, files };
}

/** An ES module whose evaluation rejected (an uncaught error at top level, possibly after a top-level await). */
function checkModule(host: JsHost, promise: QuickJSHandle | undefined, trace: Trace): void {
  if (!promise || !promise.alive) return;
  const state = host.vm.getPromiseState(promise);
  if (state.type === 'fulfilled' && state.notAPromise) return;
  if (state.type === 'rejected') {
    const text = host.describeHandle(state.error);
    state.error.dispose();
    trace.step({ lane: 'microtask', kind: 'error', label: `Uncaught ${text}` });
    trace.print(`Uncaught ${text}`, trace.steps.length, 'stderr');
    throw new ProcessExit(1, text);
  }
  if (state.type === 'fulfilled') state.value.dispose();
}

function recordEnd(error: unknown, trace: Trace): void {
  if (error instanceof ProcessExit) {
    if (error.code !== 0 && !trace.steps.some((s) => s.kind === 'error')) {
      const last = trace.steps[trace.steps.length - 1];
      if (last?.kind === 'error' && !trace.output.some((o) => o.stream === 'stderr')) trace.print(last.label, last.id, 'stderr');
    }
    const lastError = [...trace.steps].reverse().find((s) => s.kind === 'error');
    if (lastError && lastError.label.startsWith('Uncaught ') && !trace.output.some((o) => o.stream === 'stderr' && o.text === lastError.label)) {
      trace.print(lastError.label, lastError.id, 'stderr');
    }
    return;
  }
  if (error instanceof BudgetExceeded) {
    trace.note('unsupported', `${error.message}; the prediction stops there`);
    return;
  }
  if (error instanceof Unsupported) {
    trace.note('unsupported', `${error.message}; the prediction stops there`, error.line);
    return;
  }
  if (error instanceof SandboxError) {
    // An exception thrown where no callback boundary caught it (a microtask): Node ends the process.
    const step = trace.step({ lane: 'microtask', kind: 'error', label: `Uncaught ${error.message}`, explanation: 'an exception nobody caught ends the process' });
    trace.print(`Uncaught ${error.message}`, step, 'stderr');
    return;
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    trace.note('unsupported', 'the program nests calls deeper than the sandbox allows; the prediction stops there');
    return;
  }
  trace.note('unsupported', `the simulator failed (${error instanceof Error ? error.message : String(error)}); the prediction stops there`);
}
