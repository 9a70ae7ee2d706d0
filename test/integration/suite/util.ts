/** Helpers shared by the integration tests: fixture documents, Loop Lens diagnostics, hover text. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../harness';

export const EXTENSION_ID = 'looplens.looplens';
export const SOURCE = 'looplens';

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration suite needs the fixture workspace open (runTests.mjs passes it)');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Undoes a test's edits to a fixture document without saving them. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

export function loopLensDiagnostics(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE && (ruleId === undefined || ruleIdOf(d) === ruleId));
}

/** Waits (on diagnostics change events, bounded) until the Loop Lens diagnostics of `uri` satisfy `accept`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => loopLensDiagnostics(uri), accept, [vscode.languages.onDidChangeDiagnostics], timeoutMs);
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.QuickFix.value,
    )) ?? [];
  // A plain Command has a string `command`; a CodeAction has a title and maybe a Command object.
  return actions.filter((action): action is vscode.CodeAction => typeof (action as vscode.Command).command !== 'string');
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `code action "${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applying "${action.title}" failed`);
}
