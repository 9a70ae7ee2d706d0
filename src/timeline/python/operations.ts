/**
 * Python operators on runtime values: arithmetic with int/float rules,
 * comparisons, equality, truthiness, `str()` and `repr()`.
 */
import { floatRepr, percentFormat, strRepr } from './format';
import { ELEMENT_UNITS, chargeChars, chargeGrowth, chargeWork } from './limits';
import {
  NativeObject, PyBoundMethod, PyBuiltin, PyClass, PyCoroutine, PyDefaultDict, PyDeque, PyDict, PyFloat, PyFunction, PyInstance, PyIterator, PyList, PyModule, PyObject, PyRange, PySet,
  PyTuple, PyTypeErrorSignal, isInt, isNumber, num, typeName, type Value,
} from './values';

/** How operations reach user-defined dunder methods (`__str__`, `__eq__`, `__add__`…). */
export interface DunderHost {
  /** Calls `obj.<name>(...args)` when the class defines it; undefined otherwise. */
  dunder(obj: PyInstance, name: string, args: Value[]): Value | undefined;
  exceptionBase: PyClass;
  /** A set whose order changes between runs was printed or iterated. */
  noteUnorderedSet(): void;
  /** An int outgrew what a double holds exactly. */
  noteBigInt(): void;
}

function floatOrInt(a: Value, b: Value, result: number, host?: DunderHost): Value {
  if (a instanceof PyFloat || b instanceof PyFloat) return new PyFloat(result);
  if (host && !Number.isSafeInteger(result) && Number.isFinite(result)) host.noteBigInt();
  return result;
}

function floorMod(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && (m < 0) !== (b < 0) ? m + b : m;
}

function zeroDivision(message: string): never {
  throw new PyTypeErrorSignal(message, 'ZeroDivisionError');
}

function unsupported(op: string, a: Value, b: Value): never {
  throw new PyTypeErrorSignal(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(seq: Value, n: number): Value {
  const times = Math.max(0, n);
  if (typeof seq === 'string') {
    chargeGrowth(seq.length * times, seq.length * times);
    return seq.repeat(times);
  }
  if (seq instanceof PyList || seq instanceof PyTuple) chargeGrowth(seq.items.length * times, 0, ELEMENT_UNITS);
  if (seq instanceof PyList) return new PyList(Array.from({ length: times }, () => seq.items).flat());
  if (seq instanceof PyTuple) return new PyTuple(Array.from({ length: times }, () => seq.items).flat());
  return unsupported('*', seq, n);
}

const DUNDER: Record<string, [string, string]> = {
  '+': ['__add__', '__radd__'], '-': ['__sub__', '__rsub__'], '*': ['__mul__', '__rmul__'], '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'], '%': ['__mod__', '__rmod__'], '**': ['__pow__', '__rpow__'], '@': ['__matmul__', '__rmatmul__'],
  '&': ['__and__', '__rand__'], '|': ['__or__', '__ror__'], '^': ['__xor__', '__rxor__'], '<<': ['__lshift__', '__rlshift__'], '>>': ['__rshift__', '__rrshift__'],
};

export function binaryOp(host: DunderHost, op: string, a: Value, b: Value): Value {
  if (a instanceof PyInstance || b instanceof PyInstance) {
    const [name, rname] = DUNDER[op] ?? ['', ''];
    if (a instanceof PyInstance) {
      const r = host.dunder(a, name, [b]);
      if (r !== undefined) return r;
    }
    if (b instanceof PyInstance) {
      const r = host.dunder(b, rname, [a]);
      if (r !== undefined) return r;
    }
    return unsupported(op, a, b);
  }
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    switch (op) {
      case '+': return floatOrInt(a, b, x + y, host);
      case '-': return floatOrInt(a, b, x - y, host);
      case '*': return floatOrInt(a, b, x * y, host);
      case '/':
        if (y === 0) zeroDivision('division by zero');
        return new PyFloat(x / y);
      case '//':
        if (y === 0) zeroDivision('integer division or modulo by zero');
        return floatOrInt(a, b, Math.floor(x / y));
      case '%':
        if (y === 0) zeroDivision('integer modulo by zero');
        return floatOrInt(a, b, floorMod(x, y));
      case '**':
        if (isInt(a) && isInt(b) && y < 0) return new PyFloat(x ** y);
        return floatOrInt(a, b, x ** y, host);
    }
    if (isInt(a) && isInt(b)) {
      switch (op) {
        case '&': return typeof a === 'boolean' && typeof b === 'boolean' ? a && b : x & y;
        case '|': return typeof a === 'boolean' && typeof b === 'boolean' ? a || b : x | y;
        case '^': return typeof a === 'boolean' && typeof b === 'boolean' ? a !== b : x ^ y;
        case '<<': return x * 2 ** y;
        case '>>': return Math.floor(x / 2 ** y);
      }
    }
    return unsupported(op, a, b);
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      chargeGrowth(a.length + b.length, b.length);
      return a + b;
    }
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  }
  if (op === '*') {
    if (isInt(b) && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) return repeat(a, num(b));
    if (isInt(a) && (typeof b === 'string' || b instanceof PyList || b instanceof PyTuple)) return repeat(b, num(a));
  }
  if (op === '%' && typeof a === 'string') {
    const args = b instanceof PyTuple ? b.items : [b];
    return percentFormat(a, args, (v) => pyStr(host, v), (v) => pyRepr(host, v));
  }
  if (a instanceof PyDict && b instanceof PyDict && op === '|') {
    const out = new PyDict();
    for (const [k, v] of [...a.entries(), ...b.entries()]) out.set(k, v);
    return out;
  }
  if (a instanceof PySet && b instanceof PySet) {
    switch (op) {
      case '|': return new PySet([...a.items(), ...b.items()]);
      case '&': return new PySet(a.items().filter((v) => b.has(v)));
      case '-': return new PySet(a.items().filter((v) => !b.has(v)));
      case '^': return new PySet([...a.items().filter((v) => !b.has(v)), ...b.items().filter((v) => !a.has(v))]);
    }
  }
  return unsupported(op, a, b);
}

