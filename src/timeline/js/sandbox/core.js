/*
 * Loop Lens timeline sandbox — core. This file runs INSIDE the QuickJS engine
 * (compiled to WebAssembly), never in Node. It receives `__looplensHost`, an
 * object of host functions that take and return plain data only (numbers,
 * strings, JSON), removes it from the global object, and builds the Node-like
 * globals a program expects: console, timers, immediates, process, queueMicrotask,
 * a clock on virtual time, and the tracing hooks (`__ll`) the instrumented
 * program calls at each `await`. Everything the host calls back (timer callbacks,
 * I/O completions) is looked up here by number: no callable ever leaves the engine.
 */
(function (global) {
  'use strict';
  const host = global.__looplensHost;
  delete global.__looplensHost;
  const hasOwn = Object.prototype.hasOwnProperty;
  const defineHidden = (target, name, value) => Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  // ── call sites ────────────────────────────────────────────────────────────
  /** The program's stack at this point, as text; the host maps it to a source span. */
  function site() {
    return new Error().stack || '';
  }

  // ── callbacks the host fires by number ────────────────────────────────────
  const callbacks = new Map();
  let nextCallbackId = 1;
  function register(fn, args, once) {
    const id = nextCallbackId++;
    callbacks.set(id, { fn, args, once });
    return id;
  }
  function fire(id) {
    const entry = callbacks.get(id);
    if (!entry) return;
    if (entry.once) callbacks.delete(id);
    try {
      Reflect.apply(entry.fn, undefined, entry.args || []);
    } catch (error) {
      if (!emitUncaught(error)) throw error;
    }
  }
  /** process.on('uncaughtException') listeners take an error thrown out of a callback; false when there are none. */
  function emitUncaught(error) {
    const target = processRef;
    if (!target || target.listenerCount('uncaughtException') === 0) return false;
    target.emit('uncaughtException', error, 'uncaughtException');
    return true;
  }
  let processRef;
  defineHidden(global, '__llSetProcess', (p) => { processRef = p; delete global.__llSetProcess; });
  function forget(id) {
    callbacks.delete(id);
  }

  // ── values described for printing (the host formats them like Node) ───────
  const describe = (function () {
    const MAX_NODES = 20000;
    return function describeAll(values) {
      const seen = new Map();
      let nodes = 0;
      function fnKind(fn) {
        let text = '';
        try { text = Function.prototype.toString.call(fn); } catch (e) { text = ''; }
        if (/^class[\s{]/.test(text)) return 'class';
        const tag = fn[Symbol.toStringTag];
        if (tag === 'AsyncFunction') return 'async';
        if (tag === 'GeneratorFunction') return 'generator';
        if (tag === 'AsyncGeneratorFunction') return 'asyncgenerator';
        return 'function';
      }
      function className(value) {
        const proto = Object.getPrototypeOf(value);
        if (proto === null) return null;
        const ctor = proto && hasOwn.call(proto, 'constructor') ? proto.constructor : undefined;
        return typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : '';
      }
      function keyOf(key) {
        return typeof key === 'symbol' ? { s: String(key.description) } : key;
      }
      function props(value, skipIndices) {
        const out = [];
        for (const key of Reflect.ownKeys(value)) {
          if (skipIndices && typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key)) continue;
          const d = Object.getOwnPropertyDescriptor(value, key);
          if (!d || !d.enumerable) continue;
          if (d.get || d.set) out.push([keyOf(key), { t: 'accessor', get: !!d.get, set: !!d.set }]);
          else out.push([keyOf(key), walk(d.value)]);
        }
        return out;
      }
      function walk(value) {
        if (++nodes > MAX_NODES) return { t: 'more' };
        switch (typeof value) {
          case 'undefined': return { t: 'undefined' };
          // The host shows at most 100,000 characters of a line: a longer string is not copied out whole.
          case 'string': return value.length > 100000 ? `${value.slice(0, 100000)}… (${value.length - 100000} more characters)` : value;
          case 'number': return Object.is(value, -0) ? { t: 'number', v: '-0' } : Number.isFinite(value) ? value : { t: 'number', v: String(value) };
          case 'boolean': return value;
          case 'bigint': return { t: 'bigint', v: String(value) };
          case 'symbol': return { t: 'symbol', v: String(value.description === undefined ? '' : value.description), d: value.description !== undefined };
        }
        if (value === null) return null;
        if (opaqueLabel(value) !== undefined) return { t: 'opaque', label: opaqueLabel(value) };
        if (seen.has(value)) return { t: 'ref', id: seen.get(value) };
        const id = seen.size + 1;
        seen.set(value, id);
        if (typeof value === 'function') {
          let base = null;
          const kind = fnKind(value);
          if (kind === 'class') {
            const parent = Object.getPrototypeOf(value);
            base = parent && parent !== Function.prototype && typeof parent.name === 'string' ? parent.name : null;
          }
          return { t: 'function', id, kind, name: typeof value.name === 'string' ? value.name : '', base, props: props(value, false).filter(([k]) => k !== 'prototype') };
        }
        if (Array.isArray(value)) {
          const items = [];
          const length = value.length;
          let holes = 0;
          for (let i = 0; i < length && items.length < 101; i++) {
            if (!hasOwn.call(value, i)) { holes++; continue; }
            if (holes) { items.push({ t: 'holes', n: holes }); holes = 0; }
            items.push(walk(value[i]));
          }
          if (holes) items.push({ t: 'holes', n: holes });
          return { t: 'array', id, cls: className(value), length, items, props: props(value, true) };
        }
        if (value instanceof Error) {
          return { t: 'error', id, cls: className(value), name: String(value.name), message: String(value.message), stack: typeof value.stack === 'string' ? value.stack : '', props: props(value, false).filter(([k]) => k !== 'stack' && k !== 'message') };
        }
        if (value instanceof Map) {
          const entries = [];
          for (const [k, v] of value) { if (entries.length > 100) break; entries.push([walk(k), walk(v)]); }
          return { t: 'map', id, cls: className(value), size: value.size, entries, props: props(value, false) };
        }
        if (value instanceof Set) {
          const items = [];
          for (const v of value) { if (items.length > 100) break; items.push(walk(v)); }
          return { t: 'set', id, cls: className(value), size: value.size, items, props: props(value, false) };
        }
        if (value instanceof Promise) {
          const state = host.promiseState(value);
          return { t: 'promise', id, state, value: state === 'pending' ? undefined : walk(host.promiseResult(value)), props: props(value, false) };
        }
        if (value instanceof Date) return { t: 'date', id, v: Number.isNaN(value.getTime()) ? null : value.toISOString() };
        if (value instanceof RegExp) return { t: 'regexp', id, v: String(value) };
        if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
          const items = [];
          for (let i = 0; i < value.length && i < 101; i++) items.push(typeof value[i] === 'bigint' ? { t: 'bigint', v: String(value[i]) } : value[i]);
          return { t: 'typed', id, cls: className(value), length: value.length, items, buffer: value instanceof global.Buffer };
        }
        if (value instanceof WeakMap || value instanceof WeakSet) return { t: 'weak', id, cls: className(value) };
        if (typeof value[Symbol.iterator] === 'function' && Object.prototype.toString.call(value) === '[object Generator]') return { t: 'generator', id };
        const boxed = Object.prototype.toString.call(value);
        if (boxed === '[object String]' || boxed === '[object Number]' || boxed === '[object Boolean]') return { t: 'boxed', id, v: walk(value.valueOf()) };
        const custom = global.__llInspectCustom && value[global.__llInspectCustom];
        if (typeof custom === 'function') {
          try { const text = custom.call(value); if (typeof text === 'string') return { t: 'custom', text }; } catch (e) { /* fall through */ }
        }
        return { t: 'object', id, cls: className(value), tag: typeof value[Symbol.toStringTag] === 'string' ? value[Symbol.toStringTag] : null, props: props(value, false) };
      }
      return JSON.stringify(values.map(walk));
    };
  })();

  // ── opaque values (unmodelled code) are recognised by describe ────────────
  const opaqueLabels = new WeakMap();
  function opaqueLabel(value) {
    return opaqueLabels.get(value);
  }

  // ── console ───────────────────────────────────────────────────────────────
  let groupDepth = 0;
  function print(stream, args, options) {
    host.print(stream, describe(args), site(), groupDepth, options || '');
  }
  const counts = new Map();
  const timers = new Map();
  const console = {
    log: (...args) => print('stdout', args),
    info: (...args) => print('stdout', args),
    debug: (...args) => print('stdout', args),
    error: (...args) => print('stderr', args),
    warn: (...args) => print('stderr', args),
    trace: (...args) => print('stderr', args, 'trace'),
    dir: (value, options) => (options !== null && typeof options === 'object'
      ? print('stdout', [host.inspect(describe([value]), JSON.stringify({ depth: options.depth, compact: options.compact, breakLength: options.breakLength, sorted: options.sorted === true }))])
      : print('stdout', [value], 'dir')),
    table: (data) => print('stdout', [data], 'table'),
    group: (...args) => { if (args.length) print('stdout', args); groupDepth++; },
    groupCollapsed: (...args) => { if (args.length) print('stdout', args); groupDepth++; },
    groupEnd: () => { if (groupDepth > 0) groupDepth--; },
    assert: (condition, ...args) => { if (!condition) print('stderr', args.length ? ['Assertion failed:', ...args] : ['Assertion failed'], ''); },
    count: (label = 'default') => { const n = (counts.get(String(label)) || 0) + 1; counts.set(String(label), n); print('stdout', [`${label}: ${n}`]); },
    countReset: (label = 'default') => counts.delete(String(label)),
    time: (label = 'default') => { timers.set(String(label), host.clock()); },
    timeEnd: (label = 'default') => { const start = timers.get(String(label)); if (start === undefined) return; timers.delete(String(label)); print('stdout', [`${label}: ${formatDuration(host.clock() - start)}`]); },
    timeLog: (label = 'default', ...rest) => { const start = timers.get(String(label)); if (start === undefined) return; print('stdout', [`${label}: ${formatDuration(host.clock() - start)}`, ...rest]); },
  };
  function formatDuration(ms) {
    if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
    return `${ms.toFixed(3)}ms`;
  }

  // ── timers, immediates, ticks ─────────────────────────────────────────────
  function callbackName(fn, role) {
    return fn && fn.name ? `${fn.name} (${role})` : role;
  }
  function requireCallback(fn, name) {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "${name}" argument must be of type function. Received ${fn === undefined ? 'undefined' : typeof fn}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }
  class Timeout {
    constructor(id, repeat) {
      defineHidden(this, '_id', id);
      defineHidden(this, '_repeat', repeat);
    }
    ref() { host.timerRef(this._id, true); return this; }
    unref() { host.timerRef(this._id, false); return this; }
    hasRef() { return host.timerHasRef(this._id); }
    refresh() { host.timerRefresh(this._id); return this; }
    close() { clearTimeout(this); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  function addTimer(fn, ms, args, repeat) {
    requireCallback(fn, 'callback');
    const id = register(fn, args, !repeat);
    host.timer(id, Number(ms), repeat, callbackName(fn, repeat ? 'setInterval callback' : 'setTimeout callback'), site());
    return new Timeout(id, repeat);
  }
  function timerId(timer) {
    if (timer instanceof Timeout) return timer._id;
    if (typeof timer === 'number' || typeof timer === 'string') return Number(timer);
    return undefined;
  }
  function clearTimer(timer) {
    const id = timerId(timer);
    if (id === undefined || !callbacks.has(id)) return;
    forget(id);
    host.clearTimer(id, site());
  }
  const setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  const setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  const clearTimeout = (timer) => clearTimer(timer);
  const clearInterval = (timer) => clearTimer(timer);
  class Immediate {
    constructor(id) { defineHidden(this, '_id', id); }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
  }
  const setImmediate = (fn, ...args) => {
    requireCallback(fn, 'callback');
    const id = register(fn, args, true);
    host.immediate(id, callbackName(fn, 'setImmediate callback'), site());
    return new Immediate(id);
  };
  const clearImmediate = (immediate) => {
    if (!(immediate instanceof Immediate) || !callbacks.has(immediate._id)) return;
    forget(immediate._id);
    host.clearImmediate(immediate._id, site());
  };
  const nextTick = (fn, ...args) => {
    requireCallback(fn, 'callback');
    host.tick(register(fn, args, true), callbackName(fn, 'process.nextTick callback'), site());
  };

  // ── promise jobs: traced without adding ticks ─────────────────────────────
  const OriginalPromise = Promise;
  const originalThen = Promise.prototype.then;
  /** Promises whose rejection the program could still handle: checked by the host after each drain. */
  const known = new Set();
  const handled = new WeakSet();
  const thrownReasons = [];
  const reported = [];
  function track(promise) {
    if (promise instanceof OriginalPromise) known.add(promise);
    return promise;
  }
  function seen(reason) {
    const index = thrownReasons.findIndex((r) => Object.is(r, reason));
    if (index >= 0) thrownReasons.splice(index, 1);
  }
  function traced(fn, label, where, cause, rejection) {
    if (typeof fn !== 'function') return fn;
    return function (value) {
      host.job(label, where, cause);
      if (rejection) seen(value);
      return fn(value);
    };
  }
  defineHidden(OriginalPromise.prototype, 'then', function then(onFulfilled, onRejected) {
    const where = site();
    const cause = host.currentStep();
    if (this instanceof OriginalPromise) handled.add(this);
    return track(Reflect.apply(originalThen, this, [traced(onFulfilled, 'then callback', where, cause, false), traced(onRejected, 'rejection handler', where, cause, true)]));
  });
  /** `new Promise(...)` and the statics, tracked; `Promise.prototype.constructor` stays the intrinsic (await keeps its fast path). */
  function PromiseConstructor(executor) {
    if (!new.target) throw new TypeError("Promise constructor cannot be invoked without 'new'");
    return track(Reflect.construct(OriginalPromise, [executor], new.target === PromiseConstructor ? OriginalPromise : new.target));
  }
  PromiseConstructor.prototype = OriginalPromise.prototype;
  for (const name of ['resolve', 'reject', 'all', 'allSettled', 'any', 'race', 'withResolvers']) {
    if (typeof OriginalPromise[name] !== 'function') continue;
    const original = OriginalPromise[name];
    defineHidden(PromiseConstructor, name, {
      [name](...args) {
        const result = Reflect.apply(original, this === PromiseConstructor || this === undefined ? OriginalPromise : this, args);
        if (name === 'any') {
          // V8's message (QuickJS leaves it empty); this reaction is registered first, so handlers see it.
          Reflect.apply(originalThen, result, [undefined, (error) => {
            if (error instanceof AggregateError && error.message === '') error.message = 'All promises were rejected';
          }]);
        }
        if (name === 'withResolvers') track(result.promise);
        else track(result);
        return result;
      },
    }[name]);
  }
  Object.defineProperty(PromiseConstructor, Symbol.species, { get() { return this; }, configurable: true });
  Object.defineProperty(PromiseConstructor, 'name', { value: 'Promise' });
  /** Called by the host after every microtask drain: the first rejection nobody handled, described, or ''. */
  function takeUnhandled() {
    for (const promise of known) {
      const state = host.promiseState(promise);
      if (state === 'pending') continue;
      known.delete(promise);
      if (state === 'rejected' && !handled.has(promise)) {
        const reason = host.promiseResult(promise);
        seen(reason);
        if (!reported.some((r) => Object.is(r, reason))) {
          reported.push(reason);
          return reason;
        }
      }
    }
    while (thrownReasons.length > 0) {
      const reason = thrownReasons.shift();
      if (!reported.some((r) => Object.is(r, reason))) {
        reported.push(reason);
        return reason;
      }
    }
    return undefined;
  }
  function hasUnhandled() {
    return thrownReasons.length > 0 || known.size > 0;
  }
  const queueMicrotask = (fn) => {
    requireCallback(fn, 'callback');
    const where = site();
    const cause = host.currentStep();
    Reflect.apply(originalThen, OriginalPromise.resolve(), [function () {
      host.job(callbackName(fn, 'queueMicrotask callback'), where, cause);
      try {
        fn();
      } catch (error) {
        uncaught(error);
      }
    }]);
  };
  function uncaught(error) {
    if (emitUncaught(error)) return;
    host.uncaught(describe([error]));
  }
  function observeAwait(value) {
    if (value instanceof OriginalPromise) {
      handled.add(value);
      Reflect.apply(originalThen, value, [undefined, seen]);
    }
    return value;
  }

  // The instrumented program calls these around every `await` (plain synchronous calls: no extra ticks)
  // and when an async function throws.
  const ll = {
    a(id, value) { host.awaitStart(id); return observeAwait(value); },
    r(id, value) { host.awaitEnd(id); return value; },
    t(reason) { thrownReasons.push(reason); },
  };
  Object.defineProperty(global, '__ll', { value: Object.freeze(ll), writable: false, configurable: false, enumerable: false });
  defineHidden(global, 'Promise', PromiseConstructor);

  // ── the clock ─────────────────────────────────────────────────────────────
  const HostDate = Date;
  const epoch = host.epoch();
  function VirtualDate(...args) {
    if (!new.target) return new HostDate(epoch + host.clock()).toString();
    if (args.length === 0) return Reflect.construct(HostDate, [Math.floor(epoch + host.clock())], new.target);
    return Reflect.construct(HostDate, args, new.target);
  }
  VirtualDate.prototype = HostDate.prototype;
  Object.defineProperty(HostDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
  VirtualDate.now = () => Math.floor(epoch + host.clock());
  VirtualDate.parse = HostDate.parse;
  VirtualDate.UTC = HostDate.UTC;
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  const performance = {
    now: () => 25 + host.clock(),
    timeOrigin: epoch - 25,
    mark() {}, measure() {},
  };

  // ── Math.random: deterministic, with a note ───────────────────────────────
  let seed = 0x2545F491;
  Math.random = function random() {
    host.note('nondeterministic', 'Math.random() gives different numbers on every real run; the prediction uses one fixed sequence', site());
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed / 4294967296;
  };

  defineHidden(global, 'console', console);
  defineHidden(global, 'setTimeout', setTimeout);
  defineHidden(global, 'setInterval', setInterval);
  defineHidden(global, 'clearTimeout', clearTimeout);
  defineHidden(global, 'clearInterval', clearInterval);
  defineHidden(global, 'setImmediate', setImmediate);
  defineHidden(global, 'clearImmediate', clearImmediate);
  defineHidden(global, 'queueMicrotask', queueMicrotask);
  defineHidden(global, 'Date', VirtualDate);
  defineHidden(global, 'performance', performance);
  defineHidden(global, 'global', global);

  // Shared with the other sandbox files (modules.js, opaque.js), then removed.
  defineHidden(global, '__llInternal', {
    host, site, register, fire, forget, describe, uncaught, nextTick, opaqueLabels, requireCallback, callbackName, defineHidden,
    timers: { setTimeout, setInterval, clearTimeout, clearInterval, setImmediate, clearImmediate, Timeout, Immediate },
    performance, console, originalThen, takeUnhandled, hasUnhandled,
  });
  defineHidden(global, '__llTakeUnhandled', takeUnhandled);
  defineHidden(global, '__llFire', fire);
})(globalThis);
