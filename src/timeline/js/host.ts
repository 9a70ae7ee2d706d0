/**
 * The host side of the JavaScript sandbox: one QuickJS runtime (WebAssembly)
 * per prediction, with a memory limit, a stack limit and an interrupt handler
 * that stops runaway code inside builtins too. The program sees only the
 * functions installed here, and each takes and returns plain data (numbers,
 * strings, JSON) or the program's own values back; no host object ever enters
 * the engine. The Node loop (virtual clock, timers, immediates, nextTick, I/O)
 * stays on this side and runs the engine one callback at a time.
 */
import { basename, dirname, posix } from 'node:path';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Lane, SourceSpan } from '../model';
import { formatDir, formatLog, formatTable, inspectValue, v8Wording } from './inspect';
import type { PositionMap } from './instrument';
import type { Scheduler } from './scheduler';
import { originalPosition, type LineMappings } from './sourcemap';
import { BudgetExceeded, ProcessExit, type Trace } from './trace';

/** One program file as the engine runs it, with what maps its positions back to the user's text. */
export interface LoadedFile {
  readonly path: string;
  readonly root: SyntaxNode;
  readonly code: string;
  readonly positions: PositionMap;
  /** Length of the wrapper text added before line 1 after instrumentation (CommonJS function header). */
  readonly wrapperPrefix: number;
  readonly sourceMap?: readonly LineMappings[];
  readonly awaits: readonly SourceSpan[];
  /** Id of the first await of this file (ids are unique across the files of a prediction). */
  readonly firstAwaitId: number;
  readonly esm: boolean;
}

/** An uncaught exception from the program, with Node's one-line description. */
export class SandboxError extends Error {}

export interface HostOptions {
  readonly module: QuickJSWASMModule;
  readonly trace: Trace;
  readonly scheduler: () => Scheduler;
  readonly mainFile: string;
  readonly epoch: number;
  readonly ioLatencyMs: number;
  readonly memoryLimitBytes: number;
  readonly maxInterrupts: number;
  /** Process CPU time (ms, user + system) past which the program is stopped. */
  readonly cpuDeadlineMs: number;
  /** Loads (parses, instruments, transpiles) a workspace file the program imports; undefined when not available. */
  load(path: string): LoadedFile | undefined;
  /** Text of a workspace file for `fs.readFile` (only files the caller sent). */
  fileText(path: string): string | undefined;
  /** Resolves an import specifier from a file: a workspace path, or undefined (unmodelled / not found). */
  resolve(from: string, specifier: string): { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'opaque' };
}

export class JsHost {
  readonly runtime: QuickJSRuntime;
  readonly vm: QuickJSContext;
  private readonly files = new Map<string, LoadedFile>();
  private stopping: Error | undefined;
  private interrupts = 0;
  private spin = 0;
  private readonly processListenerCounts = new Map<string, number>();
  private readonly assumedSites = new Set<string>();
  private fire: QuickJSHandle | undefined;
  private takeUnhandled: QuickJSHandle | undefined;

  constructor(private readonly options: HostOptions) {
    this.runtime = options.module.newRuntime();
    this.runtime.setMemoryLimit(options.memoryLimitBytes);
    this.runtime.setMaxStackSize(256 * 1024);
    this.runtime.setInterruptHandler(() => {
      if (this.stopping) return true;
      if (++this.interrupts > options.maxInterrupts) {
        this.stopping = new BudgetExceeded('stopped after the CPU budget of the prediction ran out (the program may loop forever)');
        return true;
      }
      // CPU time, not wall time: a loaded machine must not change the prediction.
      if (this.interrupts % 64 === 0 && cpuMs() > options.cpuDeadlineMs) {
        this.stopping = new BudgetExceeded('stopped after the CPU budget of the prediction ran out (the program may loop forever)');
        return true;
      }
      return false;
    });
    this.vm = this.runtime.newContext();
    this.runtime.setModuleLoader(
      (name) => this.moduleSource(name),
      (base, requested) => this.normalizeModule(base, requested),
    );
  }

  get scheduler(): Scheduler {
    return this.options.scheduler();
  }

