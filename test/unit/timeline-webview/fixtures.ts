/** Hand-written timeline models the webview tests render (the simulator is tested elsewhere). */
import type { TimelineModel, TimelineStep } from '../../../src/timeline/model';

export const HOSTILE = '<img src=x onerror=alert(1)>';

type StepInput = Omit<TimelineStep, 'column' | 'endLine' | 'endColumn'> & Partial<Pick<TimelineStep, 'column' | 'endLine' | 'endColumn'>>;

function step(input: StepInput): TimelineStep {
  return { column: 1, endLine: input.line, endColumn: 40, ...input };
}

/**
 * console.log('start'); setTimeout(…, 0); setImmediate(…); Promise.resolve().then(…);
 * process.nextTick(…); setTimeout(…, 1000); console.log('<img src=x onerror=alert(1)>')
 */
export const JS_MODEL: TimelineModel = {
  version: 1,
  language: 'javascript',
  module: 'commonjs',
  timeUnit: 'ms',
  steps: [
    step({ id: 1, t: 0, lane: 'stack', kind: 'run', label: 'main script', explanation: 'The whole file runs first, synchronously, on the call stack.', line: 1, endLine: 7 }),
    step({ id: 2, t: 0, lane: 'stack', kind: 'print', label: "console.log('start')", explanation: 'Synchronous output comes before anything queued.', line: 1, cause: 1 }),
    step({ id: 3, t: 0, lane: 'stack', kind: 'schedule', label: 'setTimeout(…, 0)', explanation: 'A timer is armed; its callback waits for the timers phase (at least 1 ms).', line: 2, cause: 1 }),
    step({ id: 4, t: 0, lane: 'stack', kind: 'schedule', label: 'setImmediate(…)', explanation: 'The callback waits for the check phase of the loop.', line: 3, cause: 1 }),
    step({ id: 5, t: 0, lane: 'stack', kind: 'schedule', label: 'Promise.resolve().then(…)', explanation: 'The promise is already settled, so the reaction job is queued now.', line: 4, cause: 1 }),
    step({ id: 6, t: 0, lane: 'stack', kind: 'schedule', label: 'process.nextTick(…)', explanation: 'nextTick callbacks run as soon as the stack empties, before promise jobs.', line: 5, cause: 1 }),
    step({ id: 7, t: 0, lane: 'stack', kind: 'schedule', label: 'setTimeout(…, 1000)', explanation: 'A second timer, due one second later.', line: 6, cause: 1 }),
    step({ id: 8, t: 0, lane: 'stack', kind: 'print', label: `console.log('${HOSTILE}')`, explanation: `Prints ${HOSTILE} literally.`, line: 7, cause: 1 }),
    step({ id: 9, t: 0, lane: 'nextTick', kind: 'print', label: "console.log('tick')", explanation: 'The nextTick queue drains first.', line: 5, cause: 6 }),
    step({ id: 10, t: 0, lane: 'microtask', kind: 'print', label: "console.log('promise')", explanation: 'Then the promise microtask queue drains.', line: 4, cause: 5 }),
    step({ id: 11, t: 1, lane: 'timer', kind: 'print', label: "console.log('timeout')", explanation: 'The 0 ms timer fires in the first timers phase.', line: 2, cause: 3 }),
    step({ id: 12, t: 1, lane: 'immediate', kind: 'print', label: "console.log('immediate')", explanation: 'The immediate runs in the check phase.', line: 3, cause: 4 }),
    step({ id: 13, t: 1000, lane: 'timer', kind: 'print', label: "console.log('late')", explanation: 'After a long idle wait, the 1000 ms timer fires.', line: 6, cause: 7 }),
  ],
  output: [
    { text: 'start', t: 0, step: 2 },
    { text: HOSTILE, t: 0, step: 8 },
    { text: 'tick', t: 0, step: 9 },
    { text: 'promise', t: 0, step: 10 },
    { text: 'timeout', t: 1, step: 11 },
    { text: 'immediate', t: 1, step: 12 },
    { text: 'late', t: 1000, step: 13, stream: 'stderr' },
  ],
  notes: [
    {
      kind: 'nondeterministic',
      message: 'setTimeout(…, 0) and setImmediate(…) in the main module run in either order, depending on process start-up time.',
      line: 2,
      orders: [
        ['timeout', 'immediate'],
        ['immediate', 'timeout'],
      ],
    },
  ],
};

/** asyncio: main creates a task, then blocks the loop with time.sleep(1). */
export const PYTHON_MODEL: TimelineModel = {
  version: 1,
  language: 'python',
  module: null,
  timeUnit: 's',
  steps: [
    step({ id: 1, t: 0, lane: 'task:main', kind: 'run', label: 'main()', explanation: 'asyncio.run starts main as the first task.', line: 14 }),
    step({ id: 2, t: 0, lane: 'task:main', kind: 'schedule', label: 'asyncio.create_task(worker("w1"))', explanation: 'The task is created; its body starts on a later loop iteration.', line: 9, cause: 1 }),
    step({ id: 3, t: 0, lane: 'task:main', kind: 'block', label: 'time.sleep(1)', explanation: 'time.sleep blocks the whole event loop for 1 s: no other task can run.', line: 10, duration: 1000, cause: 1 }),
    step({ id: 4, t: 1000, lane: 'task:main', kind: 'print', label: 'print("main awake")', explanation: 'main prints after the blocking sleep.', line: 11 }),
    step({ id: 5, t: 1000, lane: 'task:main', kind: 'await', label: 'await t', explanation: 'main suspends until the worker task finishes.', line: 12 }),
    step({ id: 6, t: 1000, lane: 'loop', kind: 'run', label: 'worker step', explanation: 'The ready queue finally runs the worker task’s first step.', line: 3, cause: 2 }),
    step({ id: 7, t: 1000, lane: 'task:w1', kind: 'print', label: 'print(f"{name} start")', explanation: 'The worker starts a whole second late.', line: 4, cause: 6 }),
    step({ id: 8, t: 1000, lane: 'task:w1', kind: 'await', label: 'await asyncio.sleep(0.5)', explanation: 'asyncio.sleep schedules a timer and yields to the loop.', line: 5 }),
    step({ id: 9, t: 1000, lane: 'timer', kind: 'schedule', label: 'call_later(0.5)', explanation: 'The timer is due at 1.5 s.', line: 5, cause: 8 }),
    step({ id: 10, t: 1500, lane: 'timer', kind: 'run', label: 'timer fires', explanation: 'The timer completes the sleep future.', line: 5, cause: 9 }),
    step({ id: 11, t: 1500, lane: 'task:w1', kind: 'print', label: 'print(f"{name} done")', explanation: 'The worker resumes and prints.', line: 6, cause: 10 }),
    step({ id: 12, t: 1500, lane: 'task:main', kind: 'resume', label: 'await t', explanation: 'main resumes once the task is done.', line: 12, cause: 11, approximate: true }),
  ],
  output: [
    { text: 'main awake', t: 1000, step: 4 },
    { text: 'w1 start', t: 1000, step: 7 },
    { text: 'w1 done', t: 1500, step: 11 },
  ],
  notes: [{ kind: 'approximate', message: 'The task resumes one loop iteration after the worker finishes; times are rounded.', line: 12 }],
};
