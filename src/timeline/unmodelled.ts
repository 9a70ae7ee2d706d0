/**
 * The one convention for code the timeline does not model (issue 13 item 2):
 * shown in the hover of the timeline panel's header and printed in the README
 * ("Unmodelled code"); a unit test keeps the two the same text. Pure.
 */
export const UNMODELLED_CODE_CONVENTION = [
  'An import that is neither a workspace file nor a module the simulator models (a third-party package, a native module) is unmodelled; values from it are opaque.',
  'Calling an opaque value or reading its attributes gives another opaque value at once.',
  'The result of a call into opaque code is an awaitable that completes after the assumed I/O latency L — 100 ms by default, `looplens timeline --io-latency MS`, setting `looplens.timeline.ioLatencyMs` — counted, as in each language, from when the work starts: in JS at the call (a promise is already running), in Python when the coroutine is awaited or wrapped in a task.',
  'It can be awaited, `.then`-ed, gathered, raced and passed to `create_task`.',
  'Entering or leaving an opaque `async with`, and each step of an opaque `async for`, take one loop iteration; an opaque async iterable yields once.',
  'An opaque value used as a condition is truthy; printed, it shows as a placeholder.',
  'Known blocking calls (the rules\' catalogue: `requests.*`, `urllib.request.urlopen`, `subprocess.run`, `fs.readFileSync`, `execSync`, …) block the whole loop for L.',
  'Global `fetch` is unmodelled I/O.',
].join(' ');

/** Bounds of the assumed I/O latency the panel lets the user set, in ms (the setting's own bounds). */
export const IO_LATENCY_LIMITS = { min: 0, max: 3_600_000, default: 100 } as const;
