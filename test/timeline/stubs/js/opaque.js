/**
 * Stub packages for the unmodelled JS corpus: each package is a value that
 * follows Loop Lens's documented convention for unmodelled code, so the real
 * run is the ground truth the prediction must match. Calling an opaque value
 * returns at once another opaque value that is also awaitable and completes
 * after L = 100 ms counted from the call; reading an attribute gives an opaque
 * value (not awaitable); `new` gives an opaque value; an opaque async iterable
 * yields once, each step taking one loop iteration; written attributes are kept.
 */
'use strict';
const LATENCY_MS = 100;

function opaque(label, pending) {
  const store = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (store.has(key)) return store.get(key);
      if (key === 'then') return pending ? (onFulfilled, onRejected) => pending.then(onFulfilled, onRejected) : undefined;
      if (key === Symbol.toPrimitive) return (hint) => (hint === 'number' ? NaN : `[opaque ${label}]`);
      if (key === Symbol.asyncIterator) {
        return () => {
          let done = false;
          return {
            next: () => {
              const finished = done;
              done = true;
              return new Promise((resolve) => setImmediate(() => resolve(finished ? { value: undefined, done: true } : { value: opaque(`${label} item`, null), done: false })));
            },
            return: () => Promise.resolve({ value: undefined, done: true }),
          };
        };
      }
      if (typeof key === 'symbol') return undefined;
      if (key === 'toString' || key === 'toJSON') return () => `[opaque ${label}]`;
      if (key === 'prototype') return undefined;
      return opaque(`${label}.${key}`, null);
    },
    set(_t, key, value) {
      store.set(key, value);
      return true;
    },
    has(_t, key) {
      return store.has(key) || typeof key === 'string';
    },
    apply() {
      const call = `${label}()`;
      return opaque(call, new Promise((resolve) => setTimeout(() => resolve(opaque(`${call} result`, null)), LATENCY_MS)));
    },
    construct() {
      return opaque(`new ${label}`, null);
    },
  });
}

module.exports = (name) => opaque(name, null);
