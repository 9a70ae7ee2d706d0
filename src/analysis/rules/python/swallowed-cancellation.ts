/** py/swallowed-cancellation: catching CancelledError around an await without re-raising breaks `task.cancel()`, timeouts and TaskGroups. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../../python/semantics';
import { indentationAt, walkDescendants } from '../../syntax';
import type { Fix, Rule } from '../../types';
import doc from './swallowed-cancellation.md';

const CANCELLED = new Set(['asyncio.CancelledError', 'asyncio.exceptions.CancelledError', 'concurrent.futures.CancelledError', 'BaseException']);

/** What the clause catches that includes cancellation: `asyncio.CancelledError`, `BaseException` or everything (bare `except:`). */
function catchesCancellation(file: PythonFile, clause: Node): string | undefined {
  const value = clause.childForFieldName('value');
  if (!value) return clause.type === 'except_clause' ? 'a bare `except:`' : undefined;
  const types = value.type === 'tuple' || value.type === 'parenthesized_expression' ? value.namedChildren : [value];
  for (const type of types) {
    if (!type) continue;
    const name = file.qualifiedName(type);
    if (name && CANCELLED.has(name)) return `\`except ${type.text}\``;
  }
  return undefined;
}

/** Whether `root` contains a node of one of `types`, without entering nested functions or classes. */
function containsOwn(root: Node, types: ReadonlySet<string>): boolean {
  let found = false;
  walkDescendants(root, (node) => {
    if (found || node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') return false;
    if (types.has(node.type) || ((node.type === 'for_statement' || node.type === 'with_statement') && node.text.startsWith('async'))) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

const AWAITS = new Set(['await']);
const ENDINGS = new Set(['pass_statement', 'return_statement', 'continue_statement', 'break_statement']);
const RAISES = new Set(['raise_statement']);

function reraiseFix(file: PythonFile, clause: Node): Fix | undefined {
  const body = clause.namedChildren.find((child) => child?.type === 'block');
  const last = body?.lastNamedChild;
  if (!body || !last || last.startPosition.row === clause.startPosition.row) return undefined;
  const title = 'Re-raise the cancellation (`raise`)';
  // A handler ending in `pass`/`return`/`continue`/`break` ends there: `raise` takes its place.
  if (ENDINGS.has(last.type) && last.text.trim() === last.text && !last.namedChildCount) {
    return { title, safe: false, edits: [{ start: last.startIndex, end: last.endIndex, newText: 'raise' }] };
  }
  const indent = indentationAt(file.text, last.startIndex);
  const newline = file.text.indexOf('\n', last.endIndex);
  const lineEnd = newline === -1 ? file.text.length : newline;
  return { title, safe: false, edits: [{ start: lineEnd, end: lineEnd, newText: `\n${indent}raise` }] };
}

/** `task.cancel()` then `try: await task except CancelledError: pass` — the idiom for waiting until a cancelled task ends. */
function awaitsTaskItJustCancelled(statement: Node, body: Node): boolean {
  const only = body.namedChildCount === 1 ? body.firstNamedChild : null;
  const awaited = only?.type === 'expression_statement' && only.firstNamedChild?.type === 'await' ? only.firstNamedChild.firstNamedChild : null;
  const previous = statement.previousNamedSibling;
  // Only the task itself: `t.cancel()` then `await asyncio.wait(tasks)` / `gather(...)` also swallows this task's own cancellation.
  if (awaited?.type !== 'identifier' && awaited?.type !== 'attribute') return false;
  if (previous?.type === 'expression_statement' && previous.text === `${awaited.text}.cancel()`) return true;
  return awaitsEachCancelledTask(statement, awaited);
}

/** `for t in tasks: t.cancel()` then `for t in tasks: try: await t except CancelledError: ...`: the same idiom over a collection. */
function awaitsEachCancelledTask(statement: Node, awaited: Node): boolean {
  const loop = statement.parent?.type === 'block' ? statement.parent.parent : null;
  if (loop?.type !== 'for_statement' || loop.childForFieldName('left')?.text !== awaited.text) return false;
  const collection = loop.childForFieldName('right')?.text;
  for (let earlier = loop.previousNamedSibling; earlier; earlier = earlier.previousNamedSibling) {
    if (earlier.type !== 'for_statement' || earlier.childForFieldName('right')?.text !== collection) continue;
    const target = earlier.childForFieldName('left')?.text;
    const body = earlier.childForFieldName('body');
    if (target && body?.namedChildren.some((child) => child?.type === 'expression_statement' && child.text === `${target}.cancel()`)) return true;
  }
  return false;
}

export const swallowedCancellation: Rule<PythonFile> = {
  id: 'py/swallowed-cancellation',
  family: 'python',
  defaultSeverity: 'warning',
  summary: '`except CancelledError` / `BaseException` / bare `except:` around an `await` that does not re-raise swallows cancellation',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const statement of file.tryStatements) {
      if (!file.isAsyncContext(statement)) continue;
      const body = statement.childForFieldName('body');
      if (!body || !containsOwn(body, AWAITS) || awaitsTaskItJustCancelled(statement, body)) continue;
      for (const clause of statement.namedChildren) {
        if (clause?.type !== 'except_clause') continue;
        const caught = catchesCancellation(file, clause);
        if (!caught) continue;
        // The first clause that catches cancellation decides; later ones never see it.
        if (!containsOwn(clause, RAISES)) {
          const fix = reraiseFix(file, clause);
          const headerEnd = clause.childForFieldName('value')?.endIndex ?? clause.startIndex + 'except'.length;
          context.report({
            node: clause,
            end: headerEnd,
            message: `${caught} around an \`await\` catches \`asyncio.CancelledError\` and does not re-raise it: \`task.cancel()\`, \`asyncio.timeout()\` and \`TaskGroup\` can no longer stop this task. Re-raise it (\`raise\`).`,
            fixes: fix ? [fix] : [],
          });
        }
        break;
      }
    }
  },
};
