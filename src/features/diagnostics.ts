/** Publishes findings as VS Code diagnostics (source `looplens`, code linking to the rule's docs). */
import * as vscode from 'vscode';
import { mergeFindings } from '../analysis/typed/merge';
import type { Finding, Severity } from '../analysis/types';
import { DIAGNOSTIC_SOURCE, ruleDocsUrl } from '../constants';
import type { AnalysisService } from './analysisService';
import type { TypeAwareService } from './typeAware';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** @param cells in a notebook: the analysed cells, for related locations in other cells */
export function toDiagnostic(document: vscode.TextDocument, finding: Finding, cells?: readonly vscode.TextDocument[]): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(ruleDocsUrl(finding.ruleId)) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => {
      const where = (related.cell !== undefined ? cells?.[related.cell] : undefined) ?? document;
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(where.uri, new vscode.Range(where.positionAt(related.start), where.positionAt(related.end))), related.message);
    });
  }
  return diagnostic;
}

/** The rule id of a Loop Lens diagnostic, or undefined for other sources. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return typeof code === 'string' ? code : undefined;
}

/** Publishes the syntactic findings merged with the type-aware tier's (no duplicates) whenever either changes. */
export function registerDiagnostics(service: AnalysisService, typed?: TypeAwareService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const subscription = service.onDidChange(({ uri, analysis }) => {
    if (!analysis) {
      collection.delete(uri);
      return;
    }
    const document = analysis.notebook?.cells[analysis.notebook.cell] ?? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document || document.version !== analysis.version) return;
    const findings = typed && !analysis.notebook ? mergeFindings(analysis.findings, typed.findingsFor(document, analysis.version)) : analysis.findings;
    collection.set(uri, findings.map((finding) => toDiagnostic(document, finding, analysis.notebook?.cells)));
  });
  const typedSubscription = typed?.onDidChange((uri) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const analysis = document && service.current(document);
    if (!document || !analysis) return;
    collection.set(uri, mergeFindings(analysis.findings, typed.findingsFor(document, analysis.version)).map((finding) => toDiagnostic(document, finding)));
  });
  return vscode.Disposable.from(subscription, ...(typedSubscription ? [typedSubscription] : []), collection);
}
