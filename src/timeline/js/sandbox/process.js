/*
 * Loop Lens timeline sandbox — `process`, EventEmitter, EventTarget and
 * AbortController. Runs INSIDE the QuickJS engine. `process` carries no real
 * host data: an empty environment, a made-up pid, the virtual clock.
 */
(function (global) {
  'use strict';
  const { host, site, nextTick, describe, console, defineHidden } = global.__llInternal;

  // ── EventEmitter (Node's semantics: synchronous emit, 'error' throws without a listener) ──
  const kCapture = Symbol('kCapture');
  function EventEmitter(options) {
    EventEmitter.init.call(this, options);
  }
  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._maxListeners = undefined;
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');
  EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
  EventEmitter.init = function (options) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      defineHidden(this, '_events', Object.create(null));
      defineHidden(this, '_eventsCount', 0);
    }
    defineHidden(this, '_maxListeners', this._maxListeners || undefined);
    defineHidden(this, kCapture, !!(options && options.captureRejections));
  };
  function addListener(target, type, listener, prepend) {
    if (typeof listener !== 'function') {
      const err = new TypeError(`The "listener" argument must be of type function. Received ${listener === undefined ? 'undefined' : typeof listener}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    if (target._events === undefined) EventEmitter.init.call(target);
    const events = target._events;
    if (events.newListener !== undefined) target.emit('newListener', type, listener.listener ? listener.listener : listener);
    const existing = events[type];
    if (existing === undefined) {
      events[type] = listener;
      target._eventsCount++;
    } else if (typeof existing === 'function') {
      events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) existing.unshift(listener);
    else existing.push(listener);
    return target;
  }
  function onceWrapper(target, type, listener) {
    const state = { fired: false, target, type, listener };
    function wrapped(...args) {
      if (state.fired) return undefined;
      state.fired = true;
      target.removeListener(type, wrapped);
      return Reflect.apply(listener, target, args);
    }
    wrapped.listener = listener;
    return wrapped;
  }
  Object.assign(EventEmitter.prototype, {
    setMaxListeners(n) { this._maxListeners = n; return this; },
    getMaxListeners() { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; },
    emit(type, ...args) {
      const events = this._events;
      if (type === 'error' && events !== undefined && events[EventEmitter.errorMonitor] !== undefined) this.emit(EventEmitter.errorMonitor, ...args);
      const handler = events === undefined ? undefined : events[type];
      if (handler === undefined) {
        if (type === 'error') {
          const er = args[0];
          if (er instanceof Error) throw er;
          const err = new Error(`Unhandled error. (${describeShort(er)})`);
          err.code = 'ERR_UNHANDLED_ERROR';
          err.context = er;
          throw err;
        }
        return false;
      }
      const listeners = typeof handler === 'function' ? [handler] : handler.slice();
      for (const listener of listeners) {
        const result = Reflect.apply(listener, this, args);
        if (result !== undefined && result !== null && this[kCapture] && typeof result.then === 'function') {
          result.then(undefined, (error) => nextTick(() => this.emit('error', error)));
        }
      }
      return true;
    },
    addListener(type, listener) { return addListener(this, type, listener, false); },
    on(type, listener) { return addListener(this, type, listener, false); },
    prependListener(type, listener) { return addListener(this, type, listener, true); },
    once(type, listener) { return addListener(this, type, onceWrapper(this, type, listener), false); },
    prependOnceListener(type, listener) { return addListener(this, type, onceWrapper(this, type, listener), true); },
    removeListener(type, listener) {
      const events = this._events;
      if (events === undefined) return this;
      const list = events[type];
      if (list === undefined) return this;
      if (list === listener || list.listener === listener) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete events[type];
        if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
      } else if (typeof list !== 'function') {
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i] === listener || list[i].listener === listener) {
            list.splice(i, 1);
            if (list.length === 1) events[type] = list[0];
            if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
            break;
          }
        }
      }
      return this;
    },
    off(type, listener) { return this.removeListener(type, listener); },
    removeAllListeners(type) {
      if (this._events === undefined) return this;
      if (type === undefined) {
        this._events = Object.create(null);
        this._eventsCount = 0;
      } else if (this._events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null);
        else delete this._events[type];
      }
      return this;
    },
    listeners(type) {
      const list = this._events === undefined ? undefined : this._events[type];
      if (list === undefined) return [];
      if (typeof list === 'function') return [list.listener || list];
      return list.map((l) => l.listener || l);
    },
    rawListeners(type) {
      const list = this._events === undefined ? undefined : this._events[type];
      if (list === undefined) return [];
      return typeof list === 'function' ? [list] : list.slice();
    },
    listenerCount(type) {
      const list = this._events === undefined ? undefined : this._events[type];
      if (list === undefined) return 0;
      return typeof list === 'function' ? 1 : list.length;
    },
    eventNames() {
      return this._events === undefined ? [] : Reflect.ownKeys(this._events);
    },
  });
  for (const name of Object.keys(EventEmitter.prototype)) {
    if (name !== '_events' && name !== '_maxListeners') Object.defineProperty(EventEmitter.prototype, name, { enumerable: false });
  }
  function describeShort(value) {
    try {
      return typeof value === 'string' ? `'${value}'` : String(value);
    } catch (e) {
      return typeof value;
    }
  }

  // ── process ───────────────────────────────────────────────────────────────
  const proc = new EventEmitter();
  const hrtime = (previous) => {
    const ns = Math.round((25 + host.clock()) * 1e6);
    let s = Math.floor(ns / 1e9);
    let n = ns % 1e9;
    if (previous) {
      s -= previous[0];
      n -= previous[1];
      if (n < 0) { s--; n += 1e9; }
    }
    return [s, n];
  };
  hrtime.bigint = () => BigInt(Math.round((25 + host.clock()) * 1e6));
  const write = (stream) => (chunk, encoding, callback) => {
    host.write(stream, typeof chunk === 'string' ? chunk : String(chunk), site());
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') nextTick(cb);
    return true;
  };
  Object.assign(proc, {
    title: 'node',
    version: host.nodeVersion(),
    versions: { node: host.nodeVersion().slice(1) },
    arch: 'x64',
    platform: 'linux',
    release: { name: 'node' },
    argv: ['/usr/local/bin/node', host.fileName()],
    execArgv: [],
    env: {},
    pid: 4242,
    ppid: 4241,
    exitCode: undefined,
    nextTick,
    hrtime,
    cwd: () => host.dirName(),
    uptime: () => (25 + host.clock()) / 1000,
    memoryUsage: Object.assign(() => ({ rss: 40e6, heapTotal: 10e6, heapUsed: 6e6, external: 1e6, arrayBuffers: 1e4 }), { rss: () => 40e6 }),
    cpuUsage: () => ({ user: 0, system: 0 }),
    emitWarning: (warning) => { console.error(`(node:4242) ${warning instanceof Error ? `${warning.name}: ${warning.message}` : `Warning: ${warning}`}`); },
    exit(code) {
      if (code !== undefined) proc.exitCode = Number(code);
      const final = proc.exitCode === undefined ? 0 : Number(proc.exitCode);
      if (!exiting) {
        exiting = true;
        proc.emit('exit', final);
      }
      host.exit(final, site());
    },
    abort() { host.exit(134, site()); },
    kill(pid, signal) {
      if (Number(pid) !== proc.pid) {
        const err = new Error('kill ESRCH');
        err.code = 'ESRCH';
        throw err;
      }
      host.signal(String(signal === undefined ? 'SIGTERM' : signal), site());
      return true;
    },
    stdout: { write: write('stdout'), isTTY: false, columns: 80, fd: 1, on() { return this; }, once() { return this; }, end() {} },
    stderr: { write: write('stderr'), isTTY: false, columns: 80, fd: 2, on() { return this; }, once() { return this; }, end() {} },
    stdin: { isTTY: false, fd: 0, on() { return this; }, once() { return this; }, resume() {}, pause() {}, setEncoding() {} },
  });
  // Host-visible listener registry: the host asks whether a process event has listeners and fires it.
  const originalAdd = proc.on;
  proc.on = proc.addListener = function (type, listener) {
    const result = originalAdd.call(this, type, listener);
    host.processListener(String(type), this.listenerCount(type));
    return result;
  };
  proc.once = function (type, listener) {
    const result = EventEmitter.prototype.once.call(this, type, listener);
    host.processListener(String(type), this.listenerCount(type));
    return result;
  };
  const originalRemove = proc.removeListener;
  proc.removeListener = proc.off = function (type, listener) {
    const result = originalRemove.call(this, type, listener);
    host.processListener(String(type), this.listenerCount(type));
    return result;
  };
  let exiting = false;
  /** The host's way to fire process events (see JsHost.emitProcess). */
  defineHidden(global, '__llProcessEvent', (event, value) => {
    const code = () => (proc.exitCode === undefined ? 0 : Number(proc.exitCode));
    switch (event) {
      case 'unhandledRejection': {
        const promise = Promise.reject(value);
        promise.catch(() => {});
        proc.emit('unhandledRejection', value, promise);
        return;
      }
      case 'rejectionAsException':
        proc.emit('uncaughtException', value, 'unhandledRejection');
        return;
      case 'beforeExit':
        proc.emit('beforeExit', code());
        return;
      case 'exit':
        if (exiting) return;
        exiting = true;
        if (typeof value === 'number' && value !== 0) proc.exitCode = value;
        proc.emit('exit', code());
        return;
      default:
        proc.emit(event, value);
    }
  });

  // ── EventTarget / Event / AbortController / AbortSignal ───────────────────
  class Event {
    constructor(type, options) {
      defineHidden(this, 'type', String(type));
      defineHidden(this, 'defaultPrevented', false);
      defineHidden(this, 'cancelable', !!(options && options.cancelable));
      defineHidden(this, 'timeStamp', 25 + host.clock());
      defineHidden(this, 'target', null);
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { defineHidden(this, '_stop', true); }
  }
  class CustomEvent extends Event {
    constructor(type, options) {
      super(type, options);
      defineHidden(this, 'detail', options && options.detail !== undefined ? options.detail : null);
    }
  }
  const listenersOf = new WeakMap();
  class EventTarget {
    addEventListener(type, listener, options) {
      if (!listener) return;
      let map = listenersOf.get(this);
      if (!map) { map = new Map(); listenersOf.set(this, map); }
      const list = map.get(type) || [];
      if (list.some((entry) => entry.listener === listener)) return;
      const once = typeof options === 'object' && options !== null && !!options.once;
      list.push({ listener, once });
      map.set(type, list);
      if (typeof options === 'object' && options !== null && options.signal) {
        options.signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
      }
    }
    removeEventListener(type, listener) {
      const map = listenersOf.get(this);
      const list = map && map.get(type);
      if (!list) return;
      const index = list.findIndex((entry) => entry.listener === listener);
      if (index >= 0) list.splice(index, 1);
    }
    dispatchEvent(event) {
      defineHidden(event, 'target', this);
      defineHidden(event, 'currentTarget', this);
      const handlerName = `on${event.type}`;
      const map = listenersOf.get(this);
      const list = map && map.get(event.type) ? map.get(event.type).slice() : [];
      if (typeof this[handlerName] === 'function') list.unshift({ listener: this[handlerName], once: false, property: true });
      for (const entry of list) {
        if (entry.once) this.removeEventListener(event.type, entry.listener);
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event);
          else if (entry.listener && typeof entry.listener.handleEvent === 'function') entry.listener.handleEvent(event);
        } catch (error) {
          nextTick(() => { throw error; });
        }
        if (event._stop) break;
      }
      return !event.defaultPrevented;
    }
  }
  function abortError(reason) {
    if (reason !== undefined) return reason;
    const err = new Error('This operation was aborted');
    err.name = 'AbortError';
    err.code = 20;
    return err;
  }
  class AbortSignal extends EventTarget {
    constructor() {
      super();
      defineHidden(this, 'aborted', false);
      defineHidden(this, 'reason', undefined);
      defineHidden(this, 'onabort', null);
    }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason) {
      const signal = new AbortSignal();
      signalAbort(signal, abortError(reason));
      return signal;
    }
    static timeout(ms) {
      const signal = new AbortSignal();
      global.__llInternal.timers.setTimeout(() => {
        const err = new Error('The operation was aborted due to timeout');
        err.name = 'TimeoutError';
        err.code = 23;
        signalAbort(signal, err);
      }, ms).unref();
      return signal;
    }
    static any(signals) {
      const signal = new AbortSignal();
      for (const source of signals) {
        if (source.aborted) { signalAbort(signal, source.reason); return signal; }
      }
      for (const source of signals) source.addEventListener('abort', () => signalAbort(signal, source.reason), { once: true });
      return signal;
    }
    get [Symbol.toStringTag]() { return 'AbortSignal'; }
  }
  function signalAbort(signal, reason) {
    if (signal.aborted) return;
    signal.aborted = true;
    signal.reason = reason;
    signal.dispatchEvent(new Event('abort'));
  }
  class AbortController {
    constructor() { defineHidden(this, 'signal', new AbortSignal()); }
    abort(reason) { signalAbort(this.signal, abortError(reason)); }
  }

  // ── structuredClone ───────────────────────────────────────────────────────
  function structuredClone(value, seen = new Map()) {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol') {
        const err = new Error(`${typeof value === 'function' ? String(value) : 'Symbol()'} could not be cloned.`);
        err.name = 'DataCloneError';
        throw err;
      }
      return value;
    }
    if (seen.has(value)) return seen.get(value);
    let copy;
    if (Array.isArray(value)) {
      copy = [];
      seen.set(value, copy);
      for (let i = 0; i < value.length; i++) copy[i] = structuredClone(value[i], seen);
      return copy;
    }
    if (value instanceof Date) return new Date(value.getTime());
    if (value instanceof RegExp) return new RegExp(value.source, value.flags);
    if (value instanceof Map) {
      copy = new Map();
      seen.set(value, copy);
      for (const [k, v] of value) copy.set(structuredClone(k, seen), structuredClone(v, seen));
      return copy;
    }
    if (value instanceof Set) {
      copy = new Set();
      seen.set(value, copy);
      for (const v of value) copy.add(structuredClone(v, seen));
      return copy;
    }
    if (value instanceof Error) {
      copy = new Error(value.message);
      copy.name = value.name;
      return copy;
    }
    copy = {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = structuredClone(value[key], seen);
    return copy;
  }

  defineHidden(global, 'process', proc);
  defineHidden(global, 'EventTarget', EventTarget);
  defineHidden(global, 'Event', Event);
  defineHidden(global, 'CustomEvent', CustomEvent);
  defineHidden(global, 'AbortController', AbortController);
  defineHidden(global, 'AbortSignal', AbortSignal);
  defineHidden(global, 'structuredClone', (value) => structuredClone(value));
  Object.assign(global.__llInternal, { EventEmitter, proc, describe });
  global.__llSetProcess(proc);
})(globalThis);
