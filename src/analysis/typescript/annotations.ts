/**
 * What the file's own type annotations say, read without a type checker:
 * values declared as promises (`p: Promise<T>`, `declare const p: PromiseLike<T>`),
 * functions declared to return one (`cb: () => Promise<void>`,
 * `declare function f(): Promise<T>`), and parameters or variables that
 * expect a function returning `void` (`cb: () => void`, `...cbs: Array<() => void>`).
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import type { TsBinding, TsFile } from './semantics';

const PROMISE_TYPES = new Set(['Promise', 'PromiseLike']);
const NULLISH_TYPES = new Set(['undefined', 'null']);

function typeAnnotation(node: Node | null | undefined): Node | undefined {
  const annotation = node?.children.find((child) => child?.type === 'type_annotation');
  return annotation?.namedChildren.find((child) => !!child) ?? undefined;
}

/** The type node declared for a binding: a variable's or parameter's annotation, or a function's return type (tagged). */
function declaredType(binding: TsBinding): { type: Node; returns: boolean } | undefined {
  const node = binding.node;
  if (node.type === 'variable_declarator') {
    const type = typeAnnotation(node);
    return type ? { type, returns: false } : undefined;
  }
  if (node.type === 'function_signature' || node.type === 'function_declaration') {
    const type = node.childForFieldName('return_type') ?? undefined;
    const inner = type?.type === 'type_annotation' ? (type.namedChildren.find((c) => !!c) ?? undefined) : type;
    return inner ? { type: inner, returns: true } : undefined;
  }
  if (binding.kind === 'param') {
    let parameter: Node | null = node.parent;
    if (parameter?.type === 'rest_pattern') parameter = parameter.parent;
    if (parameter?.type !== 'required_parameter' && parameter?.type !== 'optional_parameter') return undefined;
    const type = typeAnnotation(parameter);
    return type ? { type, returns: false } : undefined;
  }
  return undefined;
}

/** Union members other than `undefined`/`null`, parentheses removed. */
function members(type: Node): Node[] {
  if (type.type === 'parenthesized_type') {
    const inner = type.namedChildren.find((c) => !!c);
    return inner ? members(inner) : [];
  }
  if (type.type === 'union_type') return type.namedChildren.flatMap((c) => (c ? members(c) : []));
  if (type.type === 'literal_type' && NULLISH_TYPES.has(type.text)) return [];
  if (type.type === 'predefined_type' && type.text === 'undefined') return [];
  return [type];
}

/** `Promise<T>` / `PromiseLike<T>` (every non-nullish member). */
export function isPromiseType(type: Node): boolean {
  const all = members(type);
  return all.length > 0 && all.every((member) => member.type === 'generic_type' && PROMISE_TYPES.has(member.namedChild(0)?.text ?? ''));
}

/** The return types of the function types in `type` (`() => X`, `(() => X) | undefined`). */
function functionReturns(type: Node): Node[] {
  return members(type).flatMap((member) => {
    if (member.type !== 'function_type') return [];
    const returned = member.childForFieldName('return_type') ?? member.namedChildren.at(-1);
    return returned ? [returned] : [];
  });
}

/** A function type returning `void` (for a rest parameter, at `restOffset` in it: the element type of `Array<F>` / `F[]`, or that tuple element). */
export function expectsVoidFunction(type: Node, restOffset?: number): boolean {
  let target = type;
  if (restOffset !== undefined) {
    const element =
      target.type === 'array_type' ? target.namedChild(0)
      : target.type === 'generic_type' && target.namedChild(0)?.text === 'Array' ? target.namedChild(1)?.namedChild(0)
      : target.type === 'tuple_type' ? target.namedChild(restOffset)
      : null;
    if (!element) return false;
    target = element;
  }
  const returns = functionReturns(target);
  return returns.length > 0 && returns.every((returned) => returned.type === 'predefined_type' && returned.text === 'void');
}

/** `identifier` is declared (annotated) as a promise in this file; with `always`, not `… | undefined` either (a presence test is legitimate then). */
export function isDeclaredPromise(file: TsFile, identifier: Node, always = false): boolean {
  const node = unwrapParentheses(identifier);
  if (node.type !== 'identifier') return false;
  const binding = file.resolve(node);
  const declared = binding && declaredType(binding);
  if (!declared || declared.returns || !isPromiseType(declared.type)) return false;
  const optional = binding.node.parent?.type === 'optional_parameter';
  return !always || (!optional && !/\b(?:undefined|null)\b/.test(declared.type.text));
}

/**
 * The declared type of an expression, followed through annotations only: a
 * name's annotation, a property of an object type literal (`o.a?.b`), the
 * return type of a function type (`f()`), `x as T`. Undefined when unknown.
 */
