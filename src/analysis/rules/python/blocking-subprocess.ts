/** py/blocking-subprocess: waiting for a child process inside a coroutine blocks the event loop. */
import doc from './blocking-subprocess.md';
import { blockingCallRule } from './blocking-rule';

export const blockingSubprocess = blockingCallRule({
  id: 'py/blocking-subprocess',
  summary: '`subprocess.run`, `os.system`, `Popen.wait()` and friends in a coroutine block the event loop',
  interopCodes: ['ASYNC220', 'ASYNC221', 'ASYNC222'],
  doc,
  category: 'subprocess',
  message: (blocking) => `\`${blocking.display}\` waits for a child process and blocks the event loop meanwhile. Use \`asyncio.create_subprocess_exec()\`, or \`await asyncio.to_thread(…)\`.`,
});
