/**
 * Notebooks in the editor: the Python code cells of a notebook open in the
 * notebook editor are analysed together, as one program in the kernel's
 * running loop (the engine worker joins them; see analysis/notebook.ts), and
 * each cell document gets the findings that lie in it. Editing any cell, or
 * adding, removing or moving cells, re-analyses the notebook, so findings of
 * later cells follow what earlier cells define.
 */
import * as vscode from 'vscode';
import type { ConstructExplanation } from '../analysis/constructs';
import { NOTEBOOK_LANGUAGE, type CellFinding } from '../analysis/notebook';
import type { Finding } from '../analysis/types';
import type { LoopLensConfig } from '../config';
import type { EngineClient } from '../service/client';
import type { KeyedDebouncer } from './debouncer';

/** URI scheme of the text documents of notebook cells. */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** Where a cell's findings came from: the notebook analysis they belong to, and every analysed cell (fixes and related locations may point into another). */
export interface CellContext {
  readonly key: string;
  readonly version: number;
  /** Index of this cell among `cells`. */
  readonly cell: number;
  readonly cells: readonly vscode.TextDocument[];
}

export interface CellAnalysis {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly findings: readonly Finding[];
  readonly notebook: CellContext;
}

/** What the analysis service lends the notebook side. */
export interface NotebookHost {
  readonly client: EngineClient;
  readonly timers: KeyedDebouncer;
  readonly log: vscode.LogOutputChannel;
  config(): LoopLensConfig;
  isExcluded(document: vscode.TextDocument): boolean;
  /** Stores (or clears) a cell's findings and tells listeners. */
  publish(uri: vscode.Uri, analysis: CellAnalysis | undefined): void;
  /** The engine answered that Python analysis is off for a while (parser or worker crash). */
  unavailable(reason: string, retryInMs: number, trapped: boolean, worker: boolean): void;
  skipped(uri: vscode.Uri, reason: string): void;
}

export function isNotebookCell(document: vscode.TextDocument): boolean {
  return document.uri.scheme === NOTEBOOK_CELL_SCHEME;
}

/** The open notebook a cell document belongs to. */
export function notebookOfCell(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  const uri = document.uri.toString();
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.getCells().some((cell) => cell.document.uri.toString() === uri));
}

/** The cells the kernel runs as Python: code cells whose language is Python, in notebook order. */
export function pythonCodeCells(notebook: vscode.NotebookDocument): vscode.NotebookCell[] {
  return notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'python');
}

const LIMIT_MS = 20_000;

export class NotebookAnalyzer {
  /** Analysis counter per notebook (the worker keeps the tree of the latest one for hovers). */
  private readonly versions = new Map<string, number>();
  /** Cells that got findings in the last analysis of each notebook (to clear the ones that left it). */
  private readonly published = new Map<string, Set<string>>();

  constructor(private readonly host: NotebookHost) {}