  /** Installs the host functions and runs the sandbox's own JavaScript (core, process, modules). */
  install(sandboxSources: readonly { name: string; text: string }[]): void {
    const host = this.vm.newObject();
    for (const [name, fn] of Object.entries(this.hostFunctions())) {
      const handle = this.vm.newFunction(name, (...args: QuickJSHandle[]) => {
        if (this.stopping) throw new Error('the prediction has stopped');
        return fn(...args);
      });
      this.vm.setProp(host, name, handle);
      handle.dispose();
    }
    this.vm.setProp(this.vm.global, '__looplensHost', host);
    host.dispose();
    for (const source of sandboxSources) {
      const result = this.vm.evalCode(source.text, `looplens:${source.name}`, { type: 'global' });
      if (result.error) {
        const text = this.describeHandle(result.error);
        result.error.dispose();
        throw new Error(`the sandbox failed to start (${source.name}: ${text})`);
      }
      result.value.dispose();
    }
    this.fire = this.vm.getProp(this.vm.global, '__llFire');
    this.takeUnhandled = this.vm.getProp(this.vm.global, '__llTakeUnhandled');
  }

  dispose(): void {
    this.fire?.dispose();
    this.takeUnhandled?.dispose();
    try {
      this.vm.dispose();
      this.runtime.dispose();
    } catch {
      // A runtime stopped mid-call (stack overflow in the host) cannot always be freed; the process ends after the prediction.
    }
  }

  register(file: LoadedFile): void {
    if (this.files.has(file.path)) return;
    this.files.set(file.path, file);
    file.awaits.forEach((span, i) => this.awaitSpans.set(file.firstAwaitId + i, { span, file: file.path }));
  }

  private readonly awaitSpans = new Map<number, { span: SourceSpan; file: string }>();

  private awaitStep(id: number, kind: 'await' | 'resume'): number | undefined {
    const found = this.awaitSpans.get(id);
    if (!found) return undefined;
    const scheduler = this.scheduler;
    const label = kind === 'await' ? 'await (the async function pauses)' : 'the async function resumes after await';
    return this.options.trace.step({
      lane: kind === 'resume' ? 'microtask' : scheduler.currentLane, kind, label, span: found.span,
      ...(found.file !== this.options.mainFile ? { file: found.file } : {}),
      ...(scheduler.currentStep !== undefined ? { cause: scheduler.currentStep } : {}),
    });
  }

  /** Throws the reason the program was stopped (a budget, process.exit), if any. */
  checkStopped(): void {
    if (this.stopping) throw this.stopping;
  }

  // ── running program code ──────────────────────────────────────────────────

  /** Evaluates a CommonJS main module (already wrapped as a function expression) and calls it. */
  runCommonJs(file: LoadedFile): void {
    this.register(file);
    const compiled = this.vm.evalCode(file.code, file.path, { type: 'global' });
    const fn = this.unwrap(compiled);
    const requireFrom = this.vm.getProp(this.vm.global, '__llRequireFrom');
    const exportsObject = this.vm.newObject();
    const moduleObject = this.vm.newObject();
    this.vm.setProp(moduleObject, 'exports', exportsObject);
    const id = this.vm.newString('.');
    this.vm.setProp(moduleObject, 'id', id);
    id.dispose();
    const path = this.vm.newString(file.path);
    const dir = this.vm.newString(posix.dirname(file.path));
    const requireResult = this.vm.callFunction(requireFrom, this.vm.undefined, path);
    const requireFn = this.unwrap(requireResult);
    const result = this.vm.callFunction(fn, exportsObject, exportsObject, requireFn, moduleObject, path, dir);
    for (const handle of [fn, requireFrom, exportsObject, moduleObject, path, dir, requireFn]) handle.dispose();
    this.unwrap(result).dispose();
  }

  /** Evaluates an ES module; returns the promise of its evaluation (top-level await). */
  runModule(file: LoadedFile): QuickJSHandle {
    this.register(file);
    const result = this.vm.evalCode(file.code, file.path, { type: 'module' });
    return this.unwrap(result);
  }

  /** Calls back into the program: the sandbox callback registered under `id`. */
  fireCallback(id: number): void {
    const handle = this.vm.newNumber(id);
    const result = this.vm.callFunction(this.fire!, this.vm.undefined, handle);
    handle.dispose();
    this.unwrap(result).dispose();
  }

