/**
 * Type-aware checks on functions used where their promise is dropped, like
 * typescript-eslint's `checksVoidReturn`: a promise-returning function passed,
 * assigned or returned where the expected type is a function returning `void`
 * (arguments, annotated variables, assignments, object properties, overriding
 * class members, returns, JSX attributes) is `ts/async-callback-void`;
 * `xs.forEach(f)` with such an `f` is `ts/async-foreach`. Also `return p`
 * without `await` inside `try` in an async function, for any thenable `p`
 * (`ts/return-without-await-in-try`).
 */
import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/typescript-estree';
import * as ts from 'typescript';
import type { TypedReport } from './checks';
import { isAlwaysThenable, isOpaque, isThenable } from './thenable';

export const ASYNC_CALLBACK_VOID = 'ts/async-callback-void';
export const ASYNC_FOREACH = 'ts/async-foreach';
export const RETURN_IN_TRY = 'ts/return-without-await-in-try';

type Node = TSESTree.Node;

const FUNCTIONS = new Set<string>([AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.ArrowFunctionExpression]);

/** Union members (nullish ones dropped: an optional callback is still a callback). */
function members(type: ts.Type): readonly ts.Type[] {
  const all = type.isUnion() ? type.types : [type];
  return all.filter((part) => (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0);
}

export interface VoidReturnChecks {
  /** Called for every node of the walk (parents are set). */
  visit(node: Node): void;
}

export function createVoidReturnChecks(
  services: ParserServicesWithTypeInformation,
  sourceFile: ts.SourceFile,
  enabled: (ruleId: string) => boolean,
  reports: TypedReport[],
): VoidReturnChecks {
  const checker = services.program.getTypeChecker();
  const tsNode = (node: Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);
  const textOf = (node: ts.Node): string => {
    const text = sourceFile.text.slice(node.getStart(sourceFile), node.getEnd()).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  };

  /**
   * Some call signature of the type always returns a thenable (an async function, or one declared to
   * return a promise). A callback returning `void | Promise<void>` forwards whatever it is given.
   */
  function returnsThenable(type: ts.Type, at: ts.Node): boolean {
    return members(type).some((part) =>
      part.getCallSignatures().some((signature) => {
        const returned = signature.getReturnType();
        return !isOpaque(returned) && isAlwaysThenable(checker, returned, at);
      }),
    );
  }

  /** The expected function type returns `void` (and no signature of it accepts a thenable or `any`). */
  function expectsVoid(type: ts.Type | undefined, at: ts.Node): boolean {
    if (!type || isOpaque(type)) return false;
    let voidReturn = false;
    for (const part of members(type)) {
      for (const signature of part.getCallSignatures()) {
        const returned = signature.getReturnType();
        if (isOpaque(returned) || isThenable(checker, returned, at)) return false;
        if ((returned.flags & ts.TypeFlags.Void) !== 0) voidReturn = true;
      }
    }
    return voidReturn;
  }

  /** A value worth asking the checker about: a function, or a reference that may hold one. */
  function mayBeFunction(node: Node): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return !node.generator;
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        return !(node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
      default:
        return false;
    }
  }

  function promiseFunction(node: Node): boolean {
    if (!mayBeFunction(node)) return false;
    const at = tsNode(node);
    const type = checker.getTypeAtLocation(at);
    return !isOpaque(type) && returnsThenable(type, at);
  }

  function report(ruleId: string, start: number, end: number, message: string): void {
    reports.push({ ruleId, start, end, message, fixes: [] });
  }

  function reportValue(value: Node, where: string): void {
    const at = tsNode(value);
    const inline = value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression;
    const start = at.getStart(sourceFile);
    const end = inline && value.body.type === AST_NODE_TYPES.BlockStatement ? tsNode(value.body).getStart(sourceFile) : at.getEnd();
    const what = inline ? 'An async function' : `\`${textOf(at)}\` returns a promise and`;
    report(
      ASYNC_CALLBACK_VOID,
      start,
      end,
      `${what} is ${where}, where a function returning \`void\` is expected: the promise is dropped, so if it rejects nothing catches the error (an unhandled rejection). Handle the rejection inside, or wrap: \`() => { void f().catch(…) }\`.`,
    );
  }

  /** The parameter types at `index` of every overload of the callee (rest parameters give their element type). */
  function parameterTypes(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): ts.Type[] {
    const at = tsNode(call.callee);
    const calleeType = checker.getTypeAtLocation(at);
    const signatures = call.type === AST_NODE_TYPES.NewExpression ? calleeType.getConstructSignatures() : calleeType.getCallSignatures();
    const types: ts.Type[] = [];
    for (const signature of signatures) {
      const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
      const last = signature.parameters.length - 1;
      const rest = !!declaration && last >= 0 && !!declaration.parameters?.[last] && ts.isRestParameter(declaration.parameters[last]!);
      const parameter = signature.parameters[rest ? Math.min(index, last) : index];
      if (!parameter) continue;
      const type = checker.getTypeOfSymbolAtLocation(parameter, at);
      types.push(rest && index >= last ? (checker.getIndexTypeOfType(type, ts.IndexKind.Number) ?? type) : type);
    }
    return types;
  }

  /** Some expected type takes a promise-returning function (or one returning `any`/`unknown`): then passing one is intended. */
  function acceptsThenable(type: ts.Type, at: ts.Node): boolean {
    if (isOpaque(type)) return true;
    return members(type).some((part) => part.getCallSignatures().some((signature) => {
      const returned = signature.getReturnType();
      return isOpaque(returned) || isThenable(checker, returned, at);
    }));
  }

  function checkArguments(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    if (call.type === AST_NODE_TYPES.NewExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Promise') return; // ts/async-promise-executor
    const callee = call.callee;
    const method = callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
    // `p.finally(async () => …)` waits for the promise its callback returns, whatever the typings say.
    if (method === 'finally') return;
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.computed) {
      const key = checker.getTypeAtLocation(tsNode(callee.property));
      if (key.isStringLiteral() && key.value === 'finally') return;
    }
    call.arguments.forEach((argument, index) => {
      if (argument.type === AST_NODE_TYPES.SpreadElement || !promiseFunction(argument)) return;
      const at = tsNode(argument) as ts.Expression;
      const overloads = parameterTypes(call, index);
      const expected = [checker.getContextualType(at), ...(overloads.length > 1 ? overloads : [])].filter((type): type is ts.Type => !!type);
      if (expected.some((type) => acceptsThenable(type, at)) || !expected.some((type) => expectsVoid(type, at))) return;
      if (index === 0 && method === 'forEach' && callee.type === AST_NODE_TYPES.MemberExpression) {
        if (!enabled(ASYNC_FOREACH)) return;
        report(ASYNC_FOREACH, tsNode(callee.property).getStart(sourceFile), tsNode(call).getEnd(), '`forEach` ignores the promises its callback returns: the loop finishes before the work does, and a rejection is unhandled. Use `for…of` with `await`, or `await Promise.all(xs.map(…))`.');
        return;
      }
      if (enabled(ASYNC_CALLBACK_VOID)) reportValue(argument, `passed to \`${textOf(tsNode(callee))}\``);
    });
  }

  /** A value whose expected type comes from its context (variable annotation, assignment target, return type, JSX attribute). */
  function checkContextual(value: Node | null | undefined, where: string): void {
    if (!value || !enabled(ASYNC_CALLBACK_VOID) || !promiseFunction(value)) return;
    const at = tsNode(value) as ts.Expression;
    if (expectsVoid(checker.getContextualType(at), at)) reportValue(value, where);
  }

  function checkProperty(property: TSESTree.Property): void {
    if (!enabled(ASYNC_CALLBACK_VOID) || property.kind !== 'init' || property.computed && property.key.type !== AST_NODE_TYPES.Literal) return;
    const value = property.value;
    if (!promiseFunction(value as Node)) return;
    const object = property.parent as TSESTree.ObjectExpression;
    const contextual = checker.getContextualType(tsNode(object) as ts.Expression);
    if (!contextual) return;
    const name = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String((property.key as TSESTree.Literal).value);
    const at = tsNode(value as Node);
    const expected = members(contextual)
      .map((part) => {
        const symbol = part.getProperty(name);
        return symbol ? checker.getTypeOfSymbolAtLocation(symbol, at) : (checker.getIndexTypeOfType(part, ts.IndexKind.String) ?? undefined);
      })
      .filter((type): type is ts.Type => !!type);
    if (expected.length > 0 && expected.every((type) => expectsVoid(type, at))) reportValue(value as Node, `given to the property \`${name}\``);
  }

  /** A promise-returning member overriding (or implementing) a base member typed to return `void`: classes (abstract members too) and interfaces. */
  function checkInherited(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.TSInterfaceDeclaration): void {
    if (!enabled(ASYNC_CALLBACK_VOID)) return;
    const isInterface = node.type === AST_NODE_TYPES.TSInterfaceDeclaration;
    if (isInterface ? !node.extends.length : !node.superClass && !node.implements?.length) return;
    const declaration = tsNode(node) as ts.ClassLikeDeclaration | ts.InterfaceDeclaration;
    const bases: ts.Type[] = [];
    const own = checker.getTypeAtLocation(declaration);
    if (own.isClassOrInterface()) bases.push(...(checker.getBaseTypes(own) ?? []));
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token === ts.SyntaxKind.ImplementsKeyword || isInterface) for (const type of clause.types) bases.push(checker.getTypeAtLocation(type));
    }
    const body = isInterface ? node.body.body : node.body.body;
    for (const member of body) {
      const name = memberName(member);
      if (!name) continue;
      const at = tsNode(member);
      const type = checker.getTypeAtLocation(at);
      if (isOpaque(type) || !returnsThenable(type, at)) continue;
      const base = bases.map((b) => b.getProperty(name)).find((symbol) => symbol && expectsVoid(checker.getTypeOfSymbolAtLocation(symbol, at), at));
      if (!base) continue;
      const value = 'value' in member ? (member.value as Node | null) : null;
      const bodyNode = value && (value.type === AST_NODE_TYPES.FunctionExpression || value.type === AST_NODE_TYPES.ArrowFunctionExpression) ? value.body : null;
      report(
        ASYNC_CALLBACK_VOID,
        at.getStart(sourceFile),
        bodyNode ? tsNode(bodyNode).getStart(sourceFile) : at.getEnd(),
        `\`${name}\` returns a promise but overrides a member typed to return \`void\`: callers through the base type drop the promise, so a rejection is unhandled. Handle errors inside, or type the base member to return a promise.`,
      );
    }
  }

  function checkReturnInTry(node: TSESTree.ReturnStatement): void {
    const argument = node.argument;
    if (!argument || !enabled(RETURN_IN_TRY)) return;
    let inner: Node = argument;
    while (inner.type === AST_NODE_TYPES.TSAsExpression || inner.type === AST_NODE_TYPES.TSNonNullExpression) inner = inner.expression;
    if (inner.type === AST_NODE_TYPES.AwaitExpression) return;
    const guard = errorHandlingContext(node);
    if (!guard) return;
    const at = tsNode(argument);
    const type = checker.getTypeAtLocation(at);
    if (isOpaque(type) || !isThenable(checker, type, at)) return;
    const start = at.getStart(sourceFile);
    reports.push({
      ruleId: RETURN_IN_TRY,
      start,
      end: at.getEnd(),
      message: `Returning \`${textOf(at)}\` without \`await\` inside ${guard.where}: ${
        guard.where === '`try`'
          ? 'the function leaves the `try` before the promise settles, so a rejection skips the `catch` (and `finally` runs too early)'
          : 'the `finally` block runs before the promise settles'
      }. Use \`return await …\`.`,
      fixes: [{ title: 'Use `return await …`', safe: true, edits: [{ start, end: start, newText: 'await ' }] }],
    });
  }

  return {
    visit(node) {
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          if (enabled(ASYNC_CALLBACK_VOID) || enabled(ASYNC_FOREACH)) checkArguments(node);
          break;
        case AST_NODE_TYPES.VariableDeclarator:
          if (node.id.typeAnnotation) checkContextual(node.init, `assigned to \`${textOf(tsNode(node.id))}\``);
          break;
        case AST_NODE_TYPES.AssignmentExpression:
          if (node.operator === '=') checkContextual(node.right, `assigned to \`${textOf(tsNode(node.left))}\``);
          break;
        case AST_NODE_TYPES.Property:
          if (node.parent?.type === AST_NODE_TYPES.ObjectExpression) checkProperty(node);
          break;
        case AST_NODE_TYPES.ReturnStatement:
          checkContextual(node.argument, 'returned');
          checkReturnInTry(node);
          break;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          if (node.expression) checkContextual(node.body, 'returned');
          break;
        case AST_NODE_TYPES.JSXAttribute:
          if (node.value?.type === AST_NODE_TYPES.JSXExpressionContainer && node.value.expression.type !== AST_NODE_TYPES.JSXEmptyExpression) {
            checkContextual(node.value.expression, `given to the JSX attribute \`${textOf(tsNode(node.name))}\``);
          }
          break;
        case AST_NODE_TYPES.ClassDeclaration:
        case AST_NODE_TYPES.ClassExpression:
        case AST_NODE_TYPES.TSInterfaceDeclaration:
          checkInherited(node);
          break;
        default:
          break;
      }
    },
  };
}

