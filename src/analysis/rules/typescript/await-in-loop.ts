/**
 * ts/await-in-loop: `await` in a `for` loop whose iterations do not depend on
 * each other — they run one after another when they could run together.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses, walkDescendants } from '../../syntax';
import { FUNCTION_TYPES, LOOP_TYPES, collectPatternNames, isForAwait, type TsFile } from '../../typescript/semantics';
import type { Rule } from '../../types';
import doc from './await-in-loop.md';

const SLEEP_NAMES = /^(sleep|delay|wait|pause|backoff|setTimeout|timeout)/i;

export const awaitInLoop: Rule<TsFile> = {
  id: 'ts/await-in-loop',
  family: 'typescript',
  defaultSeverity: 'hint',
  summary: '`await` in a loop whose iterations are independent: they run one by one instead of together',
  interopCodes: ['no-await-in-loop'],
  doc,
  check(context, file) {
    const perLoop = new Map<number, LoopFacts | null>();
    const reportedLoops = new Set<number>();
    for (const awaitNode of file.awaits) {
      const loop = file.enclosingLoop(awaitNode);
      if (!loop || (loop.type !== 'for_statement' && loop.type !== 'for_in_statement') || isForAwait(loop)) continue;
      const body = loop.childForFieldName('body');
      if (!body || awaitNode.startIndex < body.startIndex || awaitNode.endIndex > body.endIndex) continue;
      let facts = perLoop.get(loop.id);
      if (facts === undefined) perLoop.set(loop.id, (facts = loopFacts(file, loop, body)));
      if (!facts) continue;
      if (facts.exits.some((exit) => exit > awaitNode.startIndex)) continue;
      const awaited = awaitNode.firstNamedChild;
      if (awaited && references(awaited, facts.carried)) continue;
      // Awaiting promises that already run (`for (const p of promises) await p`) costs nothing: only calls start work.
      const started = awaited && unwrapParentheses(awaited);
      if (!started || (started.type !== 'call_expression' && started.type !== 'new_expression')) continue;
      // One finding per loop: the later awaits of an iteration follow from the first.
      if (reportedLoops.has(loop.id)) continue;
      reportedLoops.add(loop.id);
      context.report({
        node: awaitNode,
        message: '`await` inside a loop: each iteration waits for the previous one to finish, although they do not depend on each other. Start them all, then `await Promise.all(…)`.',
      });
    }
  },
};

interface LoopFacts {
  /** Offsets of `return` and of `break`s that leave this loop. */
  readonly exits: number[];
  /** Names assigned in the body: values carried from one iteration to the next. */
  readonly carried: Set<string>;
}

/** Facts of one loop, or null when the loop is a poller / rate-limited (it awaits a sleep). */
function loopFacts(file: TsFile, loop: Node, body: Node): LoopFacts | null {
  const exits: number[] = [];
  const carried = new Set<string>();
  // Names that change with each iteration: the loop's own bindings and what the body declares.
  const perIteration = new Set<string>();
  const declared = loop.childForFieldName('left') ?? loop.childForFieldName('initializer');
  if (declared) collectPatternNames(declared, (id) => perIteration.add(id.text));
  const awaited: Node[] = [];
  let sleeps = false;
  // `for (const x of iterator)` over a shared iterator is a worker of a concurrency-limited pool.
  const iterable = loop.childForFieldName('right');
  if (iterable?.type === 'identifier' && /iter(ator)?$/i.test(iterable.text)) return null;
  walkDescendants(body, (node) => {
    if (FUNCTION_TYPES.has(node.type)) return false;
    switch (node.type) {
      case 'return_statement':
        exits.push(node.startIndex);
        break;
      case 'break_statement':
        if (leaves(breakTarget(node), loop)) exits.push(node.startIndex);
        break;
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        const left = node.childForFieldName('left');
        if (left) collectNames(left, carried);
        break;
      }
      case 'update_expression': {
        const argument = node.childForFieldName('argument');
        if (argument) collectNames(argument, carried);
        break;
      }
      case 'await_expression':
        if (file.enclosingLoop(node)?.id === loop.id) {
          if (isSleep(file, node.firstNamedChild)) sleeps = true;
          if (node.firstNamedChild) awaited.push(node.firstNamedChild);
        }
        break;
      case 'variable_declarator': {
        const name = node.childForFieldName('name');
        if (name) collectPatternNames(name, (id) => perIteration.add(id.text));
        break;
      }
      default:
        break;
    }
    return true;
  });
  // A loop that awaits something unrelated to the iteration repeats one step (a conversation,
  // a retry, a stream reader): its iterations depend on state the step changes.
  const repeats = awaited.some((expression) => !references(expression, perIteration));
  if (sleeps || repeats || isReversed(loop) || awaited.some((expression) => hasOrderedEffect(expression, perIteration))) return null;
  return { exits, carried };
}

