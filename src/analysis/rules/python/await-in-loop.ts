/** py/await-in-loop: independent awaits in a `for` loop run one after another instead of concurrently. */
import type { Node } from 'web-tree-sitter';
import type { PythonFile } from '../../python/semantics';
import { unwrapParentheses, walkDescendants } from '../../syntax';
import type { Rule } from '../../types';
import doc from './await-in-loop.md';

const BOUNDARIES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Methods whose calls on a shared object are ordered by nature (streams, queues, locks, connections). */
const ORDERED_METHODS = /^(write|writelines|drain|send\w*|put\w*|acquire|release|sleep|wait\w*|join|close|aclose|flush|recv\w*|read\w*|execute\w*|commit|rollback|cancel|sock_\w+|start|stop|cleanup|shutdown|setup|teardown|initiali[sz]e|install|connect|disconnect|load\w*|reload\w*|unload\w*|on_\w+|log\w*|__aenter__|__aexit__)$/;
/** Methods that add to one ordered container (a message's reactions, a list, a channel): the order of the calls is the order of the items. */
const APPENDING_METHODS = /^(add|append|insert|push|publish|emit|enqueue|extend)(_\w+)?$/;
/** Calls in the body that produce output: the iterations' order is visible. */
const OUTPUT_CALL = /^(print|(\w+\.)*(log|logger|logging|LOGGER|LOG|_log|_logger)\.\w+)$/;
const SEQUENTIAL_FUNCTIONS = new Set(['asyncio.sleep', 'asyncio.wait_for', 'asyncio.wait']);
/** Collections whose items are run in order on purpose: callbacks, handlers, hooks, exit stacks, middleware... */
const ORDERED_ITERABLES = /(callback|handler|hook|listener|observer|subscriber|middleware|exit|cleanup|finali[sz]er|teardown|shutdown|closer|plugin|step|stage|migration|signal|waiter)s?_*$/i;
/** One shared object that serves one call at a time: a connection, transaction, session, stream, socket, file... */
const SHARED_RECEIVERS = /(^|_)(conn|connection|cursor|cur|session|transaction|txn|tx|db|database|pool|stream|writer|reader|sock|socket|ws|websocket|channel|chan|pipe|pipeline|file|fp|fh|redis|client_session|page|browser|driver|terminal|console|serial|port)$/i;

/** The last name in an expression (`self._exit_callbacks` → `_exit_callbacks`, `list(self.handlers)` → `handlers`). */
function tailName(node: Node): string | undefined {
  const inner = unwrapParentheses(node);
  if (inner.type === 'identifier') return inner.text;
  if (inner.type === 'attribute') return inner.childForFieldName('attribute')?.text;
  if (inner.type === 'call') {
    const callee = inner.childForFieldName('function');
    const first = inner.childForFieldName('arguments')?.namedChildren.find((arg) => !!arg && arg.type !== 'comment');
    // `list(xs)`, `sorted(xs)`, `xs.copy()`, `xs.items()` iterate the same collection.
    if (callee?.type === 'identifier' && first) return tailName(first);
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    return object ? tailName(object) : undefined;
  }
  if (inner.type === 'subscript') {
    const value = inner.childForFieldName('value');
    return value ? tailName(value) : undefined;
  }
  return undefined;
}

/** The loop's iterations are ordered on purpose: `reversed(...)`, or a collection of callbacks / handlers / exit functions. */
function orderedIteration(loop: Node): boolean {
  const right = loop.childForFieldName('right');
  if (!right) return false;
  const inner = unwrapParentheses(right);
  if (inner.type === 'call' && inner.childForFieldName('function')?.text === 'reversed') return true;
  const name = tailName(right);
  return !!name && ORDERED_ITERABLES.test(name);
}

/** The `for` loop whose body directly holds `node` (not crossing a function, and not a `while` in between). */
function enclosingForBody(node: Node): Node | undefined {
  for (let current = node.parent, child: Node = node; current; child = current, current = current.parent) {
    if (BOUNDARIES.has(current.type) || current.type === 'while_statement') return undefined;
    if (current.type === 'for_statement') return current.childForFieldName('body')?.id === child.id ? current : undefined;
  }
  return undefined;
}

function identifiersIn(node: Node): Set<string> {
  const names = new Set<string>();
  walkDescendants(node, (n) => {
    if (n.type === 'identifier') names.add(n.text);
    else if (n.type === 'keyword_argument') {
      const value = n.childForFieldName('value');
      if (value) for (const name of identifiersIn(value)) names.add(name);
      return false;
    }
    return true;
  });
  if (node.type === 'identifier') names.add(node.text);
  return names;
}

