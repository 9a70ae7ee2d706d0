/** Built-in functions and types, plus the `time`, `sys`, `random` and `functools` modules. */
import { formatValue, toFixedEven } from './format';
import type { Interpreter } from './interpreter';
import { EXCEPTION_ALIASES } from './exceptions';
import { chargeChars, chargeOutput, collect } from './limits';
import { MersenneTwister } from './mersenne';
import { sortValues } from './methods';
import { lessThan } from './operations';
import type { SyntaxNode } from './syntax';
import {
  NativeObject, PyBuiltin, PyClass, PyDefaultDict, PyDeque, PyDict, PyFloat, PyFunction, PyInstance, PyIterator, PyList, PyModule, PyRange, PySet, PyTuple, PyTypeErrorSignal,
  ProgramExit, hashKey, identity, isInt, isNumber, num, typeName, type NativeFn, type Value,
} from './values';

/** `dataclasses.field(default=…, default_factory=…)`. */
class FieldSpec extends NativeObject {
  readonly typeName = 'Field';
  constructor(readonly defaultValue: Value | undefined, readonly factory: Value | undefined, readonly compare = true) {
    super();
  }
  getAttr(): Value | undefined {
    return undefined;
  }
}

/** @dataclass: __init__ from the annotated fields (with defaults), __repr__ and __eq__. */
export function makeDataclass(interp: Interpreter, cls: PyClass, order = false): void {
  const fields = [...new Set(cls.mro.slice().reverse().flatMap((c) => c.annotations))];
  const defaults = new Map<string, Value | FieldSpec>();
  for (const name of fields) {
    const v = cls.lookup(name);
    if (v !== undefined) defaults.set(name, v);
  }
  cls.attrs.set('__dataclass_fields__', new PyTuple(fields));
  if (!cls.attrs.has('__match_args__')) cls.attrs.set('__match_args__', new PyTuple(fields));
  if (order) {
    const compared = fields.filter((f) => { const d = defaults.get(f); return !(d instanceof FieldSpec) || d.compare; });
    const key = (v: Value): Value => new PyTuple(compared.map((f) => (v as PyInstance).attrs.get(f) ?? null));
    const cmp = (name: string, test: (a: Value, b: Value) => boolean): void => {
      cls.attrs.set(name, new PyBuiltin(name, (a) => test(key(a[0]!), key(a[1]!))));
    };
    cmp('__lt__', (x, y) => lessThan(interp, x, y));
    cmp('__gt__', (x, y) => lessThan(interp, y, x));
    cmp('__le__', (x, y) => !lessThan(interp, y, x));
    cmp('__ge__', (x, y) => !lessThan(interp, x, y));
  }
  if (!cls.attrs.has('__init__')) {
    cls.attrs.set('__init__', new PyBuiltin('__init__', (a, k) => {
      const self = a[0] as PyInstance;
      fields.forEach((name, i) => {
        let v: Value | undefined = i + 1 < a.length ? a[i + 1] : k.get(name);
        const d = defaults.get(name);
        if (v === undefined && d instanceof FieldSpec) v = d.factory !== undefined ? interp.callSync(d.factory, []) : d.defaultValue;
        else if (v === undefined) v = d;
        if (v === undefined) throw new PyTypeErrorSignal(`${cls.name}.__init__() missing 1 required positional argument: '${name}'`);
        self.attrs.set(name, v);
      });
      const post = cls.lookup('__post_init__');
      if (post) interp.callSync(post, [self]);
      return null;
    }));
  }
  if (!cls.attrs.has('__repr__')) {
    cls.attrs.set('__repr__', new PyBuiltin('__repr__', (a) => {
      const self = a[0] as PyInstance;
      return `${cls.name}(${fields.map((f) => `${f}=${interp.repr(self.attrs.get(f) ?? null)}`).join(', ')})`;
    }));
  }
  if (!cls.attrs.has('__eq__')) {
    cls.attrs.set('__eq__', new PyBuiltin('__eq__', (a) => {
      const [x, y] = a as [PyInstance, Value];
      return y instanceof PyInstance && y.cls === x.cls && fields.every((f) => interp.repr(x.attrs.get(f) ?? null) === interp.repr(y.attrs.get(f) ?? null));
    }));
  }
}

