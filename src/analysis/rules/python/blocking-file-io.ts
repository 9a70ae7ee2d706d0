/** py/blocking-file-io: file system calls inside a coroutine block the event loop on every disk access. */
import type { Node } from 'web-tree-sitter';
import doc from './blocking-file-io.md';
import { blockingCallRule } from './blocking-rule';

/** `with open(p) as f:` keeps using the file synchronously; moving only the `open` to a thread would not help. */
function notAContextManager(call: Node): boolean {
  let parent = call.parent;
  if (parent?.type === 'as_pattern') parent = parent.parent;
  return parent?.type !== 'with_item';
}

export const blockingFileIo = blockingCallRule({
  id: 'py/blocking-file-io',
  summary: '`open()`, `Path.read_text()`, `shutil.copy()` and friends in a coroutine block the event loop',
  interopCodes: ['ASYNC230'],
  doc,
  category: 'file-io',
  message: (blocking) => `\`${blocking.display}\` does blocking file I/O on the event loop's thread. Move it to a thread with \`await asyncio.to_thread(…)\`.`,
  fixable: notAContextManager,
});
