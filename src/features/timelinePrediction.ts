/** Adapts the pure timeline engine to editor documents for the timeline panel. */
import type * as vscode from 'vscode';
import { SourceParser, type GrammarLoader } from '../parsing';
import { predictTimeline } from '../timeline';
import type { TimelineModel } from '../timeline/model';

export function createTimelinePredictor(
  grammars: GrammarLoader,
): (document: vscode.TextDocument, token: vscode.CancellationToken) => Promise<TimelineModel> {
  const parser = new SourceParser(grammars);
  return (document) => predictTimeline(document.getText(), { fileName: document.fileName, parser });
}
