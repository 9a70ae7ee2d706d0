/** The engine's vocabulary: findings, fixes, rules and what a rule sees. */
import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageFamily, LanguageInfo } from '../parsing/languages';
import type { LineIndex } from '../parsing/text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** A text replacement in UTF-16 offsets of the analysed text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
  /** In a notebook: the index (among the analysed cells) of the cell the offsets belong to. */
  readonly cell?: number;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Safe fixes keep behaviour apart from the pitfall; they are preferred and used by fix-all. */
  readonly safe: boolean;
}

export interface RelatedLocation {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** In a notebook: the index (among the analysed cells) of the cell the offsets belong to. */
  readonly cell?: number;
}

export interface Finding {
  readonly ruleId: string;
  /** UTF-16 offsets into the analysed text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: Severity;
  readonly fixes: readonly Fix[];
  readonly related: readonly RelatedLocation[];
}

/**
 * What a rule reports; the engine adds the severity from settings. The message
 * must not mention positions (line numbers) of other statements: incremental
 * re-analysis keeps findings of unchanged statements as they are.
 */
export interface Report {
  readonly node: Node;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
  /** Narrow the reported range (defaults to `node`). */
  readonly start?: number;
  readonly end?: number;
  /** A milder severity for this report than the rule's (e.g. a hint beside the rule's errors); never raises it. */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly text: string;
  readonly tree: Tree;
  readonly language: LanguageInfo;
  readonly lines: LineIndex;
  /**
   * The module runs inside an event loop that is already running (a Jupyter
   * notebook's kernel): top-level `await` is valid and module-level code is
   * in a running loop.
   */
  readonly runningLoop?: boolean;
  report(report: Report): void;
}

export interface RuleMeta {
  /** `py/...` or `ts/...`, fixed forever. */
  readonly id: string;
  readonly family: LanguageFamily;
  readonly defaultSeverity: Severity;
  /** One line, for tables and `--list-rules`. */
  readonly summary: string;
  /** Peer suppression codes honoured on the same line (e.g. `ASYNC251`, `@typescript-eslint/no-floating-promises`). */
  readonly interopCodes: readonly string[];
  /** The rule's markdown doc (What it does / Why is this bad? / ...). */
  readonly doc: string;
  /**
   * `file` when a finding can depend on other top-level statements beyond
   * their signatures (see analysis/incremental.ts), e.g. on where a function is
   * used; such rules re-run on the whole file after every edit. Default `statement`.
   */
  readonly scope?: 'statement' | 'file';
  /** `typed`: the rule only reports from the type-aware pass (`analysis/typed`); its `check` does nothing. Default `syntactic`. */
  readonly tier?: 'syntactic' | 'typed';
}

/** A rule checks one file; `File` is the language's semantic model (PythonFile or TsFile). */
export interface Rule<File = unknown> extends RuleMeta {
  check(context: RuleContext, file: File): void;
}
