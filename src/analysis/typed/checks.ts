/**
 * The type-aware checks over one file's ESTree (typescript-estree) with the
 * TypeScript checker behind it: thenable statements (`ts/floating-promise`),
 * always-thenable values in boolean positions (`ts/promise-in-condition`) and
 * `await` of non-thenables (`ts/await-non-thenable`). Ranges come from the
 * TypeScript nodes so they line up with the syntactic tier's (parentheses
 * included), which is what de-duplication compares.
 */
import { AST_NODE_TYPES, simpleTraverse, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/typescript-estree';
import * as ts from 'typescript';
import type { Fix } from '../types';
import { ASYNC_CALLBACK_VOID, ASYNC_FOREACH, createVoidReturnChecks, RETURN_IN_TRY } from './voidReturn';
import { isAlwaysThenable, isArrayOfThenables, isBuiltinPromise, isDroppedThenable, isOpaque, isThenable, typeText } from './thenable';

export const FLOATING_PROMISE = 'ts/floating-promise';
export const PROMISE_IN_CONDITION = 'ts/promise-in-condition';
export const AWAIT_NON_THENABLE = 'ts/await-non-thenable';
/** Rules the type-aware pass reports for. */
export const TYPED_RULE_IDS: readonly string[] = [FLOATING_PROMISE, PROMISE_IN_CONDITION, AWAIT_NON_THENABLE, ASYNC_CALLBACK_VOID, ASYNC_FOREACH, RETURN_IN_TRY];

export interface TypedReport {
  readonly ruleId: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly fixes: readonly Fix[];
}

export interface TypedCheckInput {
  readonly ast: TSESTree.Program;
  readonly services: ParserServicesWithTypeInformation;
  readonly sourceFile: ts.SourceFile;
  readonly javascript: boolean;
  readonly enabled: (ruleId: string) => boolean;
  /** `performance.now()` value after which the walk stops (partial results). */
  readonly deadline: number;
}

export interface TypedCheckOutput {
  readonly reports: TypedReport[];
  readonly timedOut: boolean;
}

type Node = TSESTree.Node;

const FUNCTIONS = new Set<string>([AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.ArrowFunctionExpression]);

const SK = ts.SyntaxKind;

/** Binary operators whose result is a boolean, number or bigint whatever the operands (`+` may be a string, also primitive, but is left to the checker). */
const PRIMITIVE_BINARY: ReadonlySet<ts.SyntaxKind> = new Set([
  SK.EqualsEqualsToken, SK.ExclamationEqualsToken, SK.EqualsEqualsEqualsToken, SK.ExclamationEqualsEqualsToken,
  SK.LessThanToken, SK.GreaterThanToken, SK.LessThanEqualsToken, SK.GreaterThanEqualsToken, SK.InstanceOfKeyword, SK.InKeyword,
  SK.MinusToken, SK.AsteriskToken, SK.SlashToken, SK.PercentToken, SK.AsteriskAsteriskToken,
  SK.LessThanLessThanToken, SK.GreaterThanGreaterThanToken, SK.GreaterThanGreaterThanGreaterThanToken, SK.AmpersandToken, SK.BarToken, SK.CaretToken,
]);

/** Expression kinds whose value is primitive (or a RegExp) by syntax alone. */
const PRIMITIVE_EXPRESSIONS: ReadonlySet<ts.SyntaxKind> = new Set([
  SK.NumericLiteral, SK.BigIntLiteral, SK.StringLiteral, SK.NoSubstitutionTemplateLiteral, SK.TemplateExpression, SK.RegularExpressionLiteral,
  SK.TrueKeyword, SK.FalseKeyword, SK.NullKeyword, SK.TypeOfExpression, SK.DeleteExpression, SK.VoidExpression, SK.PostfixUnaryExpression,
  SK.PrefixUnaryExpression,
]);

/** The value cannot be thenable whatever the types, so the type checker (the costly part of a re-check) is not asked. */
function primitiveBySyntax(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  if (PRIMITIVE_EXPRESSIONS.has(current.kind)) return true;
  return ts.isBinaryExpression(current) && PRIMITIVE_BINARY.has(current.operatorToken.kind);
}

export function runTypedChecks(input: TypedCheckInput): TypedCheckOutput {
  const { services, sourceFile } = input;
  const checker = services.program.getTypeChecker();
  const reports: TypedReport[] = [];
  let timedOut = false;
  let visited = 0;

  const tsNode = (node: Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);
  const typeOf = (node: Node): ts.Type => checker.getTypeAtLocation(tsNode(node));
  const range = (node: ts.Node): { start: number; end: number } => ({ start: node.getStart(sourceFile), end: node.getEnd() });
  const textOf = (node: ts.Node): string => sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());

  /** Why this statement value is a dropped promise (or array of promises), if it is. */
  function floating(node: Node, optionalChain = false): { kind: 'promise' | 'array'; type: ts.Type } | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.ChainExpression:
        return floating(node.expression, true);
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'void') return undefined;
        break;
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.AssignmentExpression:
      case AST_NODE_TYPES.YieldExpression:
        return undefined;
      case AST_NODE_TYPES.ConditionalExpression:
        return floating(node.consequent) ?? floating(node.alternate);
      case AST_NODE_TYPES.LogicalExpression:
        return floating(node.right) ?? (node.operator === '&&' ? undefined : floating(node.left));
      case AST_NODE_TYPES.SequenceExpression:
        return node.expressions.map((expression) => floating(expression)).find((result) => result);
      case AST_NODE_TYPES.CallExpression: {
        const method = memberName(node.callee);
        if (method === 'catch' && isRejectionHandler(node.arguments[0])) return undefined;
        if (method === 'then' && isRejectionHandler(node.arguments[1])) return undefined;
        // `.finally(g)` passes its receiver's outcome on: handled stays handled.
        if (method === 'finally' && node.callee.type === AST_NODE_TYPES.MemberExpression && isHandledChain(node.callee.object)) return undefined;
        break;
      }
      default:
        break;
    }
    if (primitiveBySyntax(tsNode(node))) return undefined;
    const type = typeOf(node);
    const at = tsNode(node);
    if (isDroppedThenable(checker, type, at, optionalChain)) return isFluentStep(node, type) ? undefined : { kind: 'promise', type };
    if (isArrayOfThenables(checker, type, at)) return { kind: 'array', type };
    return undefined;
  }

  /** An argument that handles a rejection: a function (or a value of unknown type), not `null`, `undefined` or a number. */
  function isRejectionHandler(argument: Node | undefined): boolean {
    if (!argument) return false;
    if (argument.type === AST_NODE_TYPES.SpreadElement) return true;
    const type = checker.getNonNullableType(typeOf(argument));
    if (isOpaque(type)) return true;
    return type.getCallSignatures().length > 0;
  }

  /** `p.catch(h)`, `p.then(f, h)`, followed by any number of `.finally(g)`. */
  function isHandledChain(node: Node): boolean {
    if (node.type === AST_NODE_TYPES.ChainExpression) return isHandledChain(node.expression);
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const method = memberName(node.callee);
    if (method === 'catch') return isRejectionHandler(node.arguments[0]);
    if (method === 'then') return isRejectionHandler(node.arguments[1]);
    return method === 'finally' && node.callee.type === AST_NODE_TYPES.MemberExpression && isHandledChain(node.callee.object);
  }

  /**
   * Builder calls that return their receiver's type on a builder held in a
   * variable or property (`query.where(...)` on a thenable query builder):
   * they configure it, they start no work. A builder created in the same
   * statement (`query().where(...)`) is dropped and still reported. Real
   * promises are never exempt (`p.finally(f)` returns `Promise<T>` too).
   */
  function isFluentStep(node: Node, type: ts.Type): boolean {
    if (isBuiltinPromise(checker, services.program, type)) return false;
    let root: Node = node;
    while (root.type === AST_NODE_TYPES.CallExpression && root.callee.type === AST_NODE_TYPES.MemberExpression && typeOf(root.callee.object) === type) root = root.callee.object;
    return root !== node && root.type !== AST_NODE_TYPES.CallExpression && root.type !== AST_NODE_TYPES.NewExpression;
  }

  function checkStatement(statement: TSESTree.ExpressionStatement): void {
    if (statement.directive !== undefined) return;
    const result = floating(statement.expression);
    if (!result) return;
    const expression = (tsNode(statement) as ts.ExpressionStatement).expression;
    const inAsync = isAsyncContext(statement);
    const what = describeValue(statement.expression, expression, result.type, result.kind);
    reports.push({
      ruleId: FLOATING_PROMISE,
      ...range(expression),
      message: `Floating promise: ${what}, but nothing awaits it or handles its rejection — errors are lost and the work may not finish in order.`,
      fixes: result.kind === 'array' ? arrayFixes(expression, inAsync) : floatingFixes(expression, inAsync),
    });
  }

  function describeValue(node: Node, expression: ts.Node, type: ts.Type, kind: 'promise' | 'array'): string {
    const shown = `\`${typeText(checker, type)}\``;
    const inner = node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const callee = textOf(tsNode(inner.callee));
      const name = callee.length > 40 ? `${callee.slice(0, 37)}…` : callee;
      return kind === 'array' ? `\`${name}(…)\` returns an array of promises (${shown})` : `\`${name}()\` returns ${shown}`;
    }
    const text = textOf(expression);
    const shownText = text.length > 40 ? `${text.slice(0, 37)}…` : text;
    return `\`${shownText}\` is ${kind === 'array' ? 'an array of promises' : 'a promise'} (${shown})`;
  }

  function floatingFixes(expression: ts.Expression, inAsync: boolean): Fix[] {
    const { start, end } = range(expression);
    const text = textOf(expression);
    const fixes: Fix[] = [
      inAsync
        ? { title: 'Add `await`', safe: false, edits: [{ start, end: start, newText: 'await ' }] }
        : { title: 'Mark as intentionally not awaited: `void …`', safe: false, edits: [{ start, end: start, newText: 'void ' }] },
    ];
    const plainCall = /^[\w$.]+\(.*\)$/s.test(text) && ts.isCallExpression(expression);
    const receiver = plainCall ? text : `(${text})`;
    const parameter = input.javascript ? '(error)' : '(error: unknown)';
    fixes.push({ title: 'Add a `.catch(...)` handler', safe: false, edits: [{ start, end, newText: `${receiver}.catch(${parameter} => {\n  console.error(error);\n})` }] });
    return fixes;
  }

  function arrayFixes(expression: ts.Expression, inAsync: boolean): Fix[] {
    const prefix = inAsync ? 'await' : 'void';
    return [{ title: `Wrap in \`${prefix} Promise.all(…)\``, safe: false, edits: [{ ...range(expression), newText: `${prefix} Promise.all(${textOf(expression)})` }] }];
  }

  /**
   * A call to an `async` function: it returns a promise whatever its declared
   * type says (JSDoc `@returns {object}` on an async function is a mistake of the comment, not of the `await`).
   */
  function callsAsyncFunction(node: ts.Node): boolean {
    let current = node;
    while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
    if (!ts.isCallExpression(current)) return false;
    const declaration = checker.getResolvedSignature(current)?.getDeclaration();
    return !!declaration && ts.isFunctionLike(declaration) && (ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  }

  /**
   * `await x.toString()` where `x` may itself be a promise (`Element | Promise<Element>`): what the method
   * returns then depends on which one `x` is at run time (JSX renderers resolve async components so).
   */
  function onThenable(node: Node): boolean {
    const call = node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const receiver = typeOf(call.callee.object);
    return !isOpaque(receiver) && isThenable(checker, receiver, tsNode(call.callee.object));
  }

  /** `owner` is the node being visited (children get their parent pointer only when the walk reaches them). */
  function checkCondition(node: Node, owner: Node): void {
    if (node.type === AST_NODE_TYPES.LogicalExpression) {
      checkCondition(node.left, owner);
      checkCondition(node.right, owner);
      return;
    }
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
      checkCondition(node.argument, owner);
      return;
    }
    if (primitiveBySyntax(tsNode(node))) return;
    const type = typeOf(node);
    const at = tsNode(node);
    if (isOpaque(type) || !isAlwaysThenable(checker, type, at)) return;
    const { start, end } = range(at);
    const text = textOf(at);
    const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
    const edits = needsParensForAwait(at) ? [{ start, end, newText: `(await ${text})` }] : [{ start, end: start, newText: 'await ' }];
    const fixes: Fix[] = isAsyncContext(owner) ? [{ title: 'Add `await`', safe: false, edits }] : [];
    reports.push({
      ruleId: PROMISE_IN_CONDITION,
      start,
      end,
      message: `Promise in a condition: \`${shown}\` is a \`${typeText(checker, type)}\`, and a promise object is always truthy — the condition never sees the resolved value.`,
      fixes,
    });
  }

  /** Operands of `&&`/`||` are only tested as booleans when the whole expression is, except the left one, which always is. */
  function checkLogicalLeft(node: TSESTree.LogicalExpression): void {
    if (node.operator === '??') return;
    if (isBooleanPosition(node)) return;
    checkCondition(node.left, node);
  }

  function checkAwait(node: TSESTree.AwaitExpression): void {
    const type = typeOf(node.argument);
    const at = tsNode(node.argument);
    if (isOpaque(type) || isThenable(checker, type, at) || callsAsyncFunction(at) || onThenable(node.argument)) return;
    const awaitNode = tsNode(node);
    const { start, end } = range(awaitNode);
    reports.push({
      ruleId: AWAIT_NON_THENABLE,
      start,
      end,
      message: `\`await\` of a value that is not a promise (type \`${typeText(checker, type)}\`): it only defers the rest of the function by one microtask and suggests a promise that is not there.`,
      fixes: [{ title: 'Remove `await`', safe: false, edits: [{ start, end: at.getStart(sourceFile), newText: '' }] }],
    });
  }

  const conditionTests = (node: Node): Node | null | undefined => {
    switch (node.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        return node.test;
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === '!' ? node.argument : undefined;
      default:
        return undefined;
    }
  };

  const voidReturns = createVoidReturnChecks(services, sourceFile, input.enabled, reports);
  simpleTraverse(
    input.ast,
    {
      enter(node) {
        if (timedOut) return;
        if (++visited % 256 === 0 && performance.now() > input.deadline) {
          timedOut = true;
          return;
        }
        voidReturns.visit(node);
        if (node.type === AST_NODE_TYPES.ExpressionStatement && input.enabled(FLOATING_PROMISE)) checkStatement(node);
        else if (node.type === AST_NODE_TYPES.AwaitExpression && input.enabled(AWAIT_NON_THENABLE)) checkAwait(node);
        if (!input.enabled(PROMISE_IN_CONDITION)) return;
        const test = conditionTests(node);
        if (test && !(node.type === AST_NODE_TYPES.UnaryExpression && isBooleanPosition(node))) checkCondition(test, node);
        if (node.type === AST_NODE_TYPES.LogicalExpression) checkLogicalLeft(node);
      },
    },
    true,
  );
  return { reports, timedOut };
}

function memberName(callee: Node): string | undefined {
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  return callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
}

/** The node is itself tested as a boolean by its parent (so its operands are reported from there). */
function isBooleanPosition(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.operator !== '??' && (parent.left === node || isBooleanPosition(parent));
    default:
      return false;
  }
}

/** Innermost function is async (a plain callback nested in an async function is not). */
function isAsyncContext(node: Node): boolean {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (FUNCTIONS.has(current.type)) return (current as TSESTree.FunctionLike).async === true;
  }
  return false;
}

function needsParensForAwait(node: ts.Node): boolean {
  return ts.isBinaryExpression(node) || ts.isConditionalExpression(node) || ts.isArrowFunction(node);
}
