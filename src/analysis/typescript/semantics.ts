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
const INDEX_QUERY = `
(expression_statement) @statement
(call_expression) @call
`;

/** `node:fs` → `fs`, `fs/promises` → `fs.promises` (one spelling for each API). */
export function normaliseModule(specifier: string): string {
  return specifier.replace(/^node:/, '').replace(/\//g, '.');
}

export class TsFile {
  private readonly bindingsByScope = new Map<number, Map<string, TsBinding>>();
  private groups: Map<string, Node[]> | undefined;

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

  enclosingFunction(node: Node): Node | null {
    for (let current = node.parent; current; current = current.parent) {
      if (FUNCTION_TYPES.has(current.type)) return current;
    }
    return null;
  }

  isAsyncContext(node: Node): boolean {
    const fn = this.enclosingFunction(node);
    return !!fn && hasAsyncKeyword(fn);
  }

  /** The declaration a name refers to at `identifier`, or undefined for globals. */
  resolve(identifier: Node, name: string = identifier.text): TsBinding | undefined {
    for (let scope = identifier.parent; scope; scope = scope.parent) {
      if (!BLOCK_SCOPES.has(scope.type) && !FUNCTION_TYPES.has(scope.type) && !isLoopOrCatch(scope)) continue;
      const binding = this.bindingsOf(scope).get(name);
      if (binding) return binding;
    }
    return undefined;
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
      if (binding.kind === 'function') return binding.node;
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