  /** Promise jobs in the engine's queue. */
  jobsPending(): boolean {
    return !this.stopping && this.runtime.hasPendingJob();
  }

  /** Runs promise jobs one by one until none is left; a job that throws ends the process like an uncaught error. */
  runJobs(): void {
    while (this.runtime.hasPendingJob()) {
      this.checkStopped();
      const result = this.runtime.executePendingJobs(1);
      this.scheduler.currentStep = undefined;
      if (result.error) throw new SandboxError(this.takeError(result.error));
      this.checkStopped();
    }
  }

  /** The first rejection nobody handled since the last check, as Node's text, or undefined. */
  nextUnhandled(): { text: string; reason: QuickJSHandle } | undefined {
    const result = this.vm.callFunction(this.takeUnhandled!, this.vm.undefined);
    const handle = this.unwrap(result);
    if (this.vm.typeof(handle) === 'undefined') {
      handle.dispose();
      return undefined;
    }
    return { text: this.describeHandle(handle), reason: handle };
  }

  /**
   * Emits a process event inside the sandbox (process.js `__llProcessEvent`): signals, 'beforeExit' and
   * 'exit' (with process.exitCode), 'unhandledRejection' (with a promise), 'rejectionAsException'
   * ('uncaughtException' with origin 'unhandledRejection').
   */
  emitProcess(event: string, args: QuickJSHandle[]): void {
    const emit = this.vm.getProp(this.vm.global, '__llProcessEvent');
    const name = this.vm.newString(event);
    const result = this.vm.callFunction(emit, this.vm.undefined, name, ...args);
    for (const handle of [emit, name]) handle.dispose();
    this.unwrap(result).dispose();
  }

  /** Runs the 'exit' listeners after the process was stopped by an uncaught error or process.exit() (Node runs them then too). */
  runExitListeners(code: number): void {
    const reason = this.stopping;
    if (reason instanceof BudgetExceeded || !this.hasProcessListener('exit')) return;
    this.stopping = undefined;
    const value = this.vm.newNumber(code);
    try {
      this.emitProcess('exit', [value]);
    } catch {
      // an exit listener that throws ends the prediction as it is
    } finally {
      value.dispose();
      this.stopping = reason;
    }
  }

  hasProcessListener(event: string): boolean {
    return (this.processListenerCounts.get(event) ?? 0) > 0;
  }

  /** `Error: message` for an exception value, the way Node's uncaught-exception line starts. */
  describeHandle(handle: QuickJSHandle): string {
    try {
      const type = this.vm.typeof(handle);
      if (type === 'object') {
        const name = this.vm.getProp(handle, 'name');
        const message = this.vm.getProp(handle, 'message');
        const nameText = this.vm.typeof(name) === 'string' ? this.vm.getString(name) : undefined;
        const messageText = this.vm.typeof(message) === 'string' ? this.vm.getString(message) : undefined;
        name.dispose();
        message.dispose();
        if (nameText !== undefined && messageText !== undefined) return v8Wording(messageText ? `${nameText}: ${messageText}` : nameText);
      }
      const dumped = this.vm.dump(handle) as unknown;
      return typeof dumped === 'string' ? dumped : JSON.stringify(dumped) ?? String(dumped);
    } catch {
      return 'an exception';
    }
  }

  /** The text of an exception handle, which is freed (a handle left alive keeps the runtime from being freed); throws first if the program was stopped. */
  private takeError(error: QuickJSHandle): string {
    if (this.stopping) {
      error.dispose();
      throw this.stopping;
    }
    const text = this.describeHandle(error);
    error.dispose();
    return text;
  }

  private unwrap(result: { error?: QuickJSHandle; value?: QuickJSHandle }): QuickJSHandle {
    if (result.error) {
      const text = this.takeError(result.error);
      if (/^InternalError: out of memory/.test(text)) throw new BudgetExceeded(`the program ran out of the sandbox's memory (${Math.round(this.options.memoryLimitBytes / 1048576)} MB)`);
      throw new SandboxError(text);
    }
    return result.value!;
  }

  // ── positions ─────────────────────────────────────────────────────────────

