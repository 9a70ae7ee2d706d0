/**
 * ts/async-callback-void: an async function handed to an API that ignores the
 * callback's return value (timers, microtasks, event listeners) — its
 * rejections become unhandled.
 */
import type { Node } from 'web-tree-sitter';
import { climbParentheses, hasAsyncKeyword, unwrapParentheses } from '../../syntax';
import { callReturnsDeclaredPromise, declaredCallee, declaredTypeOf, expectsVoidFunction, memberExpectsVoid, objectTypeMembers, parameterType, variableType } from '../../typescript/annotations';
import { calleeText, isAsyncFunctionNode, promiseSource } from '../../typescript/promises';
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
    const reported = new Set<number>();
    for (const call of file.calls) {
      const api = voidCallbackApi(file, call);
      if (!api) {
        for (const { arg, where } of declaredVoidArguments(file, call)) {
          reported.add(arg.id);
          reportDeclared(context, arg, where);
        }
        continue;
      }
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      for (const [index, arg] of args.entries()) {
        if (!arg) continue;
        // `emitter.on(event, listener)`: the listener is the second of two arguments (three with
        // addEventListener's options); `app.on(method, path, handler)` is a router, not an emitter.
        if (api.startsWith('.') && (index !== 1 || args.length > (api === '.addEventListener' ? 3 : 2))) continue;
        const inline = FUNCTION_TYPES.has(arg.type);
        const target = inline ? arg : unwrapParentheses(arg).type === 'identifier' ? file.calleeFunction(arg) : undefined;
        if (!target || !isAsyncFunctionNode(target)) continue;
        reported.add(arg.id);
        const what = inline ? 'An async callback' : `\`${arg.text}\` is async and`;
        context.report({
          node: arg,
          end: inline ? headEnd(arg) : arg.endIndex,
          message: `${what} is passed to \`${api}\`, which ignores the promise it returns: if it rejects, nothing catches the error (an unhandled rejection, which stops Node by default). Handle the rejection inside, or wrap: \`() => { void f().catch(…) }\`.`,
          fixes: fixFor(arg, target, inline, context.language.javascript),
        });
      }
    }
    for (const { node, where } of declaredVoidContexts(file)) if (!reported.has(node.id)) reportDeclared(context, node, where);
  },
};

type Report = Parameters<Rule<TsFile>['check']>[0];

function reportDeclared(context: Report, node: Node, where: string): void {
  const inline = FUNCTION_TYPES.has(node.type) || node.type === 'method_definition';
  context.report({
    node,
    end: inline ? headEnd(node) : node.endIndex,
    message: `${inline ? 'A function returning a promise' : `\`${node.text}\` returns a promise and`} is ${where}, declared to return \`void\`: the promise is dropped, so if it rejects nothing catches the error (an unhandled rejection). Handle the rejection inside, or wrap: \`() => { void f().catch(…) }\`.`,
  });
}

/** A function value that returns a promise: async, declared `Promise<…>`, an arrow whose expression body is a promise, or a name for one. */
function isPromiseFunction(file: TsFile, value: Node): boolean {
  const node = unwrapParentheses(value);
  if (FUNCTION_TYPES.has(node.type) || node.type === 'method_definition') {
    if (node.type !== 'method_definition' && isAsyncFunctionNode(node)) return true;
    if (node.type === 'method_definition' && (hasAsyncKeyword(node) || /^:\s*Promise\s*</.test(node.childForFieldName('return_type')?.text ?? ''))) return true;
    const body = node.childForFieldName('body');
    if (!body) return false;
    if (body.type !== 'statement_block') return !!promiseSource(file, body);
    // A block body: some `return` of this function gives a promise.
    return body.descendantsOfType('return_statement').some((statement) => {
      const value = statement?.namedChildren.find((c) => c && c.type !== 'comment');
      return !!value && file.enclosingFunction(statement!)?.id === node.id && !!promiseSource(file, value);
    });
  }
  if (node.type === 'identifier') {
    const target = file.calleeFunction(node);
    return (!!target && isAsyncFunctionNode(target)) || callReturnsDeclaredPromise(file, node);
  }
  return false;
}

