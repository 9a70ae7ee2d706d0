/** py/blocking-http: a synchronous HTTP request inside a coroutine stalls the event loop for the whole round trip. */
import doc from './blocking-http.md';
import { blockingCallRule } from './blocking-rule';

export const blockingHttp = blockingCallRule({
  id: 'py/blocking-http',
  summary: 'synchronous HTTP (`requests`, `urllib`, `httpx.Client`, `http.client`) in a coroutine blocks the event loop',
  interopCodes: ['ASYNC210', 'ASYNC212'],
  doc,
  category: 'http',
  message: (blocking) => `\`${blocking.display}\` is a synchronous HTTP call: the event loop waits for the whole request and nothing else runs. Use an async client, or \`await asyncio.to_thread(…)\`.`,
});
