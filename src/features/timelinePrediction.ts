/**
 * Predicts timelines for the panel in a worker of its own (the engine worker
 * bundle, started on first use and stopped when idle): a long or endless
 * program costs that worker time, never the extension host's thread. A
 * prediction that runs past the limit is stopped and reported as such.
 */
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { EngineClient } from '../service/client';
import type { TimelineModel } from '../timeline/model';
import { notebookCellPrediction } from './notebookAnalysis';

/** Hard limit of one prediction (the simulator's own step and evaluation caps normally end it well before). */
export const PREDICT_LIMIT_MS = 30_000;
/** The worker holds a tree-sitter runtime; give the memory back after this long without a prediction. */
const IDLE_STOP_MS = 2 * 60_000;

export class TimelinePredictor implements vscode.Disposable {
  private readonly client: EngineClient;

  constructor(extensionPath: string, log: vscode.LogOutputChannel) {
    const dist = join(extensionPath, 'dist');
    this.client = new EngineClient({
      workerPath: join(dist, 'engine-worker.js'),
      workerData: { wasmDir: dist },
      name: 'timeline worker',
      memoryMb: 1024,
      idleMs: IDLE_STOP_MS,
      log: (level, message) => log[level](message),
    });
  }

  /** The predicted timeline of the document's current text; rejects with a readable reason. */
  readonly predict = async (document: vscode.TextDocument, token: vscode.CancellationToken): Promise<TimelineModel> => {
    const outcome = await this.client.call('predict', () => (token.isCancellationRequested ? undefined : { text: document.getText(), fileName: document.fileName, ...notebookCellPrediction(document) }), {
      coalesce: 'predict',
      limitMs: PREDICT_LIMIT_MS,
    });
    switch (outcome.status) {
      case 'ok':
        return outcome.value;
      case 'superseded':
        throw new Error('a newer prediction replaced this one');
      case 'failed':
        throw new Error(outcome.timedOut ? `the prediction took longer than ${PREDICT_LIMIT_MS / 1000} s and was stopped (does the program loop forever?)` : outcome.reason);
      case 'disabled':
        throw new Error(outcome.reason);
    }
  };

  dispose(): void {
    void this.client.dispose();
  }
}
