/**
 * Rule documentation inside VS Code: the hover text for a finding, and a
 * read-only `looplens-doc:` document shown in the Markdown preview by
 * "Show documentation".
 */
import * as vscode from 'vscode';
import { ruleById } from '../analysis/registry';
import { Commands, ruleDocsUrl } from '../constants';

export const DOC_SCHEME = 'looplens-doc';

export function ruleDocMarkdown(ruleId: string): string | undefined {
  const rule = ruleById(ruleId);
  if (!rule) return undefined;
  return `# ${rule.id}\n\n*${rule.summary}* — default severity: ${rule.defaultSeverity}\n\n${rule.doc}`;
}

export function ruleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOC_SCHEME, path: `/${ruleId}.md` });
}

export function registerRuleDocs(): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      return ruleDocMarkdown(id) ?? `# Unknown rule\n\nLoop Lens has no rule named \`${id}\`.`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(DOC_SCHEME, provider),
    vscode.commands.registerCommand(Commands.showDocumentation, async (ruleId?: unknown) => {
      let id = typeof ruleId === 'string' ? ruleId : undefined;
      if (!id) {
        const { ALL_RULES } = await import('../analysis/registry');
        const picked = await vscode.window.showQuickPick(
          ALL_RULES.map((rule) => ({ label: rule.id, description: rule.summary })),
          { placeHolder: 'Show the documentation of which Loop Lens rule?' },
        );
        id = picked?.label;
      }
      if (!id) return;
      if (!ruleById(id)) {
        void vscode.window.showWarningMessage(`Loop Lens has no rule named "${id}".`);
        return;
      }
      try {
        await vscode.commands.executeCommand('markdown.showPreview', ruleDocUri(id));
      } catch {
        // Markdown preview unavailable (e.g. disabled built-in): show the source instead.
        const document = await vscode.workspace.openTextDocument(ruleDocUri(id));
        await vscode.window.showTextDocument(document, { preview: true });
      }
    }),
  );
}

export { ruleDocsUrl };
