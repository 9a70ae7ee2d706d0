/**
 * py/nested-asyncio-run: starting an event loop from inside a running one
 * raises RuntimeError — directly, or through a same-file helper function.
 */
import type { Node } from 'web-tree-sitter';
import { isAsyncDef, type PythonFile } from '../../python/semantics';
import { awaitExpression } from '../../python/fixes';
import type { Fix, Rule } from '../../types';
import doc from './nested-asyncio-run.md';

const LOOP_RUNNERS = new Set(['run_until_complete', 'run_forever']);

/** The loop-starting call this call is, if any: `asyncio.run(...)`, `loop.run_until_complete(...)`, `loop.run_forever()`. */
function loopStartKind(file: PythonFile, call: Node): string | undefined {
  const name = file.calleeName(call);
  if (name === 'asyncio.run' || name === 'asyncio.runners.run') return 'asyncio.run()';
  const callee = call.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const attribute = callee.childForFieldName('attribute')?.text;
    if (attribute && LOOP_RUNNERS.has(attribute)) return `loop.${attribute}()`;
  }
  return undefined;
}

/** Key of a same-file function as callers name it: `helper` or `Class.method`. */
function functionKey(fn: Node): string | undefined {
  const name = fn.childForFieldName('name')?.text;
  if (!name) return undefined;
  let parent = fn.parent;
  if (parent?.type === 'decorated_definition') parent = parent.parent;
  if (parent?.type === 'module') return name;
  if (parent?.type === 'block' && parent.parent?.type === 'class_definition') {
    return `${parent.parent.childForFieldName('name')?.text}.${name}`;
  }
  return undefined;
}

/** The same-file function a call refers to: `helper()` (module level) or `self.helper()` / `cls.helper()`. */
function calledFunctionKey(file: PythonFile, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  if (callee.type === 'identifier') {
    const resolution = file.resolveName(callee);
    const target = resolution.binding?.node;
    return resolution.kind === 'def' && target?.type === 'function_definition' ? functionKey(target) : undefined;
  }
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object')?.text;
    if (object !== 'self' && object !== 'cls') return undefined;
    const cls = enclosingClassName(call);
    const attribute = callee.childForFieldName('attribute')?.text;
    return cls && attribute ? `${cls}.${attribute}` : undefined;
  }
  return undefined;
}

function enclosingClassName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current.childForFieldName('name')?.text;
  }
  return undefined;
}

interface LoopStarter {
  /** The innermost loop-starting call reached through this function. */
  readonly inner: Node;
  readonly kind: string;
}

/** Plain (non-async) same-file functions that start an event loop, directly or through each other. */
function findLoopStarters(file: PythonFile): Map<string, LoopStarter> {
  const starters = new Map<string, LoopStarter>();
  const callsByFunction = new Map<string, Node[]>();
  for (const call of file.allCalls) {
    const fn = file.enclosingFunction(call);
    if (!fn || fn.type !== 'function_definition' || isAsyncDef(fn)) continue;
    const key = functionKey(fn);
    if (!key) continue;
    const kind = loopStartKind(file, call);
    if (kind && !starters.has(key)) starters.set(key, { inner: call, kind });
    let list = callsByFunction.get(key);
    if (!list) callsByFunction.set(key, (list = []));
    list.push(call);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, calls] of callsByFunction) {
      if (starters.has(key)) continue;
      for (const call of calls) {
        const target = calledFunctionKey(file, call);
        const starter = target ? starters.get(target) : undefined;
        if (starter) {
          starters.set(key, starter);
          changed = true;
          break;
        }
      }
    }
  }
  return starters;
}

export const nestedAsyncioRun: Rule<PythonFile> = {
  id: 'py/nested-asyncio-run',
  family: 'python',
  defaultSeverity: 'error',
  summary: '`asyncio.run()` / `run_until_complete()` inside a running event loop raises RuntimeError',
  interopCodes: [],
  doc,
  check(context, file) {
    let starters: Map<string, LoopStarter> | undefined;
    for (const call of file.calls) {
      if (!file.isAsyncContext(call)) continue;
      const kind = loopStartKind(file, call);
      if (kind) {
        context.report({
          node: call,
          message: `\`${kind}\` inside a coroutine raises RuntimeError: an event loop is already running here. Await the coroutine instead.`,
          fixes: kind === 'asyncio.run()' ? awaitFix(call) : [],
        });
        continue;
      }
      starters ??= findLoopStarters(file);
      const target = calledFunctionKey(file, call);
      const starter = target ? starters.get(target) : undefined;
      if (!starter) continue;
      // No line number in the message: the related location carries it, and messages must not depend on other statements' positions.
      context.report({
        node: call,
        message: `\`${target}()\` calls \`${starter.kind}\` (see related location), which raises RuntimeError when called from a running event loop.`,
        related: [{ start: starter.inner.startIndex, end: starter.inner.endIndex, message: `\`${starter.kind}\` starts a second event loop here` }],
      });
    }
  },
};

/** `asyncio.run(coro)` → `await coro`, only for the single-argument form. */
function awaitFix(call: Node): Fix[] {
  const args = call.childForFieldName('arguments');
  const only = args?.namedChildCount === 1 ? args.namedChild(0) : null;
  if (!only || only.type === 'keyword_argument' || only.type.endsWith('splat')) return [];
  return [{ title: 'Replace with `await …`', safe: true, edits: [{ start: call.startIndex, end: call.endIndex, newText: awaitExpression(call, only.text) }] }];
}
