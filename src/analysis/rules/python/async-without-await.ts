/** py/async-without-await: an `async def` that never awaits gains nothing from being a coroutine. */
import type { Node } from 'web-tree-sitter';
import { classifyBlockingCall, executorOfWithItem, threadLockOfWithItem } from '../../python/blocking';
import { loopStarterOf } from '../../python/loops';
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import { busyLoopKind } from './busy-loop';
import doc from './async-without-await.md';

const EXPLAINING_CALLS = new Set([
  'asyncio.get_event_loop',
  'asyncio.run',
  // These need a running loop: the function must be a coroutine (or run inside one) to call them.
  'asyncio.get_running_loop',
  'asyncio.create_task',
  'asyncio.ensure_future',
  'asyncio.current_task',
  'asyncio.all_tasks',
]);
/** Test functions and hooks a test runner (pytest-asyncio, IsolatedAsyncioTestCase...) awaits inside its loop, by naming convention. */
const TEST_NAMES = /^(test|asyncSetUp$|asyncTearDown$|asyncSetUpClass$|asyncTearDownClass$)/;
/** A return annotation saying the function deliberately hands back something awaitable or asynchronous. */
const AWAITABLE_RETURN = /\b(Awaitable|Coroutine|Future|Task|AsyncIterator|AsyncIterable|AsyncGenerator)\b/;

/** A body of only docstrings, `pass`, `...` and `raise`: a stub or an abstract method. */
function isStub(fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return true;
  return body.namedChildren.every((statement) => {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement' || statement.type === 'raise_statement') return true;
    if (statement.type !== 'expression_statement') return false;
    const expression = statement.firstNamedChild;
    return expression?.type === 'string' || expression?.type === 'ellipsis';
  });
}

/** A method that may override or implement an interface: its class has bases, it is a dunder, or it is decorated. */
function mayImplementInterface(fn: Node): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  if (fn.parent?.type === 'decorated_definition') return true;
  const classBody = fn.parent?.type === 'block' ? fn.parent : null;
  const cls = classBody?.parent?.type === 'class_definition' ? classBody.parent : null;
  if (!cls) return false;
  return (name.startsWith('__') && name.endsWith('__')) || !!cls.childForFieldName('superclasses');
}

export const asyncWithoutAwait: Rule<PythonFile> = {
  id: 'py/async-without-await',
  family: 'python',
  defaultSeverity: 'hint',
  summary: '`async def` that never awaits: make it a plain function',
  interopCodes: ['RUF029'],
  doc,
  // Whether a function is registered as a callback depends on statements anywhere in the file.
  scope: 'file',
  check(context, file) {
    let explained: Set<number> | undefined;
    for (const fn of file.functions) {
      if (!file.isAsync(fn) || file.functionSuspends(fn) || file.isGenerator(fn)) continue;
      if (isStub(fn) || mayImplementInterface(fn) || file.enclosingFunction(fn)) continue;
      if (AWAITABLE_RETURN.test(fn.childForFieldName('return_type')?.text ?? '')) continue;
      const name = fn.childForFieldName('name');
      if (name && TEST_NAMES.test(name.text)) continue;
      if (name && sharedAsyncMethod(file, fn, name.text)) continue;
      // Handed on as a value: a callback.
      const use = name ? uses(file, name.text) : 'none';
      if (use === 'value') continue;
      // Not awaited in this file and shaped like a framework callback, or a test double standing in for an async API.
      if (use === 'none' && (handlerLike(fn) || fakeMethod(file, fn))) continue;
      explained ??= explainedFunctions(file);
      if (explained.has(fn.id)) continue;
      context.report({
        node: fn,
        start: fn.startIndex,
        end: name?.endIndex ?? fn.startIndex + 5,
        message: `\`${name?.text ?? 'This function'}\` is \`async\` but never awaits: calling it only wraps a plain result in a coroutine, and its body still runs without ever letting other tasks in. Make it a plain \`def\`, or await the async work it should do.`,
      });
    }
  },
};

/**
 * How the file uses the function's name: `value` when it is referenced as a value rather than awaited somewhere
 * (`on(handle)`, `callback=self.handle`, `handlers = [handle]`, `create_task(handle())`): it is handed to code that wants a coroutine (function).
 */
