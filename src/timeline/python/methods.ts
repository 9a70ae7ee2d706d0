/** Methods of the built-in types (str, list, dict, set, tuple, float) and their iteration. */
import { formatValue } from './format';
import type { Interpreter } from './interpreter';
import { ELEMENT_UNITS, chargeChars, chargeGrowth, chargeItems, chargeWork, collect } from './limits';
import { contains, lessThan, pyEquals } from './operations';
import {
  PyBuiltin, PyDeque, PyDict, PyFloat, PyIterator, PyList, PyRange, PySet, PyTuple, PyTypeErrorSignal, isNumber, num, typeName, type Value,
} from './values';

type Method = (args: Value[], kwargs: Map<string, Value>) => Value;

function arg(args: Value[], i: number, kwargs?: Map<string, Value>, name?: string): Value | undefined {
  if (i < args.length) return args[i];
  return name ? kwargs?.get(name) : undefined;
}

function keyError(key: Value): never {
  throw new PyTypeErrorSignal(typeof key === 'string' ? `'${key}'` : String(key), 'KeyError');
}

/** Sort with Python's stable sort and optional key/reverse. */
export function sortValues(interp: Interpreter, items: Value[], kwargs: Map<string, Value>): Value[] {
  const key = kwargs.get('key') ?? null;
  chargeWork(items.length * Math.ceil(Math.log2(items.length + 1)));
  const keyed = items.map((v) => ({ v, k: key === null ? v : interp.callSync(key, [v]) }));
  const reverse = interp.truthy(kwargs.get('reverse') ?? false);
  keyed.sort((a, b) => {
    const lt = lessThan(interp, a.k, b.k);
    const gt = lessThan(interp, b.k, a.k);
    const c = lt ? -1 : gt ? 1 : 0;
    return reverse ? -c : c;
  });
  return keyed.map((e) => e.v);
}

/** `str.format`. */
export function strFormat(interp: Interpreter, template: string, args: Value[], kwargs: Map<string, Value>): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}!:]*)(![rsa])?(?::([^{}]*))?\}/g, (all, name: string | undefined, conv?: string, spec?: string) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const [head, ...rest] = (name ?? '').split('.');
    let v: Value | undefined = head === '' ? args[auto++] : /^\d+$/.test(head!) ? args[Number(head)] : kwargs.get(head!);
    if (v === undefined) throw new PyTypeErrorSignal(`Replacement index ${head} out of range for positional args tuple`, 'IndexError');
    for (const attr of rest) v = interp.getAttr(v, attr, null);
    if (conv === '!r') v = interp.repr(v);
    else if (conv === '!s') v = interp.str(v);
    return formatValue(v, spec ?? '', (x) => interp.str(x));
  });
}

