/** Which calls create a coroutine (or an awaitable that must be awaited): same-file `async def`s and well-known asyncio APIs. */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import type { PythonFile } from './semantics';

export type CoroutineSource =
  | { readonly kind: 'same-file'; readonly name: string; readonly definition: Node }
  | { readonly kind: 'api'; readonly name: string };

const ASYNCIO_COROUTINES = new Set(
  ['sleep', 'wait_for', 'wait', 'to_thread', 'open_connection', 'open_unix_connection', 'start_server', 'start_unix_server', 'create_subprocess_exec', 'create_subprocess_shell', 'gather'].map(
    (name) => `asyncio.${name}`,
  ),
);
/** Coroutine methods of asyncio objects bound in the file. */
const ASYNCIO_OBJECT_COROUTINES: Record<string, ReadonlySet<string>> = {
  'asyncio.Queue': new Set(['get', 'put', 'join']),
  'asyncio.LifoQueue': new Set(['get', 'put', 'join']),
  'asyncio.PriorityQueue': new Set(['get', 'put', 'join']),
  'asyncio.Lock': new Set(['acquire']),
  'asyncio.Semaphore': new Set(['acquire']),
  'asyncio.BoundedSemaphore': new Set(['acquire']),
  'asyncio.Condition': new Set(['acquire', 'wait', 'wait_for']),
  'asyncio.Event': new Set(['wait']),
};

/** The coroutine a call creates, if it is known to create one. */
export function coroutineSource(file: PythonFile, call: Node): CoroutineSource | undefined {
  const definition = file.calledCoroutineFunction(call);
  const callee = call.childForFieldName('function');
  if (definition) return { kind: 'same-file', name: callee?.text ?? 'coroutine', definition };
  const name = file.calleeName(call);
  if (name !== undefined) return ASYNCIO_COROUTINES.has(name) ? { kind: 'api', name } : undefined;
  if (callee?.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  const origin = object ? file.valueOrigin(object) : undefined;
  if (!origin || !method || !ASYNCIO_OBJECT_COROUTINES[origin]?.has(method)) return undefined;
  return { kind: 'api', name: `${origin}.${method}` };
}

/** The call an expression statement consists of (`f()` or `(f())`), if any. */
export function statementCall(statement: Node): Node | undefined {
  const expression = statement.namedChildCount === 1 ? statement.firstNamedChild : null;
  if (!expression) return undefined;
  const inner = unwrapParentheses(expression);
  return inner.type === 'call' ? inner : undefined;
}