/** Receivers whose operations must happen in order: one connection, transaction, session, stream, socket or file. */
const SHARED_RECEIVER = /^(?:this\.)?_?(?:tx|trx|txn|transaction|conn|connection|client|db|database|session|queryRunner|manager|em|stream|writer|writable|socket|ws|channel|file|fh|handle|out|output|sink|port|page|browser|redis|lock|mutex|queue)$/i;
/** Methods that write or send: their order is the output's order. */
const ORDERED_METHODS = new Set(['write', 'writeln', 'send', 'sendMessage', 'emit', 'append', 'appendFile', 'publish', 'push', 'enqueue', 'pipe', 'end', 'flush', 'commit', 'rollback', 'execute', 'exec', 'query', 'run', 'click', 'type', 'press', 'goto', 'fill', 'keyboard']);
const TEST_RUNNERS = new Set(['test', 'it', 'describe', 'subtest', 'step']);
/** Loop variables that are themselves work to run in order: callbacks, handlers, middleware, migrations, steps, plugins. */
const ORDERED_ITEMS = /(?:callback|cb|handler|listener|hook|middleware|migration|step|task|job|plugin|fn|func|cleanup|disposer|teardown|fixup|patch|interceptor|transform)s?$/i;

/**
 * The awaited call has effects whose order matters: a call of the loop's item
 * itself when it is a callback/handler (`await hook(ctx)`), a write or send
 * (`await stream.write(x)`, `await socket.send(x)`), or a statement on one
 * shared connection/transaction/stream (`await tx.query(sql)`).
 */
function hasOrderedEffect(expression: Node, perIteration: ReadonlySet<string>): boolean {
  const node = unwrapParentheses(expression);
  if (node.type !== 'call_expression') return false;
  const callee = unwrapParentheses(node.childForFieldName('function') ?? node);
  // Sub-tests (`await t.test(name, fn)`, `await it(...)`) run one after another by design.
  if (TEST_RUNNERS.has(callee.type === 'member_expression' ? (callee.childForFieldName('property')?.text ?? '') : callee.text)) return true;
  if (callee.type === 'identifier') return perIteration.has(callee.text) && ORDERED_ITEMS.test(callee.text);
  if (callee.type !== 'member_expression') return false;
  const method = callee.childForFieldName('property')?.text ?? '';
  const object = callee.childForFieldName('object');
  const receiver = object?.text ?? '';
  // `await handler.call(this, x)`, `await plugin.setup(app)`: running the item itself.
  if (object?.type === 'identifier' && perIteration.has(receiver) && ORDERED_ITEMS.test(receiver)) return true;
  if (ORDERED_METHODS.has(method) && (method.startsWith('write') || method === 'send' || method.startsWith('append') || method === 'pipe' || method === 'emit' || method === 'publish')) return true;
  const last = receiver.split('.').pop() ?? '';
  return !perIteration.has(receiver) && (SHARED_RECEIVER.test(receiver) || SHARED_RECEIVER.test(last)) && (ORDERED_METHODS.has(method) || /^(?:query|exec|run|insert|update|delete|upsert|save|create|remove|set|get|del)/i.test(method));
}

/** Iterating in reverse (`xs.reverse()`, `toReversed()`, `for (let i = n - 1; i >= 0; i--)`): the order is the point. */
function isReversed(loop: Node): boolean {
  const right = loop.childForFieldName('right');
  if (right && /\.(?:reverse|toReversed)\(\)\s*$/.test(right.text)) return true;
  const increment = loop.childForFieldName('increment');
  return !!increment && /--|-=/.test(increment.text);
}

/** True when leaving `target` also leaves `loop` (it is the loop or encloses it). */
function leaves(target: Node | undefined, loop: Node): boolean {
  return !!target && target.startIndex <= loop.startIndex && loop.endIndex <= target.endIndex;
}

/** The statement a `break` leaves: its label's statement, or the innermost loop/switch. */
function breakTarget(node: Node): Node | undefined {
  const label = node.namedChildren.find((c) => c?.type === 'statement_identifier')?.text;
  for (let current = node.parent; current && !FUNCTION_TYPES.has(current.type); current = current.parent) {
    if (label) {
      if (current.type === 'labeled_statement' && current.childForFieldName('label')?.text === label) return current;
      continue;
    }
    if (LOOP_TYPES.has(current.type) || current.type === 'switch_statement') return current;
  }
  return undefined;
}

/** `await sleep(ms)`, `await setTimeout(ms)` (timers/promises), `await new Promise(r => setTimeout(r, ms))`. */
function isSleep(file: TsFile, awaited: Node | null): boolean {
  if (!awaited) return false;
  const node = unwrapParentheses(awaited);
  if (node.type === 'new_expression') return /\bsetTimeout\b/.test(node.text);
  if (node.type !== 'call_expression') return false;
  const callee = node.childForFieldName('function');
  if (!callee) return false;
  if (file.qualifiedName(callee) === 'timers.promises.setTimeout') return true;
  const name = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee.text;
  return !!name && SLEEP_NAMES.test(name);
}

function collectNames(target: Node, into: Set<string>): void {
  const node = unwrapParentheses(target);
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') {
    into.add(node.text);
    return;
  }
  if (node.type === 'member_expression' || node.type === 'subscript_expression') {
    // `state.cursor = …` carries `state` over; `results[i] = …` carries `results`, not `i`.
    const object = node.childForFieldName('object');
    if (object) collectNames(object, into);
    return;
  }
  for (const child of node.namedChildren) if (child && child.type !== 'property_identifier') collectNames(child, into);
}

function references(expression: Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  walkDescendants(expression, (node) => {
    if (found) return false;
    if ((node.type === 'identifier' || node.type === 'shorthand_property_identifier') && names.has(node.text)) found = true;
    return !found;
  });
  return found || (expression.type === 'identifier' && names.has(expression.text));
}
