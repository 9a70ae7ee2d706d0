/**
 * What Python rules need to know about a file: scopes, bindings, import-aware
 * name resolution ("which `sleep` is this?") and async context.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { captureGroups, type IndexRange, hasAsyncKeyword, walkDescendants } from '../syntax';

export type BindingKind = 'import' | 'local' | 'def' | 'param' | 'global';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** For imports: the dotted name it stands for (`time.sleep`). */
  readonly qualified?: string;
  /** The defining node (function_definition for defs). */
  readonly node: Node;
  readonly offset: number;
}

export interface Resolution {
  readonly kind: BindingKind | 'builtin';
  readonly qualified?: string;
  readonly binding?: Binding;
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const NESTED_SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

const INDEX_QUERY = `
(call) @call
(function_definition) @function
(expression_statement) @statement
`;

export class PythonFile {
  private readonly bindingsByScope = new Map<number, Map<string, Binding[]>>();
  private groups: Map<string, Node[]> | undefined;
  private readonly aliases = new Map<string, string | undefined>();
  private insertionOffset: number | undefined;

  /** @param ranges restrict the node lists (calls, functions…) to these ranges; scopes and names always see the whole file */
  constructor(
    readonly tree: Tree,
    readonly text: string,
    readonly ranges?: readonly IndexRange[],
  ) {}

  get module(): Node {
    return this.tree.rootNode;
  }

  private group(name: string): Node[] {
    this.groups ??= captureGroups(this.tree, INDEX_QUERY, this.ranges);
    return this.groups.get(name) ?? [];
  }

  /** Every call expression (in the analysed ranges), in document order. */
  get calls(): Node[] {
    return this.group('call');
  }

  private everyCall: Node[] | undefined;
  /** Every call of the whole file, even when the analysis is restricted to ranges. */
  get allCalls(): Node[] {
    if (!this.ranges) return this.calls;
    this.everyCall ??= captureGroups(this.tree, '(call) @call').get('call') ?? [];
    return this.everyCall;
  }

  get functions(): Node[] {
    return this.group('function');
  }

  get expressionStatements(): Node[] {
    return this.group('statement');
  }

  /** Innermost function or lambda around `node` (null at module level). */
  enclosingFunction(node: Node): Node | null {
    for (let current = node.parent; current; current = current.parent) {
      if (FUNCTION_TYPES.has(current.type)) return current;
    }
    return null;
  }

  /** The innermost enclosing function is an `async def` (a lambda or plain def is not). */
  isAsyncContext(node: Node): boolean {
    const fn = this.enclosingFunction(node);
    return !!fn && isAsyncDef(fn);
  }

  /** Resolves a name used at `identifier` through the scope chain (LEGB, classes skipped for nested functions). */
  resolveName(identifier: Node, name: string = identifier.text): Resolution {
    let skipClasses = false;
    for (let scope: Node | null = this.scopeOf(identifier); scope; scope = this.parentScope(scope)) {
      if (scope.type === 'class_definition' && skipClasses) continue;
      if (scope.type !== 'class_definition') skipClasses = true;
      const bindings = this.bindingsOf(scope).get(name);
      if (!bindings || bindings.length === 0) continue;
      const binding = pickBinding(bindings, identifier.startIndex);
      if (binding.kind === 'global') return this.resolveAtModule(name, identifier.startIndex);
      return binding.qualified === undefined ? { kind: binding.kind, binding } : { kind: binding.kind, qualified: binding.qualified, binding };
    }
    return { kind: 'builtin', qualified: name };
  }

