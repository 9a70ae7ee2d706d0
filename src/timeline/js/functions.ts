/**
 * Functions, classes and object literals of the simulated program. Every user
 * function is a real host function object (so host methods such as
 * `Array.prototype.map` or `EventEmitter#emit` can call it synchronously)
 * whose body the interpreter runs. Async functions are driven by `await`
 * suspensions over the simulated promise jobs; generators by `yield`.
 */
import { inspect } from 'node:util';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { evalExpr } from './expressions';
import type { Interpreter } from './interpreter';
import { assignPattern, propertyKey } from './patterns';
import { startAsyncGenerator, startGenerator } from './generators';
import { execStatements } from './statements';
import { Unsupported } from './trace';
import { field, guardAll, hasChildToken, lineOf, namedChildren, Scope, type ClassInfo, type Closure, type ClosureKind, type FunctionContext, type Gen } from './values';

type AnyFunction = (...args: unknown[]) => unknown;

export function createFunction(ip: Interpreter, closure: Closure): AnyFunction {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    // eslint-disable-next-line prefer-rest-params
    if (new.target) return ip.constructClosure(closure, args, new.target as AnyFunction);
    return invoke(ip, closure, this, args, wrapper as unknown as AnyFunction);
  };
  Object.defineProperty(wrapper, 'name', { value: closure.name });
  const params = field(closure.node, 'parameters');
  const length = params ? namedChildren(params).filter((p) => p.type !== 'rest_pattern' && !field(p, 'value') && !(p.type === 'required_parameter' && field(p, 'pattern')?.type === 'rest_pattern')).length : 1;
  Object.defineProperty(wrapper, 'length', { value: length });
  if (closure.kind === 'arrow' || closure.kind === 'method' || closure.isAsync) {
    Object.defineProperty(wrapper, 'prototype', { value: undefined, writable: false });
  }
  if (closure.isAsync) {
    Object.defineProperty(wrapper, inspect.custom, { value: () => `[AsyncFunction: ${closure.name || '(anonymous)'}]` });
  }
  ip.closures.set(wrapper, closure);
  return wrapper as unknown as AnyFunction;
}

export function makeFunction(ip: Interpreter, node: SyntaxNode, scope: Scope, name: string, kind?: ClosureKind, homeObject?: object): AnyFunction {
  const closureKind: ClosureKind = kind ?? (node.type === 'arrow_function' ? 'arrow' : 'function');
  return createFunction(ip, {
    node, name, scope, kind: closureKind, homeObject,
    isAsync: hasChildToken(node, 'async'),
    isGenerator: hasChildToken(node, '*') || node.type.startsWith('generator_function'),
  });
}

/** Calls a user function the way a call expression does. */
export function invoke(ip: Interpreter, closure: Closure, thisArg: unknown, args: unknown[], funcObj: AnyFunction): unknown {
  guardAll(args);
  if (closure.kind === 'class') throw new TypeError(`Class constructor ${closure.name} cannot be invoked without 'new'`);
  const context = closure.kind === 'arrow' ? undefined : newContext(thisArg, true, undefined, closure, funcObj);
  if (closure.isAsync && closure.isGenerator) return startAsyncGenerator(ip, callBody(ip, closure, context, args), closure.name || 'async generator');
  if (closure.isAsync) return ip.startAsync(callBody(ip, closure, context, args), closure.name || 'anonymous function');
  if (closure.isGenerator) return startGenerator(callBody(ip, closure, context, args));
  return ip.runSync(callBody(ip, closure, context, args), closure.node);
}

export function newContext(thisValue: unknown, initialized: boolean, newTarget: unknown, closure: Closure | undefined, funcObj: AnyFunction | undefined, homeObject?: object): FunctionContext {
  return { thisValue, thisInitialized: initialized, newTarget, homeObject: homeObject ?? closure?.homeObject, closure, funcObj };
}

