/**
 * The global environment of the simulated program: console (formatted like
 * Node), timers, immediates, process.nextTick, queueMicrotask, a Date and
 * performance clock on virtual time, the `process` object, and the safe part
 * of the standard library taken from the host.
 */
import { formatWithOptions, inspect } from 'node:util';
import type { Interpreter } from './interpreter';
import type { Job } from './scheduler';
import { ProcessExit, type NodeLike } from './trace';
import { lineOf } from './values';

type AnyFunction = (...args: unknown[]) => unknown;

export interface Environment {
  readonly ip: Interpreter;
  readonly source: string;
  readonly fileName: string;
  readonly moduleKind: 'commonjs' | 'esm';
  /** Host epoch (ms) at virtual time 0. */
  readonly epoch: number;
  readonly processListeners: Map<string, AnyFunction[]>;
  readonly printer: Printer;
}

/** Turns writes into lines (console.log adds the newline; process.stdout.write may not). */
export class Printer {
  private readonly pending = new Map<'stdout' | 'stderr', { text: string; step: number }>();
  constructor(private readonly emit: (text: string, step: number, stream: 'stdout' | 'stderr') => void) {}

  write(stream: 'stdout' | 'stderr', text: string, step: number): void {
    const previous = this.pending.get(stream);
    const all = (previous?.text ?? '') + text;
    const cut = all.lastIndexOf('\n');
    if (cut < 0) {
      this.pending.set(stream, { text: all, step: previous?.step ?? step });
      return;
    }
    this.pending.delete(stream);
    this.emit(all.slice(0, cut), previous?.step ?? step, stream);
    if (cut < all.length - 1) this.pending.set(stream, { text: all.slice(cut + 1), step });
  }

  flush(): void {
    for (const [stream, { text, step }] of this.pending) this.emit(text, step, stream);
    this.pending.clear();
  }
}

