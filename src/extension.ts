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
import { createTimelinePredictor } from './features/timelinePrediction';
import { GrammarLoader } from './parsing/grammars';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const wasmDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  const grammars = new GrammarLoader(wasmDir);
  const service = new AnalysisService(grammars, log);
  const typed = new TypeAwareService(context.extensionUri, service, log);
  context.subscriptions.push(
    log,
    service,
    typed,
    registerDiagnostics(service, typed),
    registerHover(service),
    registerCodeActions(service),
    registerRuleDocs(),
    registerTimelinePanel(context, { log, predict: createTimelinePredictor(grammars) }),
    vscode.commands.registerCommand(Commands.reanalyze, () => service.reanalyzeAll('requested by the user')),
  );
  log.info(`Loop Lens ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
