/**
 * Owns analysis in the editor. The work itself — parsing, incremental
 * re-analysis, construct explanations, fix-all — runs in the engine worker
 * (see service/), so the extension host's thread never parses or runs a rule:
 * a 1 MB file or a runaway rule can slow Loop Lens down, never the editor.
 * Here: debounced scheduling, the edits since the last analysis (the worker
 * re-parses incrementally), the latest findings per document (keyed by
 * version, so fixes always match the text they were computed on), clear
 * messages when a file is skipped or a parser crashed (that language is off
 * for a while and retried on its own), and clean-up when documents close.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { KeyedDebouncer } from './debouncer';
import type { ConstructExplanation } from '../analysis/constructs';
import type { Finding } from '../analysis/types';
import type { LoopLensConfig } from '../config';
import { readConfig } from '../config';
import { languageFromVsCodeId, skipReason, type GrammarId, type LanguageInfo, type TextChange } from '../parsing';
import { EngineClient } from '../service/client';
import type { AnalyzeParams } from '../service/protocol';
import { NOTEBOOK_LANGUAGE } from '../analysis/notebook';
import { isNotebookCell, NotebookAnalyzer, type CellContext } from './notebookAnalysis';

export interface DocumentAnalysis {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly language: LanguageInfo;
  readonly findings: readonly Finding[];
  /** Set for a notebook cell: its findings come from the whole notebook (fix edits and related locations may name another cell). */
  readonly notebook?: CellContext;
}

const DEBOUNCE_MS = 150;
/** Hard limit of one analysis in the worker (the parse alone has a 2 s budget). Past it the worker is restarted. */
export const ANALYZE_LIMIT_MS = 20_000;
const EXPLAIN_LIMIT_MS = 5_000;
const FIX_ALL_LIMIT_MS = 30_000;

export class AnalysisService implements vscode.Disposable {
  private readonly client: EngineClient;
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly pendingChanges = new Map<string, TextChange[]>();
  private readonly timers = new KeyedDebouncer();
  private readonly skippedLogged = new Map<string, string>();
  private readonly reportedProblems = new Set<string>();
  /** Grammars switched off after a parser crash, with the timer that retries them. */
  private readonly crashed = new Map<GrammarId, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<{ uri: vscode.Uri; analysis: DocumentAnalysis | undefined }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private config: LoopLensConfig;
  private workerOffNotified = false;
  private readonly notebooks: NotebookAnalyzer;

  /** Fires after a document was (re-)analysed, or when its findings were cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const dist = join(extensionPath, 'dist');
    this.client = new EngineClient({
      workerPath: join(dist, 'engine-worker.js'),
      workerData: { wasmDir: dist },
      name: 'analysis worker',
      memoryMb: 1536,
      log: (level, message) => log[level](message),
    });
    this.config = this.loadConfig();
    this.notebooks = new NotebookAnalyzer({
      client: this.client,
      timers: this.timers,
      log,
      config: () => this.config,
      isExcluded: (document) => this.isExcluded(document),
      publish: (uri, cell) => this.publish(uri, cell && { ...cell, language: NOTEBOOK_LANGUAGE }),
      unavailable: (reason, retryInMs, trapped, worker) => (worker ? this.notifyWorkerOff(reason, retryInMs) : this.languageCrashed(NOTEBOOK_LANGUAGE, reason, retryInMs, trapped)),
      skipped: (uri, reason) => this.logSkipOnce(uri, reason),
    });
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.forget(document.uri);
        // A cell left the notebook or stopped being Python: the cells after it may change.
        if (isNotebookCell(document)) this.notebooks.scheduleForCell(document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.notebooks.schedule(notebook, 0)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        // Cells added, removed or moved (text edits arrive as text document changes).
        if (event.contentChanges.length > 0) this.notebooks.schedule(event.notebook, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.notebooks.forget(notebook)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('looplens')) this.reanalyzeAll('settings changed');
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    for (const notebook of vscode.workspace.notebookDocuments) this.notebooks.schedule(notebook, 0);
  }

  /** The latest analysis if it matches the document's current version. */
  current(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const result = this.results.get(document.uri.toString());
    return result && result.version === document.version ? result : undefined;
  }