function strMethods(interp: Interpreter, s: string): Record<string, Method> {
  const strip = (chars: Value | undefined, left: boolean, right: boolean): string => {
    const set = typeof chars === 'string' ? chars : ' \t\n\r\x0b\x0c';
    let a = 0;
    let b = s.length;
    if (left) while (a < b && set.includes(s[a]!)) a++;
    if (right) while (b > a && set.includes(s[b - 1]!)) b--;
    return s.slice(a, b);
  };
  const split = (args: Value[], kwargs: Map<string, Value>): string[] => {
    const sep = arg(args, 0, kwargs, 'sep') ?? null;
    const max = num((arg(args, 1, kwargs, 'maxsplit') ?? -1) as number);
    if (sep === '') throw new PyTypeErrorSignal('empty separator', 'ValueError');
    if (s.length > 4096) chargeItems(occurrences(s, sep === null ? null : String(sep)) + 1);
    if (sep === null) {
      const parts = s.trim().split(/\s+/).filter((p) => p !== '');
      if (max >= 0 && parts.length > max + 1) return [...parts.slice(0, max), s.trim().split(/\s+/).slice(max).join(' ')];
      return parts;
    }
    const parts = s.split(String(sep));
    return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(String(sep))] : parts;
  };
  return {
    upper: () => s.toUpperCase(),
    lower: () => s.toLowerCase(),
    strip: (a) => strip(a[0], true, true),
    lstrip: (a) => strip(a[0], true, false),
    rstrip: (a) => strip(a[0], false, true),
    split: (a, k) => new PyList(split(a, k)),
    splitlines: () => (s.length > 4096 && chargeItems(occurrences(s, '\n') + 1), new PyList(s.split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== ''))),
    join: (a) => {
      const parts = collect(interp.iterate(a[0]!, null)).map((v, i) => {
        if (typeof v !== 'string') throw new PyTypeErrorSignal(`sequence item ${i}: expected str instance, ${typeName(v)} found`);
        return v;
      });
      chargeChars(parts.reduce((n, p) => n + p.length, 0) + s.length * Math.max(0, parts.length - 1));
      return parts.join(s);
    },
    replace: (a) => {
      const from = String(a[0]);
      const to = String(a[1]);
      const n = occurrences(s, from);
      chargeChars(s.length + n * (to.length - from.length));
      return a[2] !== undefined ? replaceN(s, from, to, num(a[2] as number)) : s.split(from).join(to);
    },
    startswith: (a) => (a[0] instanceof PyTuple ? a[0].items.some((p) => s.startsWith(String(p))) : s.startsWith(String(a[0]))),
    endswith: (a) => (a[0] instanceof PyTuple ? a[0].items.some((p) => s.endsWith(String(p))) : s.endsWith(String(a[0]))),
    find: (a) => s.indexOf(String(a[0])),
    rfind: (a) => s.lastIndexOf(String(a[0])),
    index: (a) => {
      const i = s.indexOf(String(a[0]));
      if (i < 0) throw new PyTypeErrorSignal('substring not found', 'ValueError');
      return i;
    },
    count: (a) => occurrences(s, String(a[0])),
    format: (a, k) => strFormat(interp, s, a, k),
    title: () => s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
    capitalize: () => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
    center: (a) => formatValue(s, `${typeof a[1] === 'string' ? a[1] : ' '}^${num(a[0] as number)}`, String),
    ljust: (a) => (chargeChars(num(a[0] as number)), s).padEnd(num(a[0] as number), typeof a[1] === 'string' ? a[1] : ' '),
    rjust: (a) => (chargeChars(num(a[0] as number)), s).padStart(num(a[0] as number), typeof a[1] === 'string' ? a[1] : ' '),
    zfill: (a) => (chargeChars(num(a[0] as number)), s.startsWith('-') ? `-${s.slice(1).padStart(num(a[0] as number) - 1, '0')}` : s.padStart(num(a[0] as number), '0')),
    isdigit: () => /^\d+$/.test(s),
    isnumeric: () => /^\d+$/.test(s),
    isalpha: () => /^[A-Za-z]+$/.test(s),
    isalnum: () => /^[A-Za-z0-9]+$/.test(s),
    isupper: () => s !== s.toLowerCase() && s === s.toUpperCase(),
    islower: () => s !== s.toUpperCase() && s === s.toLowerCase(),
    isspace: () => /^\s+$/.test(s),
    partition: (a) => {
      const i = s.indexOf(String(a[0]));
      return i < 0 ? new PyTuple([s, '', '']) : new PyTuple([s.slice(0, i), String(a[0]), s.slice(i + String(a[0]).length)]);
    },
    removeprefix: (a) => (s.startsWith(String(a[0])) ? s.slice(String(a[0]).length) : s),
    removesuffix: (a) => (String(a[0]) && s.endsWith(String(a[0])) ? s.slice(0, -String(a[0]).length) : s),
  };
}

/** How many times `sep` occurs in `s` (whitespace runs when `sep` is null), counting the work. */
function occurrences(s: string, sep: string | null): number {
  chargeWork(Math.ceil(s.length / 16));
  if (sep === null) return (s.match(/\s+/g) ?? []).length;
  if (sep === '') return s.length + 1;
  let n = 0;
  for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) n++;
  return n;
}