  /** The span of the program call that is running, from a sandbox stack trace. */
  spanOfStack(stack: string): { span: SourceSpan; file: string } | undefined {
    for (const line of stack.split('\n', 40)) {
      const open = line.lastIndexOf('(');
      const close = line.lastIndexOf(')');
      if (open < 0 || close < open) continue;
      const location = line.slice(open + 1, close);
      const colonColumn = location.lastIndexOf(':');
      const colonLine = location.lastIndexOf(':', colonColumn - 1);
      if (colonLine < 0) continue;
      const path = location.slice(0, colonLine);
      const file = this.files.get(path);
      if (!file) continue;
      const position = this.toOriginal(file, Number(location.slice(colonLine + 1, colonColumn)) - 1, Number(location.slice(colonColumn + 1)) - 1);
      return { span: this.callSpan(file, position.line, position.column), file: path };
    }
    return undefined;
  }

  private toOriginal(file: LoadedFile, line: number, column: number): { line: number; column: number } {
    let l = line;
    let c = column;
    if (l === 0) c = Math.max(0, c - file.wrapperPrefix);
    if (file.sourceMap) {
      const mapped = originalPosition(file.sourceMap, l, c);
      if (mapped) {
        l = mapped.line;
        c = mapped.column;
      }
    }
    return file.positions.toOriginal(l, c);
  }

  private callSpan(file: LoadedFile, row: number, column: number): SourceSpan {
    let node: SyntaxNode | null = file.root.descendantForPosition({ row, column });
    for (let n = node; n; n = n.parent) {
      if (n.type === 'call_expression' || n.type === 'new_expression') {
        node = n;
        break;
      }
    }
    if (!node) return { line: row + 1, column: column + 1, endLine: row + 1, endColumn: column + 1 };
    return {
      line: node.startPosition.row + 1, column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1, endColumn: node.endPosition.column + 1,
    };
  }

  private stepAt(kind: Parameters<Trace['step']>[0]['kind'], label: string, stack: string, extra: { lane?: Lane; duration?: number; approximate?: boolean; assumed?: boolean; cause?: number; t?: number } = {}): number {
    const where = this.spanOfStack(stack);
    const scheduler = this.scheduler;
    const cause = extra.cause ?? scheduler.currentStep;
    return this.options.trace.step({
      lane: extra.lane ?? scheduler.currentLane, kind, label,
      ...(where ? { span: where.span, ...(where.file !== this.options.mainFile ? { file: where.file } : {}) } : {}),
      ...(cause !== undefined ? { cause } : {}),
      ...(extra.duration !== undefined ? { duration: extra.duration } : {}),
      ...(extra.approximate ? { approximate: true } : {}),
      ...(extra.assumed ? { assumed: true } : {}),
      ...(extra.t !== undefined ? { t: extra.t } : {}),
    });
  }

  private lineOfStack(stack: string): number | undefined {
    const where = this.spanOfStack(stack);
    return where && where.file === this.options.mainFile ? where.span.line : undefined;
  }

  // ── the functions the sandbox calls ───────────────────────────────────────

