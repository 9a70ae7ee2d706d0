/**
 * ts/async-callback-void: an async function handed to an API that ignores the
 * callback's return value (timers, microtasks, event listeners) — its
 * rejections become unhandled.
 */
import type { Node } from 'web-tree-sitter';
import { hasAsyncKeyword, unwrapParentheses } from '../../syntax';
import { isAsyncFunctionNode } from '../../typescript/promises';
import { FUNCTION_TYPES, LISTENER_METHODS, TIMER_APIS, type TsFile } from '../../typescript/semantics';
import type { Fix, Rule } from '../../types';
import doc from './async-callback-void.md';

export const asyncCallbackVoid: Rule<TsFile> = {
  id: 'ts/async-callback-void',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: 'async function passed to a timer or event listener, which ignores the promise: rejections are unhandled',
  interopCodes: ['@typescript-eslint/no-misused-promises'],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      const api = voidCallbackApi(file, call);
      if (!api) continue;
      for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
        if (!arg) continue;
        const inline = FUNCTION_TYPES.has(arg.type);
        const target = inline ? arg : unwrapParentheses(arg).type === 'identifier' ? file.calleeFunction(arg) : undefined;
        if (!target || !isAsyncFunctionNode(target)) continue;
        const what = inline ? 'An async callback' : `\`${arg.text}\` is async and`;
        context.report({
          node: arg,
          end: inline ? headEnd(arg) : arg.endIndex,
          message: `${what} is passed to \`${api}\`, which ignores the promise it returns: if it rejects, nothing catches the error (an unhandled rejection, which stops Node by default). Handle the rejection inside, or wrap: \`() => { void f().catch(…) }\`.`,
          fixes: fixFor(arg, target, inline, context.language.javascript),
        });
      }
    }
  },
};

/** The API name when `call` registers a callback whose return value is ignored. */
function voidCallbackApi(file: TsFile, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const node = unwrapParentheses(callee);
  const qualified = file.qualifiedName(node);
  if (qualified && TIMER_APIS.has(qualified)) return node.text;
  if (node.type === 'member_expression') {
    const method = node.childForFieldName('property')?.text ?? '';
    if (LISTENER_METHODS.has(method)) return `.${method}`;
  }
  return undefined;
}

/** End of a function's head (up to its body), to keep the squiggle short. */
function headEnd(fn: Node): number {
  const body = fn.childForFieldName('body');
  return body && body.type === 'statement_block' ? body.startIndex : fn.endIndex;
}

function fixFor(arg: Node, target: Node, inline: boolean, javascript: boolean): Fix[] {
  const handler = `.catch(${javascript ? '(error)' : '(error: unknown)'} => console.error(error))`;
  if (!inline) {
    const names = parameterNames(target);
    const list = names ? names.join(', ') : '...args';
    return [{ title: 'Wrap: `() => { void f().catch(…) }`', safe: false, edits: [{ start: arg.startIndex, end: arg.endIndex, newText: `(${list}) => { void ${arg.text}(${list})${handler}; }` }] }];
  }
  // Keep the callback's own kind (arrow or function, for `this`) and parameters;
  // run the async body in an inner async arrow whose rejection is handled.
  const body = arg.childForFieldName('body');
  if (!body || !hasAsyncKeyword(arg) || arg.childForFieldName('return_type')) return [];
  const asyncToken = arg.children.find((c) => c?.type === 'async');
  if (!asyncToken) return [];
  let head = arg.text.slice(0, body.startIndex - arg.startIndex);
  head = head.slice(0, asyncToken.startIndex - arg.startIndex) + head.slice(asyncToken.endIndex - arg.startIndex).replace(/^\s+/, '');
  const inner = `(async () => ${body.type === 'statement_block' ? body.text : `(${body.text})`})()`;
  const newText = `${head}{ void ${inner}${handler}; }`;
  return [{ title: 'Wrap: `() => { void (async () => …)().catch(…) }`', safe: false, edits: [{ start: arg.startIndex, end: arg.endIndex, newText }] }];
}

/** Plain parameter names of a function (`(a, b: T)` → a, b), or undefined for rest/destructuring/defaults. */
function parameterNames(fn: Node): string[] | undefined {
  const single = fn.childForFieldName('parameter');
  if (single) return single.type === 'identifier' ? [single.text] : undefined;
  const names: string[] = [];
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter) continue;
    const pattern = parameter.type === 'identifier' ? parameter : parameter.type === 'required_parameter' && !parameter.childForFieldName('value') ? parameter.childForFieldName('pattern') : null;
    if (pattern?.type !== 'identifier') return undefined;
    names.push(pattern.text);
  }
  return names;
}
