/**
 * The "Show loop timeline" panel: the VS Code side of the timeline webview.
 * Owns the one panel, the document it follows, debounced re-prediction on
 * edits, the `ready` handshake, and the webview's requests (reveal a range in
 * the predicted file or one of the files that took part, copy, save SVG/PNG,
 * set the assumed I/O latency). Every inbound message goes through the
 * protocol guard.
 */
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_SECTION, Commands, TIMELINE_VIEW_TYPE } from '../constants';
import { languageFromVsCodeId } from '../parsing/languages';
import type { TimelineModel } from '../timeline/model';
import {
  describeRejected,
  isTimelineModel,
  isWebviewToHostMessage,
  type HostToWebviewMessage,
  type RevealMessage,
  type WebviewToHostMessage,
} from '../timeline/protocol';
import { xmlSafeText } from '../timeline/xmlText';
import { buildTimelineHtml, createNonce } from './timelineHtml';
import { notebookCellName } from './notebookAnalysis';

export interface TimelinePanelDeps {
  readonly log: vscode.LogOutputChannel;
  predict(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<TimelineModel>;
}

const PANEL_TITLE = 'Loop timeline';
/** The setting the panel's latency box writes (declared in package.json, read by the predictor). */
const IO_LATENCY_SETTING = 'timeline.ioLatencyMs';
const EDIT_DEBOUNCE_MS = 300;
/** Files at least this long show window progress while predicting. */
const PROGRESS_LINE_THRESHOLD = 300;

export function isTimelineDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme !== 'output' && languageFromVsCodeId(document.languageId, document.fileName) !== undefined;
}

function displayName(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  const cell = notebookCellName(uri);
  if (cell) return cell;
  return vscode.workspace.asRelativePath(uri, false);
}