function replaceN(s: string, from: string, to: string, n: number): string {
  if (n < 0) return s.split(from).join(to);
  const parts = s.split(from);
  return parts.slice(0, n + 1).join(to) + (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : '');
}

function listMethods(interp: Interpreter, l: PyList): Record<string, Method> {
  const indexOf = (v: Value): number => l.items.findIndex((x) => pyEquals(interp, x, v));
  return {
    append: (a) => (chargeGrowth(l.items.length + 1, 1, ELEMENT_UNITS), l.items.push(a[0]!), null),
    extend: (a) => {
      const more = collect(interp.iterate(a[0]!, null));
      chargeGrowth(l.items.length + more.length, more.length, ELEMENT_UNITS);
      for (const v of more) l.items.push(v);
      return null;
    },
    insert: (a) => {
      let i = num(a[0] as number);
      if (i < 0) i = Math.max(0, l.items.length + i);
      l.items.splice(i, 0, a[1]!);
      return null;
    },
    pop: (a) => {
      if (l.items.length === 0) throw new PyTypeErrorSignal('pop from empty list', 'IndexError');
      let i = a[0] === undefined ? l.items.length - 1 : num(a[0] as number);
      if (i < 0) i += l.items.length;
      if (i < 0 || i >= l.items.length) throw new PyTypeErrorSignal('pop index out of range', 'IndexError');
      return l.items.splice(i, 1)[0]!;
    },
    remove: (a) => {
      const i = indexOf(a[0]!);
      if (i < 0) throw new PyTypeErrorSignal('list.remove(x): x not in list', 'ValueError');
      l.items.splice(i, 1);
      return null;
    },
    index: (a) => {
      const i = indexOf(a[0]!);
      if (i < 0) throw new PyTypeErrorSignal(`${interp.repr(a[0]!)} is not in list`, 'ValueError');
      return i;
    },
    count: (a) => l.items.filter((x) => pyEquals(interp, x, a[0]!)).length,
    sort: (_a, k) => ((l.items = sortValues(interp, l.items, k)), null),
    reverse: () => (l.items.reverse(), null),
    copy: () => new PyList(l.items.slice()),
    clear: () => ((l.items.length = 0), null),
  };
}

function dequeMethods(interp: Interpreter, d: PyDeque): Record<string, Method> {
  const trim = (fromLeft: boolean): void => {
    while (d.maxlen !== null && d.items.length > d.maxlen) {
      if (fromLeft) d.items.shift();
      else d.items.pop();
    }
  };
  const empty = (): never => {
    throw new PyTypeErrorSignal('pop from an empty deque', 'IndexError');
  };
  return {
    append: (a) => (d.items.push(a[0]!), trim(true), null),
    appendleft: (a) => (d.items.unshift(a[0]!), trim(false), null),
    extend: (a) => {
      const more = collect(interp.iterate(a[0]!, null));
      chargeGrowth(d.items.length + more.length, more.length, ELEMENT_UNITS);
      for (const v of more) d.items.push(v);
      trim(true);
      return null;
    },
    extendleft: (a) => (collect(interp.iterate(a[0]!, null)).forEach((v) => d.items.unshift(v)), trim(false), null),
    pop: () => (d.items.length ? d.items.pop()! : empty()),
    popleft: () => (d.items.length ? d.items.shift()! : empty()),
    rotate: (a) => {
      const n = a[0] === undefined ? 1 : num(a[0] as number);
      for (let i = 0; i < Math.abs(n) && d.items.length; i++) {
        if (n > 0) d.items.unshift(d.items.pop()!);
        else d.items.push(d.items.shift()!);
      }
      return null;
    },
  };
}

