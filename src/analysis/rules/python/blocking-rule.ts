/** Shared shape of the `py/blocking-*` rules: a classified blocking call in a coroutine, fixed by `asyncio.to_thread`. */
import type { Node } from 'web-tree-sitter';
import { classifyBlockingCall, type BlockingCall, type BlockingCategory } from '../../python/blocking';
import { toThreadFix } from '../../python/fixes';
import type { PythonFile } from '../../python/semantics';
import type { Fix, Rule, RuleMeta } from '../../types';

interface BlockingRuleSpec extends Omit<RuleMeta, 'family' | 'defaultSeverity'> {
  readonly category: BlockingCategory;
  readonly message: (blocking: BlockingCall) => string;
  /** Whether to offer the `to_thread` fix for this call (defaults to always). */
  readonly fixable?: (call: Node) => boolean;
}

export function blockingCallRule(spec: BlockingRuleSpec): Rule<PythonFile> {
  return {
    id: spec.id,
    family: 'python',
    defaultSeverity: 'warning',
    summary: spec.summary,
    interopCodes: spec.interopCodes,
    doc: spec.doc,
    check(context, file) {
      for (const call of file.calls) {
        // The async context first: it is cheaper than classifying, and most calls are not in one.
        if (!file.isAsyncContext(call)) continue;
        const blocking = classifyBlockingCall(file, call);
        if (blocking?.category !== spec.category) continue;
        const fix = spec.fixable === undefined || spec.fixable(call) ? toThreadFix(file, call) : undefined;
        const fixes: Fix[] = fix ? [fix] : [];
        context.report({ node: call, message: spec.message(blocking), fixes });
      }
    },
  };
}