  private hostFunctions(): Record<string, (...args: QuickJSHandle[]) => QuickJSHandle | undefined> {
    const vm = this.vm;
    const str = (h: QuickJSHandle | undefined): string => (h && vm.typeof(h) === 'string' ? vm.getString(h) : '');
    const num = (h: QuickJSHandle | undefined): number => (h && vm.typeof(h) === 'number' ? vm.getNumber(h) : NaN);
    const bool = (h: QuickJSHandle | undefined): boolean => (h ? vm.typeof(h) === 'boolean' && vm.dump(h) === true : false);
    const trace = this.options.trace;
    const job = (lane: Lane, label: string, id: number, cause: number, extra: { approximate?: boolean; assumed?: boolean; span?: SourceSpan; file?: string } = {}) => ({
      lane, label, cause, ...(extra.approximate ? { approximate: true } : {}), ...(extra.assumed ? { assumed: true } : {}),
      ...(extra.span ? { span: extra.span } : {}), ...(extra.file ? { file: extra.file } : {}),
      run: () => this.fireCallback(id),
    });
    const where = (stack: string): { span?: SourceSpan; file?: string } => {
      const found = this.spanOfStack(stack);
      return found ? { span: found.span, ...(found.file !== this.options.mainFile ? { file: found.file } : {}) } : {};
    };
    const timerIds = new Map<number, number>();
    const immediates = new Map<number, ReturnType<typeof job>>();
    return {
      print: (stream, json, stack, depth, mode) => {
        this.endSpin();
        const kind = str(mode);
        let text: string;
        try {
          text = kind === 'table' ? formatTable(str(json)) : kind === 'dir' ? formatDir(str(json)) : formatLog(str(json));
        } catch {
          text = '[value the simulator cannot print]';
        }
        if (kind === 'trace') text = `Trace: ${text}`;
        const indent = '  '.repeat(Math.max(0, Math.min(50, num(depth) || 0)));
        if (indent) text = text.split('\n').map((l) => indent + l).join('\n');
        const step = this.stepAt('print', firstLine(text), str(stack));
        trace.print(text, step, str(stream) === 'stderr' ? 'stderr' : 'stdout');
        return undefined;
      },
      write: (stream, text, stack) => {
        this.endSpin();
        const step = this.stepAt('print', firstLine(str(text)), str(stack));
        this.writeStream(str(stream) === 'stderr' ? 'stderr' : 'stdout', v8Wording(str(text)), step);
        return undefined;
      },
      inspect: (json, options) => vm.newString(safeText(() => inspectValue(str(json), str(options)))),
      format: (json) => vm.newString(safeText(() => formatLog(str(json)))),
      timer: (id, ms, repeat, label, stack) => {
        this.endSpin();
        const sandboxId = num(id);
        const cause = this.stepAt('schedule', `${str(label).replace(/ callback$/, '')}(…, ${formatDelay(num(ms))})`, str(stack));
        const timerId = this.scheduler.addTimer(job('timer', str(label), sandboxId, cause, where(str(stack))), num(ms), bool(repeat));
        timerIds.set(sandboxId, timerId);
        return undefined;
      },
      clearTimer: (id, stack) => {
        const timerId = timerIds.get(num(id));
        if (timerId !== undefined && this.scheduler.clearTimer(timerId)) this.stepAt('cancel', 'timer cleared', str(stack));
        return undefined;
      },
      timerRef: (id, ref) => {
        const timerId = timerIds.get(num(id));
        if (timerId !== undefined) this.scheduler.setTimerRef(timerId, bool(ref));
        return undefined;
      },
      timerHasRef: (id) => {
        const timerId = timerIds.get(num(id));
        return timerId !== undefined && this.scheduler.timerRefState(timerId) ? vm.true : vm.false;
      },
      timerRefresh: (id) => {
        const timerId = timerIds.get(num(id));
        if (timerId !== undefined) this.scheduler.refreshTimer(timerId);
        return undefined;
      },
      immediate: (id, label, stack) => {
        this.endSpin();
        const cause = this.stepAt('schedule', 'setImmediate(…)', str(stack));
        const entry = job('immediate', str(label), num(id), cause, where(str(stack)));
        immediates.set(num(id), entry);
        this.scheduler.queueImmediate(entry);
        return undefined;
      },
      clearImmediate: (id, stack) => {
        const entry = immediates.get(num(id));
        if (entry && this.scheduler.cancelImmediate(entry)) this.stepAt('cancel', 'immediate cleared', str(stack));
        return undefined;
      },
      tick: (id, label, stack) => {
        this.endSpin();
        const cause = this.stepAt('schedule', 'process.nextTick(…)', str(stack));
        this.scheduler.queueTick(job('nextTick', str(label), num(id), cause, where(str(stack))));
        return undefined;
      },
      io: (id, ms, label, stack, assumed) => {
        this.endSpin();
        const isAssumed = bool(assumed);
        const cause = this.stepAt('schedule', str(label), str(stack), { approximate: true, ...(isAssumed ? { assumed: true } : {}) });
        if (!isAssumed) this.noteOnce('approximate', `${str(label)}: the I/O duration is a guess (~${num(ms)} ms)`, str(stack));
        this.scheduler.addIo(job('io', `${str(label)} completed`, num(id), cause, { approximate: true, assumed: isAssumed, ...where(str(stack)) }), num(ms));
        return undefined;
      },
      block: (label, ms, stack, assumed) => {
        this.endSpin();
        const duration = Math.max(0, num(ms));
        const isAssumed = bool(assumed);
        this.stepAt('block', str(label), str(stack), { duration, ...(isAssumed ? { approximate: true, assumed: true } : {}) });
        if (isAssumed) this.noteOnce('assumed', `${str(label)} blocks the event loop for the assumed I/O latency (${duration} ms)`, str(stack));
        this.scheduler.now += duration;
        return undefined;
      },
      assumed: (label, stack) => {
        const text = str(label);
        const module = /^module '(.{1,200})' \(unmodelled\)$/.exec(text)?.[1];
        this.noteOnce('assumed', module !== undefined
          ? `'${module}' is neither a workspace file nor a module the simulator models: values from it are opaque, and each call into it completes after the assumed I/O latency (${this.options.ioLatencyMs} ms)`
          : `${text}() is a call into unmodelled code: its result is opaque and completes after the assumed I/O latency (${this.options.ioLatencyMs} ms), counted from the call`, str(stack));
        return undefined;
      },
      note: (kind, message, stack) => {
        const k = str(kind);
        this.noteOnce(k === 'nondeterministic' || k === 'unsupported' || k === 'assumed' ? k : 'approximate', str(message), str(stack));
        return undefined;
      },
      clock: () => {
        // Reading the clock again and again with nothing else happening is a busy-wait: time passes faster and faster.
        this.spin++;
        const step = this.spin > 1 ? Math.min(1, 0.001 * 2 ** Math.min(10, this.spin - 2)) : 0;
        this.scheduler.now += step;
        this.busySince ??= this.scheduler.now - step;
        return vm.newNumber(this.scheduler.now);
      },
      epoch: () => vm.newNumber(this.options.epoch),
      ioLatency: () => vm.newNumber(this.options.ioLatencyMs),
      currentStep: () => (this.scheduler.currentStep === undefined ? vm.undefined : vm.newNumber(this.scheduler.currentStep)),
      job: (label, stack, cause) => {
        this.endSpin();
        const causeId = num(cause);
        this.scheduler.currentStep = this.stepAt('run', str(label), str(stack), { lane: 'microtask', ...(Number.isFinite(causeId) ? { cause: causeId } : {}) });
        return undefined;
      },
      awaitStart: (id) => {
        this.endSpin();
        this.awaitStep(num(id), 'await');
        return undefined;
      },
      awaitEnd: (id) => {
        this.endSpin();
        const step = this.awaitStep(num(id), 'resume');
        if (step !== undefined) this.scheduler.currentStep = step;
        return undefined;
      },
      uncaught: (json) => {
        let text = 'Uncaught exception';
        try {
          const [value] = JSON.parse(str(json)) as { t?: string; name?: string; message?: string }[];
          text = value && typeof value === 'object' && value.t === 'error' ? v8Wording(`${value.name}: ${value.message}`) : formatLog(str(json));
        } catch {
          // keep the generic text
        }
        this.stopping = new SandboxError(text);
        return undefined;
      },
      exit: (code, stack) => {
        const exitCode = Number.isFinite(num(code)) ? num(code) : 0;
        this.stepAt('run', `process.exit(${exitCode})`, str(stack));
        this.stopping = new ProcessExit(exitCode, 'process.exit()');
        return undefined;
      },
      signal: (signal, stack) => {
        const name = str(signal);
        this.stepAt('schedule', `process.kill(process.pid, '${name}')`, str(stack));
        if (this.hasProcessListener(name)) {
          this.scheduler.queueImmediate({
            lane: 'immediate', label: `process.on('${name}') listener`,
            run: () => {
              const value = vm.newString(name);
              this.emitProcess(name, [value]);
              value.dispose();
            },
          });
        } else {
          this.stopping = new ProcessExit(128 + (name === 'SIGINT' ? 2 : name === 'SIGKILL' ? 9 : 15), `killed by ${name}`);
        }
        return undefined;
      },
      processListener: (event, count) => {
        this.processListenerCounts.set(str(event), num(count));
        return undefined;
      },
      promiseState: (promise) => {
        try {
          const state = vm.getPromiseState(promise!);
          if (state.type === 'fulfilled') state.value.dispose();
          if (state.type === 'rejected') state.error.dispose();
          return vm.newString(state.type);
        } catch {
          return vm.newString('pending');
        }
      },
      promiseResult: (promise) => {
        const state = vm.getPromiseState(promise!);
        if (state.type === 'fulfilled') return state.value;
        if (state.type === 'rejected') return state.error;
        return undefined;
      },
      path: (op, json) => vm.newString(pathOperation(str(op), str(json))),
      fileName: () => vm.newString(this.options.mainFile),
      dirName: () => vm.newString(posix.dirname(this.options.mainFile)),
      nodeVersion: () => vm.newString('v20.0.0'),
      fileText: (path) => {
        const text = this.options.fileText(str(path));
        return text === undefined ? vm.null : vm.newString(text);
      },
      resolve: (from, specifier) => {
        const resolved = this.options.resolve(str(from), str(specifier));
        return vm.newString(resolved.kind === 'file' ? `file:${resolved.path}` : resolved.kind);
      },
      compileFile: (path) => {
        const file = this.options.load(str(path));
        if (!file) return vm.newError(`Cannot find module '${str(path)}'`);
        this.register(file);
        const result = this.vm.evalCode(file.code, file.path, { type: 'global' });
        if (result.error) return result.error;
        return result.value;
      },
    };
  }

