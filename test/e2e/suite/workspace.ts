// The test workspace (a throwaway copy of test/e2e/workspace/) and the extension under test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'nanokit.nanokit';

export function nanokitExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded (check "publisher" and "name" in package.json)`);
  return extension;
}

export interface Manifest {
  contributes?: {
    commands?: { command: string; title?: string; category?: string }[];
    configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];
  };
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(nanokitExtension().extensionPath, 'package.json'), 'utf8')) as Manifest;
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openInEditor(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** The range of the `occurrence`-th (0-based) match of `text` in the document. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = document.getText().indexOf(text, offset + 1);
    assert.ok(offset >= 0, `"${text}" (occurrence ${occurrence}) not found in ${document.uri.fsPath}`);
  }
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + text.length));
}

/** Drops unsaved edits so later tests see the fixture as it is on disk. */
export async function revertAndClose(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}
