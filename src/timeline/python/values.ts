/**
 * Runtime values of the Python subset the timeline interpreter understands:
 * numbers, strings, containers, functions, classes, instances, exceptions, and
 * the `PyRaise` carrier used to propagate a Python exception through JS.
 */
import { chargeChars, chargeEntry, chargeItems, chargeWork } from './limits';
import type { SyntaxNode } from './syntax';

/** Something an awaiting coroutine hands to the task that drives it. */
export type Suspend =
  | { readonly kind: 'future'; readonly future: NativeObject; readonly node: SyntaxNode | null; readonly assumed?: boolean }
  | { readonly kind: 'yield'; readonly node: SyntaxNode | null; readonly assumed?: boolean }
  | { readonly kind: 'thread-sleep'; readonly ms: number; readonly node: SyntaxNode | null }
  | { readonly kind: 'pyyield'; readonly value: Value; readonly node: SyntaxNode | null };

/** Every interpreter routine is a generator so that `await` can suspend anywhere. */
export type Gen<T = Value> = Generator<Suspend, T, unknown>;

/** A Python float (ints are plain JS numbers, bools JS booleans, None is null). */
export class PyFloat {
  constructor(readonly v: number) {}
}

export type Value = null | boolean | number | string | PyFloat | PyObject;

export abstract class PyObject {
  abstract readonly typeName: string;
}

export class PyList extends PyObject {
  readonly typeName: string = 'list';
  constructor(public items: Value[]) {
    super();
    chargeItems(items.length);
  }
}

export class PyTuple extends PyObject {
  readonly typeName = 'tuple';
  constructor(readonly items: readonly Value[]) {
    super();
    chargeItems(items.length);
  }
}

let objectIds = 0;
const identities = new WeakMap<object, number>();
export function identity(obj: object): number {
  let id = identities.get(obj);
  if (id === undefined) {
    id = ++objectIds;
    identities.set(obj, id);
  }
  return id;
}

/** Tuples are immutable: the key of each is computed once. */
const tupleKeys = new WeakMap<PyTuple, string>();

/** The key a dict or set stores a value under (equal Python values share a key). */
export function hashKey(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return `n:${v ? 1 : 0}`;
  if (typeof v === 'number') return `n:${v}`;
  if (v instanceof PyFloat) return `n:${v.v}`;
  if (typeof v === 'string') return `s:${v}`;
  if (v instanceof PyTuple) {
    const known = tupleKeys.get(v);
    if (known !== undefined) return known;
    chargeWork(v.items.length);
    const key = `t:(${v.items.map(hashKey).join(',')})`;
    chargeChars(key.length);
    tupleKeys.set(v, key);
    return key;
  }
  if (v instanceof PyList || v instanceof PyDict) throw new PyTypeErrorSignal(`unhashable type: '${v.typeName}'`);
  return `o:${identity(v)}`;
}

/** Thrown by value helpers; the interpreter turns it into a Python TypeError. */
export class PyTypeErrorSignal {
  constructor(readonly message: string, readonly pyType: string = 'TypeError') {}
}

export class PyDict extends PyObject {
  readonly typeName: string = 'dict';
  readonly map = new Map<string, [Value, Value]>();
  get(key: Value): Value | undefined {
    return this.map.get(hashKey(key))?.[1];
  }
  set(key: Value, value: Value): void {
    const k = hashKey(key);
    const old = this.map.get(k);
    if (old) old[1] = value;
    else {
      chargeEntry(this.map.size + 1);
      this.map.set(k, [key, value]);
    }
  }
  delete(key: Value): boolean {
    return this.map.delete(hashKey(key));
  }
  has(key: Value): boolean {
    return this.map.has(hashKey(key));
  }
  keys(): Value[] {
    return [...this.map.values()].map((e) => e[0]);
  }
  values(): Value[] {
    return [...this.map.values()].map((e) => e[1]);
  }
  entries(): [Value, Value][] {
    return [...this.map.values()].map((e) => [e[0], e[1]]);
  }
}

/** collections.deque (a list with fast ends; `maxlen` drops from the other end). */
export class PyDeque extends PyList {
  override readonly typeName = 'deque';
  constructor(items: Value[], readonly maxlen: number | null) {
    super(maxlen === null ? items : items.slice(Math.max(0, items.length - maxlen)));
  }
}

