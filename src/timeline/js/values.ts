/**
 * Runtime shapes of the JS interpreter: scopes and bindings, function
 * contexts, closure records, the suspension protocol of `await`/`yield`, and
 * the guard that keeps the simulated program away from the host's code
 * evaluation entry points (Function constructors, eval).
 */
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { Unsupported } from './trace';

/** What an evaluation yields to its driver: an `await` (async functions) or a `yield` (generators). */
export interface Suspend {
  readonly kind: 'await' | 'yield';
  readonly value: unknown;
  readonly node: SyntaxNode;
}

export type Gen<T = unknown> = Generator<Suspend, T, unknown>;

export type Completion =
  | undefined
  | { readonly type: 'break' | 'continue'; readonly label: string | undefined }
  | { readonly type: 'return'; readonly value: unknown };

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'param' | 'class' | 'import';

export interface Binding {
  value: unknown;
  readonly kind: BindingKind;
}

/** `this`, `new.target` and `super` of a non-arrow function activation. */
export interface FunctionContext {
  thisValue: unknown;
  thisInitialized: boolean;
  readonly newTarget: unknown;
  readonly homeObject: object | undefined;
  readonly closure: Closure | undefined;
  readonly funcObj: Function | undefined;
}

export class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | undefined,
    readonly fn?: FunctionContext,
    /** Where `var` declarations land: function bodies (arrows too) and the module. */
    readonly functionScope: boolean = fn !== undefined,
  ) {}

  lookup(name: string): Binding | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const binding = scope.vars.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  declare(name: string, kind: BindingKind, value: unknown): void {
    const existing = this.vars.get(name);
    if (existing && (kind === 'var' || kind === 'function') && (existing.kind === 'var' || existing.kind === 'function' || existing.kind === 'param')) {
      if (kind === 'function' || value !== undefined) existing.value = value;
      return;
    }
    this.vars.set(name, { value, kind });
  }

  /** The nearest non-arrow function activation (arrows see their parent's `this`). */
  functionContext(): FunctionContext | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) if (scope.fn) return scope.fn;
    return undefined;
  }
}

export interface ClassInfo {
  readonly parent: unknown;
  readonly derived: boolean;
  readonly ctor: SyntaxNode | undefined;
  readonly fields: { readonly key: PropertyKey; readonly value: SyntaxNode | undefined; readonly hidden: boolean }[];
  readonly proto: object;
}

export type ClosureKind = 'arrow' | 'function' | 'method' | 'class';

export interface Closure {
  readonly node: SyntaxNode;
  readonly name: string;
  readonly scope: Scope;
  readonly kind: ClosureKind;
  readonly isAsync: boolean;
  readonly isGenerator: boolean;
  readonly homeObject: object | undefined;
  readonly cls?: ClassInfo;
}

/** Marks a short-circuited optional chain (`a?.b.c` with `a` nullish). */
export const SHORT_CIRCUIT: unique symbol = Symbol('short-circuit');

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as unknown;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as unknown;
const DENIED = new Set<unknown>([Function, AsyncFunction, GeneratorFunction, AsyncGeneratorFunction, eval]);

/** Stops host code-evaluation entry points from reaching the simulated program. */
export function guard<T>(value: T, line?: number): T {
  if (typeof value === 'function' && DENIED.has(value)) {
    throw new Unsupported('the Function constructor and eval are not simulated', line);
  }
  return value;
}

export function guardAll(values: readonly unknown[], line?: number): void {
  for (const value of values) guard(value, line);
}

export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export function lineOf(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}

export function field(node: SyntaxNode, name: string): SyntaxNode | null {
  return node.childForFieldName(name);
}

/** Named children without comments. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of node.namedChildren) if (child && child.type !== 'comment') out.push(child);
  return out;
}

export function hasChildToken(node: SyntaxNode, token: string): boolean {
  for (const child of node.children) if (child && !child.isNamed && child.type === token) return true;
  return false;
}

/** Decodes the escapes of a JS string literal body. */
export function unescapeJs(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])/g, (_m, esc: string) => {
    switch (esc[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case '0': return '\0';
      case '\n': case '\r': return '';
      case 'x': return String.fromCharCode(parseInt(esc.slice(1), 16));
      case 'u': return String.fromCodePoint(parseInt(esc.startsWith('u{') ? esc.slice(2, -1) : esc.slice(1), 16));
      default: return esc;
    }
  });
}