  /** Analyses now (used by commands and code actions that need fresh findings). */
  async analyzeNow(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    if (isNotebookCell(document)) {
      await this.notebooks.analyzeNow(document);
      return this.current(document);
    }
    const key = document.uri.toString();
    this.timers.cancel(key);
    return this.run(document);
  }

  /** The event-loop construct under `offset` (for hovers), from the worker's tree of the current version. */
  async explainConstruct(document: vscode.TextDocument, offset: number): Promise<ConstructExplanation | undefined> {
    const analysis = this.current(document) ?? (await this.analyzeNow(document));
    if (!analysis || analysis.version !== document.version) return undefined;
    if (analysis.notebook) return this.notebooks.explain(analysis.notebook, offset);
    const key = document.uri.toString();
    const outcome = await this.client.call('explain', () => ({ key, version: analysis.version, offset }), { limitMs: EXPLAIN_LIMIT_MS });
    return outcome.status === 'ok' ? outcome.value : undefined;
  }

  /** The document's text with every safe fix applied (fix-all), or undefined when nothing changes. */
  async safelyFixedText(document: vscode.TextDocument): Promise<string | undefined> {
    if (isNotebookCell(document)) return this.notebooks.fixedCellText(document);
    const language = languageFromVsCodeId(document.languageId, document.fileName);
    if (!language || !this.config.enable) return undefined;
    const version = document.version;
    const outcome = await this.client.call(
      'fixAll',
      () => ({ text: document.getText(), language, severities: this.config.severities, maxFileSizeKb: this.config.maxFileSizeKb }),
      { limitMs: FIX_ALL_LIMIT_MS, coalesce: `fixAll:${document.uri.toString()}` },
    );
    if (outcome.status !== 'ok' || document.version !== version) return undefined;
    return outcome.value.text;
  }

  reanalyzeAll(reason: string): void {
    this.config = this.loadConfig();
    this.client.notify({ kind: 'reset' });
    this.log.info(`Re-analysing open documents: ${reason}`);
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
    for (const notebook of vscode.workspace.notebookDocuments) this.notebooks.schedule(notebook, 0);
  }

