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

/** Every host the Caddy config routes, in order. */
function routedHosts(json: string): string[] {
  const config = JSON.parse(json) as { apps?: { http?: { servers?: Record<string, { routes?: { match?: { host?: string[] }[] }[] }> } } };
  const servers = Object.values(config.apps?.http?.servers ?? {});
  return servers.flatMap((s) => (s.routes ?? []).flatMap((r) => (r.match ?? []).flatMap((m) => m.host ?? [])));
}

suite('preview Caddy config', () => {
  test('opens the JSON beside the editor, and it changes after an edit', async () => {
    const source = await openInEditor('nanokit.yml');
    await vscode.commands.executeCommand('nanokit.previewCaddyConfig');
    const preview = await until(previewEditor, deadline, `an editor with a ${previewScheme}: document`, vscode.window.onDidChangeVisibleTextEditors);
    assert.equal(preview.document.languageId, 'json');
    assert.ok((preview.viewColumn ?? 0) > (source.viewColumn ?? 0), `preview in column ${preview.viewColumn}, source in ${source.viewColumn}: not beside`);
    assert.ok(routedHosts(preview.document.getText()).includes('hello.localhost'), preview.document.getText());

    await source.edit((edit) => edit.replace(rangeOf(source.document, 'hello.localhost'), 'hi.localhost'));
    const hosts = await until(() => {
      const routed = routedHosts(preview.document.getText());
      return routed.includes('hi.localhost') ? routed : undefined;
    }, deadline, 'the preview to route hi.localhost after the edit', vscode.workspace.onDidChangeTextDocument);
    assert.ok(!hosts.includes('hello.localhost'), `hello.localhost still routed in ${JSON.stringify(hosts)}`);
    await revertAndClose(source);
  });
});