function uses(file: PythonFile, name: string): 'value' | 'awaited' | 'none' {
  let awaited = false;
  const pattern = new RegExp(`\\b${name}\\b`, 'g');
  for (let match = pattern.exec(file.text); match; match = pattern.exec(file.text)) {
    const id = file.module.descendantForIndex(match.index, match.index + name.length);
    if (id?.type !== 'identifier' || id.startIndex !== match.index) continue;
    let use: Node = id;
    const parent = id.parent;
    if (!parent || parent.type === 'function_definition' || parent.type === 'class_definition') continue;
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (parent.type === 'attribute') {
      if (parent.childForFieldName('attribute')?.id !== id.id) continue;
      use = parent;
    }
    const around = use.parent;
    if (!around) continue;
    if (around.type === 'call' && around.childForFieldName('function')?.id === use.id) {
      // A call whose coroutine is not awaited right there is handed on (`create_task(f())`, `mock.return_value = f()`): it must stay a coroutine.
      let outer = around.parent;
      while (outer?.type === 'parenthesized_expression') outer = outer.parent;
      if (outer?.type === 'await') {
        awaited = true;
        continue;
      }
      return 'value';
    }
    if (around.type === 'attribute' && around.childForFieldName('object')?.id === use.id) continue;
    if (around.type === 'import_from_statement' || around.type === 'dotted_name' || around.type === 'aliased_import') continue;
    return 'value';
  }
  return awaited ? 'awaited' : 'none';
}

/** The first parameter (after `self`/`cls`) is what frameworks pass to handlers and hooks: a request, a context, the app or the bot. */
const HANDLER_PARAMETERS = /^_?(request|req|ctx|context|interaction|app|application|bot|client|update|event|message|websocket|ws|scope)$/;

function handlerLike(fn: Node): boolean {
  const names = (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .map((parameter) => (parameter?.type === 'identifier' ? parameter : (parameter?.childForFieldName('name') ?? parameter?.namedChildren.find((c) => c?.type === 'identifier'))))
    .map((id) => id?.text ?? '');
  const first = names[0] === 'self' || names[0] === 'cls' ? names[1] : names[0];
  return !!first && HANDLER_PARAMETERS.test(first);
}

/** A method of a test double (`FakeRedis`, `_MockSession`, `StubClient`, `DummyWriter`): it mimics an async API by duck typing. */
function fakeMethod(file: PythonFile, fn: Node): boolean {
  const cls = file.enclosingClass(fn);
  const name = cls?.childForFieldName('name')?.text ?? '';
  return /^_*(Fake|Mock|Stub|Dummy)|(Fake|Mock|Stub|Dummy)$/.test(name);
}

/** Another class of the file has an `async def` of the same name: the classes share an interface (a base and its overrides). */
function sharedAsyncMethod(file: PythonFile, fn: Node, name: string): boolean {
  const cls = file.enclosingClass(fn);
  if (!cls || file.enclosingFunction(fn)) return false;
  const classes = file.memo('asyncMethodClasses', file.module.id, () => {
    const byName = new Map<string, Set<number>>();
    for (const method of file.functions) {
      const owner = method.parent?.type === 'block' || method.parent?.type === 'decorated_definition' ? file.enclosingClass(method) : null;
      const methodName = method.childForFieldName('name')?.text;
      if (!owner || !methodName || !file.isAsync(method) || file.enclosingFunction(method)) continue;
      let set = byName.get(methodName);
      if (!set) byName.set(methodName, (set = new Set()));
      set.add(owner.id);
    }
    return byName;
  });
  const owners = classes.get(name);
  return !!owners && [...owners].some((id) => id !== cls.id);
}

/** Coroutines with a finding that explains the missing await (a blocking call whose fix adds one, a nested loop start, a busy loop...). */
function explainedFunctions(file: PythonFile): Set<number> {
  const result = new Set<number>();
  const mark = (node: Node, explains: () => boolean): void => {
    const fn = file.enclosingFunction(node);
    if (!fn || !file.isAsync(fn) || result.has(fn.id)) return;
    if (explains()) result.add(fn.id);
  };
  for (const call of file.calls) {
    mark(call, () => {
      const name = file.calleeName(call);
      if ((name !== undefined && EXPLAINING_CALLS.has(name)) || classifyBlockingCall(file, call) || file.calledCoroutineFunction(call)) return true;
      const target = file.calledFunction(call);
      return !!target && !!loopStarterOf(file, target);
    });
  }
  for (const loop of file.whileLoops) mark(loop, () => !!busyLoopKind(loop));
  for (const statement of file.withStatements) {
    const body = statement.childForFieldName('body');
    mark(statement, () => statement.descendantsOfType('with_item').some((item) => !!item && (!!threadLockOfWithItem(file, item) || !!executorOfWithItem(file, item, body))));
  }
  return result;
}
