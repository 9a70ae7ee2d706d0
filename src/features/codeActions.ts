/**
 * Code actions for Loop Lens diagnostics: the rule's fixes (preferred when
 * safe), "Ignore <id> on this line", "Show documentation", and fix-all
 * (`source.fixAll.looplens`, safe fixes only).
 */
import * as vscode from 'vscode';
import type { Finding } from '../analysis/types';
import { ignoreCommentEdit } from '../analysis/suppression';
import { Commands } from '../constants';
import type { AnalysisService } from './analysisService';
import { ruleIdOf } from './diagnostics';
import { SUPPORTED_SELECTOR } from './hover';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('looplens');

export function registerCodeActions(service: AnalysisService): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    async provideCodeActions(document, _range, context, token) {
      if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) {
        return context.only.intersects(FIX_ALL_KIND) ? fixAllActions(service, document) : [];
      }
      const ours = context.diagnostics.filter((diagnostic) => ruleIdOf(diagnostic) !== undefined);
      if (ours.length === 0) return [];
      const analysis = service.current(document) ?? (await service.analyzeNow(document));
      if (!analysis || token.isCancellationRequested || analysis.version !== document.version) return [];
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of ours) {
        const ruleId = ruleIdOf(diagnostic)!;
        const finding = analysis.findings.find(
          (f) => f.ruleId === ruleId && document.positionAt(f.start).isEqual(diagnostic.range.start) && document.positionAt(f.end).isEqual(diagnostic.range.end),
        );
        if (finding) actions.push(...fixActions(document, finding, diagnostic, analysis.notebook?.cells));
        actions.push(ignoreAction(document, ruleId, diagnostic));
        actions.push(docsAction(ruleId, diagnostic));
      }
      return dedupe(actions);
    },
  };
  return vscode.languages.registerCodeActionsProvider(SUPPORTED_SELECTOR, provider, {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  });
}

/** @param cells in a notebook: the analysed cells (an edit may go to another cell, e.g. an `import` in the first one) */
function fixActions(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic, cells?: readonly vscode.TextDocument[]): vscode.CodeAction[] {
  return finding.fixes.flatMap((fix, index) => {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.safe && index === 0;
    const edit = new vscode.WorkspaceEdit();
    for (const change of fix.edits) {
      const target = change.cell === undefined ? document : cells?.[change.cell];
      if (!target) return [];
      edit.replace(target.uri, new vscode.Range(target.positionAt(change.start), target.positionAt(change.end)), change.newText);
    }
    action.edit = edit;
    return [action];
  });
}

function ignoreAction(document: vscode.TextDocument, ruleId: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const line = document.lineAt(diagnostic.range.start.line);
  const change = ignoreCommentEdit(line.text, ruleId, document.languageId === 'python');
  const action = new vscode.CodeAction(`Ignore ${ruleId} on this line`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(line.lineNumber, change.start, line.lineNumber, change.end), change.newText);
  action.edit = edit;
  return action;
}

function docsAction(ruleId: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { command: Commands.showDocumentation, title: `Show documentation for ${ruleId}`, arguments: [ruleId] };
  return action;
}

async function fixAllActions(service: AnalysisService, document: vscode.TextDocument): Promise<vscode.CodeAction[]> {
  const fixed = await service.safelyFixedText(document);
  if (fixed === undefined) return [];
  const action = new vscode.CodeAction('Loop Lens: fix all safe fixes', FIX_ALL_KIND);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), fixed);
  action.edit = edit;
  return [action];
}

/** One "Ignore"/"Show documentation" action per rule even when several diagnostics share a line. */
function dedupe(actions: vscode.CodeAction[]): vscode.CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    if (action.edit && !action.title.startsWith('Ignore ')) return true;
    const key = action.title;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