export function pyEquals(host: DunderHost, a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (a instanceof PyInstance) {
    const r = host.dunder(a, '__eq__', [b]);
    if (r !== undefined) return truthy(host, r);
    return false;
  }
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    chargeWork(a.items.length);
    return a.items.length === b.items.length && a.items.every((v, i) => pyEquals(host, v, b.items[i]!));
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    return a.map.size === b.map.size && a.entries().every(([k, v]) => b.has(k) && pyEquals(host, v, b.get(k)!));
  }
  if (a instanceof PySet && b instanceof PySet) return a.map.size === b.map.size && a.items().every((v) => b.has(v));
  return false;
}

/** a < b (and the others by symmetry). */
export function lessThan(host: DunderHost, a: Value, b: Value): boolean {
  chargeWork(1);
  if (isNumber(a) && isNumber(b)) return num(a) < num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(host, a.items[i]!, b.items[i]!)) return lessThan(host, a.items[i]!, b.items[i]!);
    }
    return a.items.length < b.items.length;
  }
  if (a instanceof PyInstance) {
    const r = host.dunder(a, '__lt__', [b]);
    if (r !== undefined) return truthy(host, r);
  }
  throw new PyTypeErrorSignal(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function compare(host: DunderHost, op: string, a: Value, b: Value): boolean {
  switch (op) {
    case '==': return pyEquals(host, a, b);
    case '!=': return !pyEquals(host, a, b);
    case '<': return lessThan(host, a, b);
    case '>': return lessThan(host, b, a);
    case '<=': return lessThan(host, a, b) || pyEquals(host, a, b);
    case '>=': return lessThan(host, b, a) || pyEquals(host, a, b);
    case 'is': return a === b || (a instanceof PyFloat && b instanceof PyFloat && a.v === b.v);
    case 'is not': return !(a === b);
    case 'in': return contains(host, b, a);
    case 'not in': return !contains(host, b, a);
  }
  throw new PyTypeErrorSignal(`unknown comparison ${op}`);
}

export function contains(host: DunderHost, container: Value, item: Value): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyTypeErrorSignal(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyList || container instanceof PyTuple) return container.items.some((v) => pyEquals(host, v, item));
  if (container instanceof PyDict || container instanceof PySet) return container.has(item);
  if (container instanceof PyRange) {
    if (!isNumber(item)) return false;
    const x = num(item);
    const { start, stop, step } = container;
    return Number.isInteger(x) && (step > 0 ? x >= start && x < stop : x <= start && x > stop) && (x - start) % step === 0;
  }
  if (container instanceof PyInstance) {
    const r = host.dunder(container, '__contains__', [item]);
    if (r !== undefined) return truthy(host, r);
  }
  throw new PyTypeErrorSignal(`argument of type '${typeName(container)}' is not iterable`);
}

export function truthy(host: DunderHost, v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.v !== 0;
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyDict || v instanceof PySet) return v.map.size > 0;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof PyInstance) {
    const b = host.dunder(v, '__bool__', []);
    if (b !== undefined) return truthy(host, b);
    const l = host.dunder(v, '__len__', []);
    if (l !== undefined) return truthy(host, l);
  }
  return true;
}