export function declaredTypeOf(file: TsFile, expression: Node, depth = 0): Node | undefined {
  if (depth > 8) return undefined;
  const node = unwrapParentheses(expression);
  switch (node.type) {
    case 'identifier': {
      const binding = file.resolve(node);
      const declared = binding && declaredType(binding);
      return declared && !declared.returns ? declared.type : undefined;
    }
    case 'as_expression':
    case 'satisfies_expression':
      return node.namedChild(1) ?? undefined;
    case 'type_assertion':
      return node.namedChild(0)?.namedChild(0) ?? undefined;
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const name = node.childForFieldName('property')?.text;
      const type = object && declaredTypeOf(file, object, depth + 1);
      if (!type || !name) return undefined;
      for (const member of members(type)) {
        if (member.type !== 'object_type') continue;
        const property = member.namedChildren.find((c) => c?.type === 'property_signature' && c.childForFieldName('name')?.text === name);
        const annotated = property && typeAnnotation(property);
        if (annotated) return annotated;
      }
      return undefined;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      if (!callee) return undefined;
      if (unwrapParentheses(callee).type === 'identifier') {
        const binding = file.resolve(unwrapParentheses(callee));
        const declared = binding && declaredType(binding);
        if (declared?.returns) return declared.type;
      }
      const type = declaredTypeOf(file, callee, depth + 1);
      const returns = type ? functionReturns(type) : [];
      return returns.length === 1 ? returns[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** The expression's value is a promise by the file's annotations (`p` with `p: Promise<T>`, `o.cb?.()`, `x as Promise<T>`). */
export function isDeclaredPromiseValue(file: TsFile, expression: Node): boolean {
  const type = declaredTypeOf(file, expression);
  return !!type && isPromiseType(type);
}

/** Calling `callee` returns a promise by its declaration (`cb: () => Promise<void>`, `declare function f(): Promise<T>`). */
export function callReturnsDeclaredPromise(file: TsFile, callee: Node): boolean {
  const node = unwrapParentheses(callee);
  if (node.type === 'identifier') {
    const binding = file.resolve(node);
    const declared = binding && declaredType(binding);
    if (declared?.returns) return isPromiseType(declared.type);
  }
  const type = declaredTypeOf(file, node);
  const returns = type ? functionReturns(type) : [];
  return returns.length > 0 && returns.every(isPromiseType);
}

/** The declared type of the `index`-th parameter of a same-file function (or declared signature), and whether it is a rest parameter. */
export function parameterType(fn: Node, index: number): { type: Node; rest: boolean; offset: number } | undefined {
  const parameters = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && (p.type === 'required_parameter' || p.type === 'optional_parameter'));
  for (let i = 0; i < parameters.length; i++) {
    const parameter = parameters[i]!;
    const rest = parameter.namedChildren.some((c) => c?.type === 'rest_pattern');
    if (i === index || (rest && i <= index)) {
      const type = typeAnnotation(parameter);
      return type ? { type, rest, offset: index - i } : undefined;
    }
  }
  return undefined;
}

/** A same-file function or declared signature that `callee` names, for its parameter annotations. */
export function declaredCallee(file: TsFile, callee: Node): Node | undefined {
  const node = unwrapParentheses(callee);
  const fn = file.calleeFunction(node);
  if (fn) return fn;
  if (node.type !== 'identifier') return undefined;
  const binding = file.resolve(node);
  return binding?.node.type === 'function_signature' ? binding.node : undefined;
}

/** The variable's declared type, for `const f: () => void = …`. */
export function variableType(declarator: Node): Node | undefined {
  return typeAnnotation(declarator);
}

/** The property and method signatures of an object type, following a same-file type alias or interface by name. */
export function objectTypeMembers(file: TsFile, type: Node): Node[] {
  const found: Node[] = [];
  for (const member of members(type)) {
    if (member.type === 'object_type') found.push(...member.namedChildren.filter((c): c is Node => !!c));
    else if (member.type === 'type_identifier') {
      for (const declaration of file.tree.rootNode.descendantsOfType(['type_alias_declaration', 'interface_declaration'])) {
        if (!declaration || declaration.childForFieldName('name')?.text !== member.text) continue;
        const body = declaration.type === 'interface_declaration' ? declaration.childForFieldName('body') : declaration.childForFieldName('value');
        if (body && (body.type === 'object_type' || body.type === 'interface_body')) found.push(...body.namedChildren.filter((c): c is Node => !!c));
      }
    }
  }
  return found;
}

/** A property signature typed `() => void`, or a method signature returning `void`. */
export function memberExpectsVoid(member: Node): boolean {
  if (member.type === 'property_signature') {
    const type = typeAnnotation(member);
    return !!type && expectsVoidFunction(type);
  }
  if (member.type === 'method_signature') {
    const returned = member.childForFieldName('return_type');
    const type = returned?.type === 'type_annotation' ? returned.namedChild(0) : returned;
    return type?.type === 'predefined_type' && type.text === 'void';
  }
  return false;
}
