/**
 * What TS/JS rules need to know about a file: declarations in scope, import
 * and `require` aliases resolved to module paths, async context, and which
 * same-file functions return promises.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { captureGroups, type IndexRange, hasAsyncKeyword, unwrapParentheses } from '../syntax';

export type TsBindingKind = 'import' | 'function' | 'variable' | 'param' | 'class';

export interface TsBinding {
  readonly name: string;
  readonly kind: TsBindingKind;
  /** For imports and requires: the module path it stands for (`fs.readFileSync`, `fs.promises`). */
  readonly qualified?: string;
  /** The declaring node: function_declaration, variable_declarator, import specifier... */
  readonly node: Node;
  /** For variables: the initialiser. */
  readonly init?: Node;
}

export const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

const BLOCK_SCOPES = new Set(['program', 'statement_block', 'class_body', 'switch_body']);
/**
 * One query collects every node list the rules iterate, so a rule never walks
 * the whole tree itself (and a later per-region engine can re-run it on a range).
 */
const INDEX_QUERY = `
(expression_statement) @statement
(call_expression) @call
(await_expression) @await
(throw_statement) @throw
(return_statement) @return
(new_expression) @new
(for_statement) @loop
(for_in_statement) @loop
(while_statement) @loop
(do_statement) @loop
(function_declaration) @function
(function_expression) @function
(arrow_function) @function
(method_definition) @function
(generator_function_declaration) @function
(generator_function) @function
`;

/** Per-function facts the rules share: computed once per file. */
export interface TsFunctionFacts {
  /** `await` expressions whose innermost function is this one. */
  readonly awaits: Node[];
  /** A `for await` loop or `await using` declaration directly in this function. */
  readonly forAwait: boolean;
  /** A `throw` statement directly in this function. */
  readonly throws: boolean;
}

const EMPTY_FACTS: TsFunctionFacts = { awaits: [], forAwait: false, throws: false };

