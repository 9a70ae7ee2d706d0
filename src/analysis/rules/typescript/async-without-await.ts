/** ts/async-without-await: an `async` function that never awaits (and never throws). */
import type { Node } from 'web-tree-sitter';
import { climbParentheses, hasAsyncKeyword, unwrapParentheses } from '../../syntax';
import { promiseSource } from '../../typescript/promises';
import type { TsFile } from '../../typescript/semantics';
import type { Fix, Rule } from '../../types';
import doc from './async-without-await.md';

export const asyncWithoutAwait: Rule<TsFile> = {
  id: 'ts/async-without-await',
  family: 'typescript',
  defaultSeverity: 'hint',
  summary: 'async function with no `await`, `for await` or `throw`: `async` only wraps the result in a promise',
  interopCodes: ['@typescript-eslint/require-await', 'require-await'],
  doc,
  check(context, file) {
    // Returning a promise is a reason to be async (a synchronous throw becomes a rejection).
    const returnsPromiseValue = new Set<number>();
    for (const statement of file.returns) {
      const value = statement.namedChildren.find((c) => c && c.type !== 'comment');
      const fn = value && mayBePromise(file, value) ? file.enclosingFunction(statement) : null;
      if (fn) returnsPromiseValue.add(fn.id);
    }
    let names: Set<string> | undefined;
    const referenced = (): Set<string> => (names ??= valueReferences(file));
    for (const fn of file.functions) {
      if (fn.type.startsWith('generator') || !hasAsyncKeyword(fn)) continue;
      const facts = file.functionFacts(fn);
      if (facts.awaits.length > 0 || facts.forAwait || facts.throws) continue;
      const body = fn.childForFieldName('body');
      if (!body || (body.type === 'statement_block' && body.namedChildren.every((c) => c?.type === 'comment'))) continue;
      if (returnsPromiseValue.has(fn.id) || (body.type !== 'statement_block' && mayBePromise(file, body))) continue;
      // Inside a region the parser could not make sense of, the function's context is unknown.
      if (fn.parent?.type === 'ERROR' || fn.hasError) continue;
      if (isOverride(fn) || declaresPromise(fn) || isDecorated(fn) || inheritsContract(fn) || isCallbackArgument(fn) || referenced().has(nameOf(fn) ?? '')) continue;
      const asyncToken = fn.children.find((c) => c?.type === 'async');
      if (!asyncToken) continue;
      context.report({
        node: fn,
        start: asyncToken.startIndex,
        end: headEnd(fn),
        message: `${describe(fn)} is \`async\` but never uses \`await\`: it runs to the end synchronously and only wraps its result in a promise. Remove \`async\`, or await what it is meant to wait for.`,
        fixes: fixesFor(fn, asyncToken, context.text),
      });
    }
  },
};

/**
 * A returned value that is, or may be, a promise: a recognised promise, a call
 * whose callee this file cannot see (an import, a method of an unknown object),
 * or a name that says so (`job.promise`). Returning a promise is a reason to be
 * async; only values known not to be promises leave `async` redundant.
 */
function mayBePromise(file: TsFile, expression: Node): boolean {
  const node = unwrapParentheses(expression);
  if (promiseSource(file, node)) return true;
  if (node.type === 'identifier' || node.type === 'member_expression') return /promise/i.test(node.text);
  if (node.type !== 'call_expression') return false;
  const callee = node.childForFieldName('function');
  if (!callee) return false;
  if (file.calleeFunction(callee)) return false; // a same-file function that does not return a promise
  const qualified = file.qualifiedName(callee);
  // Globals (`JSON.stringify`, `String`) are known; imports and unknown objects are not.
  if (qualified !== undefined) {
    const root = unwrapParentheses(callee).type === 'identifier' ? callee : rootObject(callee);
    return !!root && !!file.resolve(root);
  }
  return true;
}

/** An explicit `Promise<T>` return type: the promise is part of the contract, `async` keeps it. */
function declaresPromise(fn: Node): boolean {
  return /^:\s*(?:Promise|PromiseLike)\s*</.test(fn.childForFieldName('return_type')?.text ?? '');
}

/** A decorated method (`@Get()`, `@Cron(...)`, `@HostListener`): a framework calls it and may expect a promise. */
function isDecorated(fn: Node): boolean {
  if (fn.type !== 'method_definition') return false;
  if (fn.children.some((c) => c?.type === 'decorator')) return true;
  let previous = fn.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  return previous?.type === 'decorator';
}

/** A method of a class that extends or implements something, or of an object literal that is typed or passed on: it fulfils a contract. */
function inheritsContract(fn: Node): boolean {
  if (fn.type !== 'method_definition') return false;
  const container = fn.parent;
  if (container?.type === 'class_body') return !!container.parent?.namedChildren.some((c) => c?.type === 'class_heritage');
  if (container?.type !== 'object') return false;
  const { parent } = climbParentheses(container);
  return parent?.type === 'arguments' || parent?.type === 'return_statement' || parent?.type === 'export_statement' || parent?.type === 'pair' || (parent?.type === 'variable_declarator' && !!parent.children.some((c) => c?.type === 'type_annotation'));
}