/** Collects print output into whole lines per stream (print(..., end='') continues a line). */
export class OutputBuffer {
  private readonly pending = { stdout: '', stderr: '' };
  constructor(private readonly interp: Interpreter) {}

  write(text: string, stream: 'stdout' | 'stderr', node: SyntaxNode | null): void {
    const { interp } = this;
    chargeOutput(text.length);
    const t = interp.clock();
    const step = interp.rec.step('print', interp.ctx.lane, t, node, stream === 'stderr' ? 'writes to stderr' : 'prints');
    const all = this.pending[stream] + text;
    const lines = all.split('\n');
    this.pending[stream] = lines.pop()!;
    for (const line of lines) interp.rec.output.push({ text: line, t, step, ...(stream === 'stderr' ? { stream } : {}) });
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) if (this.pending[stream]) this.write('\n', stream, null);
  }
}

class StreamObject extends NativeObject {
  readonly typeName = '_io.TextIOWrapper';
  constructor(readonly stream: 'stdout' | 'stderr', private readonly out: OutputBuffer) {
    super();
  }
  getAttr(name: string): Value | undefined {
    if (name === 'write') return new PyBuiltin('write', (a) => (this.out.write(String(a[0]), this.stream, null), String(a[0]).length));
    if (name === 'flush') return new PyBuiltin('flush', () => null);
    return undefined;
  }
}

function def(target: Map<string, Value>, name: string, fn: NativeFn, gen = false): void {
  target.set(name, new PyBuiltin(name, fn, gen));
}

function typeClass(name: string, make: (args: Value[], kwargs: Map<string, Value>) => Value): PyClass {
  const cls = new PyClass(name, [], (_cls, args, kwargs) => make(args, kwargs));
  cls.attrs.set('__module__', 'builtins');
  return cls;
}

function toInt(interp: Interpreter, v: Value | undefined, base?: Value): Value {
  if (v === undefined) return 0;
  if (typeof v === 'string') {
    const b = base === undefined ? 10 : num(base as number);
    const text = v.trim().replace(/_/g, '');
    const n = b === 10 ? (/^[+-]?\d+$/.test(text) ? Number(text) : NaN) : parseInt(text, b);
    if (Number.isNaN(n)) throw new PyTypeErrorSignal(`invalid literal for int() with base ${b}: ${interp.repr(v)}`, 'ValueError');
    return n;
  }
  if (isNumber(v)) return Math.trunc(num(v));
  throw new PyTypeErrorSignal(`int() argument must be a string or a real number, not '${typeName(v)}'`);
}

function toFloat(interp: Interpreter, v: Value | undefined): Value {
  if (v === undefined) return new PyFloat(0);
  if (isNumber(v)) return new PyFloat(num(v));
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'inf' || t === '+inf') return new PyFloat(Infinity);
    if (t === '-inf') return new PyFloat(-Infinity);
    if (t === 'nan') return new PyFloat(NaN);
    const n = Number(t.replace(/_/g, ''));
    if (t === '' || Number.isNaN(n)) throw new PyTypeErrorSignal(`could not convert string to float: ${interp.repr(v)}`, 'ValueError');
    return new PyFloat(n);
  }
  throw new PyTypeErrorSignal(`float() argument must be a string or a real number, not '${typeName(v)}'`);
}

function pyRound(v: Value, digits: Value | undefined): Value {
  const x = num(v as number);
  if (digits === undefined || digits === null) {
    const f = Math.floor(x);
    const diff = x - f;
    return diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  }
  const d = num(digits as number);
  if (isInt(v)) return d >= 0 ? v : Math.round(x / 10 ** -d) * 10 ** -d;
  return new PyFloat(Number(toFixedEven(x, Math.max(0, d))));
}