/** Calls whose callback the event loop runs later and whose return value is ignored. */
export const TIMER_APIS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'process.nextTick', 'queueMicrotask', 'timers.setTimeout', 'timers.setInterval', 'timers.setImmediate']);
/** Listener registration methods (EventEmitter and the DOM): the listener's return value is ignored. */
export const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Promise reactions: the callback runs as a microtask. */
export const REACTION_METHODS = new Set(['then', 'catch', 'finally']);
/** Router methods of express-style servers (`app.get('/path', handler)`). */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route']);
/** Array methods that call their callback synchronously, in the caller's context. */
export const SYNC_ARRAY_METHODS = new Set(['map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'reduce', 'reduceRight', 'sort', 'toSorted']);

export type LoopCallbackKind = 'timer' | 'reaction' | 'listener' | 'request handler';

const FS_ALIASES = new Set(['fs-extra', 'fs-extra/esm', 'graceful-fs']);

/** `node:fs` → `fs`, `fs/promises` → `fs.promises` (one spelling for each API). */
export function normaliseModule(specifier: string): string {
  // Drop-in replacements of `fs`: their `*Sync` functions are `fs`'s.
  if (FS_ALIASES.has(specifier)) return 'fs';
  return specifier.replace(/^node:/, '').replace(/\//g, '.');
}

export class TsFile {
  private readonly bindingsByScope = new Map<number, Map<string, TsBinding>>();
  /** Answers remembered per node id: Node.parent walks down from the root (O(depth)), so walking up again is costly. */
  private readonly functionAbove = new Map<number, Node | null>();
  private readonly scopesAboveNode = new Map<number, readonly Node[]>();
  private groups: Map<string, Node[]> | undefined;
  private facts: Map<number, TsFunctionFacts> | undefined;
  private callbacks: Map<number, LoopCallbackKind> | undefined;

  /** @param ranges restrict the node lists (calls, functions…) to these ranges; scopes and names always see the whole file */
  constructor(
    readonly tree: Tree,
    readonly text: string,
    readonly ranges?: readonly IndexRange[],
  ) {}

  private group(name: string): Node[] {
    this.groups ??= captureGroups(this.tree, INDEX_QUERY, this.ranges);
    return this.groups.get(name) ?? [];
  }

  get expressionStatements(): Node[] {
    return this.group('statement');
  }

  get calls(): Node[] {
    return this.group('call');
  }

  get awaits(): Node[] {
    return this.group('await');
  }

  get returns(): Node[] {
    return this.group('return');
  }

  get newExpressions(): Node[] {
    return this.group('new');
  }

  /** for, for…in/of (including `for await`), while and do…while statements. */
  get loops(): Node[] {
    return this.group('loop');
  }

  /** Every function-like node: declarations, expressions, arrows, methods, generators. */
  get functions(): Node[] {
    return this.group('function');
  }

  /** Awaits, `for await` and throws of one function (not of functions nested in it). */
  functionFacts(fn: Node): TsFunctionFacts {
    if (!this.facts) {
      const facts = new Map<number, { awaits: Node[]; forAwait: boolean; throws: boolean }>();
      const of = (node: Node) => {
        const owner = this.enclosingFunction(node);
        if (!owner) return undefined;
        let entry = facts.get(owner.id);
        if (!entry) facts.set(owner.id, (entry = { awaits: [], forAwait: false, throws: false }));
        return entry;
      };
      for (const node of this.awaits) of(node)?.awaits.push(node);
      for (const node of this.group('throw')) {
        const entry = of(node);
        if (entry) entry.throws = true;
      }
      for (const loop of this.loops) {
        if (loop.type === 'for_in_statement' && isForAwait(loop)) {
          const entry = of(loop);
          if (entry) entry.forAwait = true;
        }
      }
      this.facts = facts;
    }
    return this.facts.get(fn.id) ?? EMPTY_FACTS;
  }

  /** Innermost loop around `node` in the same function, or null. */
  enclosingLoop(node: Node): Node | null {
    for (let current = node.parent; current; current = current.parent) {
      if (FUNCTION_TYPES.has(current.type)) return null;
      if (LOOP_TYPES.has(current.type)) return current;
    }
    return null;
  }

  /**
   * How the event loop calls `fn` when it is a callback it runs later with the
   * return value ignored: timer and microtask callbacks, promise reactions, event
   * listeners and request handlers — passed inline or by name (`setTimeout(tick)`).
   */
  loopCallbackKind(fn: Node): LoopCallbackKind | undefined {
    if (!this.callbacks) {
      const callbacks = new Map<number, LoopCallbackKind>();
      for (const call of this.calls) {
        const kind = this.callbackKindOfCall(call);
        if (!kind) continue;
        const args = call.childForFieldName('arguments');
        for (const arg of args?.namedChildren ?? []) {
          if (!arg) continue;
          const target = this.calleeFunction(arg);
          if (target && !callbacks.has(target.id)) callbacks.set(target.id, kind);
        }
      }
      this.callbacks = callbacks;
    }
    return this.callbacks.get(fn.id);
  }

  /** The kind of callback a call registers, from its callee alone. */
  callbackKindOfCall(call: Node): LoopCallbackKind | undefined {
    const callee = call.childForFieldName('function');
    if (!callee) return undefined;
    const node = unwrapParentheses(callee);
    const qualified = this.qualifiedName(node);
    if (qualified && TIMER_APIS.has(qualified)) return 'timer';
    if (qualified && /^(http|https|http2|net|tls)\.(createServer|createSecureServer)$/.test(qualified)) return 'request handler';
    if (node.type !== 'member_expression') return undefined;
    const method = node.childForFieldName('property')?.text ?? '';
    if (REACTION_METHODS.has(method)) return 'reaction';
    if (LISTENER_METHODS.has(method)) return 'listener';
    if (ROUTE_METHODS.has(method)) {
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      const first = args[0];
      const lastFn = [...args].reverse().find((a) => a && FUNCTION_TYPES.has(a.type));
      const path = first?.type === 'string' || first?.type === 'template_string';
      if (lastFn && (path || /^\(?\s*(req|request)\b/.test(lastFn.childForFieldName('parameters')?.text ?? lastFn.childForFieldName('parameter')?.text ?? ''))) return 'request handler';
    }
    return undefined;
  }

  /**
   * True when code at `node` runs on the event loop as part of async work: its
   * innermost function is async or a loop callback, looking through callbacks of
   * synchronous array methods (`xs.map(x => …)` runs in its caller's context).
   * Plain top-level code and plain functions are not (CLI scripts, start-up).
   */
  runsOnLoop(node: Node): boolean {
    for (let fn = this.enclosingFunction(node); fn; fn = this.enclosingFunction(fn)) {
      if (hasAsyncKeyword(fn) && !fn.type.startsWith('generator')) return true;
      if (this.loopCallbackKind(fn)) return true;
      if (!isSyncArrayCallback(fn)) return false;
    }
    return false;
  }

  enclosingFunction(node: Node): Node | null {
    const known = this.functionAbove.get(node.id);
    if (known !== undefined) return known;
    // Every node passed on the way up has the same answer.
    const passed = [node.id];
    let found: Node | null = null;
    for (let current = node.parent; current; current = current.parent) {
      if (FUNCTION_TYPES.has(current.type)) {
        found = current;
        break;
      }
      const answer = this.functionAbove.get(current.id);
      if (answer !== undefined) {
        found = answer;
        break;
      }
      passed.push(current.id);
    }
    for (const id of passed) this.functionAbove.set(id, found);
    return found;
  }

  isAsyncContext(node: Node): boolean {
    const fn = this.enclosingFunction(node);
    return !!fn && hasAsyncKeyword(fn);
  }

  /** The declaration a name refers to at `identifier`, or undefined for globals. */
  resolve(identifier: Node, name: string = identifier.text): TsBinding | undefined {
    for (const scope of this.scopesAbove(identifier)) {
      const binding = this.bindingsOf(scope).get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** The scopes around `node`, innermost first; remembered for every node passed on the way up. */
  private scopesAbove(node: Node): readonly Node[] {
    const known = this.scopesAboveNode.get(node.id);
    if (known) return known;
    const passed = [node.id];
    let chain: readonly Node[] = [];
    for (let current = node.parent; current; current = current.parent) {
      if (BLOCK_SCOPES.has(current.type) || FUNCTION_TYPES.has(current.type) || isLoopOrCatch(current)) {
        chain = [current, ...this.scopesAbove(current)];
        break;
      }
      const answer = this.scopesAboveNode.get(current.id);
      if (answer) {
        chain = answer;
        break;
      }
      passed.push(current.id);
    }
    for (const id of passed) this.scopesAboveNode.set(id, chain);
    return chain;
  }

  /**
   * Dotted module path of an expression going back to an import, a `require`
   * or a global: `rfs` → `fs.readFileSync`, `fsp.readFile` → `fs.promises.readFile`,
   * `fetch` → `fetch`. Undefined for locals.
   */
  qualifiedName(expression: Node): string | undefined {
    const node = unwrapParentheses(expression);
    if (node.type === 'identifier') {
      const binding = this.resolve(node);
      if (!binding) return node.text;
      return binding.kind === 'import' ? binding.qualified : undefined;
    }
    if (node.type === 'member_expression') {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      if (!object || !property || property.type === 'private_property_identifier') return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${property.text}`;
    }
    return undefined;
  }

  /** The function a callee refers to when it is defined in this file (`f()`, `this.m()`). */
  calleeFunction(callee: Node): Node | undefined {
    const node = unwrapParentheses(callee);
    if (FUNCTION_TYPES.has(node.type)) return node;
    if (node.type === 'identifier') {
      const binding = this.resolve(node);
      if (!binding) return undefined;
      if (binding.kind === 'function') return binding.node.type === 'function_signature' ? undefined : binding.node;
      if (binding.kind === 'variable' && binding.init) {
        const init = unwrapParentheses(binding.init);
        if (FUNCTION_TYPES.has(init.type)) return init;
      }
      return undefined;
    }
    if (node.type === 'member_expression' && node.childForFieldName('object')?.type === 'this') {
      const name = node.childForFieldName('property')?.text;
      const classBody = this.enclosingClassBody(node);
      if (!name || !classBody) return undefined;
      for (const member of classBody.namedChildren) {
        if (member?.type === 'method_definition' && member.childForFieldName('name')?.text === name) return member;
      }
    }
    return undefined;
  }

  private enclosingClassBody(node: Node): Node | null {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'class_body') return current;
      // Arrow functions keep `this`; ordinary functions rebind it.
      if (current.type === 'function_declaration' || current.type === 'function_expression' || current.type === 'function') return null;
    }
    return null;
  }

  private bindingsOf(scope: Node): Map<string, TsBinding> {
    const cached = this.bindingsByScope.get(scope.id);
    if (cached) return cached;
    const bindings = new Map<string, TsBinding>();
    const add = (binding: TsBinding): void => {
      if (!bindings.has(binding.name)) bindings.set(binding.name, binding);
    };
    if (FUNCTION_TYPES.has(scope.type)) {
      const parameters = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter');
      if (parameters) collectPatternNames(parameters, (id) => add({ name: id.text, kind: 'param', node: id }));
      const ownName = scope.type !== 'function_declaration' ? scope.childForFieldName('name') : null;
      if (ownName?.type === 'identifier') add({ name: ownName.text, kind: 'function', node: scope });
    } else if (isLoopOrCatch(scope)) {
      const declared = scope.childForFieldName('left') ?? scope.childForFieldName('initializer') ?? scope.childForFieldName('parameter');
      if (declared) collectPatternNames(declared, (id) => add({ name: id.text, kind: 'variable', node: id }));
    } else {
      for (const statement of scope.namedChildren) if (statement) collectDeclarations(statement, add);
    }
    this.bindingsByScope.set(scope.id, bindings);
    return bindings;
  }
}

export const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

export function isForAwait(loop: Node): boolean {
  if (loop.type !== 'for_in_statement') return false;
  for (let i = 0; i < loop.childCount; i++) {
    const child = loop.child(i);
    if (child?.type === 'await') return true;
    if (child?.type === '(') return false;
  }
  return false;
}

/** An inline function passed to `xs.map/forEach/filter/...`: it runs synchronously, right away. */
export function isSyncArrayCallback(fn: Node): boolean {
  const args = fn.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  return callee?.type === 'member_expression' && SYNC_ARRAY_METHODS.has(callee.childForFieldName('property')?.text ?? '');
}

function isLoopOrCatch(node: Node): boolean {
  return node.type === 'for_statement' || node.type === 'for_in_statement' || node.type === 'catch_clause';
}

function collectDeclarations(statement: Node, add: (binding: TsBinding) => void): void {
  switch (statement.type) {
    case 'export_statement': {
      const declaration = statement.childForFieldName('declaration');
      if (declaration) collectDeclarations(declaration, add);
      return;
    }
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const name = statement.childForFieldName('name');
      if (name) add({ name: name.text, kind: statement.type.includes('class') ? 'class' : 'function', node: statement });
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of statement.namedChildren) {
        if (declarator?.type === 'variable_declarator') collectDeclarator(declarator, add);
      }
      return;
    case 'import_statement':
      collectImport(statement, add);
      return;
    case 'ambient_declaration':
      // `declare const p: Promise<T>;`, `declare function f(): Promise<T>;`: typed bindings without a body.
      for (const declaration of statement.namedChildren) {
        if (declaration?.type === 'function_signature') {
          const name = declaration.childForFieldName('name');
          if (name) add({ name: name.text, kind: 'function', node: declaration });
        } else if (declaration) collectDeclarations(declaration, add);
      }
      return;
    default:
      return;
  }
}

function collectDeclarator(declarator: Node, add: (binding: TsBinding) => void): void {
  const name = declarator.childForFieldName('name');
  const value = declarator.childForFieldName('value');
  if (!name) return;
  const required = value ? requiredModule(value) : undefined;
  if (name.type === 'identifier') {
    if (required !== undefined) add({ name: name.text, kind: 'import', qualified: required, node: declarator });
    else add(value ? { name: name.text, kind: 'variable', node: declarator, init: value } : { name: name.text, kind: 'variable', node: declarator });
    return;
  }
  if (name.type === 'object_pattern' && required !== undefined) {
    // const { readFileSync, promises: fsp } = require('fs')
    for (const property of name.namedChildren) {
      if (!property) continue;
      if (property.type === 'shorthand_property_identifier_pattern') {
        add({ name: property.text, kind: 'import', qualified: `${required}.${property.text}`, node: property });
      } else if (property.type === 'pair_pattern') {
        const key = property.childForFieldName('key');
        const local = property.childForFieldName('value');
        if (key && local?.type === 'identifier') add({ name: local.text, kind: 'import', qualified: `${required}.${key.text}`, node: property });
      }
    }
    return;
  }
  collectPatternNames(name, (id) => add({ name: id.text, kind: 'variable', node: id }));
}

/** `require('fs')` → `fs`; `require('fs').promises` → `fs.promises`; `await import('fs')` → `fs`. */
function requiredModule(value: Node): string | undefined {
  const node = unwrapParentheses(value.type === 'await_expression' ? value.firstNamedChild ?? value : value);
  if (node.type === 'member_expression') {
    const base = requiredModule(node.childForFieldName('object')!);
    const property = node.childForFieldName('property');
    return base !== undefined && property ? `${base}.${property.text}` : undefined;
  }
  if (node.type !== 'call_expression') return undefined;
  const callee = node.childForFieldName('function');
  if (callee?.text !== 'require' && callee?.type !== 'import') return undefined;
  const argument = node.childForFieldName('arguments')?.namedChild(0);
  if (argument?.type !== 'string') return undefined;
  return normaliseModule(stringValue(argument));
}

function collectImport(statement: Node, add: (binding: TsBinding) => void): void {
  const source = statement.childForFieldName('source');
  if (!source) return;
  const module = normaliseModule(stringValue(source));
  const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
  if (!clause) {
    // import fs = require('fs')
    const alias = statement.namedChildren.find((child) => child?.type === 'import_require_clause');
    const id = alias?.namedChildren.find((c) => c?.type === 'identifier');
    if (id) add({ name: id.text, kind: 'import', qualified: module, node: statement });
    return;
  }
  for (const part of clause.namedChildren) {
    if (!part) continue;
    if (part.type === 'identifier') add({ name: part.text, kind: 'import', qualified: module, node: part });
    else if (part.type === 'namespace_import') {
      const id = part.namedChildren.find((c) => c?.type === 'identifier');
      if (id) add({ name: id.text, kind: 'import', qualified: module, node: part });
    } else if (part.type === 'named_imports') {
      for (const specifier of part.namedChildren) {
        if (specifier?.type !== 'import_specifier') continue;
        const imported = specifier.childForFieldName('name');
        const alias = specifier.childForFieldName('alias') ?? imported;
        if (imported && alias) {
          const qualified = imported.text === 'default' ? module : `${module}.${imported.text}`;
          add({ name: alias.text, kind: 'import', qualified, node: specifier });
        }
      }
    }
  }
}

export function stringValue(node: Node): string {
  const fragment = node.namedChildren.find((c) => c?.type === 'string_fragment');
  return fragment ? fragment.text : node.text.replace(/^['"`]|['"`]$/g, '');
}

/** Identifiers bound by a parameter list or destructuring pattern. */
export function collectPatternNames(pattern: Node, add: (id: Node) => void): void {
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      add(pattern);
      return;
    case 'pair_pattern': {
      const value = pattern.childForFieldName('value');
      if (value) collectPatternNames(value, add);
      return;
    }
    case 'assignment_pattern': {
      const left = pattern.childForFieldName('left');
      if (left) collectPatternNames(left, add);
      return;
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const inner = pattern.childForFieldName('pattern');
      if (inner) collectPatternNames(inner, add);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of pattern.namedChildren) {
        const name = declarator?.childForFieldName('name');
        if (name) collectPatternNames(name, add);
      }
      return;
    default:
      for (const child of pattern.namedChildren) {
        if (child && child.type !== 'type_annotation' && !child.type.endsWith('_type')) collectPatternNames(child, add);
      }
  }
}

/** A function whose call yields a promise: `async`, or declared to return `Promise<…>`. */
export function returnsPromise(fn: Node): boolean {
  if (hasAsyncKeyword(fn)) return !fn.type.startsWith('generator');
  const returnType = fn.childForFieldName('return_type');
  return !!returnType && /^:\s*Promise\s*</.test(returnType.text);
}