/** Arguments passed to a same-file function (or declared signature) whose parameter is typed `() => void`. */
function declaredVoidArguments(file: TsFile, call: Node): { arg: Node; where: string }[] {
  const callee = call.childForFieldName('function');
  const fn = callee && declaredCallee(file, callee);
  if (!fn) return [];
  const found: { arg: Node; where: string }[] = [];
  (call.childForFieldName('arguments')?.namedChildren ?? []).forEach((arg, index) => {
    if (!arg || arg.type === 'spread_element' || !isPromiseFunction(file, arg)) return;
    const parameter = parameterType(fn, index);
    if (parameter && expectsVoidFunction(parameter.type, parameter.rest ? parameter.offset : undefined)) found.push({ arg, where: `passed to \`${calleeText(callee)}\` for a parameter` });
  });
  return found;
}

/** Promise-returning functions in positions declared `void`: annotated variables, and methods overriding a same-file `void` member. */
function* declaredVoidContexts(file: TsFile): Generator<{ node: Node; where: string }> {
  for (const fn of file.functions) {
    const { parent, child } = climbParentheses(fn);
    if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === child.id) {
      const type = variableType(parent);
      if (type && expectsVoidFunction(type) && isPromiseFunction(file, fn)) yield { node: fn, where: `assigned to \`${parent.childForFieldName('name')?.text}\`` };
    } else if (parent?.type === 'return_statement' || (parent && FUNCTION_TYPES.has(parent.type) && parent.childForFieldName('body')?.id === child.id)) {
      // Returned from a function declared to return `() => void`.
      const outer = parent.type === 'return_statement' ? file.enclosingFunction(parent) : parent;
      const returned = outer?.childForFieldName('return_type');
      const type = returned?.type === 'type_annotation' ? returned.namedChild(0) : returned;
      if (type && expectsVoidFunction(type) && isPromiseFunction(file, fn)) yield { node: fn, where: 'returned' };
    }
  }
  yield* objectProperties(file);
  for (const member of overridingMembers(file)) yield member;
}

/** Object literal members and assigned properties whose declared type (a same-file alias, interface or type literal) is `() => void`. */
function* objectProperties(file: TsFile): Generator<{ node: Node; where: string }> {
  const expects = (type: Node | undefined | null, name: string): boolean => !!type && objectTypeMembers(file, type).some((m) => m.childForFieldName('name')?.text === name && memberExpectsVoid(m));
  for (const object of file.tree.rootNode.descendantsOfType('object')) {
    const parent = object && climbParentheses(object).parent;
    if (!object || parent?.type !== 'variable_declarator') continue;
    const type = variableType(parent);
    if (!type) continue;
    for (const member of object.namedChildren) {
      if (!member) continue;
      const name = member.type === 'shorthand_property_identifier' ? member.text : member.childForFieldName(member.type === 'pair' ? 'key' : 'name')?.text;
      const value = member.type === 'pair' ? member.childForFieldName('value') : member.type === 'method_definition' || member.type === 'shorthand_property_identifier' ? member : null;
      if (!name || !value || !expects(type, name)) continue;
      // `{ save }`: the function the name stands for.
      const target = member.type === 'shorthand_property_identifier' ? file.calleeFunction(member) : value;
      if (target && isPromiseFunction(file, target)) {
        yield { node: value, where: `given to the property \`${name}\`` };
      }
    }
  }
  for (const assignment of file.tree.rootNode.descendantsOfType('assignment_expression')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (!left || !right || left.type !== 'member_expression') continue;
    const object = left.childForFieldName('object');
    const name = left.childForFieldName('property')?.text;
    if (object && name && expects(declaredTypeOf(file, object), name) && isPromiseFunction(file, right)) yield { node: right, where: `assigned to \`${left.text}\`` };
  }
}