interface LoopFacts {
  readonly targets: ReadonlySet<string>;
  /** Names assigned in the body by a statement that awaits, or by augmented assignment: values carried between iterations. */
  readonly carried: ReadonlySet<string>;
  readonly exits: boolean;
  /** The iterations are ordered on purpose (see orderedIteration). */
  readonly ordered: boolean;
}

function loopFacts(loop: Node): LoopFacts {
  const left = loop.childForFieldName('left');
  const targets = left ? identifiersIn(left) : new Set<string>();
  const carried = new Set<string>();
  let exits = false;
  const body = loop.childForFieldName('body');
  if (body) {
    walkDescendants(body, (node) => {
      if (BOUNDARIES.has(node.type)) return false;
      if (node.type === 'break_statement' || node.type === 'return_statement') exits = true;
      if (node.type === 'assignment' || node.type === 'augmented_assignment') {
        const target = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const awaits = !!right && (right.type === 'await' || right.descendantsOfType('await').length > 0);
        if (target && (awaits || node.type === 'augmented_assignment')) for (const name of identifiersIn(target)) carried.add(name);
      }
      return true;
    });
  }
  return { targets, carried, exits, ordered: orderedIteration(loop) || printsOrLogs(loop) };
}

/** The loop body prints or logs: running its iterations together would reorder the output. */
function printsOrLogs(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  return !!body && body.descendantsOfType('call').some((call) => !!call && OUTPUT_CALL.test(call.childForFieldName('function')?.text ?? ''));
}

/** `last = await f(x)` where `last` was set before the loop: only the final iteration's result is kept, in order. */
function keepsLastResult(file: PythonFile, node: Node, loop: Node): boolean {
  const assignment = node.parent;
  const target = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === node.id ? assignment.childForFieldName('left') : null;
  if (target?.type !== 'identifier') return false;
  const fn = file.enclosingFunction(loop);
  const before = file.text.slice(fn?.childForFieldName('body')?.startIndex ?? 0, loop.startIndex);
  return new RegExp(`(^|[^\\w.])${target.text}\\s*(:[^=\\n]*)?=(?!=)`).test(before);
}

export const awaitInLoop: Rule<PythonFile> = {
  id: 'py/await-in-loop',
  family: 'python',
  defaultSeverity: 'hint',
  summary: 'independent awaits in a `for` loop run one after another: `asyncio.gather` / `TaskGroup` run them concurrently',
  interopCodes: [],
  doc,
  check(context, file) {
    const facts = new Map<number, LoopFacts>();
    for (const node of file.awaits) {
      if (!file.isAsyncContext(node)) continue;
      const loop = enclosingForBody(node);
      if (!loop || loop.text.startsWith('async')) continue;
      const call = node.firstNamedChild ? unwrapParentheses(node.firstNamedChild) : undefined;
      if (call?.type !== 'call') continue;
      const name = file.calleeName(call);
      if (name !== undefined && SEQUENTIAL_FUNCTIONS.has(name)) continue;
      const callee = call.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      if (method && ORDERED_METHODS.test(method)) continue;
      let loopFact = facts.get(loop.id);
      if (!loopFact) facts.set(loop.id, (loopFact = loopFacts(loop)));
      if (loopFact.exits || loopFact.ordered) continue;
      const used = identifiersIn(call);
      if (![...loopFact.targets].some((t) => used.has(t))) continue;
      // `await callback()` for each callback / handler: the items are run in order on purpose.
      if (callee?.type === 'identifier' && loopFact.targets.has(callee.text)) continue;
      if (keepsLastResult(file, node, loop)) continue;
      // Calls on one shared connection / session / stream (not one per item) run one at a time anyway.
      const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
      const receiverName = receiver ? tailName(receiver) : undefined;
      const sharedReceiver = !!receiver && ![...loopFact.targets].some((t) => identifiersIn(receiver).has(t));
      if (sharedReceiver && ((receiverName && SHARED_RECEIVERS.test(receiverName)) || (method && APPENDING_METHODS.test(method)))) continue;
      if ([...loopFact.carried].some((c) => used.has(c))) continue;
      context.report({
        node,
        message: 'Each iteration waits for this call before starting the next, although the iterations do not depend on each other. Start them together with `asyncio.gather(...)` or a `TaskGroup`.',
      });
    }
  },
};
