/** py/busy-loop: a `while` loop in a coroutine that never awaits never lets the event loop run anything else. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../../python/semantics';
import { unwrapParentheses, walkDescendants } from '../../syntax';
import type { Rule } from '../../types';
import doc from './busy-loop.md';

const EXITS = new Set(['await', 'yield', 'break_statement', 'return_statement', 'raise_statement']);
const NESTED = new Set(['function_definition', 'lambda', 'class_definition']);

/** The body can give the loop a turn or leave the loop: await, yield, break, return, raise, async for/with. */
function bodyYieldsOrExits(body: Node): boolean {
  let found = false;
  walkDescendants(body, (node) => {
    if (found || NESTED.has(node.type)) return false;
    if (EXITS.has(node.type) || ((node.type === 'for_statement' || node.type === 'with_statement') && node.text.startsWith('async'))) {
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

/** Names and attribute paths the condition reads (`self.ready`, `count`). */
function conditionPaths(condition: Node): Set<string> {
  const paths = new Set<string>();
  const visit = (node: Node): boolean => {
    if (node.type === 'attribute' || node.type === 'identifier') {
      paths.add(node.text);
      if (node.type === 'attribute') {
        const object = node.childForFieldName('object');
        if (object) paths.add(object.text);
      }
      return node.type === 'attribute';
    }
    return true;
  };
  if (visit(condition)) walkDescendants(condition, visit);
  return paths;
}

/** Whether the body may change something the condition reads: assigns it, mutates it, calls a method on it, or passes it to a call. */
function bodyMayChange(body: Node, paths: ReadonlySet<string>): boolean {
  const touches = (node: Node | null): boolean => {
    if (!node) return false;
    const text = node.text;
    for (const path of paths) if (text === path || text.startsWith(`${path}.`) || text.startsWith(`${path}[`)) return true;
    return false;
  };
  let changed = false;
  walkDescendants(body, (node) => {
    if (changed) return false;
    switch (node.type) {
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (touches(left) || (left && left.descendantsOfType(['identifier', 'attribute', 'subscript']).some((n) => touches(n)))) changed = true;
        return true;
      }
      case 'delete_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        if (node.namedChildren.some((n) => touches(n))) changed = true;
        return true;
      case 'call': {
        const callee = node.childForFieldName('function');
        const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
        const args = node.childForFieldName('arguments');
        if (touches(object) || (args && args.namedChildren.some((a) => touches(a)))) changed = true;
        return true;
      }
      default:
        return true;
    }
  });
  return changed;
}

function isAlwaysTrue(condition: Node): boolean {
  const text = unwrapParentheses(condition).text;
  return text === 'True' || text === '1';
}

/** Whether a `while` loop spins without giving the event loop a turn (the caller checks the async context). */
export function busyLoopKind(loop: Node): { condition: Node; infinite: boolean } | undefined {
  const body = loop.childForFieldName('body');
  const condition = loop.childForFieldName('condition');
  if (!body || !condition || bodyYieldsOrExits(body)) return undefined;
  // `while await reader.readline() != b"":` gives the loop a turn on every test of the condition.
  if (condition.type === 'await' || condition.descendantsOfType(['named_expression', 'await']).length > 0) return undefined;
  const infinite = isAlwaysTrue(condition);
  if (!infinite && bodyMayChange(body, conditionPaths(condition))) return undefined;
  // A busy loop run unconditionally by the body is the one reported: once in it, this loop never turns again.
  if (body.namedChildren.some((inner) => inner?.type === 'while_statement' && !!busyLoopKind(inner))) return undefined;
  return { condition, infinite };
}

export const busyLoop: Rule<PythonFile> = {
  id: 'py/busy-loop',
  family: 'python',
  defaultSeverity: 'warning',
  summary: 'a `while` loop in a coroutine that never awaits spins without giving the event loop a turn',
  interopCodes: [],
  doc,
  check(context, file) {
    for (const loop of file.whileLoops) {
      if (!file.isAsyncContext(loop)) continue;
      const busy = busyLoopKind(loop);
      if (!busy) continue;
      const { condition, infinite } = busy;
      context.report({
        node: loop,
        end: condition.endIndex,
        message: infinite
          ? 'This `while` loop never awaits, yields, breaks or returns: once entered, it holds the event loop forever and no other task runs. Add an `await` (e.g. `await asyncio.sleep(…)`) or an exit.'
          : 'Nothing in this `while` loop changes its condition and it never awaits: it waits for something only another task can do, but no other task runs until it ends. Await inside the loop, or wait on an `asyncio.Event`.',
      });
    }
  },
};
