/** Runs the registry's rules over one parsed file and returns findings with severities and suppressions applied. */
import type { Tree } from 'web-tree-sitter';
import { isRuntimeTrap } from '../parsing/crashGuard';
import type { LanguageInfo } from '../parsing/languages';
import { LineIndex } from '../parsing/text';
import { PythonFile } from './python/semantics';
import { rulesForFamily } from './registry';
import { Suppressions } from './suppression';
import type { IndexRange } from './syntax';
import type { Finding, Report, Rule, RuleContext, Severity, SeveritySetting } from './types';
import { TsFile } from './typescript/semantics';

export interface AnalysisOptions {
  /** Per-rule severity overrides (`off` disables a rule). Unknown ids are ignored here. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** Called when a rule throws; the other rules still run. */
  readonly onRuleError?: (ruleId: string, error: unknown) => void;
  /** Only report what lies in these ranges (incremental re-analysis); names and scopes still see the whole file. */
  readonly ranges?: readonly IndexRange[];
  /** Run only the rules this accepts (incremental re-analysis splits statement and file rules). */
  readonly ruleFilter?: (rule: Rule<unknown>) => boolean;
  /** The semantic model of this tree, built with the same `ranges` (incremental re-analysis shares the one it used for signatures). */
  readonly file?: PythonFile | TsFile;
  /** Analyse as code run inside an already running event loop (notebook cells); see RuleContext.runningLoop. */
  readonly runningLoop?: boolean;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1, hint: 0 };

export function analyze(tree: Tree, text: string, language: LanguageInfo, options: AnalysisOptions = {}): Finding[] {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const file = options.file ?? (language.family === 'python' ? new PythonFile(tree, text, options.ranges) : new TsFile(tree, text, options.ranges));
  const candidates: { rule: Rule<unknown>; severity: Finding['severity']; report: Report; start: number; end: number; row: number }[] = [];
  for (const rule of rulesForFamily(language.family) as readonly Rule<unknown>[]) {
    const setting = options.severities?.[rule.id] ?? rule.defaultSeverity;
    if (setting === 'off' || (options.ruleFilter && !options.ruleFilter(rule))) continue;
    const reports: Report[] = [];
    const context: RuleContext = { text, tree, language, lines, ...(options.runningLoop ? { runningLoop: true } : {}), report: (report) => reports.push(report) };
    try {
      rule.check(context, file);
    } catch (error) {
      // A trap leaves the runtime's memory undefined: it must reach the crash guard, not pass as one rule's error.
      if (isRuntimeTrap(error)) throw error;
      options.onRuleError?.(rule.id, error);
      continue;
    }
    for (const report of reports) {
      const start = report.start ?? report.node.startIndex;
      const end = report.end ?? report.node.endIndex;
      if (options.ranges && !options.ranges.some((range) => range.start <= start && start < range.end)) continue;
      const severity = report.severity && SEVERITY_RANK[report.severity] < SEVERITY_RANK[setting] ? report.severity : setting;
      candidates.push({ rule, severity, report, start, end, row: lines.positionAt(start).row });
    }
  }
  const suppressions = Suppressions.forRows(tree, lines, candidates.map((c) => c.row));
  for (const { rule, severity, report, start, end, row } of candidates) {
    if (suppressions.isSuppressed(row, rule.id, rule.interopCodes)) continue;
    findings.push({ ruleId: rule.id, start, end, message: report.message, severity, fixes: report.fixes ?? [], related: report.related ?? [] });
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return findings;
}
