/**
 * Hover explanations of JS/TS event-loop constructs: which queue their work
 * goes to, when it runs relative to the others, and the Python equivalent.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import { FUNCTION_TYPES, type TsFile } from '../typescript/semantics';
import type { ConstructExplanation } from './types';

interface Text {
  readonly title: string;
  readonly explanation: string;
  readonly counterpart?: string;
}

const AWAIT: Text = {
  title: 'await',
  explanation:
    'Suspends this async function until the awaited promise settles; the rest of the function then continues as a microtask. Meanwhile the caller and everything else — other microtasks, timers, I/O callbacks — run. Awaiting a value that is not a promise still yields for one microtask turn.',
  counterpart:
    'In Python: `await` suspends a coroutine the same way. The difference is at the call: a JavaScript async function already runs up to its first `await` when called, a Python coroutine runs nothing until it is awaited or wrapped in `asyncio.create_task`.',
};

const FOR_AWAIT: Text = {
  title: 'for await',
  explanation:
    'Asks the async iterator for the next value and awaits it before each iteration: iterations run one after another, each resuming as a microtask when its value is ready.',
  counterpart: 'In Python: `async for item in aiterable:`.',
};

const ASYNC_FUNCTION: Text = {
  title: 'async function',
  explanation:
    'Calling it runs the body synchronously up to the first `await`, then returns a promise; the rest runs in later microtasks as awaited promises settle. A `throw` inside (even before the first `await`) rejects that promise instead of throwing at the caller.',
  counterpart:
    'In Python: `async def` — but calling it only creates a coroutine object; nothing runs until it is awaited, passed to `asyncio.run`, or scheduled with `asyncio.create_task`.',
};

const NEW_PROMISE: Text = {
  title: 'new Promise',
  explanation:
    'Runs the executor function synchronously, right now. `resolve`/`reject` settle the promise later; code waiting on it (`.then`, `await`) runs as microtasks after that. A synchronous throw in the executor rejects the promise; an async executor loses its errors (`ts/async-promise-executor`).',
  counterpart: 'In Python: `fut = loop.create_future()` and `fut.set_result(...)` / `fut.set_exception(...)`; the executor body is just ordinary code before it.',
};

const REACTIONS: Record<string, Text> = {
  then: {
    title: 'Promise.prototype.then',
    explanation:
      'Registers a reaction: when the promise settles, the callback runs as a microtask — after the current code and after `process.nextTick` callbacks, before timers and I/O. Returns a new promise for the callback\'s result; without a second argument, a rejection passes through unhandled.',
    counterpart: 'In Python: `future.add_done_callback(cb)` (scheduled with `loop.call_soon`), though Python code usually just `await`s.',
  },
  catch: {
    title: 'Promise.prototype.catch',
    explanation:
      'Same as `.then(undefined, onRejected)`: if the promise rejects, the handler runs as a microtask and the returned promise fulfils with its result. This is what keeps a rejection from becoming an unhandled rejection.',
    counterpart: 'In Python: `try: await fut` / `except Exception:` around the await.',
  },
  finally: {
    title: 'Promise.prototype.finally',
    explanation:
      'Runs the callback as a microtask once the promise settles either way, then passes the original outcome on — a rejection stays a rejection, so a chain ending in `.finally` still needs a `.catch`.',
    counterpart: 'In Python: `try: await fut` / `finally: ...`.',
  },
};

const CALLS: Record<string, Text> = {
  setTimeout: {
    title: 'setTimeout',
    explanation:
      'Schedules the callback in the timers phase of the event loop, at least `ms` later (0 means about 1 ms). It always runs after the current code and after every pending microtask (`process.nextTick`, promise reactions); from the main module, a 0 ms timer and a `setImmediate` can run in either order.',
    counterpart: 'In Python: `loop.call_later(delay, callback)`; to pause async code, `await asyncio.sleep(delay)` (JavaScript: `await setTimeout(ms)` from `node:timers/promises`).',
  },
  setInterval: {
    title: 'setInterval',
    explanation:
      'Runs the callback in the timers phase every `ms` milliseconds until `clearInterval`. It does not wait for async work the callback starts: a slow async callback overlaps with the next run, and its rejection is unhandled.',
    counterpart: 'In Python: no built-in; a task running `while True: ...; await asyncio.sleep(interval)`.',
  },
  setImmediate: {
    title: 'setImmediate',
    explanation:
      'Runs the callback in the check phase, right after the current poll phase (I/O callbacks) and before the next round of timers. Like every macrotask it runs after all pending microtasks and `process.nextTick` callbacks.',
    counterpart: 'In Python: `loop.call_soon(callback)` is the closest: run on the next loop iteration.',
  },
  'process.nextTick': {
    title: 'process.nextTick',
    explanation:
      'Queues the callback in Node\'s next-tick queue, which is drained as soon as the current operation finishes — before promise reactions, timers and I/O. A callback that keeps re-queueing itself starves the event loop.',
    counterpart: 'In Python: no exact equivalent; `loop.call_soon(callback)` runs it on the next loop iteration, after other ready callbacks.',
  },
  queueMicrotask: {
    title: 'queueMicrotask',
    explanation:
      'Queues the callback in the microtask queue — the queue of promise reactions — which drains after the current code and after `process.nextTick` callbacks, before any timer or I/O callback.',
    counterpart: 'In Python: no direct equivalent; `loop.call_soon(callback)` is the nearest.',
  },
  'timers.promises.setTimeout': {
    title: 'setTimeout (node:timers/promises)',
    explanation:
      'Returns a promise that fulfils in the timers phase after `ms` milliseconds. `await` it to pause this async function without blocking: other work runs meanwhile.',
    counterpart: 'In Python: `await asyncio.sleep(delay)`.',
  },
  'Promise.all': {
    title: 'Promise.all',
    explanation:
      'Waits for promises that are already running, in parallel: fulfils with their results in input order once all fulfil, rejects as soon as one rejects (the others keep running, their results and errors ignored). Its reactions run as microtasks.',
    counterpart: 'In Python: `await asyncio.gather(*aws)`; `asyncio.TaskGroup` also cancels the rest on the first error.',
  },
  'Promise.allSettled': {
    title: 'Promise.allSettled',
    explanation: 'Waits for every promise to settle, never rejects, and fulfils with `{ status, value | reason }` for each, in input order.',
    counterpart: 'In Python: `await asyncio.gather(*aws, return_exceptions=True)`.',
  },
  'Promise.race': {
    title: 'Promise.race',
    explanation: 'Settles like the first promise to settle — fulfilled or rejected. The others keep running; their outcomes are ignored.',
    counterpart: 'In Python: `asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)` (then cancel the rest yourself).',
  },
  'Promise.any': {
    title: 'Promise.any',
    explanation: 'Fulfils with the first promise to fulfil; rejects with an `AggregateError` only if all of them reject.',
    counterpart: 'In Python: no direct equivalent; iterate `asyncio.as_completed(...)` until one succeeds.',
  },
};
CALLS['timers.setTimeout'] = CALLS.setTimeout!;
CALLS['timers.setInterval'] = CALLS.setInterval!;
CALLS['timers.setImmediate'] = CALLS.setImmediate!;

function explain(node: Node, text: Text, start = node.startIndex, end = node.endIndex): ConstructExplanation {
  return { start, end, title: text.title, explanation: text.explanation, ...(text.counterpart ? { counterpart: text.counterpart } : {}) };
}

/** The explanation of the construct at `offset`, or undefined when there is none. */
export function explainTsConstruct(file: TsFile, offset: number): ConstructExplanation | undefined {
  const leaf = file.tree.rootNode.descendantForIndex(offset);
  if (!leaf) return undefined;
  const parent = leaf.parent;
  if (leaf.type === 'await' && parent) {
    return explain(leaf, parent.type === 'for_in_statement' ? FOR_AWAIT : AWAIT);
  }
  if (leaf.type === 'async' && parent && FUNCTION_TYPES.has(parent.type)) return explain(leaf, ASYNC_FUNCTION);
  if (leaf.type === 'new' && parent?.type === 'new_expression') return newPromise(file, parent, leaf);
  if (leaf.type !== 'identifier' && leaf.type !== 'property_identifier') return undefined;
  if (parent?.type === 'new_expression' && parent.childForFieldName('constructor')?.id === leaf.id) return newPromise(file, parent, leaf);

  // The callee of a call: `setTimeout(…)`, `process.nextTick(…)`, `p.then(…)`, `Promise.all(…)`.
  let callee: Node = leaf;
  let onObject = false;
  if (parent?.type === 'member_expression') {
    onObject = parent.childForFieldName('object')?.id === leaf.id;
    if (onObject || parent.childForFieldName('property')?.id === leaf.id) callee = parent;
  }
  const call = callee.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee.id) return undefined;
  if (onObject) {
    // `process` in `process.nextTick(…)`, `Promise` in `Promise.all(…)`; not `p` in `p.then(…)`.
    const qualified = file.qualifiedName(callee);
    return qualified && CALLS[qualified] ? explain(callee, CALLS[qualified]!) : undefined;
  }
  if (callee.type === 'member_expression') {
    const method = leaf.text;
    const reaction = REACTIONS[method];
    const qualified = file.qualifiedName(callee);
    if (qualified && CALLS[qualified]) return explain(callee, CALLS[qualified]!);
    return reaction ? explain(leaf, reaction) : undefined;
  }
  const qualified = file.qualifiedName(unwrapParentheses(callee));
  const text = qualified ? CALLS[qualified] : undefined;
  return text ? explain(callee, text) : undefined;
}

function newPromise(file: TsFile, expression: Node, hovered: Node): ConstructExplanation | undefined {
  const constructor = expression.childForFieldName('constructor');
  if (constructor?.type !== 'identifier' || constructor.text !== 'Promise' || file.resolve(constructor)) return undefined;
  return explain(hovered, NEW_PROMISE, expression.startIndex, constructor.endIndex);
}
