/** Hover explanations of Python event-loop constructs (`await`, `async def`, `asyncio.run`, `create_task`...), no finding needed. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../python/semantics';
import type { ConstructExplanation } from './types';

interface Entry {
  readonly title: string;
  readonly explanation: string;
  readonly counterpart: string;
}

const AWAIT: Entry = {
  title: 'await',
  explanation:
    'Suspends this coroutine until the awaited coroutine, task or future finishes. While it waits, the event loop runs other ready tasks and callbacks; when the result is ready, this coroutine is resumed from here on a later turn of the loop. Awaiting a bare coroutine runs it right away inside this task, without scheduling anything.',
  counterpart: 'In JavaScript: `await` also suspends the async function, but the continuation always goes through the microtask queue, and the awaited promise was already running before the `await`.',
};

const ASYNC_DEF: Entry = {
  title: 'async def',
  explanation:
    'Defines a coroutine function. Calling it runs nothing: it returns a coroutine object, and the body runs only when it is awaited, wrapped in a task (`asyncio.create_task`) or handed to `asyncio.run`. Each `await` inside is a point where the event loop may switch to other tasks.',
  counterpart: 'In JavaScript: calling an `async function` starts running its body immediately, up to the first `await`, and returns a promise.',
};

const CALLS: Record<string, Entry> = {
  'asyncio.run': {
    title: 'asyncio.run',
    explanation:
      'Creates a new event loop, runs the coroutine on it as the main task until it completes, then cancels the remaining tasks, shuts down async generators and the default executor, and closes the loop. It blocks the calling thread the whole time and cannot be called while a loop is already running in this thread.',
    counterpart: 'In JavaScript: there is nothing to start — Node\'s loop is always running; `asyncio.run(main())` is what `main()` at the top of a module does implicitly.',
  },
  create_task: {
    title: 'asyncio.create_task',
    explanation:
      'Wraps the coroutine in a Task and schedules its first step with `call_soon`: it starts on a later turn of the event loop, when the current task next awaits, and then runs concurrently with it. The loop keeps only a weak reference — keep the returned task (or use a TaskGroup) so it is not garbage-collected.',
    counterpart: 'In JavaScript: like calling an async function without `await` — except that the JavaScript function starts synchronously, and its promise is kept alive by the pending work.',
  },
  'asyncio.ensure_future': {
    title: 'asyncio.ensure_future',
    explanation: 'Returns futures and tasks unchanged and wraps a coroutine in a new Task, scheduled like `create_task`: it starts on a later turn of the event loop. Prefer `asyncio.create_task` for coroutines.',
    counterpart: 'In JavaScript: like `Promise.resolve(x)` for a value that may already be a promise.',
  },
  'asyncio.gather': {
    title: 'asyncio.gather',
    explanation:
      'Wraps each coroutine in a Task (scheduled on the next loop turns) and returns one future that completes when all of them have finished, with their results in argument order. If one raises, the exception reaches the awaiting code at once, but the other tasks keep running unless `return_exceptions=True` collects errors as results.',
    counterpart: 'In JavaScript: `Promise.all([...])` (or `Promise.allSettled` with `return_exceptions=True`).',
  },
  'asyncio.sleep': {
    title: 'asyncio.sleep',
    explanation:
      'Suspends this coroutine and schedules its resumption with `call_later` after the delay; meanwhile the event loop runs everything else. `asyncio.sleep(0)` just yields one turn of the loop to other ready tasks. Unlike `time.sleep`, it never blocks the thread.',
    counterpart: 'In JavaScript: `await new Promise((r) => setTimeout(r, ms))`, or `await setTimeout(ms)` from `node:timers/promises`.',
  },
  'asyncio.TaskGroup': {
    title: 'asyncio.TaskGroup',
    explanation:
      'An `async with` block that owns the tasks created by `tg.create_task(...)`: they start on later loop turns and run concurrently; leaving the block waits for all of them. If one fails, the others are cancelled and the errors are raised together as an ExceptionGroup. The group keeps strong references, so no task is lost.',
    counterpart: 'In JavaScript: close to `await Promise.all([...])` with cancellation of the rest on the first failure (which JavaScript only gets with an `AbortController`).',
  },
  call_soon: {
    title: 'loop.call_soon',
    explanation:
      'Appends the callback to the event loop\'s ready queue: it runs on the next iteration of the loop, after the callbacks already queued, in FIFO order. It is a plain callback — not a coroutine — and runs to completion without interruption.',
    counterpart: 'In JavaScript: closest to `setImmediate(cb)` (a later loop turn); not a microtask like `queueMicrotask`.',
  },
  call_soon_threadsafe: {
    title: 'loop.call_soon_threadsafe',
    explanation: 'Like `call_soon`, but safe to call from another thread: it queues the callback and wakes the event loop so that it runs on the loop\'s thread on its next iteration.',
    counterpart: 'In JavaScript: like posting a message to the main thread from a worker (`postMessage`).',
  },
  call_later: {
    title: 'loop.call_later',
    explanation:
      'Schedules the callback on the event loop\'s timer heap: once the delay (in seconds) has passed, it moves to the ready queue and runs on the next loop iteration. It returns a TimerHandle whose `cancel()` removes it. The callback is a plain function, not a coroutine.',
    counterpart: 'In JavaScript: `setTimeout(cb, ms)` — with the delay in seconds instead of milliseconds.',
  },
  call_at: {
    title: 'loop.call_at',
    explanation: 'Like `call_later`, but with an absolute deadline on the loop\'s clock (`loop.time()`): the callback runs on the first loop iteration after that time.',
    counterpart: 'In JavaScript: `setTimeout(cb, deadline - performance.now())`.',
  },
};

/** Loop methods recognised on any object (the receiver is usually a loop whose origin is unknown). */
const LOOP_METHODS = new Set(['call_soon', 'call_soon_threadsafe', 'call_later', 'call_at', 'create_task']);