/** collections.defaultdict: a missing key is filled by calling the factory. */
export class PyDefaultDict extends PyDict {
  override readonly typeName = 'defaultdict';
  constructor(readonly factory: Value) {
    super();
  }
}

export class PySet extends PyObject {
  readonly typeName: string;
  readonly map = new Map<string, Value>();
  /** Set when the element order depends on object addresses (a set of tasks): iterating it is noted. */
  arbitraryOrder: string | null = null;
  constructor(items: Iterable<Value> = [], frozen = false) {
    super();
    this.typeName = frozen ? 'frozenset' : 'set';
    for (const item of items) this.add(item);
  }
  add(v: Value): void {
    const k = hashKey(v);
    if (!this.map.has(k)) {
      chargeEntry(this.map.size + 1);
      this.map.set(k, v);
    }
  }
  has(v: Value): boolean {
    return this.map.has(hashKey(v));
  }
  delete(v: Value): boolean {
    return this.map.delete(hashKey(v));
  }
  /** Iteration order of a set of small ints: CPython's table slots (hash = value), with its probing and resizes. */
  items(): Value[] {
    const values = [...this.map.values()];
    if (values.length < 2 || !values.every((v) => (typeof v === 'number' && v >= 0 && v < 2 ** 31) || typeof v === 'boolean')) return values;
    let table: (Value | undefined)[] = new Array(8);
    const insert = (v: Value): void => {
      const mask = table.length - 1;
      const hash = Number(v);
      let i = hash & mask;
      let perturb = hash;
      for (;;) {
        const probes = i + 9 <= mask ? 9 : 0;
        for (let j = i; j <= i + probes; j++) {
          if (table[j] === undefined) {
            table[j] = v;
            return;
          }
        }
        perturb >>>= 5;
        i = (i * 5 + 1 + perturb) & mask;
      }
    };
    let fill = 0;
    for (const v of values) {
      insert(v);
      fill++;
      if (fill * 5 >= (table.length - 1) * 3) {
        const old = table.filter((x) => x !== undefined) as Value[];
        let size = 8;
        while (size <= fill * 4) size *= 2;
        table = new Array(size);
        old.forEach(insert);
      }
    }
    return table.filter((v) => v !== undefined) as Value[];
  }

  /** Strings hash differently in every run (PYTHONHASHSEED), so their order is not predictable. */
  get orderVaries(): boolean {
    let strings = 0;
    for (const v of this.map.values()) if (typeof v === 'string' && ++strings > 1) return true;
    return false;
  }
}

export class PyRange extends PyObject {
  readonly typeName = 'range';
  constructor(readonly start: number, readonly stop: number, readonly step: number) {
    super();
  }
  /** How many numbers the range holds (computed, never by iterating). */
  get length(): number {
    const n = this.step > 0 ? Math.ceil((this.stop - this.start) / this.step) : Math.ceil((this.start - this.stop) / -this.step);
    return Math.max(0, n);
  }
  *iterate(): Generator<number> {
    if (this.step > 0) for (let i = this.start; i < this.stop; i += this.step) yield i;
    else for (let i = this.start; i > this.stop; i += this.step) yield i;
  }
}

/** A JS iterator exposed to Python (iter(), enumerate(), zip(), map() results…). */
export class PyIterator extends PyObject {
  readonly typeName: string;
  constructor(readonly it: Iterator<Value>, typeName = 'iterator') {
    super();
    this.typeName = typeName;
  }
}

export interface Param {
  readonly name: string;
  readonly kind: 'normal' | 'star' | 'kwstar' | 'kwonly';
  readonly defaultValue?: Value;
}

/** Python-level scope: a dict of names plus the chain used for closures. */
export class Scope {
  readonly vars = new Map<string, Value>();
  readonly globalNames = new Set<string>();
  readonly nonlocalNames = new Set<string>();
  /** For method bodies: the defining class and `self`, what `super()` needs. */
  owner: { readonly cls: PyClass; readonly self: Value } | null = null;
  /** Names the function binds locally: reading one before it is set raises UnboundLocalError. */
  locals: ReadonlySet<string> | null = null;
  /** Annotated names of a class body, in order (dataclass fields). */
  readonly annotations: string[] = [];
  /** Exceptions being handled by the `except` blocks currently running here (for a bare `raise`). */
  readonly handling: PyInstance[] = [];
  constructor(readonly parent: Scope | null, readonly isClassBody = false) {}
}

