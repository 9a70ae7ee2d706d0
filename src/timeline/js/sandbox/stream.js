/*
 * Loop Lens timeline sandbox — `stream` and `stream/promises`: Readable (push,
 * flowing 'data', pause/resume, pipe, async iteration, Readable.from), Writable
 * (write callbacks in order, end → 'finish'), Duplex, Transform, PassThrough,
 * pipeline and finished. Events are emitted on process.nextTick like Node; the
 * tick-level interleaving with other microtasks is approximate, the order of a
 * stream's own events and the virtual time are not. Runs INSIDE QuickJS.
 */
(function (global) {
  'use strict';
  const I = global.__llInternal;
  const { EventEmitter, nextTick } = I;

  const toError = (e) => (e instanceof Error ? e : new Error(String(e)));
  function prematureClose() {
    const err = new Error('Premature close');
    err.code = 'ERR_STREAM_PREMATURE_CLOSE';
    return err;
  }

  // ── Readable ──────────────────────────────────────────────────────────────
  class Readable extends EventEmitter {
    constructor(options) {
      super(options);
      const o = options || {};
      this._rs = { buffer: [], ended: false, endEmitted: false, flowing: null, reading: false, objectMode: !!(o.objectMode || o.readableObjectMode), encoding: o.encoding || null, scheduled: false, destroyed: false };
      if (typeof o.read === 'function') this._read = o.read;
      if (typeof o.destroy === 'function') this._destroy = o.destroy;
      this.readable = true;
      this.destroyed = false;
    }
    get readableEnded() { return this._rs.endEmitted; }
    get readableFlowing() { return this._rs.flowing; }
    get readableLength() { return this._rs.buffer.length; }
    get readableObjectMode() { return this._rs.objectMode; }
    _read() {}
    push(chunk) {
      const rs = this._rs;
      if (rs.destroyed) return false;
      if (chunk === null) {
        rs.ended = true;
        this._schedule();
        return false;
      }
      if (!rs.objectMode && typeof chunk === 'string' && !rs.encoding) chunk = global.Buffer.from(chunk);
      if (rs.encoding && typeof chunk !== 'string') chunk = String(chunk);
      rs.buffer.push(chunk);
      rs.reading = false;
      this._schedule();
      return rs.buffer.length < 16;
    }
    unshift(chunk) { this._rs.buffer.unshift(chunk); }
    setEncoding(encoding) { this._rs.encoding = encoding; return this; }
    read() {
      const rs = this._rs;
      if (rs.buffer.length === 0) { this._pull(); return null; }
      const chunk = rs.buffer.shift();
      this._pull();
      return chunk;
    }
    _pull() {
      const rs = this._rs;
      if (rs.ended || rs.reading || rs.destroyed || rs.buffer.length >= 16) return;
      rs.reading = true;
      try {
        const result = this._read(16);
        if (result && typeof result.then === 'function') result.then(undefined, (e) => this.destroy(e));
      } catch (e) {
        this.destroy(e);
      }
    }
    _schedule() {
      const rs = this._rs;
      if (rs.scheduled) return;
      rs.scheduled = true;
      nextTick(() => {
        rs.scheduled = false;
        this._flow();
      });
    }
    _flow() {
      const rs = this._rs;
      if (rs.destroyed) return;
      if (rs.flowing) {
        while (rs.flowing && rs.buffer.length > 0) this.emit('data', rs.buffer.shift());
      } else if (rs.buffer.length > 0 && this.listenerCount('readable') > 0) {
        this.emit('readable');
      }
      if (rs.ended && rs.buffer.length === 0 && !rs.endEmitted && (rs.flowing || this.listenerCount('readable') > 0 || rs.iterating)) {
        rs.endEmitted = true;
        this.readable = false;
        nextTick(() => {
          this.emit('end');
          if (this._autoClose !== false) this._close();
        });
        return;
      }
      if (rs.flowing || rs.iterating) this._pull();
    }
    _close() {
      if (this._closed) return;
      this._closed = true;
      nextTick(() => this.emit('close'));
    }
    on(type, listener) {
      const result = super.on(type, listener);
      if (type === 'data' && this._rs.flowing !== false) this.resume();
      if (type === 'readable') this._schedule();
      return result;
    }
    resume() {
      this._rs.flowing = true;
      this._schedule();
      this._pull();
      return this;
    }
    pause() {
      this._rs.flowing = false;
      return this;
    }
    isPaused() { return this._rs.flowing === false; }
    pipe(dest, options) {
      this.on('data', (chunk) => {
        if (dest.write(chunk) === false && typeof this.pause === 'function') {
          this.pause();
          dest.once('drain', () => this.resume());
        }
      });
      if (!options || options.end !== false) this.on('end', () => dest.end());
      dest.emit('pipe', this);
      return dest;
    }
    unpipe() { this.removeAllListeners('data'); return this; }
    destroy(error) {
      const rs = this._rs;
      if (rs.destroyed) return this;
      rs.destroyed = true;
      this.destroyed = true;
      const done = (err) => nextTick(() => {
        if (err) this.emit('error', toError(err));
        this.emit('close');
      });
      if (typeof this._destroy === 'function') this._destroy(error || null, done);
      else done(error);
      return this;
    }
    [Symbol.asyncIterator]() {
      const stream = this;
      const rs = this._rs;
      rs.iterating = true;
      let error = null;
      let finished = false;
      let wake = null;
      const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
      stream.on('readable', notify);
      stream.on('end', () => { finished = true; notify(); });
      stream.on('error', (e) => { error = e; notify(); });
      stream.on('close', () => { finished = true; notify(); });
      return {
        async next() {
          for (;;) {
            if (error) throw error;
            if (rs.buffer.length > 0) {
              const value = rs.buffer.shift();
              stream._pull();
              return { value, done: false };
            }
            if (finished || rs.endEmitted || rs.destroyed) return { value: undefined, done: true };
            if (rs.ended) stream._flow();
            else stream._pull();
            await new Promise((resolve) => { wake = resolve; });
          }
        },
        async return() {
          stream.destroy();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]() { return this; },
      };
    }
    static from(iterable, options) {
      const objectMode = !options || options.objectMode !== false;
      if (typeof iterable === 'string' || (iterable && typeof iterable === 'object' && global.Buffer && iterable instanceof global.Buffer)) {
        const one = new Readable({ objectMode, read() { this.push(iterable); this.push(null); } });
        return one;
      }
      const iterator = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
      let busy = false;
      const readable = new Readable({
        objectMode,
        read() {
          if (busy) return;
          busy = true;
          (async () => {
            try {
              for (;;) {
                const step = await iterator.next();
                if (step.done) { readable.push(null); break; }
                const value = await step.value;
                if (value === null) { readable.push(null); break; }
                if (!readable.push(value)) break;
              }
            } catch (e) {
              readable.destroy(e);
            } finally {
              busy = false;
            }
          })();
        },
      });
      return readable;
    }
  }

  // ── Writable ──────────────────────────────────────────────────────────────
  class Writable extends EventEmitter {
    constructor(options) {
      super(options);
      const o = options || {};
      this._ws = { queue: [], writing: false, ending: false, finished: false, objectMode: !!(o.objectMode || o.writableObjectMode), decodeStrings: o.decodeStrings !== false, destroyed: false, endCallbacks: [] };
      if (typeof o.write === 'function') this._write = o.write;
      if (typeof o.writev === 'function' && !o.write) this._write = (chunk, enc, cb) => o.writev.call(this, [{ chunk, encoding: enc }], cb);
      if (typeof o.final === 'function') this._final = o.final;
      if (typeof o.destroy === 'function') this._destroy = o.destroy;
      this.writable = true;
      this.destroyed = false;
    }
    get writableEnded() { return this._ws.ending; }
    get writableFinished() { return this._ws.finished; }
    get writableLength() { return this._ws.queue.length; }
    _write(chunk, encoding, callback) { callback(); }
    write(chunk, encoding, callback) {
      const ws = this._ws;
      if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
      if (ws.ending) {
        const err = new Error('write after end');
        err.code = 'ERR_STREAM_WRITE_AFTER_END';
        nextTick(() => { if (callback) callback(err); this.emit('error', err); });
        return false;
      }
      if (!ws.objectMode && typeof chunk === 'string' && ws.decodeStrings) chunk = global.Buffer.from(chunk);
      ws.queue.push({ chunk, encoding: encoding || (typeof chunk === 'string' ? 'utf8' : 'buffer'), callback });
      if (!ws.writing) this._next();
      return ws.queue.length < 16;
    }
    _next() {
      const ws = this._ws;
      if (ws.destroyed) return;
      const item = ws.queue.shift();
      if (!item) {
        ws.writing = false;
        if (this._needDrain) { this._needDrain = false; nextTick(() => this.emit('drain')); }
        if (ws.ending) this._finish();
        return;
      }
      ws.writing = true;
      let sync = true;
      const done = (err) => {
        const after = () => {
          if (item.callback) item.callback(err || null);
          if (err) { this.destroy(err); return; }
          this._next();
        };
        if (sync) nextTick(after);
        else after();
      };
      try {
        this._write(item.chunk, item.encoding, done);
      } catch (e) {
        done(e);
      }
      sync = false;
    }
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
      if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      const ws = this._ws;
      if (callback) ws.endCallbacks.push(callback);
      if (ws.ending) return this;
      ws.ending = true;
      if (!ws.writing) this._finish();
      return this;
    }
    _finish() {
      const ws = this._ws;
      if (ws.finishing) return;
      ws.finishing = true;
      const complete = (err) => {
        if (err) { this.destroy(err); return; }
        nextTick(() => {
          ws.finished = true;
          this.writable = false;
          this.emit('finish');
          for (const cb of ws.endCallbacks) cb();
          if (this._autoClose !== false) { this._closed = true; nextTick(() => this.emit('close')); }
        });
      };
      if (typeof this._final === 'function') this._final(complete);
      else complete();
    }
    cork() {}
    uncork() {}
    setDefaultEncoding() { return this; }
    destroy(error) {
      const ws = this._ws;
      if (ws.destroyed) return this;
      ws.destroyed = true;
      this.destroyed = true;
      const done = (err) => nextTick(() => {
        if (err) this.emit('error', toError(err));
        this.emit('close');
      });
      if (typeof this._destroy === 'function') this._destroy(error || null, done);
      else done(error);
      return this;
    }
  }

  // ── Duplex, Transform, PassThrough ────────────────────────────────────────
  class Duplex extends Readable {
    constructor(options) {
      super(options);
      const o = options || {};
      const w = new Writable(options);
      this._ws = w._ws;
      if (typeof o.write === 'function') this._write = o.write;
      if (typeof o.final === 'function') this._final = o.final;
      this.writable = true;
      this._autoClose = false;
    }
  }
  for (const name of ['write', '_next', 'end', '_finish', 'cork', 'uncork', 'setDefaultEncoding']) {
    Object.defineProperty(Duplex.prototype, name, { value: Writable.prototype[name], writable: true, configurable: true });
  }
  for (const name of ['writableEnded', 'writableFinished', 'writableLength']) {
    Object.defineProperty(Duplex.prototype, name, Object.getOwnPropertyDescriptor(Writable.prototype, name));
  }
  Duplex.prototype._write = Writable.prototype._write;

  class Transform extends Duplex {
    constructor(options) {
      super(options);
      const o = options || {};
      if (typeof o.transform === 'function') this._transform = o.transform;
      if (typeof o.flush === 'function') this._flush = o.flush;
    }
    _transform(chunk, encoding, callback) { callback(null, chunk); }
    _write(chunk, encoding, callback) {
      this._transform(chunk, encoding, (err, data) => {
        if (err) { callback(err); return; }
        if (data !== undefined && data !== null) this.push(data);
        callback();
      });
    }
    _final(callback) {
      const end = (err, data) => {
        if (err) { callback(err); return; }
        if (data !== undefined && data !== null) this.push(data);
        this.push(null);
        callback();
      };
      if (typeof this._flush === 'function') this._flush(end);
      else end();
    }
  }
  class PassThrough extends Transform {}

  // ── pipeline, finished ────────────────────────────────────────────────────
  function isStream(value) {
    return value instanceof EventEmitter && (typeof value.pipe === 'function' || typeof value.write === 'function');
  }
  function finished(stream, options, callback) {
    if (typeof options === 'function') callback = options;
    let done = false;
    const once = (err) => { if (!done) { done = true; callback(err || undefined); } };
    const readable = stream instanceof Readable;
    const writable = stream instanceof Writable || stream instanceof Duplex;
    if (readable && !(stream instanceof Duplex)) stream.on('end', () => once());
    else if (writable) stream.on('finish', () => once());
    stream.on('error', (e) => once(e));
    stream.on('close', () => nextTick(() => once(stream._rs && !stream._rs.endEmitted && !(stream._ws && stream._ws.finished) ? prematureClose() : undefined)));
    return () => {};
  }
  async function* fromStream(stream) {
    yield* stream;
  }
  async function writeAll(source, dest) {
    for await (const chunk of source) {
      await new Promise((resolve, reject) => {
        const ok = dest.write(chunk, (err) => (err ? reject(err) : undefined));
        if (ok) resolve(); else dest.once('drain', resolve);
      });
    }
    await new Promise((resolve, reject) => {
      dest.once('error', reject);
      dest.end(() => resolve());
    });
  }
  function pipelinePromise(...stages) {
    if (stages.length > 0 && stages[stages.length - 1] && typeof stages[stages.length - 1] === 'object' && !isStream(stages[stages.length - 1]) && !stages[stages.length - 1][Symbol.asyncIterator] && !stages[stages.length - 1][Symbol.iterator]) stages.pop();
    if (stages.length === 1 && Array.isArray(stages[0])) stages = stages[0];
    return (async () => {
      let current = stages[0];
      if (typeof current === 'function') current = current();
      for (let i = 1; i < stages.length; i++) {
        const stage = stages[i];
        const last = i === stages.length - 1;
        if (typeof stage === 'function') {
          const result = stage(current);
          if (last) return await result;
          current = result;
        } else if (isStream(stage)) {
          const writing = writeAll(current, stage);
          if (last) { await writing; return undefined; }
          writing.catch((e) => stage.destroy(e));
          current = fromStream(stage);
        }
      }
      if (isStream(current)) {
        await new Promise((resolve, reject) => finished(current, (err) => (err ? reject(err) : resolve())));
        return undefined;
      }
      for await (const chunk of current) void chunk;
      return undefined;
    })();
  }
  function pipeline(...args) {
    const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const last = args[args.length - 1];
    pipelinePromise(...args).then((value) => callback && callback(undefined, value), (err) => callback && callback(err));
    return last;
  }

  const promises = { pipeline: pipelinePromise, finished: (stream, options) => new Promise((resolve, reject) => finished(stream, options, (err) => (err ? reject(err) : resolve()))) };
  function Stream() { EventEmitter.call(this); }
  Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
  Object.assign(Stream, { Readable, Writable, Duplex, Transform, PassThrough, Stream, pipeline, finished, promises });
  I.stream = Stream;
  I.streamPromises = promises;
})(globalThis);
