/**
 * The type-aware checks over one file's TypeScript syntax tree with the
 * program's checker: thenable statements (`ts/floating-promise`),
 * always-thenable values in boolean positions (`ts/promise-in-condition`) and
 * `await` of non-thenables (`ts/await-non-thenable`). Ranges are those of the
 * TypeScript nodes so they line up with the syntactic tier's, which is what
 * de-duplication compares: a statement's expression keeps its parentheses,
 * an operand tested as a condition or awaited is reported without them.
 *
 * The walk is over the TypeScript AST itself (no ESTree conversion: that was
 * a fifth of every re-check), and expressions whose type is a primitive by
 * their syntax alone (comparisons, arithmetic, literals, `typeof`…) are
 * never handed to the checker: their type cannot be thenable, and asking for
 * it makes the checker resolve and narrow every operand.
 */
import * as ts from 'typescript';
import type { Fix } from '../types';
import { isAlwaysThenable, isArrayOfThenables, isBuiltinPromise, isOpaque, isThenable, typeText } from './thenable';

export const FLOATING_PROMISE = 'ts/floating-promise';
export const PROMISE_IN_CONDITION = 'ts/promise-in-condition';
export const AWAIT_NON_THENABLE = 'ts/await-non-thenable';
/** Rules the type-aware pass reports for. */
export const TYPED_RULE_IDS: readonly string[] = [FLOATING_PROMISE, PROMISE_IN_CONDITION, AWAIT_NON_THENABLE];

export interface TypedReport {
  readonly ruleId: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly fixes: readonly Fix[];
}

export interface TypedCheckInput {
  readonly program: ts.Program;
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

const SK = ts.SyntaxKind;

/** Functions whose body is an execution context of its own (an `async` one or not). */
const FUNCTIONS: ReadonlySet<ts.SyntaxKind> = new Set([
  SK.FunctionDeclaration, SK.FunctionExpression, SK.ArrowFunction, SK.MethodDeclaration, SK.Constructor, SK.GetAccessor, SK.SetAccessor,
]);

/** Binary operators whose result is a boolean, number or bigint whatever the operands (`+` may be a string, also primitive, but is left to the checker with `any` operands in mind). */
const PRIMITIVE_BINARY: ReadonlySet<ts.SyntaxKind> = new Set([
  SK.EqualsEqualsToken, SK.ExclamationEqualsToken, SK.EqualsEqualsEqualsToken, SK.ExclamationEqualsEqualsToken,
  SK.LessThanToken, SK.GreaterThanToken, SK.LessThanEqualsToken, SK.GreaterThanEqualsToken, SK.InstanceOfKeyword, SK.InKeyword,
  SK.MinusToken, SK.AsteriskToken, SK.SlashToken, SK.PercentToken, SK.AsteriskAsteriskToken,
  SK.LessThanLessThanToken, SK.GreaterThanGreaterThanToken, SK.GreaterThanGreaterThanGreaterThanToken, SK.AmpersandToken, SK.BarToken, SK.CaretToken,
]);

/** Expression kinds whose type is primitive by syntax alone. */
const PRIMITIVE_EXPRESSIONS: ReadonlySet<ts.SyntaxKind> = new Set([
  SK.NumericLiteral, SK.BigIntLiteral, SK.StringLiteral, SK.NoSubstitutionTemplateLiteral, SK.TemplateExpression, SK.RegularExpressionLiteral,
  SK.TrueKeyword, SK.FalseKeyword, SK.NullKeyword, SK.TypeOfExpression, SK.DeleteExpression, SK.VoidExpression, SK.PostfixUnaryExpression,
]);

/**
 * The value cannot be thenable whatever the types (a primitive, by its syntax),
 * so the checker is not asked. A `RegExp` literal is an object, but not a thenable one.
 */
function primitiveBySyntax(node: ts.Expression): boolean {
  if (PRIMITIVE_EXPRESSIONS.has(node.kind)) return true;
  // `!x`, `-x`, `+x`, `~x`, `++x`: boolean, number or bigint.
  if (ts.isPrefixUnaryExpression(node)) return true;
  return ts.isBinaryExpression(node) && PRIMITIVE_BINARY.has(node.operatorToken.kind);
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

function isAssignment(node: ts.BinaryExpression): boolean {
  return node.operatorToken.kind >= SK.FirstAssignment && node.operatorToken.kind <= SK.LastAssignment;
}

function isLogical(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  return operator === SK.AmpersandAmpersandToken || operator === SK.BarBarToken || operator === SK.QuestionQuestionToken;
}

/** `import(…)` is a call in TypeScript's tree, not a call of a named function. */
function isPlainCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && node.expression.kind !== SK.ImportKeyword;
}

export function runTypedChecks(input: TypedCheckInput): TypedCheckOutput {
  const { program, sourceFile } = input;
  const checker = program.getTypeChecker();
  const reports: TypedReport[] = [];
  let timedOut = false;
  let visited = 0;
  const checkFloating = input.enabled(FLOATING_PROMISE);
  const checkAwaits = input.enabled(AWAIT_NON_THENABLE);
  const checkConditions = input.enabled(PROMISE_IN_CONDITION);

  const typeOf = (node: ts.Node): ts.Type => checker.getTypeAtLocation(node);
  const range = (node: ts.Node): { start: number; end: number } => ({ start: node.getStart(sourceFile), end: node.getEnd() });
  const textOf = (node: ts.Node): string => sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());