/** An inline function handed to a call (`app.get("/", async (req, res) => …)`, `test("x", async () => …)`): the API decides the shape. */
function isCallbackArgument(fn: Node): boolean {
  let { child, parent } = climbParentheses(fn);
  // `(async () => …) as typeof fetch`: the cast keeps the value.
  while (parent && (parent.type === 'as_expression' || parent.type === 'satisfies_expression' || parent.type === 'parenthesized_expression')) ({ child, parent } = climbParentheses(parent));
  if (parent?.type === 'assignment_expression') return parent.childForFieldName('right')?.id === child.id;
  return parent?.type === 'arguments' || parent?.type === 'pair' || parent?.type === 'jsx_expression' || parent?.type === 'array';
}

function nameOf(fn: Node): string | undefined {
  const own = fn.childForFieldName('name')?.text;
  if (own) return own;
  const { parent } = climbParentheses(fn);
  if (parent?.type === 'variable_declarator' || parent?.type === 'public_field_definition') return parent.childForFieldName('name')?.text;
  return undefined;
}

/**
 * Names used as values somewhere in the file (not only called): `setTimeout(save)`,
 * `{ onSave: save }`, `this.handle.bind(this)`, `export default save`. A function
 * referenced so is registered as a callback; its caller may need the promise.
 */
function valueReferences(file: TsFile): Set<string> {
  const names = new Set<string>();
  for (const node of file.tree.rootNode.descendantsOfType(['identifier', 'property_identifier', 'shorthand_property_identifier'])) {
    if (!node) continue;
    const parent = node.parent;
    if (!parent) continue;
    if (node.type === 'shorthand_property_identifier') {
      names.add(node.text);
      continue;
    }
    if (parent.type === 'member_expression') {
      if (parent.childForFieldName('property')?.id !== node.id) continue;
      const { child, parent: outer } = climbParentheses(parent);
      if (outer?.type === 'call_expression' && outer.childForFieldName('function')?.id === child.id) continue;
      if (outer?.type === 'assignment_expression' && outer.childForFieldName('left')?.id === child.id) continue;
      names.add(node.text);
      continue;
    }
    if (node.type !== 'identifier') continue;
    const { child, parent: outer } = climbParentheses(node);
    if (!outer) continue;
    if (outer.type === 'call_expression' && outer.childForFieldName('function')?.id === child.id) continue;
    if (DECLARING.has(outer.type) && outer.childForFieldName('name')?.id === child.id) continue;
    // `<AsyncItem />`: a component the renderer calls (and awaits).
    if ((outer.type === 'jsx_opening_element' || outer.type === 'jsx_self_closing_element') && outer.childForFieldName('name')?.id === child.id) names.add(node.text);
    // `export default plugin`: handed to whoever loads the module. Named exports are not registrations.
    if (outer.type === 'export_statement' && outer.childForFieldName('value')?.id === child.id) names.add(node.text);
    if (outer.type === 'assignment_expression' && outer.childForFieldName('left')?.id === child.id) continue;
    if (outer.type === 'arguments' || outer.type === 'pair' || outer.type === 'array' || outer.type === 'return_statement' || outer.type === 'variable_declarator' || outer.type === 'assignment_expression' || outer.type === 'jsx_expression') names.add(node.text);
  }
  return names;
}

const DECLARING = new Set(['function_declaration', 'variable_declarator', 'method_definition', 'class_declaration', 'required_parameter', 'optional_parameter']);

function rootObject(node: Node): Node | undefined {
  let current: Node | null = unwrapParentheses(node);
  while (current?.type === 'member_expression') current = current.childForFieldName('object');
  return current?.type === 'identifier' ? current : undefined;
}

/** An empty async method is usually an interface stub; `override` implements a base signature. */
function isOverride(fn: Node): boolean {
  return fn.type === 'method_definition' && fn.children.some((c) => c?.type === 'override_modifier');
}

function describe(fn: Node): string {
  const name = fn.childForFieldName('name')?.text;
  if (fn.type === 'method_definition') return `Method \`${name}\``;
  if (name) return `Function \`${name}\``;
  const declarator = fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name')?.text : undefined;
  return declarator ? `Function \`${declarator}\`` : 'This async function';
}

function headEnd(fn: Node): number {
  const body = fn.childForFieldName('body');
  if (body?.type === 'statement_block') return body.startIndex;
  const parameters = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  return parameters?.endIndex ?? fn.endIndex;
}

/**
 * Remove `async` — only when nothing declares a `Promise` return type (removing
 * it there would break the declared type) and callers see the same value:
 * unsafe, since callers that `.then(...)` the result need a promise.
 */
function fixesFor(fn: Node, asyncToken: Node, text: string): Fix[] {
  if (fn.childForFieldName('return_type')) return [];
  let end = asyncToken.endIndex;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const newText = startsStatementAfterRemoval(fn, text, end) ? ';' : '';
  return [{ title: 'Remove `async`', safe: false, edits: [{ start: asyncToken.startIndex, end, newText }] }];
}

/**
 * True when removing `async` would leave a statement starting with `(`, `[`
 * or a template: without a semicolon before it, automatic semicolon insertion
 * would join it to the previous line (`f()\nasync () => 0` → `f()\n() => 0`
 * calls `f()`'s result), so the fix keeps a `;` in its place.
 */
function startsStatementAfterRemoval(fn: Node, text: string, end: number): boolean {
  if (!'([`'.includes(text[end] ?? '')) return false;
  let statement: Node | null = fn;
  while (statement && statement.type !== 'expression_statement' && statement.startIndex === fn.startIndex) statement = statement.parent;
  if (!statement || statement.type !== 'expression_statement' || statement.startIndex !== fn.startIndex) return false;
  let before = fn.startIndex - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  return before >= 0 && text[before] !== ';' && text[before] !== '{';
}
