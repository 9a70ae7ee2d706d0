/**
 * Entry point of the JavaScript/TypeScript simulator: wires the trace, the
 * scheduler, the promise realm, the interpreter and the globals, runs the
 * program's main module and then the event loop, and turns whatever happens
 * (normal end, uncaught error, budget, unsupported construct) into a model.
 * A program that queues both a 1 ms timer and an immediate from the main
 * module is run twice, once per start-up timing, to report both orders.
 */
import { inspect } from 'node:util';
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import { TIMELINE_MODEL_VERSION, type TimelineLanguage, type TimelineModel } from '../model';
import { createGlobals, Printer, type Environment } from './builtins';
import { hoistVars, newContext } from './functions';
import { Interpreter } from './interpreter';
import { createRequire } from './modules';
import { createPromiseRealm } from './promises';
import { Scheduler, STARTUP_RACE_MS } from './scheduler';
import { execStatements } from './statements';
import { BudgetExceeded, ProcessExit, Trace, Unsupported } from './trace';
import { field, namedChildren, Scope, type Gen } from './values';

export { detectModuleKind } from './moduleKind';

export interface JsPredictOptions {
  readonly fileName: string;
  readonly moduleKind: 'commonjs' | 'esm';
  readonly language: Exclude<TimelineLanguage, 'python'>;
  readonly stepBudget?: number;
}

interface RunResult {
  readonly trace: Trace;
  readonly raceSeen: boolean;
}

