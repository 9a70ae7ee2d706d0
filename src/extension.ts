/** Composition root of the VS Code extension: builds the services and registers each feature. */
import * as vscode from 'vscode';
import { Commands, OUTPUT_CHANNEL_NAME } from './constants';
import { AnalysisService } from './features/analysisService';
import { registerCodeActions } from './features/codeActions';
import { registerDiagnostics } from './features/diagnostics';
import { registerHover } from './features/hover';
import { registerRuleDocs } from './features/ruleDocs';
import { registerTimelinePanel } from './features/timelinePanel';
import { TypeAwareService } from './features/typeAware';
import { TimelinePredictor } from './features/timelinePrediction';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const service = new AnalysisService(context.extensionUri.fsPath, log);
  const typed = new TypeAwareService(context.extensionUri, service, log);
  const timeline = new TimelinePredictor(context.extensionUri.fsPath, log);
  context.subscriptions.push(
    log,
    timeline,
    service,
    typed,
    registerDiagnostics(service, typed),
    registerHover(service),
    registerCodeActions(service),
    registerRuleDocs(),
    registerTimelinePanel(context, { log, predict: timeline.predict }),
    vscode.commands.registerCommand(Commands.reanalyze, () => service.reanalyzeAll('requested by the user')),
  );
  log.info(`Loop Lens ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