function callSiteLabel(node: NodeLike | undefined & { text?: string }): string {
  const text = (node as { text?: string } | undefined)?.text ?? '';
  const first = text.split('\n')[0]!;
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

export function requireFunction(value: unknown, name: string): AnyFunction {
  if (typeof value !== 'function') {
    throw new TypeError(`The "${name}" argument must be of type function. Received ${value === undefined ? 'undefined' : inspect(value)}`);
  }
  return value as AnyFunction;
}

export function createGlobals(env: Environment): Record<string, unknown> {
  const { ip } = env;
  const { trace, scheduler } = ip;
  const here = (): NodeLike | undefined => ip.currentNode;
  const schedule = (label?: string): number => trace.step({
    lane: scheduler.currentLane, kind: 'schedule', label: label ?? callSiteLabel(here() as never),
    ...(here() ? { node: here()! } : {}), ...ip.cause(),
  });
  const job = (lane: Job['lane'], fn: AnyFunction, args: unknown[], role: string, cause: number): Job => {
    const meta = ip.describe(fn, role);
    return { lane, label: meta.label, ...(meta.node ? { node: meta.node } : {}), cause, run: () => void fn(...args) };
  };

  let groupIndent = '';
  const print = (stream: 'stdout' | 'stderr', args: unknown[]): void => {
    const step = trace.step({ lane: scheduler.currentLane, kind: 'print', label: callSiteLabel(here() as never), ...(here() ? { node: here()! } : {}), ...ip.cause() });
    const text = formatWithOptions({ colors: false }, ...args);
    env.printer.write(stream, (groupIndent ? text.split('\n').map((l) => groupIndent + l).join('\n') : text) + '\n', step);
  };
  const timers = new Map<string, number>();
  const console = {
    log: (...args: unknown[]) => print('stdout', args),
    info: (...args: unknown[]) => print('stdout', args),
    debug: (...args: unknown[]) => print('stdout', args),
    error: (...args: unknown[]) => print('stderr', args),
    warn: (...args: unknown[]) => print('stderr', args),
    trace: (...args: unknown[]) => print('stderr', ['Trace:', ...args]),
    dir: (value: unknown) => print('stdout', [inspect(value)]),
    table: (value: unknown) => print('stdout', [value]),
    assert: (value: unknown, ...args: unknown[]) => {
      if (!value) print('stderr', ['Assertion failed' + (args.length ? ':' : ''), ...args]);
    },
    group: (...args: unknown[]) => {
      if (args.length) print('stdout', args);
      groupIndent += '  ';
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(2);
    },
    time: (label = 'default') => void timers.set(String(label), scheduler.now),
    timeEnd: (label = 'default') => {
      const start = timers.get(String(label)) ?? scheduler.now;
      if (here()) trace.note('approximate', 'console.time/timeEnd print measured durations; the simulator shows virtual time', lineOf(here() as never));
      print('stdout', [`${String(label)}: ${(scheduler.now - start).toFixed(3)}ms`]);
    },
  };

  class Timeout {
    constructor(readonly id: number) {}
    ref(): this { scheduler.setTimerRef(this.id, true); return this; }
    unref(): this { scheduler.setTimerRef(this.id, false); return this; }
    hasRef(): boolean { return true; }
    refresh(): this { scheduler.refreshTimer(this.id); return this; }
    close(): this { scheduler.clearTimer(this.id); return this; }
    [Symbol.toPrimitive](): number { return this.id; }
  }
  class Immediate {
    constructor(readonly job: Job) {}
    ref(): this { return this; }
    unref(): this { return this; }
    hasRef(): boolean { return true; }
  }
  const addTimer = (fn: unknown, delay: unknown, args: unknown[], repeat: boolean): Timeout => {
    const callback = requireFunction(fn, 'callback');
    const ms = Number(delay ?? 0);
    const cause = schedule();
    const role = repeat ? `setInterval callback (every ${Number.isFinite(ms) && ms >= 1 ? ms : 1} ms)` : `setTimeout callback (${Number.isFinite(ms) && ms >= 1 ? ms : 1} ms)`;
    return new Timeout(scheduler.addTimer(job('timer', callback, args, role, cause), ms, repeat));
  };
  const clearTimer = (handle: unknown): void => {
    if (handle == null) return;
    const id = handle instanceof Timeout ? handle.id : Number(handle);
    if (scheduler.clearTimer(id)) trace.step({ lane: scheduler.currentLane, kind: 'cancel', label: callSiteLabel(here() as never), ...(here() ? { node: here()! } : {}), ...ip.cause() });
  };
  const setImmediate = (fn: unknown, ...args: unknown[]): Immediate => {
    const callback = requireFunction(fn, 'callback');
    const immediate = job('immediate', callback, args, 'setImmediate callback', schedule());
    scheduler.queueImmediate(immediate);
    return new Immediate(immediate);
  };
  const clearImmediate = (handle: unknown): void => {
    if (handle instanceof Immediate && scheduler.cancelImmediate(handle.job)) {
      trace.step({ lane: scheduler.currentLane, kind: 'cancel', label: callSiteLabel(here() as never), ...(here() ? { node: here()! } : {}), ...ip.cause() });
    }
  };
  const nextTick = (fn: unknown, ...args: unknown[]): void => {
    const callback = requireFunction(fn, 'callback');
    scheduler.queueTick(job('nextTick', callback, args, 'process.nextTick callback', schedule()));
  };
  const queueMicrotask = (fn: unknown): void => {
    const callback = requireFunction(fn, 'callback');
    scheduler.queueMicrotask(job('microtask', callback, [], 'queueMicrotask callback', schedule()));
  };

  const clock = (): number => env.epoch + scheduler.now;
  class VirtualDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(Math.floor(clock()));
      else super(...(args as [number]));
    }
    static override now(): number {
      return Math.floor(clock());
    }
  }
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  const performance = { now: () => 25 + scheduler.now, timeOrigin: env.epoch - 25 };
  const hrtime = (previous?: [number, number]): [number, number] => {
    const ns = Math.round((25 + scheduler.now) * 1e6);
    let s = Math.floor(ns / 1e9), n = ns % 1e9;
    if (previous) {
      s -= previous[0];
      n -= previous[1];
      if (n < 0) { s--; n += 1e9; }
    }
    return [s, n];
  };
  hrtime.bigint = (): bigint => BigInt(Math.round((25 + scheduler.now) * 1e6));

  const on = (event: unknown, listener: unknown): unknown => {
    const list = env.processListeners.get(String(event)) ?? [];
    list.push(requireFunction(listener, 'listener'));
    env.processListeners.set(String(event), list);
    if (event !== 'exit' && event !== 'unhandledRejection' && event !== 'beforeExit') {
      trace.note('unsupported', `process.on('${String(event)}') listeners are not simulated`, here() ? lineOf(here() as never) : undefined);
    }
    return processObject;
  };
  const processObject: Record<string, unknown> = {
    nextTick,
    hrtime,
    on, once: on, addListener: on,
    exit: (code?: unknown) => {
      throw new ProcessExit(Number(code ?? 0), 'process.exit()');
    },
    argv: ['node', env.fileName],
    env: {},
    exitCode: undefined,
    platform: process.platform,
    version: process.version,
    versions: { node: process.versions.node },
    pid: 4242,
    cwd: () => '/',
    uptime: () => (25 + scheduler.now) / 1000,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    stdout: { write: (text: unknown) => { env.printer.write('stdout', String(text), printStep()); return true; }, isTTY: false },
    stderr: { write: (text: unknown) => { env.printer.write('stderr', String(text), printStep()); return true; }, isTTY: false },
  };
  const printStep = (): number => trace.step({ lane: scheduler.currentLane, kind: 'print', label: callSiteLabel(here() as never), ...(here() ? { node: here()! } : {}), ...ip.cause() });

  const globals: Record<string, unknown> = {
    console,
    setTimeout: (fn: unknown, delay?: unknown, ...args: unknown[]) => addTimer(fn, delay, args, false),
    setInterval: (fn: unknown, delay?: unknown, ...args: unknown[]) => addTimer(fn, delay, args, true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    setImmediate,
    clearImmediate,
    queueMicrotask,
    process: processObject,
    Promise: ip.realm.Promise,
    Date: VirtualDate,
    performance,
    Object, Array, String, Number, Boolean, Symbol, BigInt, Math, JSON, RegExp,
    Map, Set, WeakMap, WeakSet, WeakRef,
    Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError,
    Proxy, Intl, ArrayBuffer, Uint8Array, Int32Array, Float64Array, DataView,
    parseInt, parseFloat, isNaN, isFinite, encodeURIComponent, decodeURIComponent, encodeURI, decodeURI,
    NaN, Infinity, undefined,
    structuredClone, atob, btoa, TextEncoder, TextDecoder,
  };
  globals.globalThis = globals;
  globals.global = globals;
  globals.setTimeout = Object.assign(globals.setTimeout as AnyFunction, { __promisified: 'setTimeout' });
  globals.setImmediate = Object.assign(setImmediate, { __promisified: 'setImmediate' });
  return globals;
}