/** Binds parameters and runs the body; the generator's return value is the function's result. */
export function* callBody(ip: Interpreter, closure: Closure, context: FunctionContext | undefined, args: unknown[], bodyNode?: SyntaxNode): Gen {
  const node = bodyNode ?? closure.node;
  const scope = new Scope(closure.scope, context, true);
  if (context) scope.declare('arguments', 'var', args.slice());
  const params = field(node, 'parameters') ?? field(node, 'parameter');
  if (params) {
    if (params.type === 'identifier') scope.declare(params.text, 'param', args[0]);
    else {
      let index = 0;
      for (const param of namedChildren(params)) {
        const rest = param.type === 'rest_pattern' || (param.type === 'required_parameter' && field(param, 'pattern')?.type === 'rest_pattern');
        const value = rest ? args.slice(index) : args[index];
        yield* assignPattern(ip, param, value, scope, 'param');
        index++;
        const modifier = param.children.find((c) => c?.type === 'accessibility_modifier' || c?.type === 'override_modifier' || c?.type === 'readonly');
        if (modifier && context?.thisInitialized) {
          const name = field(param, 'pattern')!.text;
          (context.thisValue as Record<string, unknown>)[name] = scope.lookup(name)?.value;
        }
      }
    }
  }
  const body = field(node, 'body')!;
  if (body.type !== 'statement_block') return yield* evalExpr(ip, body, scope);
  hoistVars(ip, body, scope);
  const completion = yield* execStatements(ip, namedChildren(body), scope);
  return completion?.type === 'return' ? completion.value : undefined;
}

/** Declares every `var` of a body (not of nested functions) as undefined. */
export function hoistVars(ip: Interpreter, body: SyntaxNode, scope: Scope): void {
  let names = ip.varNames.get(body.id);
  if (!names) {
    names = [];
    const visit = (node: SyntaxNode): void => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (/function|arrow_function|class|method_definition/.test(child.type)) continue;
        if (child.type === 'variable_declaration') {
          for (const declarator of namedChildren(child)) {
            const name = field(declarator, 'name');
            if (name) collectNames(name, names!);
          }
        }
        visit(child);
      }
    };
    visit(body);
    ip.varNames.set(body.id, names);
  }
  for (const name of names) if (!scope.vars.has(name)) scope.declare(name, 'var', undefined);
}

function collectNames(pattern: SyntaxNode, out: string[]): void {
  if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') out.push(pattern.text);
  else for (const child of namedChildren(pattern)) if (child.type !== 'property_identifier' && field(pattern, 'key')?.id !== child.id) collectNames(child, out);
}

/** `class` declarations and expressions. */
export function* defineClass(ip: Interpreter, node: SyntaxNode, scope: Scope, nameHint: string | undefined): Gen<AnyFunction> {
  const name = field(node, 'name')?.text ?? nameHint ?? '';
  const heritage = node.namedChildren.find((c) => c?.type === 'class_heritage');
  const extendsClause = heritage?.namedChildren.find((c) => c?.type === 'extends_clause') ?? undefined;
  const parentNode = extendsClause ? (field(extendsClause, 'value') ?? namedChildren(extendsClause)[0]) : undefined;
  const parent = parentNode ? yield* evalExpr(ip, parentNode, scope) : undefined;
  if (parentNode && parent !== null && typeof parent !== 'function') {
    throw new TypeError(`Class extends value ${inspect(parent)} is not a constructor or null`);
  }
  const protoParent = parent === null ? null : parent ? ((parent as { prototype: object }).prototype ?? null) : Object.prototype;
  const proto = Object.create(protoParent) as object;
  const classScope = new Scope(scope);
  const body = field(node, 'body')!;
  const members = namedChildren(body);
  const ctor = members.find((m) => m.type === 'method_definition' && field(m, 'name')?.text === 'constructor' && !hasChildToken(m, 'static'));
  const info: ClassInfo = { parent, derived: parentNode !== undefined, ctor, fields: [], proto };
  const F = createFunction(ip, { node, name, scope: classScope, kind: 'class', isAsync: false, isGenerator: false, homeObject: proto, cls: info });
  if (parent) Object.setPrototypeOf(F, parent as object);
  Object.defineProperty(F, 'prototype', { value: proto, writable: false, enumerable: false });
  Object.defineProperty(proto, 'constructor', { value: F, writable: true, configurable: true, enumerable: false });
  const parentName = parent ? ((parent as { name?: string }).name ?? '') : '';
  Object.defineProperty(F, inspect.custom, { value: () => `[class ${name || '(anonymous)'}${parentNode ? ` extends ${parentName || parentNode.text}` : ''}]`, configurable: true });
  if (name) classScope.declare(name, 'class', F);
  const statics: (() => Gen<void>)[] = [];
  for (const member of members) {
    const isStatic = hasChildToken(member, 'static');
    const target = isStatic ? (F as object) : proto;
    if (member.type === 'method_definition') {
      if (member.id === ctor?.id) continue;
      yield* defineMethod(ip, member, target, classScope, false);
    } else if (member.type === 'public_field_definition' || member.type === 'field_definition') {
      const keyNode = field(member, 'name') ?? field(member, 'property')!;
      const key = yield* propertyKey(ip, keyNode, classScope);
      const value = field(member, 'value') ?? undefined;
      const hidden = keyNode.type === 'private_property_identifier';
      if (isStatic) statics.push(() => initField(ip, F, classScope, F, key, value, hidden));
      else info.fields.push({ key, value, hidden });
    } else if (member.type === 'class_static_block') {
      statics.push(function* () {
        const blockScope = new Scope(classScope, newContext(F, true, undefined, undefined, undefined, F), true);
        yield* execStatements(ip, namedChildren(field(member, 'body')!), blockScope);
      });
    }
  }
  for (const init of statics) yield* init();
  return F;
}