class TimelinePanelController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private target: vscode.Uri | undefined;
  private ready = false;
  /** The target changed while the panel was hidden: predict when it shows again. */
  private dirty = false;
  private predicting = false;
  private lastUpdate: Extract<HostToWebviewMessage, { type: 'update' }> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private cancellation: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: TimelinePanelDeps,
  ) {}

  /** The command: open or reveal the panel for `uri` or the active editor. */
  async show(uri: vscode.Uri | undefined): Promise<void> {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || !isTimelineDocument(document)) {
      void vscode.window.showInformationMessage('Loop Lens: open a Python, TypeScript or JavaScript file to see its loop timeline.');
      return;
    }
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        TIMELINE_VIEW_TYPE,
        PANEL_TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        this.webviewOptions(),
      );
      this.adopt(panel);
    }
    this.follow(document);
  }

  /** Serializer: take over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.adopt(panel);
    const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(
      (candidate) => candidate !== undefined && isTimelineDocument(candidate.document),
    );
    if (editor) this.follow(editor.document);
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanelState();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    webview.options = this.webviewOptions();
    webview.html = buildTimelineHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'timeline.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'timeline.css')).toString(),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.disposePanelState();
      }),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden the page is torn down when hidden; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isTimelineDocument(editor.document) && editor.document.uri.toString() !== this.target?.toString()) {
          this.follow(editor.document);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        if (this.isTarget(event.document.uri)) this.onEdit(event.document);
        else if (this.isImported(event.document.uri)) {
          // An imported workspace file changed: predict the shown file again (its unsaved text is used).
          const target = vscode.workspace.textDocuments.find((candidate) => this.isTarget(candidate.uri));
          if (target) this.onEdit(target);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${CONFIG_SECTION}.${IO_LATENCY_SETTING}`) || !this.target) return;
        const document = vscode.workspace.textDocuments.find((candidate) => this.isTarget(candidate.uri));
        if (document) void this.predict(document);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (this.isTarget(event.textEditor.document.uri)) {
          this.post({ type: 'cursor', line: event.selections[0] ? event.selections[0].active.line + 1 : null });
        }
      }),
    );
  }

  private disposePanelState(): void {
    this.panel = undefined;
    this.ready = false;
    this.target = undefined;
    this.lastUpdate = undefined;
    this.cancelPrediction();
    for (const disposable of this.panelDisposables.splice(0)) disposable.dispose();
  }

  /** One of the other files that took part in the shown prediction (an imported workspace module). */
  private isImported(uri: vscode.Uri): boolean {
    const files = this.lastUpdate?.model.files;
    return uri.scheme === 'file' && files !== undefined && files.slice(1).includes(uri.fsPath);
  }

  private isTarget(uri: vscode.Uri): boolean {
    return this.target !== undefined && uri.toString() === this.target.toString();
  }

  private follow(document: vscode.TextDocument): void {
    this.target = document.uri;
    this.cancelPrediction();
    void this.predict(document);
  }

  private onEdit(document: vscode.TextDocument): void {
    this.post({ type: 'stale' });
    if (!this.panel?.visible) {
      this.dirty = true;
      return;
    }
    if (this.debounce !== undefined) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.predict(document);
    }, EDIT_DEBOUNCE_MS);
  }

  private cancelPrediction(): void {
    if (this.debounce !== undefined) clearTimeout(this.debounce);
    this.debounce = undefined;
    this.cancellation?.cancel();
    this.cancellation?.dispose();
    this.cancellation = undefined;
    this.predicting = false;
  }

  private async predict(document: vscode.TextDocument): Promise<void> {
    this.cancellation?.cancel();
    this.cancellation?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.cancellation = source;
    this.dirty = false;
    this.predicting = true;
    if (this.lastUpdate) this.post({ type: 'stale' });
    const started = Date.now();
    const fileName = displayName(document.uri);
    const version = document.version;
    const run = () => this.deps.predict(document, source.token);
    try {
      const model =
        document.lineCount >= PROGRESS_LINE_THRESHOLD
          ? await vscode.window.withProgress(
              { location: vscode.ProgressLocation.Window, title: `Loop Lens: predicting the loop timeline of ${fileName}` },
              run,
            )
          : await run();
      if (source.token.isCancellationRequested || this.cancellation !== source) return;
      if (!isTimelineModel(model)) throw new Error('the timeline engine returned a model that does not match the protocol');
      this.deps.log.debug(`timeline: ${fileName} v${version} predicted in ${Date.now() - started} ms (${model.steps.length} steps)`);
      this.lastUpdate = { type: 'update', model, fileName, version };
      this.post(this.lastUpdate);
      this.postCursor();
    } catch (error) {
      if (source.token.isCancellationRequested || this.cancellation !== source) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`timeline: prediction failed for ${fileName}: ${message}`);
      this.post({ type: 'error', message: `The timeline of ${fileName} could not be predicted: ${message}` });
    } finally {
      if (this.cancellation === source) {
        this.predicting = false;
        this.cancellation = undefined;
        source.dispose();
      }
    }
  }

  private postCursor(): void {
    const editor = vscode.window.visibleTextEditors.find((candidate) => this.isTarget(candidate.document.uri));
    if (editor) this.post({ type: 'cursor', line: editor.selection.active.line + 1 });
  }

  private post(message: HostToWebviewMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    if (!isWebviewToHostMessage(raw)) {
      this.deps.log.warn(`timeline: dropped a malformed webview message (${describeRejected(raw)})`);
      return;
    }
    void this.handle(raw).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`timeline: ${raw.type} failed: ${message}`);
      void vscode.window.showErrorMessage(`Loop Lens: ${message}`);
    });
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.lastUpdate) this.post(this.lastUpdate);
        if (this.predicting) this.post({ type: 'stale' });
        this.postCursor();
        if (!this.target && !this.lastUpdate) {
          this.post({ type: 'error', message: 'Open a Python, TypeScript or JavaScript file to see its loop timeline.' });
        }
        if (this.dirty && this.target) {
          const document = vscode.workspace.textDocuments.find((candidate) => this.isTarget(candidate.uri));
          if (document) void this.predict(document);
        }
        return;
      case 'reveal':
        return this.reveal(message);
      case 'setIoLatency': {
        const config = vscode.workspace.getConfiguration(CONFIG_SECTION, this.target);
        const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        // The configuration listener above predicts again once the setting changed.
        await config.update(IO_LATENCY_SETTING, message.ms, target);
        return;
      }
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage('$(check) Loop Lens: timeline copied as text', 3000);
        return;
      case 'saveSvg':
        // The webview already replaced XML-invalid characters; done again here so no message can save an ill-formed file.
        return this.save(new TextEncoder().encode(xmlSafeText(message.svg)), 'svg');
      case 'savePng':
        return this.save(Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'), 'png');
    }
  }

  /**
   * A file named by the shown model (`files`, a step's or a note's `file`) as a
   * URI: absolute paths as they are, relative ones against the workspace folder
   * of the predicted file, else its folder. Any other name is refused: the
   * webview never picks what the host opens.
   */
  private modelFile(name: string): vscode.Uri | undefined {
    const target = this.target;
    const model = this.lastUpdate?.model;
    if (!target || !model) return undefined;
    const known = model.files?.includes(name) || model.steps.some((step) => step.file === name) || model.notes.some((note) => note.file === name);
    if (!known) return undefined;
    if (isAbsolute(name)) return target.scheme === 'file' ? vscode.Uri.file(name) : target.with({ path: name });
    const base = vscode.workspace.getWorkspaceFolder(target)?.uri ?? vscode.Uri.joinPath(target, '..');
    return vscode.Uri.joinPath(base, name);
  }

  private async reveal(span: RevealMessage): Promise<void> {
    const predicted = this.target;
    if (!predicted) return;
    const target = span.file === undefined || this.isPredictedFile(span.file) ? predicted : this.modelFile(span.file);
    if (!target) {
      this.deps.log.warn('timeline: refused to reveal a file the shown timeline does not name');
      return;
    }
    const document = await vscode.workspace.openTextDocument(target);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === target.toString());
    const range = document.validateRange(new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, span.endColumn - 1));
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(range.start, range.end),
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The model's first file is the predicted one. */
  private isPredictedFile(name: string): boolean {
    return this.lastUpdate?.model.files?.[0] === name;
  }

  private async save(bytes: Uint8Array, extension: 'svg' | 'png'): Promise<void> {
    const target = this.target;
    const defaultUri =
      target && target.scheme === 'file'
        ? target.with({ path: `${target.path.replace(/\.[^./]+$/, '')}.timeline.${extension}` })
        : undefined;
    const uri = await vscode.window.showSaveDialog({
      defaultUri,
      filters: extension === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: 'Save timeline',
      title: `Save the loop timeline as ${extension.toUpperCase()}`,
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, bytes);
    vscode.window.setStatusBarMessage(`$(check) Loop Lens: saved ${vscode.workspace.asRelativePath(uri, false)}`, 4000);
  }
}

/** The command's argument: a URI (explorer, editor title), or a notebook cell (the cell toolbar). */
function targetUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  const document = (target as { document?: unknown } | undefined)?.document;
  return typeof document === 'object' && document !== null && 'uri' in document && document.uri instanceof vscode.Uri ? document.uri : undefined;
}

export function registerTimelinePanel(context: vscode.ExtensionContext, deps: TimelinePanelDeps): vscode.Disposable {
  const controller = new TimelinePanelController(context.extensionUri, deps);
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.showTimeline, (target?: unknown) => controller.show(targetUri(target))),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => controller.restore(panel),
    }),
    controller,
  );
}
