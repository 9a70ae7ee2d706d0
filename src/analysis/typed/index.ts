/** Public face of the type-aware tier: the analyzer, the merge with syntactic findings, and the rule ids it serves. */
export { TypedAnalyzer, changedSpan, findLibDir, type TypedAnalyzeOptions, type TypedFileResult } from './analyzer';
export { AWAIT_NON_THENABLE, FLOATING_PROMISE, PROMISE_IN_CONDITION, TYPED_RULE_IDS } from './checks';
export { mergeFindings, shiftFindings, type TextChangeLike } from './merge';