  private busySince: number | undefined;

  /** Ends a run of clock reads: if it made time pass, the loop was blocked by a busy-wait. */
  endSpin(): void {
    this.spin = 0;
    if (this.busySince === undefined) return;
    const start = this.busySince;
    this.busySince = undefined;
    const duration = this.scheduler.now - start;
    if (duration >= 1) {
      this.options.trace.step({ lane: this.scheduler.currentLane, kind: 'block', label: 'busy-wait loop on the clock', duration, t: start, ...(this.scheduler.currentStep !== undefined ? { cause: this.scheduler.currentStep } : {}) });
    }
  }

  private writeStream(stream: 'stdout' | 'stderr', text: string, step: number): void {
    const pending = this.pendingWrites.get(stream);
    const all = (pending?.text ?? '') + text;
    const cut = all.lastIndexOf('\n');
    if (cut < 0) {
      this.pendingWrites.set(stream, { text: all, step: pending?.step ?? step });
      return;
    }
    this.pendingWrites.delete(stream);
    this.options.trace.print(all.slice(0, cut), pending?.step ?? step, stream);
    if (cut < all.length - 1) this.pendingWrites.set(stream, { text: all.slice(cut + 1), step });
  }

  private readonly pendingWrites = new Map<'stdout' | 'stderr', { text: string; step: number }>();