  /**
   * The dotted name an expression stands for when it goes back to an import or
   * a builtin: `t.sleep` after `import time as t` → `time.sleep`. Undefined for
   * locals, parameters, attributes of unknown objects.
   */
  qualifiedName(expression: Node): string | undefined {
    if (expression.type === 'identifier') {
      const resolution = this.resolveName(expression);
      return resolution.kind === 'import' || resolution.kind === 'builtin' ? resolution.qualified : undefined;
    }
    if (expression.type === 'attribute') {
      const object = expression.childForFieldName('object');
      const attribute = expression.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${attribute.text}`;
    }
    return undefined;
  }

  /** Qualified name of a call's callee (`time.sleep` for `t.sleep(1)`). */
  calleeName(call: Node): string | undefined {
    const callee = call.childForFieldName('function');
    return callee ? this.qualifiedName(callee) : undefined;
  }

  /** Module-level plain/async function definitions by name (the last definition wins). */
  moduleFunctions(): Map<string, Node> {
    const result = new Map<string, Node>();
    for (const [name, bindings] of this.bindingsOf(this.module)) {
      const last = bindings[bindings.length - 1]!;
      if (last.kind === 'def' && last.node.type === 'function_definition') result.set(name, last.node);
    }
    return result;
  }

  /** The local name under which `module` is imported at module level (`asyncio`, or its alias). */
  moduleAlias(module: string): string | undefined {
    if (this.aliases.has(module)) return this.aliases.get(module);
    let alias: string | undefined;
    for (const [name, bindings] of this.bindingsOf(this.module)) {
      if (bindings.some((b) => b.kind === 'import' && b.qualified === module)) {
        alias = name;
        break;
      }
    }
    this.aliases.set(module, alias);
    return alias;
  }

  /** Where a new top-level `import` goes: after the docstring, `__future__` imports and other imports. */
  importInsertionOffset(): number {
    this.insertionOffset ??= this.computeImportInsertionOffset();
    return this.insertionOffset;
  }

  private computeImportInsertionOffset(): number {
    let offset = 0;
    for (const statement of this.module.namedChildren) {
      if (!statement) continue;
      const isDocstring = offset === 0 && statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
      if (isDocstring || statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
        offset = this.lineEndAfter(statement.endIndex);
        continue;
      }
      if (statement.type === 'comment' && this.text.slice(offset, statement.startIndex).trim() === '') {
        offset = this.lineEndAfter(statement.endIndex);
        continue;
      }
      break;
    }
    return offset;
  }

  private lineEndAfter(index: number): number {
    const newline = this.text.indexOf('\n', index);
    return newline === -1 ? this.text.length : newline + 1;
  }

  private resolveAtModule(name: string, offset: number): Resolution {
    const bindings = this.bindingsOf(this.module).get(name);
    if (!bindings || bindings.length === 0) return { kind: 'builtin', qualified: name };
    const binding = pickBinding(bindings, offset);
    return binding.qualified === undefined ? { kind: binding.kind, binding } : { kind: binding.kind, qualified: binding.qualified, binding };
  }

  /** The scope a name use belongs to (function parameters' defaults belong to the outer scope; ignored here). */
  scopeOf(node: Node): Node {
    for (let current = node.parent; current; current = current.parent) {
      if (SCOPE_TYPES.has(current.type)) {
        // The name of a def/class belongs to the enclosing scope.
        if (current.type !== 'module' && current.childForFieldName('name')?.id === node.id) continue;
        return current;
      }
    }
    return this.module;
  }

  private parentScope(scope: Node): Node | null {
    if (scope.type === 'module') return null;
    return this.scopeOf(scope);
  }

  /** Bindings made directly in `scope` (not in nested functions or classes), by name. */
  bindingsOf(scope: Node): Map<string, Binding[]> {
    const cached = this.bindingsByScope.get(scope.id);
    if (cached) return cached;
    const bindings = new Map<string, Binding[]>();
    const add = (name: string, kind: BindingKind, node: Node, qualified?: string): void => {
      let list = bindings.get(name);
      if (!list) bindings.set(name, (list = []));
      list.push(qualified === undefined ? { name, kind, node, offset: node.startIndex } : { name, kind, node, offset: node.startIndex, qualified });
    };
    if (scope.type === 'function_definition' || scope.type === 'lambda') {
      const parameters = scope.childForFieldName('parameters');
      if (parameters) collectParameters(parameters, (id) => add(id.text, 'param', id));
    }
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    if (body) {
      walkDescendants(body, (node) => {
        switch (node.type) {
          case 'function_definition':
          case 'class_definition': {
            const name = node.childForFieldName('name');
            if (name) add(name.text, 'def', node);
            return false;
          }
          case 'lambda':
            return false;
          case 'import_statement':
            collectImport(node, add);
            return false;
          case 'import_from_statement':
            collectFromImport(node, add);
            return false;
          case 'assignment':
          case 'augmented_assignment': {
            const left = node.childForFieldName('left');
            if (left) collectTargets(left, (id) => add(id.text, 'local', id));
            return true;
          }
          case 'for_statement':
          case 'for_in_clause': {
            const left = node.childForFieldName('left');
            if (left) collectTargets(left, (id) => add(id.text, 'local', id));
            return true;
          }
          case 'as_pattern_target':
          case 'named_expression': {
            const target = node.type === 'named_expression' ? node.childForFieldName('name') : node.firstNamedChild;
            if (target) collectTargets(target, (id) => add(id.text, 'local', id));
            return true;
          }
          case 'except_clause': {
            // `except E as name:` — the alias is the identifier after `as`.
            for (let i = 0; i + 1 < node.childCount; i++) {
              if (node.child(i)?.type === 'as') {
                const alias = node.child(i + 1);
                if (alias?.type === 'identifier') add(alias.text, 'local', alias);
              }
            }
            return true;
          }
          case 'global_statement':
          case 'nonlocal_statement':
            for (const id of node.namedChildren) if (id?.type === 'identifier') add(id.text, node.type === 'global_statement' ? 'global' : 'local', id);
            return false;
          default:
            return true;
        }
      });
    }
    this.bindingsByScope.set(scope.id, bindings);
    return bindings;
  }
}

export function isAsyncDef(node: Node): boolean {
  return node.type === 'function_definition' && hasAsyncKeyword(node);
}

export function isNestedScope(node: Node): boolean {
  return NESTED_SCOPE_TYPES.has(node.type);
}

/** The binding in effect at `offset`: the last one before it, else the first (used before a later def). */
function pickBinding(bindings: readonly Binding[], offset: number): Binding {
  let chosen: Binding | undefined;
  for (const binding of bindings) if (binding.offset <= offset) chosen = binding;
  return chosen ?? bindings[0]!;
}

function collectParameters(parameters: Node, add: (id: Node) => void): void {
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    if (parameter.type === 'identifier') add(parameter);
    else {
      const name = parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c?.type === 'identifier');
      if (name?.type === 'identifier') add(name);
    }
  }
}

function collectTargets(target: Node, add: (id: Node) => void): void {
  if (target.type === 'identifier') {
    add(target);
    return;
  }
  if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern' || target.type === 'list_splat_pattern' || target.type === 'tuple' || target.type === 'list') {
    for (const child of target.namedChildren) if (child) collectTargets(child, add);
  }
}

type AddBinding = (name: string, kind: BindingKind, node: Node, qualified?: string) => void;

function collectImport(node: Node, add: AddBinding): void {
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const dotted = name.childForFieldName('name');
      const alias = name.childForFieldName('alias');
      if (dotted && alias) add(alias.text, 'import', alias, dotted.text);
    } else if (name.type === 'dotted_name') {
      const first = name.firstNamedChild;
      if (first) add(first.text, 'import', name, first.text);
    }
  }
}

function collectFromImport(node: Node, add: AddBinding): void {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode || moduleNode.type === 'relative_import') return;
  const module = moduleNode.text;
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const dotted = name.childForFieldName('name');
      const alias = name.childForFieldName('alias');
      if (dotted && alias) add(alias.text, 'import', alias, `${module}.${dotted.text}`);
    } else if (name.type === 'dotted_name') {
      add(name.text, 'import', name, `${module}.${name.text}`);
    }
  }
}
