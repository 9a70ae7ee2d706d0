/**
 * Owns analysis in the editor: the tree cache, debounced and cancellable
 * re-analysis on edits (incremental re-parse from the change events), the
 * latest findings per document (keyed by version, so fixes always match the
 * text they were computed on), and clean-up when documents close.
 */
import * as vscode from 'vscode';
import { KeyedDebouncer } from './debouncer';
import { analyze } from '../analysis/engine';
import { IncrementalAnalyzer } from '../analysis/incremental';
import { explainConstruct, type ConstructExplanation } from '../analysis/constructs';
import { fixAll } from '../analysis';
import type { Finding } from '../analysis/types';
import type { LoopLensConfig } from '../config';
import { readConfig } from '../config';
import { DocumentTrees, EDITOR_PARSE_SLICE_MS, GrammarLoader, ParseBudgetExceeded, languageFromVsCodeId, skipReason, type LanguageInfo, type TextChange } from '../parsing';

export interface DocumentAnalysis {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly language: LanguageInfo;
  readonly findings: readonly Finding[];
}

const DEBOUNCE_MS = 150;

export class AnalysisService implements vscode.Disposable {
  private readonly trees = new DocumentTrees({ maxEntries: 64 });
  private readonly incremental = new IncrementalAnalyzer();
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly pendingChanges = new Map<string, TextChange[]>();
  private readonly timers = new KeyedDebouncer();
  private readonly skippedLogged = new Map<string, string>();
  private readonly reportedProblems = new Set<string>();
  private readonly changed = new vscode.EventEmitter<{ uri: vscode.Uri; analysis: DocumentAnalysis | undefined }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private config: LoopLensConfig;

  /** Fires after a document was (re-)analysed, or when its findings were cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly grammars: GrammarLoader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.config = this.loadConfig();
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('looplens')) this.reanalyzeAll('settings changed');
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /** The latest analysis if it matches the document's current version. */
  current(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const result = this.results.get(document.uri.toString());
    return result && result.version === document.version ? result : undefined;
  }

  /** Analyses now (used by commands and code actions that need fresh findings). */
  async analyzeNow(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const key = document.uri.toString();
    this.timers.cancel(key);
    return this.run(document);
  }

  /** The event-loop construct under `offset` (for hovers), using the cached tree of the current version. */
  async explainConstruct(document: vscode.TextDocument, offset: number): Promise<ConstructExplanation | undefined> {
    const analysis = this.current(document) ?? (await this.analyzeNow(document));
    if (!analysis) return undefined;
    const parsed = this.trees.get(document.uri.toString(), analysis.version);
    if (!parsed || parsed.version !== document.version) return undefined;
    return explainConstruct(parsed.tree, parsed.text, analysis.language, offset);
  }

  /** The document's text with every safe fix applied (fix-all), or undefined when nothing changes. */
  async safelyFixedText(document: vscode.TextDocument): Promise<string | undefined> {
    const language = languageFromVsCodeId(document.languageId, document.fileName);
    if (!language || !this.config.enable) return undefined;
    const grammar = await this.grammars.load(language.grammar);
    const analyzeText = async (text: string): Promise<Finding[]> => {
      const tree = this.trees.parseOnce(language.grammar, grammar, text);
      try {
        return analyze(tree, text, language, { severities: this.config.severities });
      } finally {
        tree.delete();
      }
    };
    const original = document.getText();
    if (skipReason(original, { maxFileSizeKb: this.config.maxFileSizeKb })) return undefined;
    const result = await fixAll(analyzeText, original, (finding) => finding.fixes.find((fix) => fix.safe));
    return result.applied > 0 ? result.text : undefined;
  }