export function* initField(ip: Interpreter, target: object, scope: Scope, home: object, key: PropertyKey, valueNode: SyntaxNode | undefined, hidden: boolean): Gen<void> {
  const fieldScope = new Scope(scope, newContext(target, true, undefined, undefined, undefined, home), true);
  const value = valueNode ? yield* evalExpr(ip, valueNode, fieldScope, typeof key === 'string' ? key : undefined) : undefined;
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: !hidden });
}

/** Defines a method, getter or setter of a class or object literal. */
export function* defineMethod(ip: Interpreter, member: SyntaxNode, target: object, scope: Scope, enumerable: boolean): Gen<void> {
  const keyNode = field(member, 'name')!;
  const key = yield* propertyKey(ip, keyNode, scope);
  const accessor = member.children.find((c) => c && !c.isNamed && (c.type === 'get' || c.type === 'set'))?.type;
  const fnName = typeof key === 'symbol' ? `[${key.description ?? ''}]` : String(key);
  const fn = makeFunction(ip, member, scope, accessor ? `${accessor} ${fnName}` : fnName, 'method', target);
  const hidden = keyNode.type === 'private_property_identifier';
  if (accessor) {
    const existing = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, {
      get: accessor === 'get' ? fn : existing?.get,
      set: accessor === 'set' ? fn : existing?.set,
      enumerable: enumerable && !hidden, configurable: true,
    });
  } else {
    Object.defineProperty(target, key, { value: fn, writable: true, configurable: true, enumerable: enumerable && !hidden });
  }
}

/** `{ a: 1, b, ...rest, m() {}, get g() {} }` */
export function* evalObject(ip: Interpreter, node: SyntaxNode, scope: Scope): Gen<object> {
  const object: Record<PropertyKey, unknown> = {};
  for (const child of namedChildren(node)) {
    switch (child.type) {
      case 'pair': {
        const key = yield* propertyKey(ip, field(child, 'key')!, scope);
        const value = yield* evalExpr(ip, field(child, 'value')!, scope, typeof key === 'string' ? key : undefined);
        if (key === '__proto__' && field(child, 'key')!.type !== 'computed_property_name') Object.setPrototypeOf(object, value as object | null);
        else Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
        break;
      }
      case 'shorthand_property_identifier':
        object[child.text] = ip.lookup(child.text, scope, child);
        break;
      case 'spread_element': {
        const source = yield* evalExpr(ip, namedChildren(child)[0]!, scope);
        if (source != null) Object.assign(object, source);
        break;
      }
      case 'method_definition':
        yield* defineMethod(ip, child, object, scope, true);
        break;
      default:
        throw new Unsupported(`the ${child.type.replace(/_/g, ' ')} object member is not simulated`, lineOf(child));
    }
  }
  return object;
}