  flushWrites(): void {
    for (const [stream, { text, step }] of this.pendingWrites) this.options.trace.print(text, step, stream);
    this.pendingWrites.clear();
  }

  private noteOnce(kind: 'approximate' | 'nondeterministic' | 'unsupported' | 'assumed', message: string, stack: string): void {
    const line = this.lineOfStack(stack);
    const key = `${kind}:${line ?? ''}:${message}`;
    if (this.assumedSites.has(key)) return;
    this.assumedSites.add(key);
    this.options.trace.note(kind, message, line);
  }

  // ── ES modules ────────────────────────────────────────────────────────────

  private normalizeModule(base: string, requested: string): string {
    const bare = requested.startsWith('node:') ? requested.slice(5) : requested;
    if (this.builtinNames().includes(bare)) return `builtin:${bare}`;
    const resolved = this.options.resolve(base.startsWith('builtin:') || base.startsWith('opaque:') ? this.options.mainFile : base, requested);
    const names = base.startsWith('builtin:') || base.startsWith('opaque:') ? [] : namedImports(this.options.fileText(base) ?? '', requested);
    const suffix = names.length ? `#${names.join(',')}` : '';
    if (resolved.kind === 'file') {
      // An ES module importing a CommonJS file gets the names it asks for (Node finds them statically).
      const file = this.options.load(resolved.path);
      return file && !file.esm && suffix ? `cjs:${resolved.path}${suffix}` : resolved.path;
    }
    if (resolved.kind === 'missing') return `missing:${requested}`;
    return `opaque:${requested}${suffix}`;
  }

