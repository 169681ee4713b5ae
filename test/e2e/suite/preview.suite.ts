// "Nanokit: Preview Caddy Config" opens the generated JSON beside the editor and follows edits.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from './waits';
import { openInEditor, rangeOf, revertAndClose } from './workspace';

const previewScheme = 'nanokit-preview';
const deadline = 20_000;

function previewEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === previewScheme);
}

type CaddyConfig = { apps?: { http?: { servers?: Record<string, { routes?: { match?: { host?: string[] }[] }[] }> } } };

/** The config in the preview (JSON with whole-line // comments), or undefined while there is none. */
function previewConfig(text: string): CaddyConfig | undefined {
  const json = text.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n').trim();
  if (json === '' || json === 'null') return undefined;
  return JSON.parse(json) as CaddyConfig;
}

/** Every host the previewed Caddy config routes, in order. */
function routedHosts(editor: vscode.TextEditor): string[] {
  const servers = Object.values(previewConfig(editor.document.getText())?.apps?.http?.servers ?? {});
  return servers.flatMap((s) => (s.routes ?? []).flatMap((r) => (r.match ?? []).flatMap((m) => m.host ?? [])));
}

/** Waits until the preview routes `host`, re-reading on every document change; returns all routed hosts. */
function untilRouted(preview: vscode.TextEditor, host: string): Promise<string[]> {
  return until(() => {
    const hosts = routedHosts(preview);
    return hosts.includes(host) ? hosts : undefined;
  }, deadline, `the preview to route ${host}`, vscode.workspace.onDidChangeTextDocument);
}

suite('preview Caddy config', () => {
  test('opens the JSON beside the editor, and it changes after an edit', async () => {
    const source = await openInEditor('nanokit.yml');
    await vscode.commands.executeCommand('nanokit.previewCaddyConfig');
    const preview = await until(previewEditor, deadline, `an editor with a ${previewScheme}: document`, vscode.window.onDidChangeVisibleTextEditors);
    assert.match(preview.document.languageId, /^jsonc?$/, 'the preview is a JSON document');
    assert.ok((preview.viewColumn ?? 0) > (source.viewColumn ?? 0), `preview in column ${preview.viewColumn}, source in ${source.viewColumn}: not beside`);
    await untilRouted(preview, 'hello.localhost');

    await source.edit((edit) => edit.replace(rangeOf(source.document, 'hello.localhost'), 'hi.localhost'));
    const hosts = await untilRouted(preview, 'hi.localhost');
    assert.ok(!hosts.includes('hello.localhost'), `hello.localhost still routed in ${JSON.stringify(hosts)}`);
    await revertAndClose(source);
  });
});