function dictMethods(interp: Interpreter, d: PyDict): Record<string, Method> {
  return {
    get: (a) => d.get(a[0]!) ?? a[1] ?? null,
    keys: () => new PyList(d.keys()),
    values: () => new PyList(d.values()),
    items: () => new PyList(d.entries().map(([k, v]) => new PyTuple([k, v]))),
    pop: (a) => {
      const v = d.get(a[0]!);
      if (v === undefined) {
        if (a.length > 1) return a[1]!;
        keyError(a[0]!);
      }
      d.delete(a[0]!);
      return v;
    },
    popitem: () => {
      const last = d.entries().pop();
      if (!last) throw new PyTypeErrorSignal("'popitem(): dictionary is empty'", 'KeyError');
      d.delete(last[0]);
      return new PyTuple(last);
    },
    setdefault: (a) => {
      const v = d.get(a[0]!);
      if (v !== undefined) return v;
      d.set(a[0]!, a[1] ?? null);
      return a[1] ?? null;
    },
    update: (a, k) => {
      const other = a[0];
      if (other instanceof PyDict) for (const [key, v] of other.entries()) d.set(key, v);
      else if (other !== undefined) for (const pair of interp.iterate(other, null)) {
        const [key, v] = collect(interp.iterate(pair, null));
        d.set(key!, v!);
      }
      for (const [key, v] of k) d.set(key, v);
      return null;
    },
    copy: () => {
      const c = new PyDict();
      for (const [k, v] of d.entries()) c.set(k, v);
      return c;
    },
    clear: () => (d.map.clear(), null),
  };
}

function setMethods(interp: Interpreter, s: PySet): Record<string, Method> {
  const others = (a: Value[]): Value[] => a.flatMap((o) => collect(interp.iterate(o, null)));
  return {
    add: (a) => (s.add(a[0]!), null),
    remove: (a) => {
      if (!s.delete(a[0]!)) keyError(a[0]!);
      return null;
    },
    discard: (a) => (s.delete(a[0]!), null),
    pop: () => {
      const first = s.items()[0];
      if (first === undefined) throw new PyTypeErrorSignal("'pop from an empty set'", 'KeyError');
      s.delete(first);
      return first;
    },
    update: (a) => (others(a).forEach((v) => s.add(v)), null),
    union: (a) => new PySet([...s.items(), ...others(a)]),
    intersection: (a) => {
      const o = new PySet(others(a));
      return new PySet(s.items().filter((v) => o.has(v)));
    },
    difference: (a) => {
      const o = new PySet(others(a));
      return new PySet(s.items().filter((v) => !o.has(v)));
    },
    issubset: (a) => s.items().every((v) => contains(interp, a[0]!, v)),
    copy: () => new PySet(s.items()),
    clear: () => (s.map.clear(), null),
  };
}

export function builtinMethod(interp: Interpreter, obj: Value, name: string): Value | undefined {
  let table: Record<string, Method> | null = null;
  if (typeof obj === 'string') table = strMethods(interp, obj);
  else if (obj instanceof PyDeque) table = { ...listMethods(interp, obj), ...dequeMethods(interp, obj) };
  else if (obj instanceof PyList) table = listMethods(interp, obj);
  else if (obj instanceof PyDict) table = dictMethods(interp, obj);
  else if (obj instanceof PySet) table = setMethods(interp, obj);
  else if (obj instanceof PyTuple) {
    table = {
      index: (a) => obj.items.findIndex((x) => pyEquals(interp, x, a[0]!)),
      count: (a) => obj.items.filter((x) => pyEquals(interp, x, a[0]!)).length,
    };
  } else if (isNumber(obj)) {
    table = {
      is_integer: () => Number.isInteger(num(obj)),
      bit_length: () => Math.abs(num(obj)).toString(2).replace(/^0$/, '').length,
      __round__: () => obj,
    };
    if (name === 'real') return obj;
    if (obj instanceof PyFloat && name === 'imag') return new PyFloat(0);
  }
  // Own entries only: the tables are plain objects, whose prototype members (constructor, toString…) are no Python methods.
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  return method ? new PyBuiltin(name, method) : undefined;
}

/** Iteration of the built-in containers not handled by the interpreter itself. */
export function iterOther(v: Value): Iterable<Value> | null {
  if (v instanceof PySet) return v.items();
  if (v instanceof PyRange) return v.iterate();
  if (v instanceof PyIterator) {
    const it = v.it;
    return { [Symbol.iterator]: () => it };
  }
  return null;
}
