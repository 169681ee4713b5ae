// Reading the Caddy preview document (`nanokit-preview:`): its `//` header lines and the JSON below them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from './waits';

export const previewDeadline = 20_000;

type CaddyRoute = { match?: { host?: string[] }[] };
type CaddyConfig = { apps?: { http?: { servers?: Record<string, { routes?: CaddyRoute[] }> } } };

export interface PreviewContent {
  /** The leading `//` comment lines, without the `// ` prefix. */
  header: string[];
  /** The JSON below the header, parsed; null when the preview shows no config. */
  config: CaddyConfig | null;
  text: string;
}

/** Splits the preview into its comment header and the JSON after it (JSON.parse must accept it as is). */
export function parsePreview(text: string): PreviewContent {
  const lines = text.split('\n');
  const firstJson = lines.findIndex((line) => !line.startsWith('//'));
  const headerLines = firstJson < 0 ? lines : lines.slice(0, firstJson);
  const json = firstJson < 0 ? '' : lines.slice(firstJson).join('\n').trim();
  const config = json === '' || json === 'null' ? null : (JSON.parse(json) as CaddyConfig);
  return { header: headerLines.map((line) => line.replace(/^\/\/ ?/, '')), config, text };
}

/** Every host the config routes, in order. */
export function routedHosts(config: CaddyConfig | null): string[] {
  const servers = Object.values(config?.apps?.http?.servers ?? {});
  return servers.flatMap((s) => (s.routes ?? []).flatMap((r) => (r.match ?? []).flatMap((m) => m.host ?? [])));
}

function openPreviewDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/**
 * Resolves with the preview's content once `accept` holds, checking now and on every change of the
 * preview document (onDidChangeTextDocument); rejects after the deadline with the last content seen.
 */
export async function untilPreview(uri: vscode.Uri, accept: (content: PreviewContent) => boolean, what: string): Promise<PreviewContent> {
  let last = '(the preview document is not open)';
  try {
    return await until(() => {
      const document = openPreviewDocument(uri);
      if (!document) return undefined;
      last = document.getText();
      const content = parsePreview(last);
      return accept(content) ? content : undefined;
    }, previewDeadline, what, vscode.workspace.onDidChangeTextDocument);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the preview reads:\n${last}`);
  }
}

/** Runs "Nanokit: Preview Caddy Config" for `source` and returns the preview's Uri. */
export async function openPreview(source: vscode.Uri): Promise<vscode.Uri> {
  const uri = await vscode.commands.executeCommand<unknown>('nanokit.previewCaddyConfig', source);
  assert.ok(uri instanceof vscode.Uri, `nanokit.previewCaddyConfig returned ${String(uri)}, not the preview's Uri`);
  assert.equal(uri.scheme, 'nanokit-preview');
  return uri;
}

/** The normal header: `Caddy JSON config for environment "<env>", generated from <file>. …`. */
export function isNormalHeader(content: PreviewContent, environment: string): boolean {
  return (content.header[0] ?? '').startsWith(`Caddy JSON config for environment "${environment}"`);
}