const CLASS_TYPES = new Set(['class_declaration', 'abstract_class_declaration', 'class', 'interface_declaration']);

/** Members (of classes and interfaces) that return a promise where a same-file base declares the member to return `void`. */
function* overridingMembers(file: TsFile): Generator<{ node: Node; where: string }> {
  const declarations = new Map<string, Node>();
  const all = file.tree.rootNode.descendantsOfType([...CLASS_TYPES]).filter((node): node is Node => !!node);
  for (const node of all) {
    const name = node.childForFieldName('name')?.text;
    if (name && !declarations.has(name)) declarations.set(name, node);
  }
  for (const declaration of all) {
    const bases = heritageNames(declaration).map((name) => declarations.get(name)).filter((base): base is Node => !!base);
    if (bases.length === 0) continue;
    for (const member of bodyOf(declaration)) {
      const name = member.childForFieldName('name')?.text;
      if (!name || !returnsPromiseMember(file, member)) continue;
      if (bases.some((base) => bodyOf(base).some((other) => other.childForFieldName('name')?.text === name && declaresVoid(other)))) {
        yield { node: member, where: `\`${name}\`, overriding a member` };
      }
    }
  }
}

function heritageNames(declaration: Node): string[] {
  const clauses = declaration.namedChildren.filter((c): c is Node => !!c && (c.type === 'class_heritage' || c.type === 'extends_type_clause'));
  return clauses.flatMap((clause) => (clause.type === 'class_heritage' ? clause.namedChildren : [clause])).flatMap((part) => (part ? part.namedChildren : [])).filter((n): n is Node => !!n && (n.type === 'identifier' || n.type === 'type_identifier')).map((n) => n.text);
}

const MEMBER_TYPES = new Set(['method_definition', 'method_signature', 'abstract_method_signature', 'public_field_definition', 'property_signature']);

/** Named instance members (static ones are not inherited by instances; index and call signatures have no name). */
function bodyOf(declaration: Node): Node[] {
  const body = declaration.childForFieldName('body') ?? declaration.namedChildren.find((c) => c?.type === 'class_body' || c?.type === 'interface_body');
  return (body?.namedChildren ?? []).filter((m): m is Node => !!m && MEMBER_TYPES.has(m.type) && !m.hasError && !/^(?:@\S+\s+)*(?:\w+\s+)*static\b/.test(m.text.slice(0, (m.childForFieldName('name')?.startIndex ?? m.startIndex) - m.startIndex)));
}

/** The member's own type says `void` (method return type, or a property typed `() => void`). */
function declaresVoid(member: Node): boolean {
  const returned = member.childForFieldName('return_type');
  if (returned) return /^:\s*void\s*$/.test(returned.text);
  const type = member.childForFieldName('type');
  const inner = type?.type === 'type_annotation' ? type.namedChild(0) : type;
  if (inner) return expectsVoidFunction(inner);
  const value = member.childForFieldName('value');
  const valueReturn = value && FUNCTION_TYPES.has(value.type) ? value.childForFieldName('return_type') : null;
  return !!valueReturn && /^:\s*void\s*$/.test(valueReturn.text);
}

function returnsPromiseMember(file: TsFile, member: Node): boolean {
  if (member.type === 'method_definition') return isPromiseFunction(file, member);
  const returned = member.childForFieldName('return_type');
  if (returned) return /^:\s*(Promise|PromiseLike)\s*</.test(returned.text);
  const value = member.childForFieldName('value');
  if (value) return isPromiseFunction(file, value);
  const type = member.childForFieldName('type');
  const inner = type?.type === 'type_annotation' ? type.namedChild(0) : type;
  return !!inner && /=>\s*(Promise|PromiseLike)\s*</.test(inner.text);
}

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