/** The plain name of an instance member (methods, properties, abstract ones, interface signatures), or undefined. */
function memberName(member: Node): string | undefined {
  switch (member.type) {
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.TSAbstractMethodDefinition:
    case AST_NODE_TYPES.TSAbstractPropertyDefinition:
    case AST_NODE_TYPES.AccessorProperty:
    case AST_NODE_TYPES.TSAbstractAccessorProperty:
      if (member.static || member.computed || (member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'method')) return undefined;
      break;
    case AST_NODE_TYPES.TSMethodSignature:
    case AST_NODE_TYPES.TSPropertySignature:
      if (member.computed) return undefined;
      break;
    default:
      return undefined;
  }
  const key = member.key;
  return key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal ? String(key.value) : undefined;
}

/** Inside an async function (not a generator): the return is in a `try` block, or in a `catch` whose `try` has a `finally`. */
function errorHandlingContext(node: Node): { where: string } | undefined {
  let child: Node = node;
  let where: string | undefined;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (FUNCTIONS.has(parent.type)) {
      const fn = parent as TSESTree.FunctionLike;
      return where && fn.async && !fn.generator ? { where } : undefined;
    }
    if (where) continue;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && (parent.handler || parent.finalizer)) where = '`try`';
    else if (parent.type === AST_NODE_TYPES.CatchClause && (parent.parent as TSESTree.TryStatement).finalizer) where = '`catch`';
  }
  return undefined;
}
