/*
 * Loop Lens timeline sandbox — the modules a program can require/import
 * (events, timers, timers/promises, util, fs, path, child_process, …) and the
 * convention for unmodelled code: an import that is neither a workspace file
 * nor a module modelled here gives opaque values; a call into opaque code is an
 * awaitable that completes after the assumed I/O latency. Runs INSIDE QuickJS.
 */
(function (global) {
  'use strict';
  const I = global.__llInternal;
  const { host, site, register, nextTick, EventEmitter, opaqueLabels, timers, requireCallback, defineHidden } = I;
  delete global.__llInternal;

  // ── promises settled by the host's loop ───────────────────────────────────
  /** A promise settled by an I/O completion after `ms` of virtual time. */
  function ioPromise(label, ms, settle, assumed) {
    return new Promise((resolve, reject) => {
      const id = register(() => {
        let result;
        try {
          result = settle();
        } catch (error) {
          reject(error);
          return;
        }
        resolve(result);
      }, [], true);
      host.io(id, ms, label, site(), !!assumed);
    });
  }
  function ioCallback(label, ms, run, assumed) {
    host.io(register(run, [], true), ms, label, site(), !!assumed);
  }

  // ── opaque values ─────────────────────────────────────────────────────────
  const latency = host.ioLatency();
  /** `pending`: the promise of the call's completion (started at the call, as a JS promise is already running). */
  function opaque(label, pending) {
    const store = new Map();
    const settled = pending || null;
    const target = function () {};
    const proxy = new Proxy(target, {
      get(_t, key) {
        if (store.has(key)) return store.get(key);
        if (key === 'then') {
          if (!pending) return undefined;
          return (onFulfilled, onRejected) => settled.then(onFulfilled, onRejected);
        }
        if (key === Symbol.toPrimitive) return (hint) => (hint === 'number' ? NaN : `[opaque ${label}]`);
        if (key === Symbol.asyncIterator) {
          return () => {
            let done = false;
            return {
              next: () => {
                const finished = done;
                done = true;
                return new Promise((resolve) => timers.setImmediate(() => resolve(finished ? { value: undefined, done: true } : { value: opaque(`${label} item`, null), done: false })));
              },
              return: () => Promise.resolve({ value: undefined, done: true }),
            };
          };
        }
        if (key === Symbol.iterator || typeof key === 'symbol') return undefined;
        if (key === 'toString' || key === 'toJSON') return () => `[opaque ${label}]`;
        if (key === 'prototype') return undefined;
        return opaque(`${label}.${String(key)}`, null);
      },
      set(_t, key, value) {
        store.set(key, value);
        return true;
      },
      has(_t, key) {
        return store.has(key) || typeof key === 'string';
      },
      apply() {
        host.assumed(label, site());
        const call = `${label}()`;
        return opaque(call, ioPromise(`${call} (assumed I/O)`, latency, () => opaque(`${call} result`, null), true));
      },
      construct() {
        return opaque(`new ${label}`, null);
      },
    });
    opaqueLabels.set(proxy, label);
    return proxy;
  }

  // JSON.parse of an opaque value (a file of unknown contents) is opaque too, not a SyntaxError the real program may not raise.
  const originalParse = JSON.parse;
  defineHidden(JSON, 'parse', {
    parse(text, reviver) {
      if (opaqueLabels.get(text) !== undefined) return opaque(`JSON.parse(${opaqueLabels.get(text)})`, null);
      return Reflect.apply(originalParse, JSON, [text, reviver]);
    },
  }.parse);

  // ── util ──────────────────────────────────────────────────────────────────
  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
  const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
  defineHidden(global, '__llInspectCustom', inspectCustom);
  function promisify(original) {
    requireCallback(original, 'original');
    if (typeof original[promisifyCustom] === 'function') return original[promisifyCustom];
    function promisified(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (error, ...values) => {
          if (error) reject(error);
          else resolve(values.length > 1 ? values : values[0]);
        }]);
      });
    }
    Object.setPrototypeOf(promisified, Object.getPrototypeOf(original));
    return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = promisifyCustom;
  function callbackify(original) {
    return function (...args) {
      const callback = args.pop();
      Reflect.apply(original, this, args).then((value) => nextTick(callback, null, value), (error) => nextTick(callback, error));
    };
  }
  const inspect = (value, options) => host.inspect(I.describe([value]), JSON.stringify(typeof options === 'object' && options !== null ? { depth: options.depth, compact: options.compact, breakLength: options.breakLength, sorted: options.sorted === true } : {}));
  inspect.custom = inspectCustom;
  const format = (...args) => host.format(I.describe(args));
  function isDeepStrictEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k]));
  }
  const types = {
    isPromise: (v) => v instanceof Promise,
    isAsyncFunction: (v) => typeof v === 'function' && v[Symbol.toStringTag] === 'AsyncFunction',
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isMap: (v) => v instanceof Map,
    isSet: (v) => v instanceof Set,
    isNativeError: (v) => v instanceof Error,
  };
  const util = {
    promisify, callbackify, inspect, format, isDeepStrictEqual, types,
    formatWithOptions: (_options, ...args) => format(...args),
    deprecate: (fn) => fn,
    inherits(ctor, superCtor) {
      Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
      Object.setPrototypeOf(ctor, superCtor);
      defineHidden(ctor, 'super_', superCtor);
    },
    isArray: Array.isArray,
    TextEncoder: global.TextEncoder,
    TextDecoder: global.TextDecoder,
  };

  // ── timers/promises ───────────────────────────────────────────────────────
  function abortable(signal, executor) {
    return new Promise((resolve, reject) => {
      if (signal && signal.aborted) {
        reject(abortReason(signal));
        return;
      }
      const cancel = executor(resolve, reject);
      if (signal) signal.addEventListener('abort', () => { cancel(); reject(abortReason(signal)); }, { once: true });
    });
  }
  function abortReason(signal) {
    const err = new Error('The operation was aborted');
    err.name = 'AbortError';
    err.code = 'ABORT_ERR';
    err.cause = signal.reason;
    return err;
  }
  const timersPromises = {
    setTimeout(ms, value, options) {
      const signal = options && options.signal;
      return abortable(signal, (resolve) => {
        const timer = timers.setTimeout(() => resolve(value), ms);
        if (options && options.ref === false) timer.unref();
        return () => timers.clearTimeout(timer);
      });
    },
    setImmediate(value, options) {
      const signal = options && options.signal;
      return abortable(signal, (resolve) => {
        const immediate = timers.setImmediate(() => resolve(value));
        return () => timers.clearImmediate(immediate);
      });
    },
    setInterval(ms, value, options) {
      const signal = options && options.signal;
      let ticksPending = 0;
      let waiting = null;
      let done = false;
      const timer = timers.setInterval(() => {
        if (waiting) {
          const resolve = waiting;
          waiting = null;
          resolve({ value, done: false });
        } else ticksPending++;
      }, ms);
      if (options && options.ref === false) timer.unref();
      const iterator = {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          if (signal && signal.aborted) return Promise.reject(abortReason(signal));
          if (ticksPending > 0) {
            ticksPending--;
            return Promise.resolve({ value, done: false });
          }
          return new Promise((resolve) => { waiting = resolve; });
        },
        return() {
          done = true;
          timers.clearInterval(timer);
          if (waiting) { const resolve = waiting; waiting = null; resolve({ value: undefined, done: true }); }
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]() { return this; },
      };
      if (signal) signal.addEventListener('abort', () => { done = true; timers.clearInterval(timer); }, { once: true });
      return iterator;
    },
  };
  timersPromises.scheduler = { wait: (ms, options) => timersPromises.setTimeout(ms, undefined, options), yield: () => timersPromises.setImmediate() };
  defineHidden(timers.setTimeout, promisifyCustom, timersPromises.setTimeout);
  defineHidden(timers.setImmediate, promisifyCustom, timersPromises.setImmediate);

  // ── events helpers ────────────────────────────────────────────────────────
  function once(emitter, name, options) {
    return new Promise((resolve, reject) => {
      if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
        emitter.addEventListener(name, (event) => resolve([event]), { once: true });
        return;
      }
      const onError = (error) => { emitter.removeListener(name, onEvent); reject(error); };
      const onEvent = (...args) => { if (name !== 'error') emitter.removeListener('error', onError); resolve(args); };
      emitter.once(name, onEvent);
      if (name !== 'error') emitter.once('error', onError);
      const signal = options && options.signal;
      if (signal) signal.addEventListener('abort', () => { emitter.removeListener(name, onEvent); emitter.removeListener('error', onError); reject(abortReason(signal)); }, { once: true });
    });
  }
  function on(emitter, name, options) {
    const queue = [];
    const waiting = [];
    let error = null;
    let finished = false;
    const listener = (...args) => {
      if (waiting.length) waiting.shift().resolve({ value: args, done: false });
      else queue.push(args);
    };
    const errorListener = (err) => {
      finished = true;
      if (waiting.length) waiting.shift().reject(err);
      else error = err;
    };
    emitter.on(name, listener);
    if (name !== 'error') emitter.on('error', errorListener);
    const close = () => {
      finished = true;
      emitter.removeListener(name, listener);
      emitter.removeListener('error', errorListener);
      while (waiting.length) waiting.shift().resolve({ value: undefined, done: true });
    };
    const signal = options && options.signal;
    if (signal) signal.addEventListener('abort', () => { const err = abortReason(signal); close(); error = err; }, { once: true });
    return {
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (error) { const err = error; error = null; return Promise.reject(err); }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() { close(); return Promise.resolve({ value: undefined, done: true }); },
      throw(err) { close(); return Promise.reject(err); },
      [Symbol.asyncIterator]() { return this; },
    };
  }
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.default = EventEmitter;
  EventEmitter.setMaxListeners = () => {};
  EventEmitter.getEventListeners = (emitter, name) => emitter.listeners(name);

  // ── fs (I/O of assumed duration; *Sync calls block) ───────────────────────
  const FS_IO_MS = 2;
  const self = host.fileName();
  const contents = (path, options) => {
    const encoding = typeof options === 'string' ? options : options && options.encoding;
    const text = host.fileText(String(path));
    if (text === null) {
      // Neither the contents nor whether the file exists are known: an opaque value, never an invented error.
      host.note('approximate', `the contents of ${String(path)} are unknown to the simulator (an opaque value; whether the file exists is not known)`, site());
      return opaque(`contents of ${String(path).slice(-60)}`, null);
    }
    return encoding ? text : Buffer.from(text);
  };
  const statResult = () => ({ isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false, size: 0, mtimeMs: 0, mtime: new Date(0) });
  const FS_OPS = {
    readFile: (a) => contents(a[0], typeof a[1] === 'function' ? undefined : a[1]),
    writeFile: () => undefined, appendFile: () => undefined, unlink: () => undefined, rm: () => undefined,
    mkdir: () => undefined, rmdir: () => undefined, rename: () => undefined, copyFile: () => undefined,
    readdir: () => [], stat: statResult, lstat: statResult, access: () => undefined, truncate: () => undefined,
    chmod: () => undefined, utimes: () => undefined, realpath: (a) => String(a[0]), mkdtemp: (a) => `${String(a[0])}XXXXXX`,
  };
  const fsPromises = {};
  const fs = { promises: fsPromises, constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 } };
  for (const name of Object.keys(FS_OPS)) {
    const op = FS_OPS[name];
    fs[name] = (...args) => {
      const cb = args[args.length - 1];
      requireCallback(cb, 'cb');
      ioCallback(`fs.${name}()`, FS_IO_MS, () => {
        let value;
        try { value = op(args.slice(0, -1)); } catch (error) { cb(error); return; }
        cb(null, value);
      });
    };
    fs[`${name}Sync`] = (...args) => {
      host.block(`fs.${name}Sync()`, 1, site(), false);
      return op(args);
    };
    fsPromises[name] = (...args) => ioPromise(`fs.promises.${name}()`, FS_IO_MS, () => op(args));
  }
  fs.existsSync = (path) => {
    host.block('fs.existsSync()', 0, site(), false);
    return host.fileText(String(path)) !== null || String(path) === self;
  };
  fs.exists = (path, cb) => ioCallback('fs.exists()', FS_IO_MS, () => cb(host.fileText(String(path)) !== null));
  fs.createWriteStream = () => {
    const stream = new EventEmitter();
    stream.write = (chunk, cb) => { if (typeof cb === 'function') nextTick(cb); return true; };
    stream.end = (cb) => { ioCallback('write stream end', FS_IO_MS, () => { stream.emit('finish'); stream.emit('close'); if (typeof cb === 'function') cb(); }); };
    return stream;
  };

  // ── child_process (blocking and I/O, durations assumed) ───────────────────
  function commandDuration(command) {
    const match = /^\s*sleep\s+(\d+(?:\.\d+)?)\s*$/.exec(String(command).slice(0, 200));
    return match ? Number(match[1]) * 1000 + 5 : null;
  }
  const childProcess = {
    execSync(command) {
      const known = commandDuration(command);
      host.block(`execSync(${JSON.stringify(String(command)).slice(0, 80)})`, known === null ? latency : known, site(), known === null);
      return Buffer.from('');
    },
    execFileSync(file) {
      host.block(`execFileSync(${JSON.stringify(String(file)).slice(0, 80)})`, latency, site(), true);
      return Buffer.from('');
    },
    spawnSync(file) {
      host.block(`spawnSync(${JSON.stringify(String(file)).slice(0, 80)})`, latency, site(), true);
      return { status: 0, stdout: Buffer.from(''), stderr: Buffer.from('') };
    },
    exec(command, ...rest) {
      const cb = rest.find((r) => typeof r === 'function');
      const known = commandDuration(command);
      ioCallback(`exec(${JSON.stringify(String(command)).slice(0, 80)})`, known === null ? latency : known, () => { if (cb) cb(null, '', ''); }, known === null);
      const child = new EventEmitter();
      child.pid = 4300;
      return child;
    },
  };
  childProcess.exec[promisifyCustom] = (command) => new Promise((resolve, reject) => childProcess.exec(command, (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr }))));
  childProcess.execFile = (file, ...rest) => childProcess.exec(file, ...rest);

  // ── path (string functions computed by the host) ──────────────────────────
  const pathFn = (op) => (...args) => host.path(op, JSON.stringify(args.map((a) => (typeof a === 'string' ? a : String(a)))));
  const path = {};
  for (const op of ['join', 'resolve', 'basename', 'dirname', 'extname', 'normalize', 'relative', 'isAbsolute']) path[op] = pathFn(op);
  path.isAbsolute = (p) => String(p).startsWith('/');
  path.sep = '/';
  path.delimiter = ':';
  path.parse = (p) => JSON.parse(host.path('parse', JSON.stringify([String(p)])));
  path.format = (o) => `${o.dir ? `${o.dir}/` : o.root || ''}${o.base || `${o.name || ''}${o.ext || ''}`}`;
  path.posix = path;

  // ── Buffer (a small Uint8Array subclass) and text codecs ──────────────────
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text = '') {
      const s = String(text);
      const out = [];
      for (const ch of s) {
        let c = ch.codePointAt(0);
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(out);
    }
  }
  class TextDecoder {
    get encoding() { return 'utf-8'; }
    decode(bytes) {
      if (!bytes) return '';
      const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer || bytes);
      let out = '';
      for (let i = 0; i < b.length;) {
        const c = b[i];
        let cp;
        let n;
        if (c < 0x80) { cp = c; n = 1; } else if ((c & 0xe0) === 0xc0) { cp = c & 31; n = 2; } else if ((c & 0xf0) === 0xe0) { cp = c & 15; n = 3; } else { cp = c & 7; n = 4; }
        for (let k = 1; k < n; k++) cp = (cp << 6) | ((b[i + k] || 0) & 63);
        out += String.fromCodePoint(cp > 0x10ffff ? 0xfffd : cp);
        i += n;
      }
      return out;
    }
  }
  class Buffer extends Uint8Array {
    static from(value, encoding) {
      if (typeof value === 'string') {
        if (encoding === 'hex') return new Buffer((value.match(/../g) || []).map((h) => parseInt(h, 16)));
        if (encoding === 'base64') { const bin = global.atob ? global.atob(value) : ''; return new Buffer(Array.from(bin, (c) => c.charCodeAt(0))); }
        return new Buffer(new TextEncoder().encode(value));
      }
      if (Array.isArray(value) || value instanceof Uint8Array) return new Buffer(value);
      if (value instanceof ArrayBuffer) return new Buffer(new Uint8Array(value));
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }
    static alloc(size, fill) { const b = new Buffer(size); if (fill !== undefined) b.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill); return b; }
    static allocUnsafe(size) { return new Buffer(size); }
    static allocUnsafeSlow(size) { return new Buffer(size); }
    static isBuffer(value) { return value instanceof Buffer; }
    static byteLength(value) { return typeof value === 'string' ? new TextEncoder().encode(value).length : value.length; }
    static concat(list) { const total = list.reduce((n, b) => n + b.length, 0); const out = new Buffer(total); let at = 0; for (const b of list) { out.set(b, at); at += b.length; } return out; }
    toString(encoding) {
      if (encoding === 'hex') return Array.from(this, (b) => b.toString(16).padStart(2, '0')).join('');
      if (encoding === 'base64' && global.btoa) return global.btoa(String.fromCharCode(...this));
      return new TextDecoder().decode(this);
    }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { return this.length === other.length && this.every((b, i) => b === other[i]); }
  }

  // ── global fetch: unmodelled I/O ──────────────────────────────────────────
  function fetch(url) {
    host.assumed('global fetch', site());
    return ioPromise(`fetch(${JSON.stringify(String(url)).slice(0, 80)}) (assumed I/O)`, latency, () => {
      const response = opaque('fetch() response', null);
      response.ok = true;
      response.status = 200;
      response.statusText = 'OK';
      response.url = String(url);
      response.json = () => ioPromise('response.json()', 0, () => opaque('response.json() result', null));
      response.text = () => ioPromise('response.text()', 0, () => '');
      return response;
    }, true);
  }

  // ── the module table and require ──────────────────────────────────────────
  const timersModule = { ...timers, promises: timersPromises };
  delete timersModule.Timeout;
  delete timersModule.Immediate;
  const builtins = {
    events: () => EventEmitter,
    timers: () => timersModule,
    'timers/promises': () => timersPromises,
    util: () => util,
    fs: () => fs,
    'fs/promises': () => fsPromises,
    path: () => path,
    'path/posix': () => path,
    stream: () => I.stream,
    'stream/promises': () => I.streamPromises,
    perf_hooks: () => ({ performance: global.performance }),
    child_process: () => childProcess,
    process: () => global.process,
    buffer: () => ({ Buffer }),
    assert: () => {
      const assert = (value, message) => { if (!value) throw Object.assign(new Error(message || 'Assertion failed'), { name: 'AssertionError', code: 'ERR_ASSERTION' }); };
      assert.ok = assert;
      assert.equal = (a, b, message) => assert(a == b, message || `${String(a)} == ${String(b)}`);
      assert.strictEqual = (a, b, message) => assert(Object.is(a, b), message || `Expected values to be strictly equal:\n\n${String(a)} !== ${String(b)}\n`);
      assert.deepStrictEqual = (a, b, message) => assert(isDeepStrictEqual(a, b), message || 'Expected values to be strictly deep-equal');
      assert.notStrictEqual = (a, b, message) => assert(!Object.is(a, b), message);
      assert.rejects = async (promise) => { try { await (typeof promise === 'function' ? promise() : promise); } catch (e) { return; } throw new Error('Missing expected rejection.'); };
      assert.throws = (fn) => { try { fn(); } catch (e) { return; } throw new Error('Missing expected exception.'); };
      assert.strict = assert;
      return assert;
    },
    os: () => ({ EOL: '\n', platform: () => 'linux', cpus: () => [{}, {}], hostname: () => 'localhost', tmpdir: () => '/tmp', homedir: () => '/home/user', type: () => 'Linux', arch: () => 'x64' }),
    crypto: () => ({ randomUUID: () => { host.note('nondeterministic', 'crypto.randomUUID() differs on every real run; the prediction uses a fixed value', site()); return '00000000-0000-4000-8000-000000000000'; } }),
  };
  const cache = new Map();
  const files = new Map();
  /** A workspace file, run once as a CommonJS module (its text came from the host's `files`). */
  function requireFile(file) {
    const known = files.get(file);
    if (known) return known.exports;
    const module = { id: file, filename: file, exports: {}, loaded: false, children: [], paths: [] };
    files.set(file, module);
    const wrapper = host.compileFile(file);
    Reflect.apply(wrapper, module.exports, [module.exports, requireFrom(file), module, file, path.dirname(file)]);
    module.loaded = true;
    return module.exports;
  }
  function builtin(name) {
    if (!cache.has(name)) cache.set(name, builtins[name]());
    return cache.get(name);
  }
  function requireFrom(fromFile) {
    function require(specifier) {
      const name = String(specifier);
      const bare = name.startsWith('node:') ? name.slice(5) : name;
      if (Object.prototype.hasOwnProperty.call(builtins, bare)) return builtin(bare);
      const resolved = host.resolve(fromFile, name);
      if (resolved.startsWith('file:')) return requireFile(resolved.slice(5));
      if (resolved === 'missing') {
        const err = new Error(`Cannot find module '${name}'\nRequire stack:\n- ${fromFile}`);
        err.code = 'MODULE_NOT_FOUND';
        throw err;
      }
      host.assumed(`module '${name}' (unmodelled)`, site());
      if (!cache.has(`opaque:${name}`)) cache.set(`opaque:${name}`, opaque(name, null));
      return cache.get(`opaque:${name}`);
    }
    require.resolve = (name) => String(name);
    require.cache = {};
    return require;
  }

  defineHidden(global, 'Buffer', Buffer);
  defineHidden(global, 'TextEncoder', TextEncoder);
  defineHidden(global, 'TextDecoder', TextDecoder);
  defineHidden(global, 'fetch', fetch);
  util.TextEncoder = TextEncoder;
  util.TextDecoder = TextDecoder;
  defineHidden(global, '__llRequireFrom', requireFrom);
  defineHidden(global, '__llBuiltinNames', () => JSON.stringify(Object.keys(builtins)));
  defineHidden(global, '__llBuiltinExports', (name) => JSON.stringify(Object.keys(builtin(name)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k))));
})(globalThis);