/** Which entry a callee stands for: `asyncio.create_task`, `loop.call_later`, `tg.create_task`... */
function entryForCallee(file: PythonFile, callee: Node): Entry | undefined {
  const name = file.qualifiedName(callee);
  if (name === 'asyncio.create_task' || name === 'asyncio.tasks.create_task') return CALLS.create_task;
  if (name === 'asyncio.runners.run') return CALLS['asyncio.run'];
  if (name && CALLS[name]) return CALLS[name];
  if (callee.type === 'attribute' && name === undefined) {
    const method = callee.childForFieldName('attribute')?.text;
    if (method && LOOP_METHODS.has(method)) return CALLS[method];
  }
  return undefined;
}

function explanation(entry: Entry, node: Node): ConstructExplanation {
  return { start: node.startIndex, end: node.endIndex, title: entry.title, explanation: entry.explanation, counterpart: entry.counterpart };
}

/** The construct under `offset`, if it is one of the event-loop constructs above. */
export function explainPythonConstruct(file: PythonFile, offset: number): ConstructExplanation | undefined {
  const leaf = file.module.descendantForIndex(offset, offset);
  if (!leaf) return undefined;
  if (leaf.type === 'await' && leaf.parent?.type === 'await') return explanation(AWAIT, leaf);
  if (leaf.type === 'async' && leaf.parent?.type === 'function_definition') {
    const name = leaf.parent.childForFieldName('name');
    return { ...explanation(ASYNC_DEF, leaf), end: name?.endIndex ?? leaf.endIndex };
  }
  if (leaf.type === 'def' && leaf.parent?.type === 'function_definition' && leaf.previousSibling?.type === 'async') return explanation(ASYNC_DEF, leaf);
  // A name or attribute that is the callee of a call (`asyncio.run`, `loop.call_later`), or `asyncio.TaskGroup` anywhere.
  for (let node: Node | null = leaf; node && (node.type === 'identifier' || node.type === 'attribute'); node = node.parent) {
    const parent = node.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id) {
      const entry = entryForCallee(file, node);
      return entry ? explanation(entry, node) : undefined;
    }
    const name = file.qualifiedName(node);
    if (name === 'asyncio.TaskGroup') return explanation(CALLS['asyncio.TaskGroup']!, node);
    if (parent?.type !== 'attribute') return undefined;
  }
  return undefined;
}