  private builtinList: string[] | undefined;
  private builtinNames(): string[] {
    if (!this.builtinList) {
      const fn = this.vm.getProp(this.vm.global, '__llBuiltinNames');
      const result = this.vm.callFunction(fn, this.vm.undefined);
      fn.dispose();
      const handle = this.unwrap(result);
      this.builtinList = JSON.parse(this.vm.getString(handle)) as string[];
      handle.dispose();
    }
    return this.builtinList;
  }

  private moduleSource(name: string): string | { error: Error } {
    if (name.startsWith('builtin:')) {
      const bare = name.slice(8);
      const fn = this.vm.getProp(this.vm.global, '__llBuiltinExports');
      const arg = this.vm.newString(bare);
      const result = this.vm.callFunction(fn, this.vm.undefined, arg);
      fn.dispose();
      arg.dispose();
      const handle = this.unwrap(result);
      const names = (JSON.parse(this.vm.getString(handle)) as string[]).filter((n) => n !== 'default');
      handle.dispose();
      return reexport(`globalThis.__llRequireFrom(${JSON.stringify(this.options.mainFile)})(${JSON.stringify(bare)})`, names);
    }
    if (name.startsWith('opaque:') || name.startsWith('cjs:')) {
      // `opaque:pkg#a,b`: an unmodelled package, with the names its importer asks for.
      const body = name.slice(name.indexOf(':') + 1);
      const hash = body.lastIndexOf('#');
      const target = hash >= 0 ? body.slice(0, hash) : body;
      const names = hash >= 0 ? body.slice(hash + 1).split(',') : [];
      if (name.startsWith('cjs:')) {
        const file = this.options.load(target);
        if (!file) return { error: new Error(`Cannot find module '${target}'`) };
        this.register(file);
      }
      return reexport(`globalThis.__llRequireFrom(${JSON.stringify(this.options.mainFile)})(${JSON.stringify(target)})`, names);
    }
    if (name.startsWith('missing:')) return { error: new Error(`Cannot find module '${name.slice(8)}'`) };
    const file = this.options.load(name);
    if (!file) return { error: new Error(`Cannot find module '${name}'`) };
    this.register(file);
    if (file.esm) return file.code;
    // An ES module importing a CommonJS file: default is module.exports, names are its keys.
    return `const m = globalThis.__llRequireFrom(${JSON.stringify(this.options.mainFile)})(${JSON.stringify(file.path)});\nexport default m;`;
  }
}

export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function reexport(expression: string, names: readonly string[]): string {
  const valid = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return `const m = ${expression};\nexport default m;\n${valid.length ? `export const { ${valid.join(', ')} } = m;` : ''}`;
}

/** The names `import { a, b as c } from 'x'` / `export { a } from 'x'` take from `specifier` (type-only names dropped). */
export function namedImports(text: string, specifier: string): string[] {
  const names = new Set<string>();
  const pattern = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^{}]{0,2000})\}\s*from\s*(['"])([^'"\n]{1,500})\2/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[3] !== specifier) continue;
    for (const part of match[1]!.split(',')) {
      const words = part.trim().split(/\s+/);
      if (words[0] === 'type' && words.length > 1) continue;
      const name = words[0];
      if (name && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default') names.add(name);
    }
  }
  return [...names].sort();
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function formatDelay(ms: number): string {
  return Number.isFinite(ms) ? String(ms) : '1';
}

function safeText(make: () => string): string {
  try {
    return make();
  } catch {
    return '[value the simulator cannot print]';
  }
}

function pathOperation(op: string, json: string): string {
  let args: string[];
  try {
    args = (JSON.parse(json) as unknown[]).map((a) => String(a)).slice(0, 64);
  } catch {
    return '';
  }
  switch (op) {
    case 'join': return posix.join(...args);
    case 'resolve': return posix.resolve('/', ...args);
    case 'basename': return args[1] !== undefined ? posix.basename(args[0] ?? '', args[1]) : basename(args[0] ?? '');
    case 'dirname': return dirname(args[0] ?? '');
    case 'extname': return posix.extname(args[0] ?? '');
    case 'normalize': return posix.normalize(args[0] ?? '');
    case 'relative': return posix.relative(args[0] ?? '', args[1] ?? '');
    case 'parse': return JSON.stringify(posix.parse(args[0] ?? ''));
    default: return '';
  }
}
