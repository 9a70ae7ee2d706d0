/** Pure standard-library modules: json, heapq, itertools (the parts application code uses). */
import { floatRepr } from './format';
import type { Interpreter } from './interpreter';
import { chargeChars, collect } from './limits';
import { lessThan } from './operations';
import { PyBuiltin, PyDict, PyFloat, PyIterator, PyList, PyModule, PyTuple, PyTypeErrorSignal, isNumber, num, typeName, type NativeFn, type Value } from './values';

function def(mod: PyModule, name: string, fn: NativeFn): void {
  mod.attrs.set(name, new PyBuiltin(name, fn));
}

/** `json.dumps` with Python's default separators, `indent` and `sort_keys`. */
function dumps(interp: Interpreter, v: Value, indent: number | null, sortKeys: boolean, depth: number): string {
  if (depth > 200) throw new PyTypeErrorSignal('maximum recursion depth exceeded while encoding a JSON object', 'RecursionError');
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return Number.isFinite(v.v) ? floatRepr(v.v) : Number.isNaN(v.v) ? 'NaN' : v.v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string') return jsonString(v);
  const pad = indent === null ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const end = indent === null ? '' : `\n${' '.repeat(indent * depth)}`;
  const comma = indent === null ? ', ' : ',';
  if (v instanceof PyList || v instanceof PyTuple) {
    if (v.items.length === 0) return '[]';
    return `[${v.items.map((x) => pad + dumps(interp, x, indent, sortKeys, depth + 1)).join(comma)}${end}]`;
  }
  if (v instanceof PyDict) {
    let entries = v.entries().map(([k, x]) => {
      const key = typeof k === 'string' ? k : k === null ? 'null' : typeof k === 'boolean' ? String(k) : isNumber(k) ? interp.str(k) : null;
      if (key === null) throw new PyTypeErrorSignal(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
      return [key, x] as const;
    });
    if (entries.length === 0) return '{}';
    if (sortKeys) entries = entries.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `{${entries.map(([k, x]) => `${pad}${jsonString(k)}: ${dumps(interp, x, indent, sortKeys, depth + 1)}`).join(comma)}${end}}`;
  }
  throw new PyTypeErrorSignal(`Object of type ${typeName(v)} is not JSON serializable`);
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c > 0x7e) {
      if (c > 0xffff) {
        const hi = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const lo = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
      } else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function fromJson(x: unknown): Value {
  if (x === null) return null;
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return x;
  if (Array.isArray(x)) return new PyList(x.map(fromJson));
  const d = new PyDict();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) d.set(k, fromJson(v));
  return d;
}

export function installStdlib(interp: Interpreter): void {
  const json = new PyModule('json');
  def(json, 'dumps', (a, k) => {
    const indent = k.get('indent');
    const text = dumps(interp, a[0] ?? null, indent === undefined || indent === null ? null : num(indent as number), interp.truthy(k.get('sort_keys') ?? false), 0);
    chargeChars(text.length);
    return text;
  });
  def(json, 'loads', (a) => {
    const text = String(a[0]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text, (_key, value: unknown) => value);
    } catch (e) {
      throw new PyTypeErrorSignal(`Expecting value: line 1 column 1 (char 0)`, 'ValueError');
    }
    // Floats stay floats: JSON.parse loses the distinction, so numbers with a dot or exponent are re-read.
    return fixFloats(fromJson(parsed), text);
  });
  json.attrs.set('JSONDecodeError', interp.raiser.cls('ValueError'));
  interp.modules.set('json', json);

  const heapq = new PyModule('heapq');
  const less = (x: Value, y: Value): boolean => lessThan(interp, x, y);
  const siftDown = (h: Value[], start: number, pos: number): void => {
    const item = h[pos]!;
    while (pos > start) {
      const parent = (pos - 1) >> 1;
      if (!less(item, h[parent]!)) break;
      h[pos] = h[parent]!;
      pos = parent;
    }
    h[pos] = item;
  };
  const siftUp = (h: Value[], pos: number): void => {
    const end = h.length;
    const start = pos;
    const item = h[pos]!;
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !less(h[child]!, h[right]!)) child = right;
      h[pos] = h[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    h[pos] = item;
    siftDown(h, start, pos);
  };
  const heap = (v: Value | undefined): Value[] => {
    if (!(v instanceof PyList)) throw new PyTypeErrorSignal('heap argument must be a list');
    return v.items;
  };
  def(heapq, 'heappush', (a) => {
    const h = heap(a[0]);
    h.push(a[1]!);
    siftDown(h, 0, h.length - 1);
    return null;
  });
  def(heapq, 'heappop', (a) => {
    const h = heap(a[0]);
    if (h.length === 0) throw new PyTypeErrorSignal('index out of range', 'IndexError');
    const last = h.pop()!;
    if (h.length === 0) return last;
    const top = h[0]!;
    h[0] = last;
    siftUp(h, 0);
    return top;
  });
  def(heapq, 'heapify', (a) => {
    const h = heap(a[0]);
    for (let i = (h.length >> 1) - 1; i >= 0; i--) siftUp(h, i);
    return null;
  });
  interp.modules.set('heapq', heapq);

  const itertools = new PyModule('itertools');
  def(itertools, 'count', (a, k) => {
    const start = a[0] ?? k.get('start') ?? 0;
    const step = a[1] ?? k.get('step') ?? 1;
    return new PyIterator((function* () {
      for (let i = num(start as number); ; i += num(step as number)) yield i;
    })(), 'count');
  });
  def(itertools, 'chain', (a) => new PyIterator((function* () {
    for (const it of a) yield* interp.iterate(it, null);
  })(), 'chain'));
  def(itertools, 'islice', (a) => {
    const it = interp.iterate(a[0]!, null)[Symbol.iterator]();
    const [start, stop, step] = a.length <= 2 ? [0, a[1], 1] : [a[1] ?? 0, a[2], a[3] ?? 1];
    return new PyIterator((function* () {
      for (let i = 0; stop === null || i < num(stop as number); i++) {
        const r = it.next();
        if (r.done) return;
        if (i >= num(start as number) && (i - num(start as number)) % num(step as number) === 0) yield r.value;
      }
    })(), 'islice');
  });
  def(itertools, 'cycle', (a) => {
    const items = collect(interp.iterate(a[0]!, null));
    return new PyIterator((function* () {
      while (items.length > 0) yield* items;
    })(), 'cycle');
  });
  def(itertools, 'repeat', (a, k) => {
    const times = a[1] ?? k.get('times') ?? null;
    return new PyIterator((function* () {
      for (let i = 0; times === null || i < num(times as number); i++) yield a[0]!;
    })(), 'repeat');
  });
  interp.modules.set('itertools', itertools);
}

/** Puts back the floats of a JSON text (JSON.parse reads 1.0 as the integer 1). */
function fixFloats(v: Value, text: string): Value {
  if (!/[.eE]/.test(text)) return v;
  const floats: boolean[] = [];
  text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(\.\d+)?([eE][+-]?\d+)?/g, (m, frac?: string, exp?: string) => {
    if (!m.startsWith('"')) floats.push(Boolean(frac || exp));
    return m;
  });
  let i = 0;
  const walk = (x: Value): Value => {
    if (typeof x === 'number') return floats[i++] ? new PyFloat(x) : x;
    if (x instanceof PyList) {
      x.items = x.items.map(walk);
      return x;
    }
    if (x instanceof PyDict) {
      for (const [k, val] of x.entries()) x.set(k, walk(val));
      return x;
    }
    return x;
  };
  return walk(v);
}