  /** Why this statement value is a dropped promise (or array of promises), if it is. */
  function floating(expression: ts.Expression): { kind: 'promise' | 'array'; type: ts.Type } | undefined {
    const node = skipParentheses(expression);
    switch (node.kind) {
      case SK.VoidExpression:
      case SK.AwaitExpression:
      case SK.YieldExpression:
        return undefined;
      case SK.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        return floating(conditional.whenTrue) ?? floating(conditional.whenFalse);
      }
      case SK.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        if (isAssignment(binary)) return undefined;
        const operator = binary.operatorToken.kind;
        if (operator === SK.CommaToken) return floating(binary.left) ?? floating(binary.right);
        if (operator === SK.AmpersandAmpersandToken) return floating(binary.right);
        if (operator === SK.BarBarToken || operator === SK.QuestionQuestionToken) return floating(binary.right) ?? floating(binary.left);
        break;
      }
      case SK.CallExpression: {
        const call = node as ts.CallExpression;
        const method = memberName(call.expression);
        if (method === 'catch' && call.arguments.length >= 1) return undefined;
        if (method === 'then' && call.arguments.length >= 2) return undefined;
        break;
      }
      default:
        break;
    }
    if (primitiveBySyntax(node)) return undefined;
    const type = typeOf(node);
    if (isOpaque(type)) return undefined;
    // An optional chain (`api?.save()`) that does run returns a promise: its `undefined` is not a reason to keep quiet.
    if (isAlwaysThenable(checker, type, node, ts.isOptionalChain(node))) return isFluentStep(node, type) ? undefined : { kind: 'promise', type };
    if (isArrayOfThenables(checker, type, node)) return { kind: 'array', type };
    return undefined;
  }

  /**
   * Builder calls that return their receiver's type on a builder held in a
   * variable or property (`query.where(...)` on a thenable query builder):
   * they configure it, they start no work. A builder created in the same
   * statement (`query().where(...)`) is dropped and still reported. Real
   * promises are never exempt (`p.finally(f)` returns `Promise<T>` too).
   */
  function isFluentStep(node: ts.Expression, type: ts.Type): boolean {
    if (isBuiltinPromise(checker, program, type)) return false;
    let root: ts.Expression = node;
    for (;;) {
      if (!ts.isCallExpression(root)) break;
      const callee = memberCallee(root.expression);
      if (!callee) break;
      const object = skipParentheses(callee.expression);
      if (typeOf(object) !== type) break;
      root = object;
    }
    return root !== node && !ts.isCallExpression(root) && !ts.isNewExpression(root);
  }

  function checkStatement(statement: ts.ExpressionStatement): void {
    const expression = statement.expression;
    // Directives ('use strict') and other bare strings.
    if (ts.isStringLiteral(expression)) return;
    const result = floating(expression);
    if (!result) return;
    const inAsync = isAsyncContext(statement);
    const what = describeValue(expression, result.type, result.kind);
    reports.push({
      ruleId: FLOATING_PROMISE,
      ...range(expression),
      message: `Floating promise: ${what}, but nothing awaits it or handles its rejection — errors are lost and the work may not finish in order.`,
      fixes: result.kind === 'array' ? arrayFixes(expression, inAsync) : floatingFixes(expression, inAsync),
    });
  }

  function describeValue(expression: ts.Expression, type: ts.Type, kind: 'promise' | 'array'): string {
    const shown = `\`${typeText(checker, type)}\``;
    const inner = skipParentheses(expression);
    if (isPlainCall(inner)) {
      const callee = textOf(skipParentheses(inner.expression));
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

  /** `owner` is the statement or expression that tests `condition`. */
  function checkCondition(condition: ts.Expression, owner: ts.Node): void {
    const node = skipParentheses(condition);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === SK.AmpersandAmpersandToken || node.operatorToken.kind === SK.BarBarToken)) {
      checkCondition(node.left, owner);
      checkCondition(node.right, owner);
      return;
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === SK.ExclamationToken) {
      checkCondition(node.operand, owner);
      return;
    }
    if (primitiveBySyntax(node)) return;
    const type = typeOf(node);
    if (isOpaque(type) || !isAlwaysThenable(checker, type, node)) return;
    const { start, end } = range(node);
    const text = textOf(node);
    const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
    const edits = needsParensForAwait(node) ? [{ start, end, newText: `(await ${text})` }] : [{ start, end: start, newText: 'await ' }];
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
  function checkLogicalLeft(node: ts.BinaryExpression): void {
    if (node.operatorToken.kind === SK.QuestionQuestionToken) return;
    if (isBooleanPosition(node)) return;
    checkCondition(node.left, node);
  }

  function checkAwait(node: ts.AwaitExpression): void {
    const argument = skipParentheses(node.expression);
    const type = typeOf(argument);
    if (isOpaque(type) || isThenable(checker, type, argument)) return;
    const { start, end } = range(node);
    reports.push({
      ruleId: AWAIT_NON_THENABLE,
      start,
      end,
      message: `\`await\` of a value that is not a promise (type \`${typeText(checker, type)}\`): it only defers the rest of the function by one microtask and suggests a promise that is not there.`,
      fixes: [{ title: 'Remove `await`', safe: false, edits: [{ start, end: argument.getStart(sourceFile), newText: '' }] }],
    });
  }

  const visit = (node: ts.Node): void => {
    if (timedOut) return;
    if (++visited % 256 === 0 && performance.now() > input.deadline) {
      timedOut = true;
      return;
    }
    if (ts.isExpressionStatement(node)) {
      if (checkFloating) checkStatement(node);
    } else if (ts.isAwaitExpression(node)) {
      if (checkAwaits) checkAwait(node);
    }
    if (checkConditions) {
      const test = conditionTested(node);
      if (test && !(isNot(node) && isBooleanPosition(node))) checkCondition(test, node);
      if (isLogical(node)) checkLogicalLeft(node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { reports, timedOut };
}

/** The member call's callee (`a.b` or `a[b]`, parentheses allowed around it unless they end an optional chain). */
function memberCallee(callee: ts.Expression): ts.PropertyAccessExpression | ts.ElementAccessExpression | undefined {
  const inner = skipParentheses(callee);
  if (inner !== callee && ts.isOptionalChain(inner)) return undefined;
  return ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner) ? inner : undefined;
}

function memberName(callee: ts.Expression): string | undefined {
  const member = memberCallee(callee);
  return member && ts.isPropertyAccessExpression(member) && ts.isIdentifier(member.name) ? member.name.text : undefined;
}

function isNot(node: ts.Node): node is ts.PrefixUnaryExpression {
  return ts.isPrefixUnaryExpression(node) && node.operator === SK.ExclamationToken;
}

/** The expression a statement or operator tests as a boolean. */
function conditionTested(node: ts.Node): ts.Expression | undefined {
  switch (node.kind) {
    case SK.IfStatement:
      return (node as ts.IfStatement).expression;
    case SK.WhileStatement:
      return (node as ts.WhileStatement).expression;
    case SK.DoStatement:
      return (node as ts.DoStatement).expression;
    case SK.ForStatement:
      return (node as ts.ForStatement).condition;
    case SK.ConditionalExpression:
      return (node as ts.ConditionalExpression).condition;
    case SK.PrefixUnaryExpression:
      return isNot(node) ? node.operand : undefined;
    default:
      return undefined;
  }
}

/** The node is itself tested as a boolean by its parent (so its operands are reported from there). */
function isBooleanPosition(node: ts.Expression): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  while (parent && ts.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  switch (parent.kind) {
    case SK.IfStatement:
    case SK.WhileStatement:
    case SK.DoStatement:
    case SK.ForStatement:
    case SK.ConditionalExpression:
      return conditionTested(parent) === child;
    case SK.PrefixUnaryExpression:
      return isNot(parent);
    case SK.BinaryExpression: {
      const binary = parent as ts.BinaryExpression;
      const operator = binary.operatorToken.kind;
      if (operator !== SK.AmpersandAmpersandToken && operator !== SK.BarBarToken) return false;
      return binary.left === child || isBooleanPosition(binary);
    }
    default:
      return false;
  }
}

/** Innermost function is async (a plain callback nested in an async function is not). */
function isAsyncContext(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTIONS.has(current.kind)) return ts.canHaveModifiers(current) && (ts.getModifiers(current)?.some((m) => m.kind === SK.AsyncKeyword) ?? false);
  }
  return false;
}

function needsParensForAwait(node: ts.Node): boolean {
  return ts.isBinaryExpression(node) || ts.isConditionalExpression(node) || ts.isArrowFunction(node);
}
