/**
 * Prints sandbox values the way Node does. The sandbox sends a JSON
 * description of each value (plain data, built inside QuickJS); here it is
 * rebuilt from that data into fresh host objects that carry no program code
 * (no getters run, no proxies, no callables from the program) and handed to
 * Node's own `util.inspect` / `util.format` / `console.table`, so the text
 * matches real Node without ever touching a program object.
 */
import { Console } from 'node:console';
import { formatWithOptions, inspect, type InspectOptions } from 'node:util';
import { Writable } from 'node:stream';

type Description = string | number | boolean | null | DescribedObject;
interface DescribedObject {
  readonly t: string;
  readonly [key: string]: unknown;
}
type Entry = readonly [string | { s: string }, Description];

const NAME_PATTERN = /^[A-Za-z_$][\w$]{0,200}$/;

function named<T extends (...args: never[]) => unknown>(name: string, make: () => T): T {
  const value = make();
  Object.defineProperty(value, 'name', { value: name, configurable: true });
  return value;
}

function classNamed(name: string, base?: new () => object): new () => object {
  const safe = typeof name === 'string' ? name.slice(0, 200) : '';
  const made = base ? class extends base {} : class {};
  Object.defineProperty(made, 'name', { value: safe, configurable: true });
  return made;
}

class Rebuilder {
  private readonly byId = new Map<number, unknown>();
  private readonly classes = new Map<string, new () => object>();

  value(d: Description): unknown {
    if (d === null || typeof d !== 'object') return d;
    switch (d.t) {
      case 'undefined': return undefined;
      case 'number': return d.v === '-0' ? -0 : Number(d.v);
      case 'bigint': return safeBigInt(String(d.v));
      case 'symbol': return d.d ? Symbol(String(d.v)) : Symbol();
      case 'ref': return this.byId.get(Number(d.id));
      case 'more': return '...';
      case 'opaque': return this.opaque(String(d.label));
      case 'custom': return { [inspect.custom]: () => String(d.text) };
      case 'function': return this.fn(d);
      case 'array': return this.array(d);
      case 'error': return this.error(d);
      case 'map': return this.keep(d, this.props(new (this.subclass(d.cls, Map))(), d.props), (m: Map<unknown, unknown>) => {
        for (const [k, v] of (d.entries as Description[][])) m.set(this.value(k!), this.value(v!));
      });
      case 'set': return this.keep(d, this.props(new (this.subclass(d.cls, Set))(), d.props), (s: Set<unknown>) => {
        for (const v of d.items as Description[]) s.add(this.value(v));
      });
      case 'promise': return this.promise(d);
      case 'date': return this.keep(d, d.v === null ? new Date(NaN) : new Date(String(d.v)));
      case 'regexp': return this.keep(d, regexpOf(String(d.v)));
      case 'typed': return this.keep(d, typedOf(d));
      case 'weak': return this.keep(d, d.cls === 'WeakSet' ? new WeakSet() : new WeakMap());
      case 'generator': return this.keep(d, (function* generator() { /* placeholder */ })());
      case 'boxed': return this.keep(d, Object(this.value(d.v as Description)));
      case 'holes': return undefined;
      case 'object': return this.object(d);
      default: return undefined;
    }
  }

  private keep<T>(d: DescribedObject, value: T, fill?: (value: T) => void): T {
    if (typeof d.id === 'number') this.byId.set(d.id, value);
    fill?.(value);
    return value;
  }

  private opaque(label: string): object {
    return { [inspect.custom]: () => `[opaque ${label}]` };
  }

  private subclass<T extends new () => object>(cls: unknown, base: T): T {
    const name = typeof cls === 'string' ? cls : '';
    if (!name || name === base.name) return base;
    const key = `${base.name}:${name}`;
    let made = this.classes.get(key);
    if (!made) {
      made = classNamed(name, base);
      this.classes.set(key, made);
    }
    return made as T;
  }

  private props<T extends object>(target: T, entries: unknown): T {
    for (const [key, value] of (entries as Entry[] | undefined) ?? []) {
      const property = typeof key === 'object' ? Symbol(key.s) : String(key);
      if (value !== null && typeof value === 'object' && value.t === 'accessor') {
        const noop = (): undefined => undefined;
        Object.defineProperty(target, property, { get: value.get ? noop : undefined, set: value.set ? noop : undefined, enumerable: true, configurable: true });
      } else {
        Object.defineProperty(target, property, { value: undefined, writable: true, enumerable: true, configurable: true });
        (target as Record<PropertyKey, unknown>)[property] = this.value(value);
      }
    }
    return target;
  }

  private fn(d: DescribedObject): unknown {
    const name = typeof d.name === 'string' ? d.name.slice(0, 200) : '';
    let value: object;
    switch (d.kind) {
      case 'class': {
        const base = typeof d.base === 'string' && d.base ? classNamed(d.base) : undefined;
        value = classNamed(name, base);
        break;
      }
      case 'async': value = named(name, () => async function () { /* placeholder */ }); break;
      case 'generator': value = named(name, () => function* () { /* placeholder */ }); break;
      case 'asyncgenerator': value = named(name, () => async function* () { /* placeholder */ }); break;
      default: value = named(name, () => function () { /* placeholder */ });
    }
    return this.keep(d, this.props(value, d.props));
  }

