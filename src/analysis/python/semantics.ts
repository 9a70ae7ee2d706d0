/**
 * What Python rules need to know about a file: scopes, bindings, import-aware
 * name resolution ("which `sleep` is this?") and async context.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { captureGroups, compiledQuery, type IndexRange, hasAsyncKeyword, unwrapParentheses, walkDescendants } from '../syntax';

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

/** The node types bindingsOf looks at (it steps through the others). */
const BINDING_TYPES = new Set(['function_definition', 'class_definition', 'lambda', 'import_statement', 'import_from_statement', 'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'as_pattern_target', 'named_expression', 'except_clause', 'global_statement', 'nonlocal_statement']);
const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const CLASS_TYPES = new Set(['class_definition']);
const NESTED_SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

const SUSPEND_QUERY = '(await) @await (for_statement) @block (with_statement) @block (for_in_clause) @block';
const YIELD_QUERY = '(yield) @yield';
/** `self.<attribute> = <value>` (the object's text is checked by the caller). */
const SELF_ASSIGNMENT_QUERY = '(assignment left: (attribute object: (identifier) @object attribute: (identifier) @attribute) right: (_) @value) @assignment';

const INDEX_QUERY = `
(call) @call
(function_definition) @function
(expression_statement) @statement
(await) @await
(yield) @yield
(while_statement) @while
(for_statement) @for
(with_statement) @with
(try_statement) @try
(for_in_clause) @comprehension
`;

/** Decorators that keep an `async def` a coroutine function. */
const TRANSPARENT_DECORATORS = new Set(['staticmethod', 'classmethod', 'abc.abstractmethod', 'typing.override', 'typing_extensions.override', 'functools.wraps']);

export class PythonFile {
  private readonly bindingsByScope = new Map<number, Map<string, Binding[]>>();
  private groups: Map<string, Node[]> | undefined;
  private readonly aliases = new Map<string, string | undefined>();
  private insertionOffset: number | undefined;
  private suspending: Set<number> | undefined;
  private generators: Set<number> | undefined;
  private readonly methodsByClass = new Map<number, Map<string, Node>>();
  private readonly selfAttributesByClass = new Map<number, Map<string, Node>>();
  /** The deepest valueOrigin depth entered (see attributeOriginSummary). */
  private deepest = 0;
  /** Per-node answers computed once per analysis (rules ask the same questions about the same nodes). */
  private readonly memos = new Map<string, Map<number, unknown>>();
  /**
   * loopStarterOf answers already known, by function start (null: none);
   * incremental re-analysis fills it for functions no edit touched.
   */
  knownLoopStarters: ReadonlyMap<number, { readonly kind: string; readonly inner: { readonly startIndex: number; readonly endIndex: number } } | null> | undefined;
  private scopes: ScopeIndex | undefined;
  /** Full analyses: every scope of the file, for scopes and bindings without walking the tree (see ScopeIndex). */
  private scopeIndex(): ScopeIndex {
    this.scopes ??= new ScopeIndex(this.tree, this.ranges);
    return this.scopes;
  }

  /** Innermost scope node at or above a node, by node id (see enclosingScope). */
  private readonly scopeAtOrAbove = new Map<number, Node>();

  /** @param ranges restrict the node lists (calls, functions…) to these ranges; scopes and names always see the whole file */
  /**
   * @param attributeTables what `self.<attribute>` stands for in some classes, by class start: attribute → attributeOriginSummary
   * of its first value (incremental re-analysis knows them from the methods' signatures); other classes are looked at
   */
  constructor(
    readonly tree: Tree,
    readonly text: string,
    readonly ranges?: readonly IndexRange[],
    private readonly attributeTables?: ReadonlyMap<number, ReadonlyMap<string, string>>,
  ) {}

  get module(): Node {
    return this.tree.rootNode;
  }

  /** `compute()` once per `kind` and node id for the life of this analysis (the tree does not change meanwhile). */
  memo<T>(kind: string, nodeId: number, compute: () => T): T {
    let table = this.memos.get(kind);
    if (!table) this.memos.set(kind, (table = new Map()));
    if (table.has(nodeId)) return table.get(nodeId) as T;
    const value = compute();
    table.set(nodeId, value);
    return value;
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

  private callsByFunction: Map<number, Node[]> | undefined;
  /** The calls in a function's body that are its own (not in nested functions or lambdas), in document order. */
  ownCalls(fn: Node): Node[] {
    const body = fn.childForFieldName('body');
    if (!body) return [];
    const inBody = (call: Node): boolean => call.startIndex >= body.startIndex && call.endIndex <= body.endIndex;
    if (this.ranges) {
      return this.memo('ownCalls', fn.id, () => (captureGroups(this.tree, '(call) @call', [{ start: body.startIndex, end: body.endIndex }]).get('call') ?? []).filter(
        (call) => inBody(call) && this.enclosingFunction(call)?.id === fn.id,
      ));
    }
    if (!this.callsByFunction) {
      this.callsByFunction = new Map();
      for (const call of this.calls) {
        const owner = this.enclosingFunction(call);
        if (!owner) continue;
        let list = this.callsByFunction.get(owner.id);
        if (!list) this.callsByFunction.set(owner.id, (list = []));
        list.push(call);
      }
    }
    return (this.callsByFunction.get(fn.id) ?? []).filter(inBody);
  }

  get functions(): Node[] {
    return this.group('function');
  }

  get expressionStatements(): Node[] {
    return this.group('statement');
  }

  get awaits(): Node[] {
    return this.group('await');
  }

  get whileLoops(): Node[] {
    return this.group('while');
  }

  get forLoops(): Node[] {
    return this.group('for');
  }

  get withStatements(): Node[] {
    return this.group('with');
  }

  get tryStatements(): Node[] {
    return this.group('try');
  }

  /** `for … in …` clauses of comprehensions and generator expressions. */
  get comprehensionClauses(): Node[] {
    return this.group('comprehension');
  }

  /** Functions whose own body (not nested defs) awaits, or uses `async for` / `async with` / an async comprehension (whole-file analyses). */
  private suspendingFunctions(): Set<number> {
    if (this.suspending) return this.suspending;
    const result = new Set<number>();
    const mark = (node: Node): void => {
      const fn = this.enclosingFunction(node);
      if (fn) result.add(fn.id);
    };
    for (const node of this.group('await')) mark(node);
    for (const node of [...this.group('for'), ...this.group('with'), ...this.group('comprehension')]) if (hasAsyncKeyword(node)) mark(node);
    this.suspending = result;
    return result;
  }

  /**
   * Restricted to ranges, the file's own lists do not cover every function a
   * rule may ask about (a called coroutine elsewhere): one small query over
   * the function instead of a whole-file one, which an edit would pay every time.
   */
  private ownBodyHas(fn: Node, kind: 'suspends' | 'yields'): boolean {
    return this.memo(kind, fn.id, () => {
      const groups = captureGroups(this.tree, kind === 'suspends' ? SUSPEND_QUERY : YIELD_QUERY, [{ start: fn.startIndex, end: fn.endIndex }]);
      const own = (node: Node): boolean => node.startIndex >= fn.startIndex && node.endIndex <= fn.endIndex && this.enclosingFunction(node)?.id === fn.id;
      if (kind === 'yields') return (groups.get('yield') ?? []).some(own);
      if ((groups.get('await') ?? []).some(own)) return true;
      return (groups.get('block') ?? []).some((node) => hasAsyncKeyword(node) && own(node));
    });
  }

  /** The function's own body awaits (`await`, `async for`, `async with`). */
  functionSuspends(fn: Node): boolean {
    if (this.ranges) return this.ownBodyHas(fn, 'suspends');
    return this.suspendingFunctions().has(fn.id);
  }

  /** The function's own body contains `yield` (a generator or async generator). */
  isGenerator(fn: Node): boolean {
    if (this.ranges) return this.ownBodyHas(fn, 'yields');
    if (!this.generators) {
      this.generators = new Set();
      for (const node of this.group('yield')) {
        const fn = this.enclosingFunction(node);
        if (fn) this.generators.add(fn.id);
      }
    }
    return this.generators.has(fn.id);
  }

  /**
   * An `async def` whose call returns a coroutine: not an async generator and
   * not wrapped by a decorator that could change what it returns.
   */
  isCoroutineFunction(fn: Node): boolean {
    if (!this.isAsync(fn) || this.isGenerator(fn)) return false;
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
    if (!decorated) return true;
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.firstNamedChild;
      const name = expression ? (this.qualifiedName(expression) ?? expression.text) : '';
      if (!TRANSPARENT_DECORATORS.has(name)) return false;
    }
    return true;
  }

  /** Innermost class around `node` (skipping none: a def nested in a method is still inside the class). */
  enclosingClass(node: Node): Node | null {
    const index = this.scopeIndex();
    {
      const start = node.startIndex;
      const end = node.endIndex;
      if (start < end && index.covers(start, end)) {
        const i = index.innermostOf(start, end, CLASS_TYPES);
        return i >= 0 ? index.nodes[i]! : null;
      }
    }
    return innermostClass(node);
  }

  /** Methods defined directly in a class body, by name (the last definition wins). */
  methodsOf(cls: Node): Map<string, Node> {
    const cached = this.methodsByClass.get(cls.id);
    if (cached) return cached;
    const methods = new Map<string, Node>();
    for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
      const fn = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      const name = fn?.type === 'function_definition' ? fn.childForFieldName('name')?.text : undefined;
      if (fn && name) methods.set(name, fn);
    }
    this.methodsByClass.set(cls.id, methods);
    return methods;
  }

  /**
   * The same-file function a call refers to: a name bound by a `def` in scope
   * (module level or nested), or `self.m()` / `cls.m()` inside a method of the
   * class that defines `m`.
   */
  calledFunction(call: Node): Node | undefined {
    const callee = call.childForFieldName('function');
    if (!callee) return undefined;
    if (callee.type === 'identifier') {
      const resolution = this.resolveName(callee);
      const target = resolution.binding?.node;
      return resolution.kind === 'def' && target?.type === 'function_definition' ? target : undefined;
    }
    if (callee.type === 'attribute') {
      const object = callee.childForFieldName('object');
      if (object?.type !== 'identifier' || (object.text !== 'self' && object.text !== 'cls')) return undefined;
      const cls = this.enclosingClass(call);
      const attribute = callee.childForFieldName('attribute')?.text;
      return cls && attribute ? this.methodsOf(cls).get(attribute) : undefined;
    }
    return undefined;
  }

  /** The same-file coroutine function a call creates a coroutine of, if any. */
  calledCoroutineFunction(call: Node): Node | undefined {
    const fn = this.calledFunction(call);
    return fn && this.isCoroutineFunction(fn) ? fn : undefined;
  }

  /**
   * Where a value comes from, as a dotted name: `threading.Lock` for `lock`
   * after `lock = threading.Lock()`, `with threading.Lock() as lock`,
   * `self.lock = threading.Lock()` (same class) or a parameter annotated
   * `lock: threading.Lock`; `concurrent.futures.ThreadPoolExecutor.submit` for
   * the result of `executor.submit(...)`. Undefined when unknown.
   */
  valueOrigin(expression: Node, depth = 0): string | undefined {
    // The depth cut-off makes deeper answers partial: only top-level answers are remembered.
    if (depth === 0) return this.memo('valueOrigin', expression.id, () => this.computeValueOrigin(expression, 0));
    return this.computeValueOrigin(expression, depth);
  }

  private computeValueOrigin(expression: Node, depth: number): string | undefined {
    if (depth > this.deepest) this.deepest = depth;
    if (depth > 6) return undefined;
    const node = unwrapParentheses(expression);
    switch (node.type) {
      case 'call': {
        const name = this.calleeName(node);
        if (name !== undefined) return name;
        // A same-file function annotated `-> Path` returns a Path.
        const called = this.calledFunction(node);
        if (called && !this.isAsync(called)) return this.typeOrigin(called.childForFieldName('return_type'));
        const callee = node.childForFieldName('function');
        if (callee?.type !== 'attribute') return undefined;
        const object = callee.childForFieldName('object');
        const base = object ? this.valueOrigin(object, depth + 1) : undefined;
        return base === undefined ? undefined : `${base}.${callee.childForFieldName('attribute')?.text}`;
      }
      case 'await': {
        const inner = node.firstNamedChild ? unwrapParentheses(node.firstNamedChild) : undefined;
        const called = inner?.type === 'call' ? this.calledCoroutineFunction(inner) : undefined;
        return called ? this.typeOrigin(called.childForFieldName('return_type')) : undefined;
      }
      case 'binary_operator': {
        // `path / "name"` is still a path.
        const left = node.childForFieldName('left');
        return node.childForFieldName('operator')?.text === '/' && left ? this.valueOrigin(left, depth + 1) : undefined;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute')?.text;
        if (!object || !attribute) return undefined;
        if (object.type === 'identifier' && object.text === 'self') {
          const cls = this.enclosingClass(node);
          const table = cls && this.attributeTables?.get(cls.startIndex);
          if (table) return this.fromOriginSummary(table.get(attribute), depth);
          const value = cls ? this.selfAttributes(cls).get(attribute) : undefined;
          return value ? this.attributeValueOrigin(value, depth + 1) : undefined;
        }
        const base = this.valueOrigin(object, depth + 1);
        return base === undefined ? undefined : `${base}.${attribute}`;
      }
      case 'identifier': {
        const resolution = this.resolveName(node);
        const binding = resolution.binding;
        if (!binding) return undefined;
        if (resolution.kind === 'param') return this.annotationOrigin(binding.node);
        if (resolution.kind !== 'local') return undefined;
        const parent = binding.node.parent;
        if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === binding.node.id) {
          const right = parent.childForFieldName('right');
          // The declared type first: `client: httpx.Client = make_client()`.
          return this.annotationOrigin(binding.node) ?? (right ? this.valueOrigin(right, depth + 1) : undefined);
        }
        // `(a, b) = (Path("x"), Path("y"))`: the element at the same position.
        if ((parent?.type === 'pattern_list' || parent?.type === 'tuple_pattern') && parent.parent?.type === 'assignment' && parent.parent.childForFieldName('left')?.id === parent.id) {
          const right = parent.parent.childForFieldName('right');
          const values = right ? unwrapParentheses(right) : undefined;
          const index = parent.namedChildren.findIndex((child) => child?.id === binding.node.id);
          if (values && (values.type === 'tuple' || values.type === 'expression_list') && values.namedChildCount === parent.namedChildCount && index >= 0) {
            const value = values.namedChild(index);
            return value ? this.valueOrigin(value, depth + 1) : undefined;
          }
          return undefined;
        }
        if (parent?.type === 'as_pattern_target') {
          const value = parent.parent?.firstNamedChild;
          return value ? this.valueOrigin(value, depth + 1) : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** What valueOrigin gives for a `self.<attribute>` at `depth` whose value has this attributeOriginSummary (undefined: none). */
  private fromOriginSummary(summary: string | undefined, depth: number): string | undefined {
    if (summary === undefined) return undefined;
    const at = summary.lastIndexOf('@');
    const origin = summary.slice(0, at);
    // The value is looked at from depth + 1 instead of 1: every depth its chain reaches is `depth` deeper.
    const deepest = Number(summary.slice(at + 1)) + depth;
    if (deepest > this.deepest) this.deepest = deepest;
    return deepest > 6 || origin === '?' ? undefined : origin;
  }

  /** `x: threading.Lock` (parameter or annotated assignment) → `threading.Lock`. */
  private annotationOrigin(identifier: Node): string | undefined {
    return this.typeOrigin(identifier.parent?.childForFieldName('type') ?? null);
  }

  /** What `self.<attribute> = <value>` makes the attribute: the assignment's annotation (`self.bot: Bot = bot`), else the value's origin. */
  private attributeValueOrigin(value: Node, depth: number): string | undefined {
    const assignment = value.parent;
    const declared = assignment?.type === 'assignment' ? this.typeOrigin(assignment.childForFieldName('type')) : undefined;
    return declared ?? this.computeValueOrigin(value, depth);
  }

  /**
   * The class an annotation names: `threading.Lock`; `Optional[X]`, `X | None`,
   * `Union[X, None]` and `Annotated[X, ...]` → X; `asyncio.Queue[int]` → `asyncio.Queue`.
   */
  typeOrigin(annotation: Node | null, depth = 0): string | undefined {
    if (!annotation || depth > 4) return undefined;
    switch (annotation.type) {
      case 'type':
      case 'parenthesized_expression':
        return this.typeOrigin(annotation.firstNamedChild, depth + 1);
      case 'binary_operator': {
        if (annotation.childForFieldName('operator')?.text !== '|') return undefined;
        const parts = [annotation.childForFieldName('left'), annotation.childForFieldName('right')].filter((part) => !!part && part.type !== 'none' && part.text !== 'None');
        return parts.length === 1 ? this.typeOrigin(parts[0]!, depth + 1) : undefined;
      }
      case 'generic_type':
      case 'subscript': {
        const head = annotation.type === 'subscript' ? annotation.childForFieldName('value') : annotation.firstNamedChild;
        const name = head ? this.qualifiedName(head) : undefined;
        if (name === undefined) return undefined;
        const short = name.replace(/^(typing|typing_extensions)\./, '');
        if (short !== 'Optional' && short !== 'Union' && short !== 'Annotated') return name;
        const args = (annotation.type === 'subscript' ? annotation.childrenForFieldName('subscript') : annotation.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChildren ?? [])
          .filter((arg): arg is Node => !!arg && arg.type !== 'comment' && arg.text !== 'None');
        if (short === 'Annotated') return args[0] ? this.typeOrigin(args[0], depth + 1) : undefined;
        return args.length === 1 ? this.typeOrigin(args[0]!, depth + 1) : undefined;
      }
      default:
        return this.qualifiedName(annotation);
    }
  }

  /** `self.<attr> = <value>` assignments in the methods of a class, by attribute (the first wins). */
  private selfAttributes(cls: Node): Map<string, Node> {
    const cached = this.selfAttributesByClass.get(cls.id);
    if (cached) return cached;
    const attributes = new Map<string, Node>();
    const body = cls.childForFieldName('body');
    // One query over the class (not a walk that builds every node of it): classes of thousands of lines are common in tests.
    if (body) for (const { attribute, value } of this.selfAssignments(body, cls)) if (!attributes.has(attribute)) attributes.set(attribute, value);
    this.selfAttributesByClass.set(cls.id, attributes);
    return attributes;
  }

  /** `self.<attribute> = <value>` assignments inside `within` that belong to class `cls` (not to a nested class), in document order. */
  selfAssignments(within: { readonly startIndex: number; readonly endIndex: number }, cls: Node): { attribute: string; value: Node }[] {
    const key = `${within.startIndex}:${within.endIndex}:${cls.id}`;
    let found = this.assignmentsWithin.get(key);
    if (!found) this.assignmentsWithin.set(key, (found = selfAssignments(this.tree, within, cls, (node) => this.enclosingClass(node))));
    return found;
  }

  private readonly assignmentsWithin = new Map<string, { attribute: string; value: Node }[]>();

  /**
   * What `self.<attribute>` answers when `value` is the attribute's value, for
   * every depth it may be reached at: valueOrigin follows one chain, so its
   * answer from depth 1 and the deepest depth that chain reaches determine
   * the answer from any deeper start (incremental re-analysis compares these).
   */
  attributeOriginSummary(value: Node): string {
    const saved = this.deepest;
    this.deepest = 0;
    try {
      const origin = this.attributeValueOrigin(value, 1);
      return `${origin ?? '?'}@${this.deepest}`;
    } finally {
      this.deepest = Math.max(saved, this.deepest);
    }
  }

  /** Innermost function or lambda around `node` (null at module level). */
  enclosingFunction(node: Node): Node | null {
    let table = this.memos.get('enclosingFunction') as Map<number, Node | null> | undefined;
    if (!table) this.memos.set('enclosingFunction', (table = new Map()));
    if (table.has(node.id)) return table.get(node.id)!;
    const index = this.scopeIndex();
    const start = node.startIndex;
    const end = node.endIndex;
    if (start < end && index.covers(start, end)) {
      let i = index.innermostOf(start, end, FUNCTION_TYPES);
      // Defaults, annotations and the name are evaluated where the def runs: in the scope around it.
      while (i >= 0 && !(index.bodyStarts[i]! <= start && end <= index.bodyEnds[i]!)) {
        i = index.parents[i]!;
        while (i >= 0 && !FUNCTION_TYPES.has(index.types[i]!)) i = index.parents[i]!;
      }
      const found = i >= 0 ? index.nodes[i]! : null;
      table.set(node.id, found);
      return found;
    }
    // `parent` walks down from the root (O(depth)): remember the answer for every node passed on the way up.
    const passed: number[] = [node.id];
    let found: Node | null = null;
    for (let current = node.parent, child: Node = node; current; child = current, current = current.parent) {
      if (FUNCTION_TYPES.has(current.type) && current.childForFieldName('body')?.id === child.id) {
        found = current;
        break;
      }
      if (table.has(current.id)) {
        found = table.get(current.id)!;
        break;
      }
      passed.push(current.id);
    }
    for (const id of passed) table.set(id, found);
    return found;
  }

  /** isAsyncDef, once per node (it reads the node's first children: one Node each). */
  isAsync(fn: Node): boolean {
    return this.memo('isAsync', fn.id, () => isAsyncDef(fn));
  }

  /** The innermost enclosing function is an `async def` (a lambda or plain def is not). */
  isAsyncContext(node: Node): boolean {
    const fn = this.enclosingFunction(node);
    return !!fn && this.isAsync(fn);
  }

  /** Resolves a name used at `identifier` through the scope chain (LEGB, classes skipped for nested functions). */
  resolveName(identifier: Node, name?: string): Resolution {
    if (name === undefined) return this.memo('resolveName', identifier.id, () => this.computeResolution(identifier, identifier.text));
    return this.computeResolution(identifier, name);
  }

  private computeResolution(identifier: Node, name: string): Resolution {
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
    return this.memo('qualifiedName', expression.id, () => this.computeQualifiedName(expression));
  }

  private computeQualifiedName(expression: Node): string | undefined {
    const name = this.dottedName(expression);
    // `builtins.input` is the builtin `input`.
    return name?.startsWith('builtins.') ? name.slice('builtins.'.length) : name;
  }

  private dottedName(expression: Node): string | undefined {
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
    return this.memo('calleeName', call.id, () => {
      const callee = call.childForFieldName('function');
      return callee ? this.qualifiedName(callee) : undefined;
    });
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
    return this.memo('scopeOf', node.id, () => {
      const index = this.scopeIndex();
      if (node.id !== this.module.id) {
        const start = node.startIndex;
        const end = node.endIndex;
        if (start < end && index.covers(start, end)) {
          let i = index.innermost(start, end);
          // The name of a def/class belongs to the enclosing scope.
          if (i >= 0 && index.nameStarts[i] === start && index.nameEnds[i] === end) i = index.parents[i]!;
          return i >= 0 ? index.nodes[i]! : this.module;
        }
      }
      const parent = node.parent;
      if (!parent) return this.module;
      // The name of a def/class belongs to the enclosing scope (a name is always a direct child).
      if (SCOPE_TYPES.has(parent.type) && parent.type !== 'module' && parent.childForFieldName('name')?.id === node.id) {
        const above = parent.parent;
        return above ? this.enclosingScope(above) : this.module;
      }
      return this.enclosingScope(parent);
    });
  }

  /** The innermost scope node that is `node` or one of its ancestors (the module when there is none). */
  private enclosingScope(node: Node): Node {
    const visited: number[] = [];
    let found: Node | undefined;
    for (let current: Node | null = node; current; current = current.parent) {
      const known = this.scopeAtOrAbove.get(current.id);
      if (known) {
        found = known;
        break;
      }
      if (SCOPE_TYPES.has(current.type)) {
        found = current;
        break;
      }
      visited.push(current.id);
    }
    const scope = found ?? this.module;
    for (const id of visited) this.scopeAtOrAbove.set(id, scope);
    return scope;
  }

  private parentScope(scope: Node): Node | null {
    // The root is not always a `module`: a badly broken file parses to a root ERROR node.
    if (scope.id === this.module.id || scope.type === 'module') return null;
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
    const index = this.scopeIndex();
    if (scope.id === this.module.id ? index.whole : index.covers(scope.startIndex, scope.endIndex)) {
      for (const node of index.bindingNodes(this.module).get(scope.id) ?? []) collectBinding(node, add);
      this.bindingsByScope.set(scope.id, bindings);
      return bindings;
    }
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    if (body) {
      // A lambda's body is an expression, which may itself bind (or be a lambda).
      if (body.id === scope.id || collectBinding(body, add)) walkDescendants(body, (node) => collectBinding(node, add), BINDING_TYPES);
    }
    this.bindingsByScope.set(scope.id, bindings);
    return bindings;
  }
}

/** `self.<attribute> = <value>` assignments inside `within` that belong to class `cls` (not to a nested class), in document order. */
export function selfAssignments(
  tree: Tree,
  within: { readonly startIndex: number; readonly endIndex: number },
  cls: Node,
  classOf: (node: Node) => Node | null = innermostClass,
): { attribute: string; value: Node }[] {
  const query = compiledQuery(tree.language, SELF_ASSIGNMENT_QUERY);
  const result: { attribute: string; value: Node }[] = [];
  for (const match of query.matches(tree.rootNode, { startIndex: within.startIndex * 2, endIndex: within.endIndex * 2 })) {
    let object: Node | undefined;
    let attribute: Node | undefined;
    let value: Node | undefined;
    let assignment: Node | undefined;
    for (const capture of match.captures) {
      if (capture.name === 'object') object = capture.node;
      else if (capture.name === 'attribute') attribute = capture.node;
      else if (capture.name === 'value') value = capture.node;
      else assignment = capture.node;
    }
    if (!object || !attribute || !value || !assignment || object.text !== 'self') continue;
    if (assignment.startIndex < within.startIndex || assignment.endIndex > within.endIndex) continue;
    if (classOf(assignment)?.id !== cls.id) continue;
    result.push({ attribute: attribute.text, value });
  }
  return result;
}

function innermostClass(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current;
  }
  return null;
}

const SCOPE_QUERY = '[(function_definition) (lambda) (class_definition)] @scope';
const BINDING_QUERY = `[${[...BINDING_TYPES].filter((type) => type !== 'lambda').map((type) => `(${type})`).join(' ')}] @binding`;

/**
 * The scopes of a file (functions, lambdas, classes) as nested ranges, from
 * one query: the innermost scope around a node is a binary search instead of
 * `parent` calls (each walks down from the root), and the nodes that bind
 * names are found by one more query and handed to their scopes, as
 * bindingsOf's walk would find them (that walk builds every node of a body).
 */
class ScopeIndex {
  readonly nodes: Node[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly parents: number[] = [];
  readonly bodyStarts: number[] = [];
  readonly bodyEnds: number[] = [];
  readonly nameStarts: number[] = [];
  readonly nameEnds: number[] = [];
  readonly types: string[] = [];
  private bindings: Map<number, Node[]> | undefined;

  /** The whole file is indexed (else only what intersects `ranges`: see covers). */
  readonly whole: boolean;

  constructor(
    private readonly tree: Tree,
    private readonly ranges?: readonly IndexRange[],
  ) {
    this.whole = !ranges;
    const found = unique(captureGroups(tree, SCOPE_QUERY, ranges).get('scope') ?? []).map((node) => ({ node, start: node.startIndex, end: node.endIndex }));
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: number[] = [];
    for (const { node, start, end } of found) {
      while (stack.length > 0 && !this.contains(stack[stack.length - 1]!, start, end)) stack.pop();
      const i = this.nodes.length;
      this.nodes.push(node);
      this.types.push(node.type);
      this.starts.push(start);
      this.ends.push(end);
      this.parents.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
      const body = node.childForFieldName('body');
      this.bodyStarts.push(body ? body.startIndex : -1);
      this.bodyEnds.push(body ? body.endIndex : -1);
      const name = node.type === 'lambda' ? null : node.childForFieldName('name');
      this.nameStarts.push(name ? name.startIndex : -1);
      this.nameEnds.push(name ? name.endIndex : -1);
      stack.push(i);
    }
  }

  /** Every scope around a node in this range, and every node binding a name in a scope in it, is indexed. */
  covers(start: number, end: number): boolean {
    return !this.ranges || this.ranges.some((range) => range.start <= start && end <= range.end);
  }

  /** Scope `i` strictly contains the range (a scope does not contain itself). */
  private contains(i: number, start: number, end: number): boolean {
    return this.starts[i]! <= start && end <= this.ends[i]! && !(this.starts[i] === start && this.ends[i] === end);
  }

  /** The innermost scope strictly containing the range, or -1 (the module). */
  innermost(start: number, end: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid]! <= start) low = mid + 1;
      else high = mid;
    }
    let i = low - 1;
    while (i >= 0 && !this.contains(i, start, end)) i = this.parents[i]!;
    return i;
  }

  /** The innermost scope of one of `types` strictly containing the range, or -1. */
  innermostOf(start: number, end: number, types: ReadonlySet<string>): number {
    let i = this.innermost(start, end);
    while (i >= 0 && !types.has(this.types[i]!)) i = this.parents[i]!;
    return i;
  }

  /** The nodes bindingsOf's walk would visit and collect, by scope id, in document order. */
  bindingNodes(module: Node): Map<number, Node[]> {
    if (this.bindings) return this.bindings;
    const result = new Map<number, Node[]>();
    let blockedUntil = -1;
    // Several ranges are queried one after another: back to document order (the order bindings are made in).
    const nodes = unique(captureGroups(this.tree, BINDING_QUERY, this.ranges).get('binding') ?? []);
    if (this.ranges && this.ranges.length > 1) nodes.sort((a, b) => a.startIndex - b.startIndex);
    for (const node of nodes) {
      const start = node.startIndex;
      const end = node.endIndex;
      // The walk does not look inside imports and global/nonlocal statements.
      if (start < blockedUntil) continue;
      if (node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'global_statement' || node.type === 'nonlocal_statement') blockedUntil = Math.max(blockedUntil, end);
      const i = this.innermost(start, end);
      let owner: Node;
      if (i < 0) {
        // A broken file's root may be an ERROR node, which has no bindings.
        if (module.type !== 'module') continue;
        owner = module;
      } else {
        // Parameters, decorators and base classes are not in the body bindingsOf walks.
        if (start < this.bodyStarts[i]! || end > this.bodyEnds[i]!) continue;
        owner = this.nodes[i]!;
      }
      let list = result.get(owner.id);
      if (!list) result.set(owner.id, (list = []));
      list.push(node);
    }
    this.bindings = result;
    return result;
  }
}

/** Captures of several ranges hold a node once per range it meets. */
function unique(nodes: readonly Node[]): Node[] {
  const seen = new Set<number>();
  return nodes.filter((node) => !seen.has(node.id) && !!seen.add(node.id));
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

/** Adds the bindings `node` makes in its scope; false when its descendants bind elsewhere or nothing (bindingsOf does not look inside). */
function collectBinding(node: Node, add: AddBinding): boolean {
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
}


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
