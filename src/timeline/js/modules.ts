/**
 * The modules a simulated program can `require`/`import`: events, timers,
 * timers/promises, util, fs (callbacks and promises as I/O of guessed
 * duration, *Sync calls as blocking), child_process.execSync, path, and
 * stand-ins for network and unknown modules that keep the run going and say
 * that its times are guesses.
 */
import { EventEmitter as HostEventEmitter } from 'node:events';
import * as hostPath from 'node:path';
import { format, inspect, isDeepStrictEqual } from 'node:util';
import type { Environment } from './builtins';
import { requireFunction } from './builtins';
import { type NodeLike } from './trace';
import { lineOf } from './values';

type AnyFunction = (...args: unknown[]) => unknown;
const FS_IO_MS = 2;
const NETWORK_MS = 50;

export function createRequire(env: Environment, globals: Record<string, unknown>): (name: unknown) => unknown {
  const { ip } = env;
  const { trace, scheduler, realm } = ip;
  const cache = new Map<string, unknown>();
  const here = (): NodeLike | undefined => ip.currentNode;
  const line = (): number | undefined => (ip.currentNode ? lineOf(ip.currentNode) : undefined);

  /** A promise settled by an I/O completion after `ms` (a guess). */
  const ioPromise = (label: string, ms: number, settle: () => { value?: unknown; error?: unknown }): object => {
    const capability = realm.newCapability();
    io(label, ms, () => {
      const result = settle();
      if ('error' in result) capability.reject(result.error);
      else capability.resolve(result.value);
    });
    return capability.promise;
  };
  const io = (label: string, ms: number, run: () => void): void => {
    const cause = trace.step({ lane: scheduler.currentLane, kind: 'schedule', label, ...(here() ? { node: here()! } : {}), ...ip.cause(), approximate: true });
    trace.note('approximate', `${label}: the I/O duration is a guess (~${ms} ms)`, line());
    scheduler.addIo({ lane: 'io', label: `${label} completed`, ...(here() ? { node: here()! } : {}), cause, approximate: true, run }, ms);
  };
  const block = (label: string, ms: number, approximate: boolean): void => {
    trace.step({ lane: scheduler.currentLane, kind: 'block', label, duration: ms, ...(here() ? { node: here()! } : {}), ...ip.cause(), ...(approximate ? { approximate } : {}) });
    if (approximate) trace.note('approximate', `${label} blocks the event loop for an unknown time (~${ms} ms assumed)`, line());
    scheduler.now += ms;
  };

  const isSelf = (path: unknown): boolean => typeof path === 'string' && (path === env.fileName || hostPath.basename(path) === hostPath.basename(env.fileName));
  const contents = (path: unknown, options: unknown): unknown => {
    const encoding = typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding;
    const text = isSelf(path) ? env.source : '';
    if (!isSelf(path)) trace.note('approximate', `the contents of ${String(path)} are unknown to the simulator (read as empty)`, line());
    return encoding ? text : Buffer.from(text);
  };
  const callbackOf = (args: unknown[]): AnyFunction => requireFunction(args[args.length - 1], 'cb');

  const fsCallback = (name: string, result: (args: unknown[]) => unknown) => (...args: unknown[]): void => {
    const cb = callbackOf(args);
    io(`fs.${name}()`, FS_IO_MS, () => void cb(null, result(args)));
  };
  const fsSync = (name: string, result: (args: unknown[]) => unknown) => (...args: unknown[]): unknown => {
    block(`fs.${name}()`, 1, true);
    return result(args);
  };
  const fsPromise = (name: string, result: (args: unknown[]) => unknown) => (...args: unknown[]): object =>
    ioPromise(`fs.promises.${name}()`, FS_IO_MS, () => ({ value: result(args) }));
  const statResult = { isFile: () => true, isDirectory: () => false, size: 0 };
  const FS_OPS: Record<string, (args: unknown[]) => unknown> = {
    readFile: (a) => contents(a[0], typeof a[1] === 'function' ? undefined : a[1]),
    writeFile: () => undefined, appendFile: () => undefined, unlink: () => undefined, rm: () => undefined,
    mkdir: () => undefined, rmdir: () => undefined, rename: () => undefined, copyFile: () => undefined,
    readdir: () => [], stat: () => statResult, lstat: () => statResult, access: () => undefined,
  };
  const fsPromises: Record<string, unknown> = {};
  const fs: Record<string, unknown> = { promises: fsPromises, existsSync: (p: unknown) => isSelf(p) };
  for (const [name, op] of Object.entries(FS_OPS)) {
    fs[name] = fsCallback(name, op);
    fs[`${name}Sync`] = fsSync(`${name}Sync`, op);
    fsPromises[name] = fsPromise(name, op);
  }

  const timersPromises = {
    setTimeout: (ms?: unknown, value?: unknown): object => {
      const capability = realm.newCapability();
      const cause = trace.step({ lane: scheduler.currentLane, kind: 'schedule', label: callText(), ...(here() ? { node: here()! } : {}), ...ip.cause() });
      scheduler.addTimer({ lane: 'timer', label: `timers/promises setTimeout(${String(ms ?? 1)}) resolves`, cause, ...(here() ? { node: here()! } : {}), run: () => capability.resolve(value) }, Number(ms ?? 1), false);
      return capability.promise;
    },
    setImmediate: (value?: unknown): object => {
      const capability = realm.newCapability();
      const cause = trace.step({ lane: scheduler.currentLane, kind: 'schedule', label: callText(), ...(here() ? { node: here()! } : {}), ...ip.cause() });
      scheduler.queueImmediate({ lane: 'immediate', label: 'timers/promises setImmediate resolves', cause, run: () => capability.resolve(value) });
      return capability.promise;
    },
  };
  const callText = (): string => ((here() as { text?: string } | undefined)?.text ?? '').split('\n')[0]!.slice(0, 80);

  const promisify = (fn: unknown): unknown => {
    const original = requireFunction(fn, 'original');
    const special = (original as { __promisified?: string }).__promisified;
    if (special === 'setTimeout') return timersPromises.setTimeout;
    if (special === 'setImmediate') return timersPromises.setImmediate;
    return (...args: unknown[]): object => {
      const capability = realm.newCapability();
      original(...args, (error: unknown, value: unknown) => (error ? capability.reject(error) : capability.resolve(value)));
      return capability.promise;
    };
  };

  class EventEmitter extends HostEventEmitter {}
  const once = (emitter: unknown, name: unknown): object => {
    const capability = realm.newCapability();
    (emitter as HostEventEmitter).once(name as string, (...args: unknown[]) => capability.resolve(args));
    return capability.promise;
  };
  Object.defineProperty(EventEmitter, 'once', { value: once, writable: true, configurable: true });
  Object.defineProperty(EventEmitter, 'on', { value: () => unknownModule('events.on'), writable: true, configurable: true });
  const events = Object.assign(EventEmitter, { EventEmitter, default: EventEmitter });

  const unknownModule = (name: string): unknown => {
    trace.note('unsupported', `module '${name}' is not simulated; calls into it do nothing`, line());
    return opaque(name);
  };
  const network = (name: string): unknown => {
    trace.note('unsupported', `network module '${name}' is not simulated; network timing cannot be predicted`, line());
    return opaque(name);
  };

  const fetchFn = (url: unknown): object => {
    const response = {
      ok: true, status: 200, statusText: 'OK', url: String(url),
      json: () => ioPromise('response.json()', 1, () => ({ value: {} })),
      text: () => ioPromise('response.text()', 1, () => ({ value: '' })),
    };
    trace.note('approximate', `fetch(${inspect(url)}): network time is unknown (~${NETWORK_MS} ms assumed) and the response is a placeholder`, line());
    return ioPromise(`fetch(${inspect(url)})`, NETWORK_MS, () => ({ value: response }));
  };
  globals.fetch = fetchFn;

  const childProcess = {
    execSync: (command: unknown): unknown => {
      const match = /^\s*sleep\s+(\d+(?:\.\d+)?)\s*$/.exec(String(command));
      if (match) block(`execSync(${inspect(command)})`, Number(match[1]) * 1000 + 5, false);
      else block(`execSync(${inspect(command)})`, 20, true);
      return Buffer.from('');
    },
    exec: (command: unknown, ...rest: unknown[]): void => {
      const cb = rest.find((r) => typeof r === 'function') as AnyFunction | undefined;
      const match = /^\s*sleep\s+(\d+(?:\.\d+)?)\s*$/.exec(String(command));
      io(`exec(${inspect(command)})`, match ? Number(match[1]) * 1000 + 5 : 20, () => void cb?.(null, '', ''));
    },
  };

  const build = (name: string): unknown => {
    switch (name) {
      case 'events': return events;
      case 'timers': return { setTimeout: globals.setTimeout, setInterval: globals.setInterval, setImmediate: globals.setImmediate, clearTimeout: globals.clearTimeout, clearInterval: globals.clearInterval, clearImmediate: globals.clearImmediate };
      case 'timers/promises': return timersPromises;
      case 'util': return { promisify, format, inspect, isDeepStrictEqual, types: {}, deprecate: (fn: unknown) => fn };
      case 'fs': return fs;
      case 'fs/promises': return fsPromises;
      case 'path': return hostPath;
      case 'perf_hooks': return { performance: globals.performance };
      case 'child_process': return childProcess;
      case 'process': return globals.process;
      case 'http': case 'https': case 'net': case 'dns': case 'http2': case 'tls': case 'dgram': case 'axios': case 'node-fetch':
        return network(name);
      default: return unknownModule(name);
    }
  };

  return (specifier: unknown): unknown => {
    const name = String(specifier).replace(/^node:/, '');
    if (!cache.has(name)) cache.set(name, build(name));
    return cache.get(name);
  };
}

/** A stand-in for something the simulator does not know: every property is another stand-in, calls return one. */
function opaque(name: string): unknown {
  const target = function () { /* stand-in */ };
  return new Proxy(target, {
    get: (_t, key) => {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => `[${name}]`;
      if (key === inspect.custom) return () => `[unknown ${name}]`;
      if (typeof key === 'symbol') return undefined;
      return opaque(`${name}.${key}`);
    },
    apply: () => opaque(`${name}()`),
    construct: () => opaque(`new ${name}`) as object,
  });
}
