/** Type predicates of the type-aware tier: what counts as thenable, and which types say nothing (any, unknown, generics). */
import * as ts from 'typescript';

/** Union and intersection members, flattened (TypeScript keeps unions flat, so this rarely recurses). */
function parts(type: ts.Type): readonly ts.Type[] {
  if (!type.isUnion() && !type.isIntersection()) return [type];
  return type.types.some((t) => t.isUnion() || t.isIntersection()) ? type.types.flatMap(parts) : type.types;
}

const OPAQUE = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.InstantiableNonPrimitive;

/** `any`, `unknown` and unresolved generics: we cannot tell, so no type-aware rule reports on them. */
export function isOpaque(type: ts.Type): boolean {
  if ((type.flags & OPAQUE) !== 0) return true;
  return (type.isUnion() || type.isIntersection()) && type.types.some(isOpaque);
}

/** A type with a `then` method that takes at least one argument (the shape `await` uses). */
function isThenablePart(checker: ts.TypeChecker, part: ts.Type, at: ts.Node): boolean {
  const then = part.getProperty('then');
  if (!then) return false;
  const thenType = checker.getTypeOfSymbolAtLocation(then, at);
  // `then(onFulfilled, …)`: the first parameter takes a callback (a `then(name: string)` method is not the promise protocol).
  return parts(thenType).some((candidate) =>
    candidate.getCallSignatures().some((signature) => {
      const first = signature.parameters[0];
      if (!first) return false;
      const parameter = checker.getTypeOfSymbolAtLocation(first, at);
      return isOpaque(parameter) || parts(checker.getNonNullableType(parameter)).some((part) => isOpaque(part) || part.getCallSignatures().length > 0);
    }),
  );
}

/** Some constituent of the type is thenable (`Promise<T> | undefined` included). */
export function isThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  return parts(checker.getApparentType(type)).some((part) => isThenablePart(checker, part, at));
}

const NULLISH = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;

/**
 * Every constituent is thenable: such a value is always truthy, and dropping it
 * always drops a promise. With `ignoreNullish`, `undefined`/`null`/`void`
 * members are left out (an optional call `f?.()` that does run returns a promise).
 * `Promise<T> | undefined` from a function is not "always": callback-or-promise
 * APIs return `undefined` when given a callback, and it is a legitimate presence test.
 */
export function isAlwaysThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node, ignoreNullish = false): boolean {
  const all = parts(checker.getApparentType(type)).filter((part) => !ignoreNullish || (part.flags & NULLISH) === 0);
  return all.length > 0 && all.every((part) => isThenablePart(checker, part, at));
}

/**
 * A statement value that drops a promise: some member is thenable (`Promise<T> | number`,
 * a type parameter constrained to a promise). A union with `undefined`/`null` is not, unless
 * `ignoreNullish` (an optional call that runs): callback-or-promise APIs return `undefined`
 * when given a callback. `any`/`unknown` members say nothing.
 */
export function isDroppedThenable(checker: ts.TypeChecker, type: ts.Type, at: ts.Node, ignoreNullish = false): boolean {
  const all = parts(type);
  if (all.some((part) => (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0)) return false;
  if (!ignoreNullish && all.some((part) => (part.flags & NULLISH) !== 0)) return false;
  return all.some((part) => (part.flags & NULLISH) === 0 && parts(checker.getApparentType(part)).some((apparent) => isThenablePart(checker, apparent, at)));
}

/** An array or tuple whose elements are thenable (`xs.map(async …)`); type parameters count by their constraint. */
export function isArrayOfThenables(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  return parts(type).map((part) => checker.getApparentType(part)).some((part) => {
    if (!checker.isArrayType(part) && !checker.isTupleType(part)) return false;
    const elements = checker.getTypeArguments(part as ts.TypeReference);
    // Every element a promise (`Promise<T>[]`, `[Promise<A>, Promise<B>]`): an array that merely holds some promises
    // among other values (`pendingStack.pop()`, `children.splice(…)`) was not created to be awaited.
    return elements.length > 0 && elements.every((element) => isAlwaysThenable(checker, element, at));
  });
}

/** The global `Promise` (from TypeScript's default libraries) or a class/interface derived from it, in some union member. */
export function isBuiltinPromise(checker: ts.TypeChecker, program: ts.Program, type: ts.Type): boolean {
  const seen = new Set<ts.Type>();
  const derives = (part: ts.Type): boolean => {
    if (seen.has(part)) return false;
    seen.add(part);
    const symbol = part.getSymbol();
    if (symbol?.getName() === 'Promise' && symbol.getDeclarations()?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))) return true;
    const target = (part as ts.TypeReference).target ?? part;
    return target.isClassOrInterface() && (checker.getBaseTypes(target) ?? []).some(derives);
  };
  return parts(checker.getApparentType(type)).some(derives);
}

export function typeText(checker: ts.TypeChecker, type: ts.Type): string {
  const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