export function predictJavaScript(source: string, tree: Tree, options: JsPredictOptions): TimelineModel {
  const primaryLag = options.moduleKind === 'esm' ? 0 : 1;
  const first = simulate(source, tree.rootNode, options, primaryLag);
  const notes = [...first.trace.notes];
  if (first.raceSeen) {
    const orders = [first.trace.output.map((o) => o.text)];
    for (const lag of [0, 1, STARTUP_RACE_MS]) {
      if (lag === primaryLag) continue;
      const order = simulate(source, tree.rootNode, options, lag).trace.output.map((o) => o.text);
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
  return {
    version: TIMELINE_MODEL_VERSION,
    language: options.language,
    module: options.moduleKind,
    timeUnit: 'ms',
    output: first.trace.output,
    steps: first.trace.steps,
    notes,
  };
}

function simulate(source: string, root: SyntaxNode, options: JsPredictOptions, startupLag: number): RunResult {
  const maxSteps = options.stepBudget ?? 20000;
  let scheduler: Scheduler | undefined;
  const trace = new Trace({ maxSteps, maxEvaluations: Math.max(2_000_000, maxSteps * 100), maxVirtualMs: 600_000 }, () => scheduler?.now ?? 0);
  const unhandled: object[] = [];
  const processListeners = new Map<string, ((...args: unknown[]) => unknown)[]>();
  let ip: Interpreter | undefined;
  const realm = createPromiseRealm({
    queueJob: (meta, run) => scheduler!.queueMicrotask({
      lane: 'microtask', label: meta.label, ...(meta.node ? { node: meta.node } : {}), ...(meta.kind ? { kind: meta.kind } : {}),
      ...(scheduler!.currentStep !== undefined ? { cause: scheduler!.currentStep } : {}), run,
    }),
    describe: (fn, role) => ip!.describe(fn, role),
    rejectedWithoutHandler: (promise) => void unhandled.push(promise),
    handlerAdded: (promise) => {
      const index = unhandled.indexOf(promise);
      if (index >= 0) unhandled.splice(index, 1);
    },
  });
  scheduler = new Scheduler(trace, { moduleKind: options.moduleKind, startupLag }, {
    describeError,
    processRejections: () => {
      while (unhandled.length > 0) {
        const promise = unhandled.shift()!;
        const reason = realm.state(promise)?.value;
        const listeners = processListeners.get('unhandledRejection');
        if (listeners?.length) {
          for (const listener of listeners) scheduler!.runJob({ lane: 'nextTick', label: "process.on('unhandledRejection') listener", run: () => void listener(reason, promise) });
          continue;
        }
        const text = `Unhandled promise rejection: ${describeError(reason)}`;
        trace.step({ lane: scheduler!.currentLane, kind: 'error', label: text, explanation: 'a rejected promise had no handler once the microtasks drained, so Node ends the process (exit code 1)' });
        throw new ProcessExit(1, text);
      }
    },
  });
  ip = new Interpreter(trace, scheduler, realm, options.fileName);
  const printer = new Printer((text, step, stream) => trace.print(text, step, stream));
  const env: Environment = { ip, source, fileName: options.fileName, moduleKind: options.moduleKind, epoch: Date.now(), processListeners, printer };
  const globals = createGlobals(env);
  const requireModule = createRequire(env, globals);
  ip.globalObject = globals;

  const esm = options.moduleKind === 'esm';
  const moduleObject = { exports: {} as Record<string, unknown> };
  const moduleScope = new Scope(undefined, newContext(esm ? undefined : moduleObject.exports, true, undefined, undefined, undefined), true);
  if (!esm) {
    moduleScope.declare('require', 'const', Object.assign((name: unknown) => requireModule(name), { resolve: (name: unknown) => String(name) }));
    moduleScope.declare('module', 'const', moduleObject);
    moduleScope.declare('exports', 'const', moduleObject.exports);
    moduleScope.declare('__filename', 'const', options.fileName);
    moduleScope.declare('__dirname', 'const', options.fileName.replace(/[\\/][^\\/]*$/, '') || '.');
  }
  const interpreter = ip;
  function* program(): Gen {
    const statements = namedChildren(root);
    for (const statement of statements) if (statement.type === 'import_statement') bindImport(statement, moduleScope, requireModule);
    hoistVars(interpreter, root, moduleScope);
    yield* execStatements(interpreter, statements, moduleScope);
    return undefined;
  }

  try {
    scheduler.runMain({
      lane: 'stack', label: esm ? 'evaluate the ES module (sync code)' : 'run the main module (sync code)', node: root,
      run: () => {
        if (!esm) {
          interpreter.runSync(program(), root);
          return;
        }
        const done = interpreter.startAsync(program(), 'module');
        realm.performThen(done, undefined, (error) => {
          throw error;
        }, undefined, { label: 'module evaluation failed' });
      },
    });
    scheduler.runLoop();
    for (const listener of processListeners.get('exit') ?? []) {
      scheduler.runJob({ lane: 'stack', label: "process.on('exit') listener", run: () => void listener(0) });
    }
  } catch (error) {
    if (error instanceof BudgetExceeded) trace.note('unsupported', `${error.message}; the prediction stops there`);
    else if (error instanceof Unsupported) trace.note('unsupported', `${error.message}; the prediction stops there`, error.line ?? (ip.currentNode ? ip.currentNode.startPosition.row + 1 : undefined));
    else if (!(error instanceof ProcessExit)) {
      const line = ip.currentNode ? ip.currentNode.startPosition.row + 1 : undefined;
      trace.note('unsupported', `the simulator failed (${error instanceof Error ? error.message : String(error)}); the prediction stops there`, line);
    }
  } finally {
    printer.flush();
  }
  return { trace, raceSeen: scheduler.raceSeen };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return inspect(error);
}

function bindImport(node: SyntaxNode, scope: Scope, requireModule: (name: unknown) => unknown): void {
  const sourceNode = field(node, 'source');
  if (!sourceNode || node.children.some((c) => c?.type === 'type')) return;
  const mod = requireModule(sourceNode.text.slice(1, -1)) as Record<string, unknown>;
  const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
  if (!clause) return;
  for (const part of namedChildren(clause)) {
    if (part.type === 'identifier') scope.declare(part.text, 'import', (mod as { default?: unknown }).default ?? mod);
    else if (part.type === 'namespace_import') scope.declare(namedChildren(part)[0]!.text, 'import', mod);
    else if (part.type === 'named_imports') {
      for (const spec of namedChildren(part)) {
        const name = field(spec, 'name')!.text;
        const alias = field(spec, 'alias')?.text ?? name;
        scope.declare(alias, 'import', name === 'default' ? ((mod as { default?: unknown }).default ?? mod) : mod[name]);
      }
    }
  }
}
