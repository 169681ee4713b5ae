// Which documents are nanokit.yml files, and finding the one a command is about.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const NANOKIT_PATTERN = '**/nanokit.{yml,yaml}';
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: NANOKIT_PATTERN },
  { scheme: 'vscode-remote', pattern: NANOKIT_PATTERN },
];

export function isNanokitDocument(doc: vscode.TextDocument): boolean {
  return /^nanokit\.ya?ml$/.test(path.basename(doc.uri.path)) && doc.uri.scheme !== 'nanokit-preview';
}

/** The nanokit.yml a command applies to: an explicit uri, the active editor's, a visible one, or the first in the workspace. */
export async function findNanokitDocument(arg?: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string' && arg) return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const active = vscode.window.activeTextEditor?.document;
  if (active && isNanokitDocument(active)) return active;
  const visible = vscode.window.visibleTextEditors.map((e) => e.document).find(isNanokitDocument);
  if (visible) return visible;
  const open = vscode.workspace.textDocuments.find(isNanokitDocument);
  if (open) return open;
  const found = await findInWorkspace();
  return found ? vscode.workspace.openTextDocument(found) : undefined;
}

/** A workspace search is not free (the status bar asks every few seconds): its answer is kept a while. */
const SEARCH_TTL_MS = 30_000;
let lastSearch: { at: number; uri: vscode.Uri | undefined } | undefined;

async function findInWorkspace(): Promise<vscode.Uri | undefined> {
  if (lastSearch && Date.now() - lastSearch.at < SEARCH_TTL_MS) return lastSearch.uri;
  const [found] = await vscode.workspace.findFiles(NANOKIT_PATTERN, '**/node_modules/**', 1);
  lastSearch = { at: Date.now(), uri: found };
  return found;
}