export function installBuiltins(interp: Interpreter, out: OutputBuffer): void {
  const b = interp.builtins;
  const classes = new Map<string, PyClass>();
  const list = (v: Value | undefined): Value[] => (v === undefined ? [] : collect(interp.iterate(v, null)));
  const lazy = (v: Value | undefined): Iterator<Value> => (v === undefined ? [][Symbol.iterator]() : interp.iterate(v, null)[Symbol.iterator]());
  /** For consumers whose result does not depend on the order (sorted, sum, min…): no set-order note. */
  const anyOrder = (v: Value | undefined): Value[] => (v instanceof PySet ? v.items() : list(v));
  /** The same, one item at a time (sum, min, max, any, all never hold the whole sequence). */
  const eachAnyOrder = (v: Value | undefined): Iterable<Value> => (v instanceof PySet ? v.items() : v === undefined ? [] : interp.iterate(v, null));
  const types: [string, (args: Value[], kwargs: Map<string, Value>) => Value][] = [
    ['int', (a) => toInt(interp, a[0], a[1])],
    ['float', (a) => toFloat(interp, a[0])],
    ['str', (a) => (a[0] === undefined ? '' : interp.str(a[0]))],
    ['bool', (a) => (a[0] === undefined ? false : interp.truthy(a[0]))],
    ['list', (a) => new PyList(list(a[0]))],
    ['tuple', (a) => new PyTuple(list(a[0]))],
    ['set', (a) => new PySet(anyOrder(a[0]))],
    ['frozenset', (a) => new PySet(anyOrder(a[0]), true)],
    ['dict', (a, k) => {
      const d = new PyDict();
      if (a[0] instanceof PyDict) for (const [key, v] of a[0].entries()) d.set(key, v);
      else for (const pair of list(a[0])) {
        const [key, v] = list(pair);
        d.set(key!, v!);
      }
      for (const [key, v] of k) d.set(key, v);
      return d;
    }],
    ['object', () => new PyInstance(classes.get('object')!)],
    ['type', (a) => typeOf(a[0]!)],
    ['range', (a) => {
      const n = a.map((x) => num(x as number));
      if (n.length === 1) return new PyRange(0, n[0]!, 1);
      if (n[2] === 0) throw new PyTypeErrorSignal('range() arg 3 must not be zero', 'ValueError');
      return new PyRange(n[0]!, n[1]!, n[2] ?? 1);
    }],
  ];
  for (const [name, make] of types) {
    const cls = typeClass(name, make);
    classes.set(name, cls);
    b.set(name, cls);
  }
  const typeOf = (v: Value): PyClass => {
    if (v instanceof PyInstance) return v.cls;
    const name = typeName(v);
    return classes.get(name) ?? typeClass(name, () => null);
  };
  for (const [name, cls] of interp.raiser.classes) if (!['CancelledError', 'InvalidStateError', 'QueueEmpty', 'QueueFull'].includes(name)) b.set(name, cls);
  for (const [alias, name] of EXCEPTION_ALIASES) b.set(alias, interp.raiser.cls(name));
  interp.raiser.cls('BaseException').attrs.set('__init__', new PyBuiltin('__init__', (a) => {
    (a[0] as PyInstance).attrs.set('args', new PyTuple(a.slice(1)));
    return null;
  }));
  interp.raiser.cls('BaseException').attrs.set('with_traceback', new PyBuiltin('with_traceback', (a) => a[0]!));

  def(b, 'print', (args, kwargs) => {
    const sep = kwargs.get('sep');
    const end = kwargs.get('end');
    const file = kwargs.get('file');
    const text = args.map((a) => interp.str(a)).join(typeof sep === 'string' ? sep : ' ') + (typeof end === 'string' ? end : '\n');
    chargeChars(text.length);
    out.write(text, file instanceof StreamObject ? file.stream : 'stdout', interp.currentNode);
    return null;
  });
  def(b, 'repr', (a) => interp.repr(a[0]!));
  def(b, 'ascii', (a) => interp.repr(a[0]!));
  def(b, 'len', (a) => {
    const v = a[0]!;
    if (typeof v === 'string') {
      let n = 0;
      for (const _ of v) n++;
      return n;
    }
    if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
    if (v instanceof PyDict || v instanceof PySet) return v.map.size;
    if (v instanceof PyRange) return v.length;
    if (v instanceof PyInstance) {
      const r = interp.dunder(v, '__len__', []);
      if (r !== undefined && r !== null) return r;
    }
    if (v instanceof NativeObject) {
      const r = v.getAttr('__len__');
      if (typeof r === 'number') return r;
    }
    throw new PyTypeErrorSignal(`object of type '${typeName(v)}' has no len()`);
  });
  def(b, 'abs', (a) => (a[0] instanceof PyFloat ? new PyFloat(Math.abs(a[0].v)) : Math.abs(num(a[0] as number))));
  def(b, 'round', (a, k) => pyRound(a[0]!, a[1] ?? k.get('ndigits')));
  def(b, 'sum', (a) => {
    let acc: Value = a[1] ?? 0;
    for (const v of eachAnyOrder(a[0])) acc = acc instanceof PyFloat || v instanceof PyFloat ? new PyFloat(num(acc as number) + num(v as number)) : num(acc as number) + num(v as number);
    return acc;
  });
  const minmax = (isMax: boolean): NativeFn => (a, k) => {
    const items = (a.length === 1 ? eachAnyOrder(a[0]) : a)[Symbol.iterator]();
    const first = items.next();
    if (first.done) {
      if (k.has('default')) return k.get('default')!;
      throw new PyTypeErrorSignal(`${isMax ? 'max' : 'min'}() arg is an empty sequence`, 'ValueError');
    }
    const key = k.get('key') ?? null;
    let best: Value = first.value;
    let bestKey: Value = key ? interp.callSync(key, [best]) : best;
    for (let r = items.next(); !r.done; r = items.next()) {
      const v = r.value;
      const kv = key ? interp.callSync(key, [v]) : v;
      if (isMax ? lessThan(interp, bestKey, kv) : lessThan(interp, kv, bestKey)) {
        best = v;
        bestKey = kv;
      }
    }
    return best;
  };
  def(b, 'max', minmax(true));
  def(b, 'min', minmax(false));
  def(b, 'sorted', (a, k) => new PyList(sortValues(interp, anyOrder(a[0]), k)));
  def(b, 'reversed', (a) => new PyIterator(list(a[0]).reverse()[Symbol.iterator](), 'list_reverseiterator'));
  def(b, 'enumerate', (a, k) => {
    const start = num((a[1] ?? k.get('start') ?? 0) as number);
    const it = lazy(a[0]);
    return new PyIterator((function* () {
      let i = start;
      for (let r = it.next(); !r.done; r = it.next()) yield new PyTuple([i++, r.value]);
    })(), 'enumerate');
  });
  /** Rows of one item from each iterable, until the shortest ends (zip and map are lazy, as in Python). */
  function* rows(its: Iterator<Value>[]): Generator<Value[]> {
    if (its.length === 0) return;
    for (;;) {
      const row: Value[] = [];
      for (const it of its) {
        const r = it.next();
        if (r.done) return;
        row.push(r.value);
      }
      yield row;
    }
  }
  def(b, 'zip', (a) => {
    const its = a.map(lazy);
    return new PyIterator((function* () {
      for (const row of rows(its)) yield new PyTuple(row);
    })(), 'zip');
  });
  def(b, 'map', (a) => {
    const its = a.slice(1).map(lazy);
    return new PyIterator((function* () {
      for (const row of rows(its)) yield interp.callSync(a[0]!, row);
    })(), 'map');
  });
  def(b, 'filter', (a) => {
    const it = lazy(a[1]);
    return new PyIterator((function* () {
      for (let r = it.next(); !r.done; r = it.next()) if (interp.truthy(a[0] === null ? r.value : interp.callSync(a[0]!, [r.value]))) yield r.value;
    })(), 'filter');
  });
  def(b, 'any', (a) => {
    for (const v of eachAnyOrder(a[0])) if (interp.truthy(v)) return true;
    return false;
  });
  def(b, 'all', (a) => {
    for (const v of eachAnyOrder(a[0])) if (!interp.truthy(v)) return false;
    return true;
  });
  def(b, 'iter', (a) => (a[0] instanceof PyIterator ? a[0] : new PyIterator(lazy(a[0]))));
  def(b, 'next', (a) => {
    const it = a[0];
    if (!(it instanceof PyIterator)) throw new PyTypeErrorSignal(`'${typeName(it!)}' object is not an iterator`);
    const r = it.it.next();
    if (r.done) {
      if (a.length > 1) return a[1]!;
      throw new PyTypeErrorSignal('', 'StopIteration');
    }
    return r.value;
  });
  def(b, 'isinstance', (a) => isInstance(a[0]!, a[1]!));
  def(b, 'issubclass', (a) => a[0] instanceof PyClass && (a[1] instanceof PyTuple ? a[1].items : [a[1]!]).some((c) => c instanceof PyClass && (a[0] as PyClass).isSubclassOf(c)));
  const isInstance = (v: Value, cls: Value): boolean => {
    if (cls instanceof PyTuple) return cls.items.some((c) => isInstance(v, c));
    if (!(cls instanceof PyClass)) return false;
    if (v instanceof PyInstance) return v.cls.isSubclassOf(cls);
    if (cls.name === 'object') return true;
    const name = typeName(v);
    return cls === classes.get(name) || (cls.name === 'int' && name === 'bool' && cls === classes.get('int')) || (v instanceof NativeObject && isNativeInstance(v, cls));
  };
  const isNativeInstance = (v: NativeObject, cls: PyClass): boolean => {
    const check = cls.attrs.get('__instancecheck__');
    return check instanceof PyBuiltin ? check.fn([v], new Map()) === true : false;
  };
  def(b, 'hasattr', (a) => interp.findAttr(a[0]!, String(a[1])) !== undefined);
  def(b, 'getattr', (a) => {
    const v = interp.findAttr(a[0]!, String(a[1]));
    if (v !== undefined) return v;
    if (a.length > 2) return a[2]!;
    return interp.getAttr(a[0]!, String(a[1]), interp.currentNode);
  });
  def(b, 'setattr', (a) => (interp.setAttr(a[0]!, String(a[1]), a[2]!, interp.currentNode!), null));
  def(b, 'callable', (a) => a[0] instanceof PyFunction || a[0] instanceof PyBuiltin || a[0] instanceof PyClass);
  def(b, 'id', (a) => (typeof a[0] === 'object' && a[0] !== null ? identity(a[0]) : 0));
  def(b, 'hash', (a) => [...hashKey(a[0]!)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7));
  def(b, 'chr', (a) => String.fromCodePoint(num(a[0] as number)));
  def(b, 'hex', (a) => formatValue(a[0]!, '#x', String));
  def(b, 'bin', (a) => formatValue(a[0]!, '#b', String));
  def(b, 'oct', (a) => formatValue(a[0]!, '#o', String));
  def(b, 'exit', (a) => {
    throw new ProgramExit(a[0] ?? null);
  });
  b.set('quit', b.get('exit')!);
  def(b, 'ord', (a) => String(a[0]).codePointAt(0) ?? 0);
  def(b, 'divmod', (a) => {
    const x = num(a[0] as number);
    const y = num(a[1] as number);
    if (y === 0) throw new PyTypeErrorSignal('integer division or modulo by zero', 'ZeroDivisionError');
    const q = Math.floor(x / y);
    return new PyTuple([q, x - q * y]);
  });
  def(b, 'pow', (a) => (a[0] instanceof PyFloat || a[1] instanceof PyFloat ? new PyFloat(num(a[0] as number) ** num(a[1] as number)) : num(a[0] as number) ** num(a[1] as number)));
  def(b, 'format', (a) => formatValue(a[0]!, a[1] === undefined ? '' : String(a[1]), (v) => interp.str(v)));
  def(b, 'input', () => {
    interp.rec.note('unsupported', 'input() reads the terminal: assumed to return an empty string', interp.currentNode);
    return '';
  });
  b.set('NotImplemented', null);

  const time = new PyModule('time');
  const seconds = (base: number) => (): Value => new PyFloat(base + interp.clock() / 1000);
  def(time.attrs, 'time', seconds(1_700_000_000));
  def(time.attrs, 'monotonic', seconds(1_000));
  def(time.attrs, 'perf_counter', seconds(1_000));
  def(time.attrs, 'time_ns', () => 1_700_000_000_000_000_000 + Math.round(interp.clock() * 1e6));
  def(time.attrs, 'sleep', (a) => interp.blockingSleep(num(a[0] as number) * 1000, interp.currentNode), true);
  def(time.attrs, 'strftime', () => {
    interp.rec.note('approximate', 'time.strftime() depends on the wall clock', interp.currentNode);
    return '00:00:00';
  });
  interp.modules.set('time', time);

  const sys = new PyModule('sys');
  sys.attrs.set('stdout', new StreamObject('stdout', out));
  sys.attrs.set('stderr', new StreamObject('stderr', out));
  sys.attrs.set('argv', new PyList([interp.fileName]));
  sys.attrs.set('version_info', new PyTuple([3, 11, 0]));
  sys.attrs.set('platform', 'linux');
  def(sys.attrs, 'exit', (a) => {
    throw new ProgramExit(a[0] ?? null);
  });
  interp.modules.set('sys', sys);

  const random = new PyModule('random');
  const randomNote = (): void => void interp.rec.note('nondeterministic', 'random values differ between runs; the timeline assumes a midpoint value', interp.currentNode);
  // Seeded with an int, the draws are CPython's exactly (Mersenne Twister); unseeded they are not computed: a note says so.
  let mt: MersenneTwister | null = null;
  def(random.attrs, 'random', () => (mt ? new PyFloat(mt.random()) : (randomNote(), new PyFloat(0.5))));
  def(random.attrs, 'uniform', (a) => {
    const lo = num(a[0] as number);
    const hi = num(a[1] as number);
    return mt ? new PyFloat(lo + (hi - lo) * mt.random()) : (randomNote(), new PyFloat((lo + hi) / 2));
  });
  def(random.attrs, 'randint', (a) => {
    const lo = num(a[0] as number);
    const hi = num(a[1] as number);
    if (hi < lo) throw new PyTypeErrorSignal(`empty range in randrange(${lo}, ${hi + 1})`, 'ValueError');
    return mt ? lo + mt.below(hi - lo + 1) : (randomNote(), Math.floor((lo + hi) / 2));
  });
  def(random.attrs, 'randrange', (a) => {
    const [start, stop, step] = a.length === 1 ? [0, num(a[0] as number), 1] : [num(a[0] as number), num(a[1] as number), num((a[2] ?? 1) as number)];
    const n = Math.ceil((stop - start) / step);
    if (n <= 0) throw new PyTypeErrorSignal(`empty range in randrange(${start}, ${stop})`, 'ValueError');
    return mt ? start + step * mt.below(n) : (randomNote(), start + step * Math.floor(n / 2));
  });
  def(random.attrs, 'choice', (a) => {
    const items = list(a[0]);
    if (items.length === 0) throw new PyTypeErrorSignal('Cannot choose from an empty sequence', 'IndexError');
    return mt ? items[mt.below(items.length)]! : (randomNote(), items[0]!);
  });
  def(random.attrs, 'seed', (a) => {
    const seed = a[0] ?? null;
    if (typeof seed === 'number' || typeof seed === 'boolean') {
      mt = new MersenneTwister();
      mt.seedInt(num(seed));
    } else {
      mt = null;
      interp.rec.note('nondeterministic', seed === null ? 'random.seed() without a value seeds from the OS: the draws differ between runs' : 'random.seed() with a non-integer value is not reproduced here: the draws are not computed', interp.currentNode);
    }
    return null;
  });
  def(random.attrs, 'shuffle', (a) => {
    const target = a[0];
    if (!mt || !(target instanceof PyList)) return (randomNote(), null);
    const x = target.items;
    for (let i = x.length - 1; i > 0; i--) {
      const j = mt.below(i + 1);
      [x[i], x[j]] = [x[j]!, x[i]!];
    }
    return null;
  });
  interp.modules.set('random', random);

  const functools = new PyModule('functools');
  def(functools.attrs, 'partial', (a, k) => {
    const [fn, ...bound] = a;
    const name = fn instanceof PyFunction || fn instanceof PyBuiltin ? fn.name : 'partial';
    return new PyBuiltin(name, function* (args, kwargs) {
      return yield* interp.call(fn!, [...bound, ...args], new Map([...k, ...kwargs]), interp.currentNode);
    } as NativeFn, true);
  });
  def(functools.attrs, 'wraps', () => new PyBuiltin('wraps', (a) => a[0]!));
  interp.modules.set('functools', functools);

  const collections = new PyModule('collections');
  const collectionsClass = (name: string, make: (args: Value[], kwargs: Map<string, Value>) => Value): void => {
    const cls = typeClass(name, make);
    cls.attrs.set('__module__', 'collections');
    collections.attrs.set(name, cls);
  };
  collectionsClass('deque', (a, k) => {
    const maxlen = a[1] ?? k.get('maxlen') ?? null;
    return new PyDeque(list(a[0]), maxlen === null ? null : num(maxlen as number));
  });
  collectionsClass('defaultdict', (a) => {
    const d = new PyDefaultDict(a[0] ?? null);
    if (a[1] instanceof PyDict) for (const [key, v] of a[1].entries()) d.set(key, v);
    return d;
  });
  interp.modules.set('collections', collections);

  // typing only matters to type checkers: every name is a subscriptable placeholder class.
  const typing = new PyModule('typing');
  for (const name of 'Any Optional Union List Dict Tuple Set Callable Awaitable Coroutine Iterable Iterator AsyncIterator AsyncGenerator Generator TypeVar Protocol Literal Final ClassVar Sequence Mapping NamedTuple TypedDict'.split(' ')) {
    typing.attrs.set(name, typeClass(name, (a) => a[0] ?? null));
  }
  interp.modules.set('typing', typing);

  const dataclasses = new PyModule('dataclasses');
  def(dataclasses.attrs, 'dataclass', (a) => a[0] ?? new PyBuiltin('dataclass', (b) => b[0]!));
  def(dataclasses.attrs, 'field', (_a, k) => new FieldSpec(k.get('default'), k.get('default_factory'), k.get('compare') !== false));
  const asdict = (v: Value): Value => {
    if (v instanceof PyInstance && v.cls.lookup('__dataclass_fields__') instanceof PyTuple) {
      const d = new PyDict();
      for (const f of (v.cls.lookup('__dataclass_fields__') as PyTuple).items) d.set(f, asdict(v.attrs.get(String(f)) ?? null));
      return d;
    }
    if (v instanceof PyList) return new PyList(v.items.map(asdict));
    if (v instanceof PyTuple) return new PyTuple(v.items.map(asdict));
    if (v instanceof PyDict) {
      const d = new PyDict();
      for (const [k, x] of v.entries()) d.set(asdict(k), asdict(x));
      return d;
    }
    return v;
  };
  def(dataclasses.attrs, 'asdict', (a) => asdict(a[0] ?? null));
  def(dataclasses.attrs, 'astuple', (a) => {
    const d = asdict(a[0] ?? null);
    return d instanceof PyDict ? new PyTuple(d.values()) : d;
  });
  def(dataclasses.attrs, 'is_dataclass', (a) => (a[0] instanceof PyInstance ? a[0].cls : a[0]) instanceof PyClass && ((a[0] instanceof PyInstance ? a[0].cls : a[0]) as PyClass).lookup('__dataclass_fields__') !== undefined);
  interp.modules.set('dataclasses', dataclasses);

  const math = new PyModule('math');
  def(math.attrs, 'sqrt', (a) => new PyFloat(Math.sqrt(num(a[0] as number))));
  def(math.attrs, 'floor', (a) => Math.floor(num(a[0] as number)));
  def(math.attrs, 'ceil', (a) => Math.ceil(num(a[0] as number)));
  def(math.attrs, 'isclose', (a) => Math.abs(num(a[0] as number) - num(a[1] as number)) <= 1e-9 * Math.max(Math.abs(num(a[0] as number)), Math.abs(num(a[1] as number))));
  math.attrs.set('pi', new PyFloat(Math.PI));
  math.attrs.set('inf', new PyFloat(Infinity));
  interp.modules.set('math', math);
}
