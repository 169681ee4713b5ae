// "Preview Caddy Config": a read-only JSON document beside the editor, fed by the server's
// nanokit/caddyConfig request, updated as the user types; on errors it keeps the last valid config.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CaddyConfigRequest, type CaddyConfigResult } from '../../server/src/protocol';
import { stableStringify } from '../../server/src/core/caddy/stableJson';

export const PREVIEW_SCHEME = 'nanokit-preview';
const DEBOUNCE_MS = 120;

interface PreviewState {
  source: vscode.Uri;
  content: string;
  lastValid?: { environment: string; json: string };
  timer?: NodeJS.Timeout;
}

export class CaddyPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly previews = new Map<string, PreviewState>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined, private readonly environment: (source: vscode.Uri) => string, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleFor(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === PREVIEW_SCHEME) this.previews.delete(doc.uri.toString());
      }),
    );
  }

  static previewUri(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${path.basename(source.path)} (Caddy config).jsonc`, query: source.toString() });
  }

  async open(source: vscode.Uri): Promise<vscode.TextEditor> {
    const uri = CaddyPreviewProvider.previewUri(source);
    if (!this.previews.has(uri.toString())) this.previews.set(uri.toString(), { source, content: '' });
    await this.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  }

  /** Regenerates every open preview (e.g. after the environment changed). */
  refreshAll(): void {
    for (const key of this.previews.keys()) void this.refresh(vscode.Uri.parse(key));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const state = this.previews.get(uri.toString());
    if (!state) {
      this.previews.set(uri.toString(), { source: vscode.Uri.parse(uri.query), content: '' });
      void this.refresh(uri);
      return '// Generating the Caddy config…\n';
    }
    return state.content;
  }

  dispose(): void {
    for (const state of this.previews.values()) clearTimeout(state.timer);
    for (const d of this.disposables) d.dispose();
  }

  private scheduleFor(source: vscode.Uri): void {
    for (const [key, state] of this.previews) {
      if (state.source.toString() !== source.toString()) continue;
      clearTimeout(state.timer);
      state.timer = setTimeout(() => void this.refresh(vscode.Uri.parse(key)), DEBOUNCE_MS);
    }
  }

  private async refresh(uri: vscode.Uri): Promise<void> {
    const state = this.previews.get(uri.toString());
    const client = this.client();
    if (!state) return;
    const environment = this.environment(state.source);
    let result: CaddyConfigResult;
    try {
      if (!client?.isRunning()) throw new Error('the Nanokit language server is not running');
      await vscode.workspace.openTextDocument(state.source); // the server answers for open documents
      result = await client.sendRequest(CaddyConfigRequest.type, { uri: state.source.toString(), environment });
    } catch (error) {
      this.log.error(`preview failed: ${(error as Error).message}`);
      result = { environment, config: null, errors: [`The preview could not be generated: ${(error as Error).message}`] };
    }
    state.content = render(state, result);
    this.changed.fire(uri);
  }
}

function render(state: PreviewState, result: CaddyConfigResult): string {
  const file = path.basename(state.source.path);
  if (result.config) {
    state.lastValid = { environment: result.environment, json: stableStringify(result.config) };
    return `// Caddy JSON config for environment "${result.environment}", generated from ${file}. Read-only; updates as you type.\n${state.lastValid.json}\n`;
  }
  const header = [
    `// ${file} has errors: no config for environment "${result.environment}".`,
    ...result.errors.slice(0, 20).map((e) => `//   ${e.replace(/\n/g, ' ')}`),
  ];
  if (state.lastValid) {
    header.push(`// Showing the last valid config (environment "${state.lastValid.environment}"):`);
    return `${header.join('\n')}\n${state.lastValid.json}\n`;
  }
  return `${header.join('\n')}\nnull\n`;
}