  dispose(): void {
    this.timers.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const timer of this.crashed.values()) clearTimeout(timer);
    this.crashed.clear();
    void this.client.dispose();
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
    if (isNotebookCell(event.document)) {
      this.notebooks.scheduleForCell(event.document, DEBOUNCE_MS);
      return;
    }
    const key = event.document.uri.toString();
    let pending = this.pendingChanges.get(key);
    if (!pending) this.pendingChanges.set(key, (pending = []));
    for (const change of event.contentChanges) pending.push({ rangeOffset: change.rangeOffset, rangeLength: change.rangeLength, text: change.text });
    this.schedule(event.document, DEBOUNCE_MS);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!languageFromVsCodeId(document.languageId, document.fileName)) return;
    // Cells are analysed with their notebook, never alone.
    if (isNotebookCell(document)) return this.notebooks.scheduleForCell(document, delay);
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
    if (this.crashed.has(language.grammar)) return undefined;
    // Built when the call is sent: the latest text, and every edit since the last call, go together.
    // Too big or binary is decided here (cheap), so such a file is never copied to the worker.
    let sent: AnalyzeParams | undefined;
    let skip: string | undefined;
    const outcome = await this.client.call(
      'analyze',
      () => {
        if (document.isClosed) return undefined;
        const text = document.getText();
        skip = skipReason(text, { maxFileSizeKb: this.config.maxFileSizeKb, path: document.fileName });
        if (skip) return undefined;
        const changes = this.pendingChanges.get(key);
        this.pendingChanges.delete(key);
        sent = {
          key, version: document.version, text, language, severities: this.config.severities, maxFileSizeKb: this.config.maxFileSizeKb,
          ...(changes ? { changes } : {}),
        };
        return sent;
      },
      { coalesce: `analyze:${key}`, limitMs: ANALYZE_LIMIT_MS },
    );
    if (skip) {
      this.clear(document.uri);
      this.logSkipOnce(document.uri, skip);
      return undefined;
    }
    if (outcome.status === 'superseded' || !sent) return undefined;
    const version = sent.version;
    if (outcome.status === 'disabled') {
      this.clear(document.uri);
      this.notifyWorkerOff(outcome.reason, outcome.retryInMs);
      return undefined;
    }
    if (outcome.status === 'failed') {
      this.clear(document.uri);
      this.logSkipOnce(document.uri, outcome.timedOut ? `analysis took longer than ${ANALYZE_LIMIT_MS / 1000} s and was stopped; it is tried again when the file changes` : `analysis failed (${outcome.reason})`);
      return undefined;
    }
    const result = outcome.value;
    if (result.status === 'skipped') {
      this.clear(document.uri);
      this.logSkipOnce(document.uri, result.reason);
      return undefined;
    }
    if (result.status === 'disabled') {
      this.clear(document.uri);
      this.languageCrashed(language, result.reason, result.retryInMs, result.trapped);
      return undefined;
    }
    this.skippedLogged.delete(key);
    for (const error of result.ruleErrors) this.log.error(`Rule ${error.ruleId} failed on ${document.uri.fsPath}: ${error.message}`);
    if (document.isClosed) return undefined;
    const analysis: DocumentAnalysis = { uri: document.uri, version, language, findings: result.findings };
    this.publish(document.uri, analysis);
    return analysis;
  }

  private publish(uri: vscode.Uri, analysis: DocumentAnalysis | undefined): void {
    const key = uri.toString();
    if (analysis) {
      this.skippedLogged.delete(key);
      this.results.set(key, analysis);
    } else if (!this.results.delete(key)) return;
    this.changed.fire({ uri, analysis });
  }

  /** A parser crashed: say so once, clear that language's findings, and re-analyse its documents when it is retried. */
  private languageCrashed(language: LanguageInfo, reason: string, retryInMs: number, trappedNow: boolean): void {
    if (this.crashed.has(language.grammar)) return;
    if (trappedNow) {
      this.log.error(reason);
      void vscode.window.showWarningMessage(`Loop Lens: ${reason}`);
    }
    for (const document of vscode.workspace.textDocuments) {
      if (languageFromVsCodeId(document.languageId, document.fileName)?.grammar === language.grammar) this.clear(document.uri);
    }
    if (language.grammar === 'python') for (const notebook of vscode.workspace.notebookDocuments) this.notebooks.clear(notebook.uri.toString());
    const timer = setTimeout(() => {
      this.crashed.delete(language.grammar);
      this.log.info(`Retrying ${language.grammar} analysis after the parser crash`);
      for (const document of vscode.workspace.textDocuments) {
        if (languageFromVsCodeId(document.languageId, document.fileName)?.grammar === language.grammar) this.schedule(document, 0);
      }
      if (language.grammar === 'python') for (const notebook of vscode.workspace.notebookDocuments) this.notebooks.schedule(notebook, 0);
    }, Math.max(retryInMs, 1000));
    this.crashed.set(language.grammar, timer);
  }

  /** The worker crashed too often and is off for a while: tell the user once per episode, re-analyse when it comes back. */
  private notifyWorkerOff(reason: string, retryInMs: number): void {
    if (this.workerOffNotified) return;
    this.workerOffNotified = true;
    void vscode.window.showWarningMessage(`Loop Lens: ${reason}`);
    if (Number.isFinite(retryInMs)) {
      setTimeout(() => {
        this.workerOffNotified = false;
        for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
        for (const notebook of vscode.workspace.notebookDocuments) this.notebooks.schedule(notebook, 0);
      }, retryInMs + 100);
    }
  }

  private isExcluded(document: vscode.TextDocument): boolean {
    return this.config.exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }

  private logSkipOnce(uri: vscode.Uri, reason: string): void {
    const key = uri.toString();
    if (this.skippedLogged.get(key) === reason) return;
    this.skippedLogged.set(key, reason);
    this.log.warn(`Skipped ${uri.fsPath}: ${reason}`);
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.client.notify({ kind: 'forget', key });
    this.pendingChanges.delete(key);
    if (this.results.delete(key)) this.changed.fire({ uri, analysis: undefined });
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.timers.cancel(key);
    this.skippedLogged.delete(key);
    this.client.notify({ kind: 'forget', key });
    this.pendingChanges.delete(key);
    this.results.delete(key);
    this.changed.fire({ uri, analysis: undefined });
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