  reanalyzeAll(reason: string): void {
    this.config = this.loadConfig();
    this.incremental.clear();
    this.log.info(`Re-analysing open documents: ${reason}`);
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  dispose(): void {
    this.timers.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.trees.dispose();
    this.incremental.clear();
    this.results.clear();
    this.changed.dispose();
  }

  private loadConfig(): LoopLensConfig {
    const config = readConfig();
    for (const problem of config.problems) {
      if (this.reportedProblems.has(problem)) continue;
      this.reportedProblems.add(problem);
      this.log.warn(`Settings: ${problem}`);
    }
    return config;
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const key = event.document.uri.toString();
    let pending = this.pendingChanges.get(key);
    if (!pending) this.pendingChanges.set(key, (pending = []));
    for (const change of event.contentChanges) pending.push({ rangeOffset: change.rangeOffset, rangeLength: change.rangeLength, text: change.text });
    this.schedule(event.document, DEBOUNCE_MS);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!languageFromVsCodeId(document.languageId, document.fileName)) return;
    const key = document.uri.toString();
    this.timers.schedule(key, delay, () => {
      this.run(document).catch((error: unknown) => this.log.error(`Analysis of ${document.uri.fsPath} failed: ${describe(error)}`));
    });
  }

  private async run(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const key = document.uri.toString();
    const language = languageFromVsCodeId(document.languageId, document.fileName);
    if (!language || document.isClosed) return undefined;
    if (!this.config.enable || this.isExcluded(document)) {
      this.clear(document.uri);
      return undefined;
    }
    const version = document.version;
    const text = document.getText();
    const skip = skipReason(text, { maxFileSizeKb: this.config.maxFileSizeKb });
    if (skip) {
      this.clear(document.uri);
      this.logSkipOnce(document, skip);
      return undefined;
    }
    const grammar = await this.grammars.load(language.grammar);
    // Cancelled: the document changed or closed while the grammar loaded.
    if (document.isClosed || document.version !== version) return undefined;
    const changes = this.pendingChanges.get(key);
    this.pendingChanges.delete(key);
    let parsed;
    try {
      // Sliced: the extension host's thread is never blocked by a parse for more than about one slice.
      parsed = await this.trees.updateSliced(key, version, text, language.grammar, grammar, changes, {
        sliceMs: EDITOR_PARSE_SLICE_MS,
        isCancelled: () => document.isClosed || document.version !== version,
      });
    } catch (error) {
      if (!(error instanceof ParseBudgetExceeded)) throw error;
      this.clear(document.uri);
      this.logSkipOnce(document, error.message);
      return undefined;
    }
    if (!parsed) {
      // Superseded while parsing: hand the changes back so the next run can still re-parse incrementally.
      if (changes && !document.isClosed) this.pendingChanges.set(key, [...changes, ...(this.pendingChanges.get(key) ?? [])]);
      return undefined;
    }
    this.skippedLogged.delete(key);
    const findings = this.incremental.analyze(parsed, language, {
      severities: this.config.severities,
      onRuleError: (ruleId, error) => this.log.error(`Rule ${ruleId} failed on ${document.uri.fsPath}: ${describe(error)}`),
    });
    const analysis: DocumentAnalysis = { uri: document.uri, version, language, findings };
    this.results.set(key, analysis);
    this.changed.fire({ uri: document.uri, analysis });
    return analysis;
  }

  private isExcluded(document: vscode.TextDocument): boolean {
    return this.config.exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }

  private logSkipOnce(document: vscode.TextDocument, reason: string): void {
    const key = document.uri.toString();
    if (this.skippedLogged.get(key) === reason) return;
    this.skippedLogged.set(key, reason);
    this.log.warn(`Skipped ${document.uri.fsPath}: ${reason}`);
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.trees.delete(key);
    this.incremental.forget(key);
    this.pendingChanges.delete(key);
    if (this.results.delete(key)) this.changed.fire({ uri, analysis: undefined });
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.timers.cancel(key);
    this.skippedLogged.delete(key);
    this.trees.delete(key);
    this.incremental.forget(key);
    this.pendingChanges.delete(key);
    this.results.delete(key);
    this.changed.fire({ uri, analysis: undefined });
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
