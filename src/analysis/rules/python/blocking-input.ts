/** py/blocking-input: `input()` inside a coroutine stops the event loop until the user presses Enter. */
import doc from './blocking-input.md';
import { blockingCallRule } from './blocking-rule';

export const blockingInput = blockingCallRule({
  id: 'py/blocking-input',
  summary: '`input()` in a coroutine blocks the event loop until the user answers',
  interopCodes: ['ASYNC250'],
  doc,
  category: 'input',
  message: () => '`input()` blocks the event loop until the user presses Enter: no other task runs meanwhile. Use `await asyncio.to_thread(input, …)`.',
});
