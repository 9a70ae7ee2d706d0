/**
 * Predicts timelines for the panel, each in a process of its own
 * (PredictionRunner, `dist/timeline-sandbox.js`): never on the extension
 * host's thread, never in a thread of the extension host. The process gets
 * the document's current (unsaved) text and the workspace files it imports
 * (open documents' unsaved text first), no environment, a memory cap and a
 * time limit (`looplens.timeline.*`); whatever the program does ends only that
 * process, and the panel shows one line saying why. After the first
 * prediction a warm spare process waits for the next one (stopped when idle).
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readTimelineConfig, type TimelineConfig } from '../config';
import { CONFIG_SECTION } from '../constants';
import type { TimelineModel } from '../timeline/model';
import { collectWorkspaceFiles } from '../timeline/imports';
import { PredictionRunner } from '../timeline/sandbox/runner';
import { notebookCellPrediction } from './notebookAnalysis';

/** Largest imported file sent to a prediction. */
const MAX_IMPORTED_BYTES = 1024 * 1024;

/** A workspace file's text: the open editor's (unsaved) text wins over the disk. */
async function readEditorOrDisk(path: string): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === path);
  if (open) return open.getText();
  try {
    const uri = vscode.Uri.file(path);
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_IMPORTED_BYTES) return undefined;
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.includes(0)) return undefined;
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

/** The spare process holds a parser runtime; give its memory back after this long without a prediction. */
const SPARE_IDLE_MS = 5 * 60_000;

export class TimelinePredictor implements vscode.Disposable {
  private runner: PredictionRunner | undefined;
  private runnerMemoryMb = 0;
  private readonly entry: string;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(extensionPath: string, private readonly log: vscode.LogOutputChannel) {
    this.entry = join(extensionPath, 'dist', 'timeline-sandbox.js');
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
      // A new memory cap needs new processes (the spare was started with the old one).
      if (event.affectsConfiguration(`${CONFIG_SECTION}.timeline.memoryLimitMb`)) this.dropRunner();
    }));
  }

  /** The predicted timeline of the document's current text; rejects with a one-line reason. */
  readonly predict = async (document: vscode.TextDocument, token: vscode.CancellationToken): Promise<TimelineModel> => {
    const problems: string[] = [];
    const config = readTimelineConfig(document.uri, problems);
    for (const problem of problems) this.log.warn(problem);
    const runner = this.runnerFor(config);
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const workspaceRoot = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
      const fileName = document.uri.scheme === 'file' ? document.uri.fsPath : document.fileName;
      const source = document.getText();
      // The workspace files it imports, unsaved editor text first: the prediction process never opens files.
      const files = await collectWorkspaceFiles(fileName, source, {
        readText: readEditorOrDisk,
        ...(workspaceRoot?.scheme === 'file' ? { workspaceRoot: workspaceRoot.fsPath } : {}),
      });
      if (token.isCancellationRequested) throw new Error('a newer prediction replaced this one');
      const outcome = await runner.predict({
        source,
        fileName,
        files,
        ioLatencyMs: config.ioLatencyMs,
        ...(workspaceRoot?.scheme === 'file' ? { workspaceRoot: workspaceRoot.fsPath } : {}),
        // A notebook cell: the earlier code cells run first, on the kernel's running loop.
        ...notebookCellPrediction(document),
      }, { signal: abort.signal, timeLimitMs: config.timeLimitMs });
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.model;
    } finally {
      listener.dispose();
    }
  };

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.dropRunner();
  }

  private runnerFor(config: TimelineConfig): PredictionRunner {
    if (this.runner && this.runnerMemoryMb === config.memoryLimitMb) return this.runner;
    this.dropRunner();
    this.runnerMemoryMb = config.memoryLimitMb;
    this.runner = new PredictionRunner({
      entry: this.entry,
      spare: true,
      spareIdleMs: SPARE_IDLE_MS,
      memoryLimitMb: config.memoryLimitMb,
      timeLimitMs: config.timeLimitMs,
      log: (level, message) => this.log[level](message),
    });
    return this.runner;
  }

  private dropRunner(): void {
    this.runner?.dispose();
    this.runner = undefined;
  }
}
