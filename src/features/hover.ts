/** Hover on a finding: the message and the rule's documentation, rendered. */
import * as vscode from 'vscode';
import { ruleById } from '../analysis/registry';
import { Commands, ruleDocsUrl } from '../constants';
import type { AnalysisService } from './analysisService';

export const SUPPORTED_SELECTOR: vscode.DocumentSelector = [
  { language: 'python' },
  { language: 'typescript' },
  { language: 'typescriptreact' },
  { language: 'javascript' },
  { language: 'javascriptreact' },
];

export function registerHover(service: AnalysisService): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SUPPORTED_SELECTOR, {
    async provideHover(document, position, token) {
      const analysis = service.current(document) ?? (await service.analyzeNow(document));
      if (!analysis || token.isCancellationRequested) return undefined;
      const offset = document.offsetAt(position);
      const hits = analysis.findings.filter((f) => f.start <= offset && offset <= f.end);
      if (hits.length === 0) return constructHover(service, document, offset);
      const parts: vscode.MarkdownString[] = [];
      for (const finding of hits) {
        const rule = ruleById(finding.ruleId);
        const args = encodeURIComponent(JSON.stringify([finding.ruleId]));
        const markdown = new vscode.MarkdownString(undefined, false);
        markdown.isTrusted = { enabledCommands: [Commands.showDocumentation] };
        markdown.appendMarkdown(`**Loop Lens · \`${finding.ruleId}\`** — `);
        markdown.appendText(finding.message);
        markdown.appendMarkdown('\n\n---\n\n');
        if (rule) markdown.appendMarkdown(demoteHeadings(rule.doc));
        markdown.appendMarkdown(`\n\n[Open documentation](command:${Commands.showDocumentation}?${args}) · [Rule reference](${ruleDocsUrl(finding.ruleId)})`);
        parts.push(markdown);
      }
      const first = hits[0]!;
      return new vscode.Hover(parts, new vscode.Range(document.positionAt(first.start), document.positionAt(first.end)));
    },
  });
}

/** Rule docs use `##` sections; in a hover they read better one level down. */
function demoteHeadings(doc: string): string {
  return doc.replace(/^## /gm, '#### ');
}

/** Hover on an event-loop construct with no finding: where its work goes, when it runs, and the other language's equivalent. */
async function constructHover(service: AnalysisService, document: vscode.TextDocument, offset: number): Promise<vscode.Hover | undefined> {
  const construct = await service.explainConstruct(document, offset);
  if (!construct) return undefined;
  const markdown = new vscode.MarkdownString(undefined, false);
  markdown.appendMarkdown(`**Loop Lens · \`${construct.title.replace(/`/g, '')}\`**\n\n`);
  markdown.appendMarkdown(construct.explanation);
  if (construct.counterpart) markdown.appendMarkdown(`\n\n${construct.counterpart}`);
  return new vscode.Hover(markdown, new vscode.Range(document.positionAt(construct.start), document.positionAt(construct.end)));
}
