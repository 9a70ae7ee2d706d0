/**
 * Unmodelled code (third-party packages, native modules): the documented
 * convention. Values from such modules are opaque: reading an attribute or
 * calling one gives another opaque value at once. A call's result is a
 * coroutine-like awaitable that completes after the assumed I/O latency L,
 * counted from when it is awaited or made a task; it can be gathered and
 * passed to create_task. `async with` on an opaque value takes one loop
 * iteration to enter and one to leave; `async for` over one takes one
 * iteration per step and yields once. Opaque values are truthy and print as
 * `<label>`. Known blocking calls (`requests.get`, `urlopen`, `subprocess.run`…)
 * block the thread for L. Every assumption is an `assumed` note, once per call site.
 */
import type { Interpreter } from './interpreter';
import type { SyntaxNode } from './syntax';
import { NativeObject, PyBuiltin, PyCoroutine, type Gen, type NativeFn, type Value } from './values';

const HTTP_VERBS = 'get|post|put|patch|delete|head|options|request';
/** Calls that block the calling thread (the rules' catalogue of blocking HTTP and subprocess calls). */
const BLOCKING = new RegExp(
  [
    `requests\\.(?:api\\.)?(?:${HTTP_VERBS})`,
    `httpx\\.(?:${HTTP_VERBS}|stream)`,
    'urllib\\.request\\.(?:urlopen|urlretrieve)',
    'urllib3\\.request',
    `(?:requests\\.(?:sessions\\.)?[Ss]ession|httpx\\.Client|urllib3\\.PoolManager)\\(\\)\\.(?:${HTTP_VERBS}|send|stream|urlopen)`,
    'subprocess\\.(?:run|call|check_call|check_output|getoutput|getstatusoutput)',
    'os\\.(?:system|popen)',
  ].map((p) => `^(?:${p})$`).join('|'),
);

export function isBlockingCall(label: string): boolean {
  return BLOCKING.test(label);
}

/** What every opaque value answers, whatever produced it. */
function opaqueAttr(interp: Interpreter, label: string, self: Value, name: string): Value | undefined {
  switch (name) {
    case '__call__':
      return new PyBuiltin(label, ((args: Value[]) => callOpaque(interp, label, args)) as unknown as NativeFn, true);
    case '__aenter__':
      return new PyBuiltin(name, () => stepCoroutine(interp, name, self));
    case '__aexit__':
      return new PyBuiltin(name, () => stepCoroutine(interp, name, null));
    case '__enter__':
      return new PyBuiltin(name, () => self);
    case '__exit__':
      return new PyBuiltin(name, () => null);
    case '__repr__':
      return `<${label}>`;
    case '__iter_items__':
      return undefined;
    default:
      return new OpaqueValue(interp, `${label}.${name}`);
  }
}

/** `__aenter__`/`__aexit__` of an opaque value: one loop iteration. */
function stepCoroutine(interp: Interpreter, name: string, result: Value): PyCoroutine {
  const node = interp.currentNode;
  return new PyCoroutine(name, function* () {
    yield { kind: 'yield', node, assumed: true };
    return result;
  }, node);
}

function* callOpaque(interp: Interpreter, label: string, _args: Value[]): Gen {
  const node = interp.currentNode;
  const called = `${label}()`;
  const ms = interp.ioLatencyMs;
  if (isBlockingCall(label)) {
    interp.rec.note('assumed', `${called} is a blocking call into unmodelled code: assumed to block the thread for ${ms} ms`, node);
    yield* interp.assumedBlock(ms, node, called);
    return new OpaqueValue(interp, called);
  }
  interp.rec.note('assumed', `${called} is unmodelled code: its result is opaque; awaited or run as a task, it is assumed to take ${ms} ms of I/O`, node);
  return new OpaqueCall(interp, called, node);
}

export class OpaqueValue extends NativeObject {
  readonly typeName = 'unknown';
  constructor(private readonly interp: Interpreter, readonly label: string) {
    super();
  }

  getAttr(name: string): Value | undefined {
    return opaqueAttr(this.interp, this.label, this, name);
  }

  /** Writing an attribute of an opaque value is allowed (it keeps no state here). */
  override setAttr(): boolean {
    return true;
  }
}

/** The result of calling unmodelled code: an awaitable (a coroutine to asyncio) that is also an opaque value. */
export class OpaqueCall extends PyCoroutine {
  constructor(private readonly interp: Interpreter, readonly label: string, node: SyntaxNode | null) {
    super(label, function* () {
      yield* interp.awaitHost!.assumedWait(interp.ioLatencyMs, node);
      return new OpaqueValue(interp, label);
    }, node);
    this.placeholder = `<${label}>`;
  }

  getAttr(name: string): Value | undefined {
    return opaqueAttr(this.interp, this.label, this, name);
  }
}

export function isOpaque(v: Value): v is OpaqueValue | OpaqueCall {
  return v instanceof OpaqueValue || v instanceof OpaqueCall;
}

/** `async for` over an opaque value: one iteration, one item, one iteration, then the end. */
export function* iterateOpaque(interp: Interpreter, v: OpaqueValue | OpaqueCall, node: SyntaxNode, each: (item: Value) => Gen<boolean>): Gen<void> {
  interp.rec.note('assumed', `async for over unmodelled ${v.label}: assumed to yield one item, each step taking one loop iteration`, node);
  yield { kind: 'yield', node, assumed: true };
  if (!(yield* each(new OpaqueValue(interp, `${v.label}[0]`)))) return;
  yield { kind: 'yield', node, assumed: true };
}