  private array(d: DescribedObject): unknown[] {
    const Base = this.subclass(d.cls, Array as unknown as new () => object) as unknown as ArrayConstructor;
    const result: unknown[] = new Base();
    this.keep(d, result);
    const length = Math.min(Number(d.length) || 0, 1_000_000);
    let index = 0;
    for (const item of d.items as Description[]) {
      if (item !== null && typeof item === 'object' && item.t === 'holes') {
        index += Number(item.n) || 0;
        continue;
      }
      result[index++] = this.value(item);
    }
    if (length > index) {
      if (index >= 100) for (let i = index; i < length && i < index + 1; i++) result[i] = undefined;
      result.length = length;
    }
    return this.props(result, d.props);
  }

  private error(d: DescribedObject): Error {
    const name = String(d.name);
    const Base = this.subclass(d.cls, Error as unknown as new () => object) as unknown as ErrorConstructor;
    const error = new Base(String(d.message));
    this.keep(d, error);
    if (name !== error.name) Object.defineProperty(error, 'name', { value: name, writable: true, configurable: true, enumerable: false });
    const frames = String(d.stack).split('\n').filter((line) => /^\s+at /.test(line) && !line.includes('looplens:'));
    error.stack = [`${name}${d.message === '' ? '' : `: ${String(d.message)}`}`, ...frames].join('\n');
    return this.props(error, d.props);
  }

  /** Shown as Node shows a promise; not a host Promise (async hooks would add their own symbols). */
  private promise(d: DescribedObject): object {
    const state = d.state;
    const holder: { value?: unknown } = {};
    const shown = {
      [inspect.custom]: (_depth: number, options: InspectOptions, show: typeof inspect): string => {
        if (state === 'pending') return 'Promise { <pending> }';
        const inner = show(holder.value, options);
        const text = state === 'rejected' ? `<rejected> ${inner}` : inner;
        return text.includes('\n') || text.length > 60 ? `Promise {\n  ${text.split('\n').join('\n  ')}\n}` : `Promise { ${text} }`;
      },
    };
    this.keep(d, shown);
    if (state !== 'pending') holder.value = this.value(d.value as Description);
    return shown;
  }

  private object(d: DescribedObject): object {
    let target: object;
    if (d.cls === null) target = Object.create(null) as object;
    else if (d.cls === '' || d.cls === 'Object') target = {};
    else target = new (this.subclass(d.cls, Object as unknown as new () => object))();
    if (typeof d.tag === 'string' && NAME_PATTERN.test(d.tag)) Object.defineProperty(target, Symbol.toStringTag, { value: d.tag, enumerable: false });
    this.keep(d, target);
    return this.props(target, d.props);
  }
}

function safeBigInt(text: string): bigint | string {
  try {
    return BigInt(text);
  } catch {
    return text;
  }
}

function regexpOf(text: string): RegExp | string {
  const cut = text.lastIndexOf('/');
  try {
    return new RegExp(text.slice(1, cut), text.slice(cut + 1));
  } catch {
    return text;
  }
}

const TYPED: Record<string, new (items: number[]) => object> = {
  Uint8Array, Int8Array, Uint8ClampedArray, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
};

function typedOf(d: DescribedObject): object {
  const items = (d.items as Description[]).map((v) => (typeof v === 'number' ? v : 0));
  if (d.buffer) return Buffer.from(items);
  const Kind = TYPED[String(d.cls)] ?? Uint8Array;
  return new Kind(items);
}

/** Rebuilds a list of described values. */
export function rebuild(json: string): unknown[] {
  const parsed = JSON.parse(json) as Description[];
  const builder = new Rebuilder();
  return parsed.map((d) => builder.value(d));
}

/** QuickJS's wording of common engine errors, in V8's (what Node prints). */
const ENGINE_MESSAGES: readonly [RegExp, string][] = [
  [/cannot read property '([^'\n]{0,200})' of (null|undefined)/g, "Cannot read properties of $2 (reading '$1')"],
  [/cannot set property '([^'\n]{0,200})' of (null|undefined)/g, "Cannot set properties of $2 (setting '$1')"],
  [/'([A-Za-z_$][\w$]{0,100})' is read-only/g, 'Assignment to constant variable.'],
  [/class constructors must be invoked with 'new'/g, "Class constructor cannot be invoked without 'new'"],
  [/\bRangeError: invalid array length/g, 'RangeError: Invalid array length'],
];

export function v8Wording(text: string): string {
  if (!text.includes("'") && !text.includes('RangeError')) return text;
  let out = text;
  for (const [pattern, replacement] of ENGINE_MESSAGES) out = out.replace(pattern, replacement);
  return out;
}

/** `console.log(...args)` text. */
export function formatLog(json: string): string {
  return v8Wording(formatWithOptions({ colors: false }, ...rebuild(json)));
}

export function inspectValue(json: string, optionsJson: string): string {
  const [value] = rebuild(json);
  const options = JSON.parse(optionsJson) as InspectOptions;
  const clean: InspectOptions = { colors: false };
  if (typeof options.depth === 'number' || options.depth === null) clean.depth = options.depth === null ? Infinity : options.depth;
  if (typeof options.breakLength === 'number') clean.breakLength = options.breakLength;
  if (typeof options.compact === 'number' || typeof options.compact === 'boolean') clean.compact = options.compact;
  if (options.sorted === true) clean.sorted = true;
  return inspect(value, clean);
}

/** `console.table(data)` text, from Node's own Console. */
export function formatTable(json: string): string {
  let text = '';
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { text += chunk.toString(); done(); } });
  const console = new Console({ stdout: sink, stderr: sink, colorMode: false });
  const [data] = rebuild(json);
  console.table(data);
  return text.replace(/\n$/, '');
}

export function formatDir(json: string): string {
  const [value] = rebuild(json);
  return inspect(value, { colors: false });
}