export class PyFunction extends PyObject {
  readonly typeName = 'function';
  constructor(
    readonly name: string,
    readonly params: readonly Param[],
    readonly body: SyntaxNode,
    readonly closure: Scope,
    readonly isAsync: boolean,
    readonly isLambda: boolean,
    readonly node: SyntaxNode,
  ) {
    super();
  }
  isGenerator = false;
  qualname = '';
  ownerClass: PyClass | null = null;
  locals: ReadonlySet<string> = new Set();
  decorators: 'staticmethod' | 'classmethod' | 'property' | null = null;
}

export type NativeFn = (args: Value[], kwargs: Map<string, Value>) => Value | Gen;

export class PyBuiltin extends PyObject {
  readonly typeName = 'builtin_function_or_method';
  /** `gen` builtins return a generator (they may suspend: time.sleep in a thread, asyncio helpers). */
  constructor(readonly name: string, readonly fn: NativeFn, readonly gen = false) {
    super();
  }
}

export class PyClass extends PyObject {
  readonly typeName = 'type';
  readonly attrs = new Map<string, Value>();
  readonly mro: PyClass[];
  /** Annotated fields in declaration order (what @dataclass turns into __init__ parameters). */
  annotations: readonly string[] = [];
  constructor(readonly name: string, readonly bases: readonly PyClass[], readonly native?: (cls: PyClass, args: Value[], kwargs: Map<string, Value>) => Value) {
    super();
    const mro: PyClass[] = [this];
    for (const base of bases) for (const c of base.mro) {
      const at = mro.indexOf(c);
      if (at >= 0) mro.splice(at, 1);
      mro.push(c);
    }
    this.mro = mro;
  }
  lookup(name: string): Value | undefined {
    for (const c of this.mro) if (c.attrs.has(name)) return c.attrs.get(name);
    return undefined;
  }
  isSubclassOf(other: PyClass): boolean {
    return this.mro.includes(other);
  }
}

export class PyInstance extends PyObject {
  readonly attrs = new Map<string, Value>();
  constructor(readonly cls: PyClass) {
    super();
  }
  get typeName(): string {
    return this.cls.name;
  }
}

export class PyBoundMethod extends PyObject {
  readonly typeName = 'method';
  constructor(readonly self: Value, readonly fn: PyFunction | PyBuiltin) {
    super();
  }
}

export class PyModule extends PyObject {
  readonly typeName = 'module';
  readonly attrs: Map<string, Value>;
  /** A workspace module shares its globals with its attributes; `file` is its path. */
  constructor(readonly name: string, attrs?: Map<string, Value>, readonly file?: string) {
    super();
    this.attrs = attrs ?? new Map<string, Value>();
  }
}

/** Objects implemented in TypeScript (futures, tasks, queues…) with their own attributes. */
export abstract class NativeObject extends PyObject {
  abstract getAttr(name: string): Value | undefined;
  setAttr(_name: string, _value: Value): boolean {
    return false;
  }
}

/** A coroutine object: calling an `async def` (or a native asyncio coroutine) makes one. */
export class PyCoroutine extends PyObject {
  readonly typeName = 'coroutine';
  started = false;
  finished = false;
  /** Written in TypeScript (asyncio.sleep, Queue.get…): its suspensions are shown at the user's `await`. */
  native = false;
  /** How it prints when it is not a real coroutine (the result of a call into unmodelled code). */
  placeholder: string | null = null;
  constructor(readonly name: string, readonly body: () => Gen, readonly createdAt: SyntaxNode | null) {
    super();
  }
}

/** Propagates a Python exception (an instance of an exception class) through JS frames. */
export class PyRaise {
  constructor(readonly exc: PyInstance, readonly node: SyntaxNode | null) {}
}

/** A construct the interpreter does not model; becomes an `unsupported` note. */
export class Unsupported {
  constructor(readonly message: string, readonly node: SyntaxNode | null) {}
}

/** The program exhausted the step or virtual-time budget. */
export class BudgetExceeded {
  constructor(readonly message: string, readonly node: SyntaxNode | null) {}
}

/** `sys.exit()` and friends. */
export class ProgramExit {
  constructor(readonly code: Value) {}
}

export function isInt(v: Value): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function isNumber(v: Value): v is number | boolean | PyFloat {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

export function num(v: number | boolean | PyFloat): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof PyFloat ? v.v : v;
}

export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  return v.typeName;
}