  schedule(notebook: vscode.NotebookDocument, delay: number): void {
    const key = notebook.uri.toString();
    this.host.timers.schedule(`notebook:${key}`, delay, () => {
      this.run(notebook).catch((error: unknown) => this.host.log.error(`Analysis of notebook ${notebook.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  scheduleForCell(document: vscode.TextDocument, delay: number): void {
    const notebook = notebookOfCell(document);
    if (notebook) this.schedule(notebook, delay);
  }

  /** Analyses the cell's notebook now; the cell's analysis is then in the host's results. */
  async analyzeNow(document: vscode.TextDocument): Promise<void> {
    const notebook = notebookOfCell(document);
    if (!notebook) return;
    this.host.timers.cancel(`notebook:${notebook.uri.toString()}`);
    await this.run(notebook);
  }

  async run(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const config = this.host.config();
    if (notebook.isClosed) return;
    if (!config.enable || !config.notebooks) {
      this.clear(key);
      return;
    }
    let sent: { cells: vscode.TextDocument[]; versions: number[]; version: number } | undefined;
    const outcome = await this.host.client.call(
      'analyzeNotebook',
      () => {
        if (notebook.isClosed) return undefined;
        const cells = pythonCodeCells(notebook).map((cell) => cell.document).filter((document) => !this.host.isExcluded(document));
        const version = (this.versions.get(key) ?? 0) + 1;
        this.versions.set(key, version);
        sent = { cells, versions: cells.map((document) => document.version), version };
        return { key, version, cells: cells.map((document) => document.getText()), severities: config.severities, maxFileSizeKb: config.maxFileSizeKb };
      },
      { coalesce: `analyzeNotebook:${key}`, limitMs: LIMIT_MS },
    );
    if (outcome.status === 'superseded' || !sent) return;
    if (outcome.status === 'disabled' || outcome.status === 'failed') {
      this.clear(key);
      if (outcome.status === 'disabled') this.host.unavailable(outcome.reason, outcome.retryInMs, false, true);
      else this.host.skipped(notebook.uri, outcome.timedOut ? `analysis took longer than ${LIMIT_MS / 1000} s and was stopped` : `analysis failed (${outcome.reason})`);
      return;
    }
    const result = outcome.value;
    if (result.status !== 'ok') {
      this.clear(key);
      if (result.status === 'skipped') this.host.skipped(notebook.uri, result.reason);
      else this.host.unavailable(result.reason, result.retryInMs, result.trapped, false);
      return;
    }
    for (const error of result.ruleErrors) this.host.log.error(`Rule ${error.ruleId} failed on ${notebook.uri.fsPath}: ${error.message}`);
    if (notebook.isClosed) return;
    this.publishCells(key, sent, result.findings);
  }

  private publishCells(key: string, sent: { cells: vscode.TextDocument[]; versions: number[]; version: number }, findings: readonly CellFinding[]): void {
    const byCell: Finding[][] = sent.cells.map(() => []);
    for (const { cell, ...finding } of findings) byCell[cell]?.push(finding);
    const before = this.published.get(key) ?? new Set<string>();
    const now = new Set<string>();
    sent.cells.forEach((document, cell) => {
      now.add(document.uri.toString());
      const context: CellContext = { key, version: sent.version, cell, cells: sent.cells };
      this.host.publish(document.uri, { uri: document.uri, version: sent.versions[cell]!, findings: byCell[cell]!, notebook: context });
    });
    for (const uri of before) if (!now.has(uri)) this.host.publish(vscode.Uri.parse(uri), undefined);
    this.published.set(key, now);
  }

  /** The construct under `offset` of a cell, from the worker's tree of its notebook. */
  async explain(context: CellContext, offset: number): Promise<ConstructExplanation | undefined> {
    const outcome = await this.host.client.call('explain', () => ({ key: context.key, version: context.version, offset, cell: context.cell }), { limitMs: 5_000 });
    return outcome.status === 'ok' ? outcome.value : undefined;
  }

  /** The cell's text with every safe fix of its findings applied (the other cells in view), or undefined. */
  async fixedCellText(document: vscode.TextDocument): Promise<string | undefined> {
    const notebook = notebookOfCell(document);
    const config = this.host.config();
    if (!notebook || !config.enable || !config.notebooks) return undefined;
    const cells = pythonCodeCells(notebook).map((cell) => cell.document);
    const index = cells.findIndex((cell) => cell.uri.toString() === document.uri.toString());
    if (index < 0) return undefined;
    const version = document.version;
    const outcome = await this.host.client.call(
      'fixAll',
      () => ({ text: document.getText(), language: NOTEBOOK_LANGUAGE, severities: config.severities, maxFileSizeKb: config.maxFileSizeKb, notebook: { cells: cells.map((cell) => cell.getText()), cell: index } }),
      { limitMs: 30_000, coalesce: `fixAll:${document.uri.toString()}` },
    );
    if (outcome.status !== 'ok' || document.version !== version) return undefined;
    return outcome.value.text;
  }

  /** The notebook closed (or analysis is off): drop its tree and its cells' findings. */
  clear(key: string): void {
    this.host.timers.cancel(`notebook:${key}`);
    this.host.client.notify({ kind: 'forget', key });
    for (const uri of this.published.get(key) ?? []) this.host.publish(vscode.Uri.parse(uri), undefined);
    this.published.delete(key);
  }

  forget(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    this.clear(key);
    this.versions.delete(key);
  }
}

/**
 * For the timeline of a notebook cell: the code cells before it (run first,
 * to set up state) and the cell, named as the notebook numbers them. Empty
 * for other documents.
 */
export function notebookCellPrediction(document: vscode.TextDocument): { notebook?: { setup: string[]; cell: string; labels: string[] } } {
  if (!isNotebookCell(document)) return {};
  const notebook = notebookOfCell(document);
  if (!notebook) return {};
  const cells = pythonCodeCells(notebook);
  const index = cells.findIndex((cell) => cell.document.uri.toString() === document.uri.toString());
  if (index < 0) return {};
  return {
    notebook: {
      setup: cells.slice(0, index).map((cell) => cell.document.getText()),
      cell: document.getText(),
      labels: cells.slice(0, index + 1).map((cell) => `cell ${cell.index + 1}`),
    },
  };
}

/** `analysis.ipynb, cell 3` for a cell document's URI (the notebook's numbering, markdown cells counted); undefined for other URIs. */
export function notebookCellName(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  const text = uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((candidate) => candidate.document.uri.toString() === text);
    if (cell) return `${vscode.workspace.asRelativePath(notebook.uri, false)}, cell ${cell.index + 1}`;
  }
  return undefined;
}