function exceptionStr(host: DunderHost, exc: PyInstance): string {
  const args = exc.attrs.get('args');
  const items = args instanceof PyTuple ? args.items : [];
  if (exc.attrs.has('exceptions') && typeof exc.attrs.get('message') === 'string') {
    const subs = exc.attrs.get('exceptions');
    const n = subs instanceof PyTuple ? subs.items.length : 0;
    return `${String(exc.attrs.get('message'))} (${n} sub-exception${n === 1 ? '' : 's'})`;
  }
  if (exc.cls.name === 'KeyError' && items.length === 1) return pyRepr(host, items[0]!);
  if (items.length === 0) return '';
  if (items.length === 1) return pyStr(host, items[0]!);
  return pyRepr(host, new PyTuple(items));
}

function isException(host: DunderHost, v: PyInstance): boolean {
  return v.cls.isSubclassOf(host.exceptionBase);
}

export function pyStr(host: DunderHost, v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof PyInstance) {
    const custom = host.dunder(v, '__str__', []);
    if (typeof custom === 'string') return custom;
    if (isException(host, v)) return exceptionStr(host, v);
  }
  return pyRepr(host, v);
}

function dictCopy(d: PyDict): PyDict {
  const plain = new PyDict();
  for (const [k, x] of d.entries()) plain.set(k, x);
  return plain;
}

/** The repr of a container counts as a new string (nested reprs of shared parts grow exponentially). */
function charged(text: string): string {
  chargeChars(text.length);
  return text;
}

export function pyRepr(host: DunderHost, v: Value): string {
  if (v instanceof PyList || v instanceof PyTuple) chargeWork(v.items.length);
  else if (v instanceof PyDict || v instanceof PySet) chargeWork(v.map.size);
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isSafeInteger(v) || !Number.isFinite(v) ? String(v) : BigInt(v).toString();
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.v);
  if (v instanceof PyDeque) return `deque(${pyRepr(host, new PyList(v.items))}${v.maxlen === null ? '' : `, maxlen=${v.maxlen}`})`;
  if (v instanceof PyDefaultDict) return `defaultdict(${pyRepr(host, v.factory)}, ${pyRepr(host, dictCopy(v))})`;
  if (v instanceof PyList) return charged(`[${v.items.map((x) => (x === v ? '[...]' : pyRepr(host, x))).join(', ')}]`);
  if (v instanceof PyTuple) return charged(v.items.length === 1 ? `(${pyRepr(host, v.items[0]!)},)` : `(${v.items.map((x) => pyRepr(host, x)).join(', ')})`);
  if (v instanceof PyDict) return charged(`{${v.entries().map(([k, x]) => `${pyRepr(host, k)}: ${pyRepr(host, x)}`).join(', ')}}`);
  if (v instanceof PySet) {
    if (v.orderVaries) host.noteUnorderedSet();
    if (v.map.size === 0) return v.typeName === 'set' ? 'set()' : 'frozenset()';
    const body = `{${v.items().map((x) => pyRepr(host, x)).join(', ')}}`;
    return v.typeName === 'set' ? body : `frozenset(${body})`;
  }
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PyInstance) {
    const custom = host.dunder(v, '__repr__', []);
    if (typeof custom === 'string') return custom;
    if (isException(host, v)) {
      const args = v.attrs.get('args');
      const items = args instanceof PyTuple ? args.items : [];
      return `${v.cls.name}(${items.map((x) => pyRepr(host, x)).join(', ')})`;
    }
    return `<__main__.${v.cls.name} object at 0x7f0000000000>`;
  }
  if (v instanceof PyClass) {
    const module = v.attrs.get('__module__');
    return `<class '${typeof module === 'string' && module !== 'builtins' ? `${module}.` : ''}${v.name}'>`;
  }
  if (v instanceof PyFunction) return `<function ${v.qualname || v.name} at 0x7f0000000000>`;
  if (v instanceof PyBuiltin) return `<built-in function ${v.name}>`;
  if (v instanceof PyBoundMethod) return `<bound method ${v.fn.name} of ${pyRepr(host, v.self)}>`;
  if (v instanceof PyCoroutine && v.placeholder) return v.placeholder;
  if (v instanceof PyCoroutine) return `<coroutine object ${v.name} at 0x7f0000000000>`;
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (v instanceof PyIterator) return `<${v.typeName} object at 0x7f0000000000>`;
  if (v instanceof NativeObject) {
    const r = v.getAttr('__repr__');
    if (typeof r === 'string') return r;
  }
  return `<${(v as PyObject).typeName} object>`;
}
