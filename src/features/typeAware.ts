/**
 * The type-aware tier in the editor. Owns the worker client
 * (`dist/typed-worker.js`, TypeScript compiler + typescript-estree off the
 * extension host's main thread, heap-capped, 5 s budget per run, restarted
 * with a log line when it dies), runs it ~500 ms after the last edit of a
 * visible TS/JS file and on save (saves may change the types other files
 * see), keeps each document's typed findings with the version they were
 * computed on and carries them through later edits until the next run, and
 * offers quick fixes and hovers for typed findings the syntactic tier did not
 * make. Diagnostics merge the two tiers (see diagnostics.ts).
 *
 * Off when `looplens.typeAware` (or `looplens.enable`) is false. It stays on
 * in Restricted Mode: TypeScript plugins named in tsconfig.json are never
 * loaded, no typings installer runs and nothing from the workspace executes —
 * the worker only reads source, declaration and config files.
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { KeyedDebouncer } from './debouncer';
import { ruleById } from '../analysis/registry';
import { TypedWorkerClient } from '../analysis/typed/client';
import { mergeFindings, shiftFindings, type TextChangeLike } from '../analysis/typed/merge';
import { isTypedFile } from '../analysis/typed/protocol';
import type { Finding } from '../analysis/types';
import { readConfig } from '../config';
import { Commands, CONFIG_SECTION } from '../constants';
import { languageFromVsCodeId, skipReason } from '../parsing';
import type { AnalysisService } from './analysisService';
import { ruleIdOf } from './diagnostics';
import { SUPPORTED_SELECTOR } from './hover';

const DEBOUNCE_MS = 500;
const SAVE_DELAY_MS = 50;

interface TypedResult {
  readonly version: number;
  readonly findings: readonly Finding[];
}

export class TypeAwareService implements vscode.Disposable {
  private readonly client: TypedWorkerClient;
  private readonly results = new Map<string, TypedResult>();
  /** Edits per document since its last typed result, with the version each produced. */
  private readonly edits = new Map<string, { version: number; changes: TextChangeLike[] }[]>();
  private readonly timers = new KeyedDebouncer();
  /** Documents with a run in flight: their edits are recorded even before a first result exists. */
  private readonly running = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly warned = new Set<string>();
  private offNotified = false;
  private enabled: boolean;

  /** Fires when a document's typed findings changed (or were cleared). */
  readonly onDidChange = this.changed.event;

  constructor(
    extensionUri: vscode.Uri,
    private readonly syntactic: AnalysisService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.client = new TypedWorkerClient({
      workerPath: join(extensionUri.fsPath, 'dist', 'typed-worker.js'),
      log: (level, message) => log[level](message),
    });
    this.enabled = this.readEnabled();
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.accepts(document)) this.schedule(document, SAVE_DELAY_MS);
        this.scheduleVisible(SAVE_DELAY_MS, true);
      }),
      this.watchDisk(),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.scheduleVisible(0, false)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CONFIG_SECTION)) this.onSettings();
      }),
      vscode.languages.registerCodeActionsProvider(SUPPORTED_SELECTOR, { provideCodeActions: (document, _range, context) => this.quickFixes(document, context) }, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
      vscode.languages.registerHoverProvider(SUPPORTED_SELECTOR, { provideHover: (document, position) => this.hover(document, position) }),
    );
    this.scheduleVisible(0, false);
  }

  /** Files changed on disk (saves, git checkouts, generated code) reach the worker, which watches nothing itself. */
  private watchDisk(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig*.json,jsconfig*.json,package.json}');
    const notify = (uri: vscode.Uri): void => {
      if (uri.scheme !== 'file' || !this.enabled || /[\\/]node_modules[\\/]/.test(uri.fsPath)) return;
      this.client.fileChanged(vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath), uri.fsPath);
      this.scheduleVisible(DEBOUNCE_MS, true);
    };
    return vscode.Disposable.from(watcher, watcher.onDidChange(notify), watcher.onDidCreate(notify), watcher.onDidDelete(notify));
  }

  /** Typed findings for `document` at `version`, moved through the edits made since they were computed. */
  findingsFor(document: vscode.TextDocument, version: number = document.version): readonly Finding[] {
    if (!this.enabled) return [];
    const key = document.uri.toString();
    const result = this.results.get(key);
    if (!result || result.version > version) return [];
    if (result.version === version) return result.findings;
    const changes = (this.edits.get(key) ?? []).filter((edit) => edit.version > result.version && edit.version <= version).flatMap((edit) => edit.changes);
    return shiftFindings(result.findings, changes);
  }

  dispose(): void {
    this.timers.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
    void this.client.dispose();
  }

  private readEnabled(): boolean {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    return config.get<boolean>('enable') !== false && config.get<boolean>('typeAware') !== false;
  }

  private onSettings(): void {
    const enabled = this.readEnabled();
    if (enabled && !this.enabled) this.client.reset();
    this.enabled = enabled;
    if (!enabled) {
      for (const key of [...this.results.keys()]) this.clear(key);
      return;
    }
    this.scheduleVisible(0, true);
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0 || !this.accepts(event.document)) return;
    const key = event.document.uri.toString();
    if (this.results.has(key) || this.running.has(key)) {
      let list = this.edits.get(key);
      if (!list) this.edits.set(key, (list = []));
      list.push({ version: event.document.version, changes: event.contentChanges.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })) });
    }
    this.schedule(event.document, DEBOUNCE_MS);
  }

  /** Visible TS/JS documents; after a save every one of them (their types may depend on the saved file), else those without a result. */
  private scheduleVisible(delay: number, all: boolean): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (!this.accepts(document)) continue;
      const result = this.results.get(document.uri.toString());
      if (all || !result || result.version !== document.version) this.schedule(document, delay);
    }
  }

  private accepts(document: vscode.TextDocument): boolean {
    return this.enabled && document.uri.scheme === 'file' && languageFromVsCodeId(document.languageId, document.fileName)?.family === 'typescript' && isTypedFile(document.fileName);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    this.timers.schedule(key, delay, () => {
      this.run(document).catch((error: unknown) => this.log.error(`Type-aware pass on ${document.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed || !this.accepts(document)) return;
    const config = readConfig(document.uri);
    const text = document.getText();
    if (config.exclude.some((pattern) => vscode.languages.match({ pattern }, document) > 0) || skipReason(text, { maxFileSizeKb: config.maxFileSizeKb, path: document.fileName })) {
      this.clear(document.uri.toString());
      return;
    }
    const version = document.version;
    const rootDir = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
    const key = document.uri.toString();
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
    let outcome;
    try {
      outcome = await this.client.analyze({ rootDir, filePath: document.uri.fsPath, text, severities: config.severities });
    } finally {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    }
    if (outcome.status === 'disabled' && this.client.disabled && !this.offNotified) {
      // Once per episode: the log has the details; the syntactic findings stay.
      this.offNotified = true;
      void vscode.window.showWarningMessage('Loop Lens: the type-aware pass failed repeatedly and is paused; it is retried later (details in the Loop Lens output). The other rules keep working.');
    }
    if (outcome.status !== 'ok' || document.isClosed || !this.enabled) return;
    this.offNotified = false;
    const { result } = outcome;
    this.log.trace(`Type-aware ${document.uri.fsPath} (v${version}): program ${result.programMs.toFixed(0)} ms, checks ${result.checkMs.toFixed(0)} ms, ${result.configFile ?? 'default program'}`);
    if (result.timedOut && !this.warned.has(key)) {
      this.warned.add(key);
      this.log.warn(`Type-aware pass on ${document.uri.fsPath} stopped at its time budget: findings are partial.`);
    }
    const previous = this.results.get(key);
    if (previous && previous.version > version) return;
    this.results.set(key, { version, findings: result.findings });
    this.edits.set(key, (this.edits.get(key) ?? []).filter((edit) => edit.version > version));
    this.changed.fire(document.uri);
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.timers.cancel(key);
    this.warned.delete(key);
    if (document.uri.scheme === 'file') {
      const rootDir = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
      this.client.close(rootDir, document.uri.fsPath);
    }
    this.clear(key);
  }

  private clear(key: string): void {
    this.edits.delete(key);
    if (this.results.delete(key)) this.changed.fire(vscode.Uri.parse(key));
  }

  /** Typed findings the syntactic tier did not report, as they are now. */
  private typedOnly(document: vscode.TextDocument): readonly Finding[] {
    const typed = this.findingsFor(document);
    if (typed.length === 0) return [];
    const syntactic = this.syntactic.current(document)?.findings ?? [];
    const merged = new Set(mergeFindings(syntactic, typed));
    return typed.filter((finding) => merged.has(finding));
  }

  private quickFixes(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    const findings = this.typedOnly(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      const finding = ruleId && findings.find((f) => f.ruleId === ruleId && document.positionAt(f.start).isEqual(diagnostic.range.start) && document.positionAt(f.end).isEqual(diagnostic.range.end));
      if (!finding) continue;
      for (const fix of finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        const edit = new vscode.WorkspaceEdit();
        for (const change of fix.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = document.offsetAt(position);
    const hits = this.typedOnly(document).filter((f) => f.start <= offset && offset <= f.end);
    if (hits.length === 0) return undefined;
    const parts = hits.map((finding) => {
      const markdown = new vscode.MarkdownString(undefined, false);
      markdown.isTrusted = { enabledCommands: [Commands.showDocumentation] };
      markdown.appendMarkdown(`**Loop Lens · \`${finding.ruleId}\`** (type-aware) — `);
      markdown.appendText(finding.message);
      const doc = ruleById(finding.ruleId)?.doc;
      if (doc) markdown.appendMarkdown(`\n\n---\n\n${doc.replace(/^## /gm, '#### ')}`);
      const args = encodeURIComponent(JSON.stringify([finding.ruleId]));
      markdown.appendMarkdown(`\n\n[Open documentation](command:${Commands.showDocumentation}?${args})`);
      return markdown;
    });
    const first = hits[0]!;
    return new vscode.Hover(parts, new vscode.Range(document.positionAt(first.start), document.positionAt(first.end)));
  }
}
