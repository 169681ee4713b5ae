// The live Caddy preview as a user relies on it (issue 3): it keeps the last valid config while the
// file has errors, follows `nanokit.environment`, and is offered by a code lens on line 1.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isNormalHeader, openPreview, previewDeadline, routedHosts, untilPreview } from './previewDocument';
import { until } from './waits';
import { openInEditor, rangeOf, revertAndClose } from './workspace';

const fixture = 'environments/nanokit.yml';
const fileName = 'nanokit.yml';

/** Sets a `nanokit.*` workspace setting; returns a function that puts the previous workspace value back. */
async function setWorkspaceSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const settings = vscode.workspace.getConfiguration('nanokit');
  const previous = settings.inspect(key)?.workspaceValue;
  await settings.update(key, value, vscode.ConfigurationTarget.Workspace);
  return () => Promise.resolve(vscode.workspace.getConfiguration('nanokit').update(key, previous, vscode.ConfigurationTarget.Workspace));
}

function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return Promise.resolve(vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)).then((lenses) => lenses ?? []);
}

/** Re-runs the code lens providers (every 100 ms, see `until`) until `accept` holds. */
function untilCodeLenses(uri: vscode.Uri, accept: (lenses: vscode.CodeLens[]) => boolean, what: string): Promise<vscode.CodeLens[]> {
  let last: vscode.CodeLens[] = [];
  return until(async () => {
    last = await codeLenses(uri);
    return accept(last) ? last : undefined;
  }, previewDeadline, what).catch((error: Error) => {
    throw new Error(`${error.message}; last lenses: ${JSON.stringify(last.map((l) => ({ line: l.range.start.line, command: l.command })))}`);
  });
}

function nanokitLenses(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  return lenses.filter((lens) => lens.command?.command === 'nanokit.previewCaddyConfig');
}

suite('live preview: errors, environments, code lens', () => {
  const restore: (() => Promise<void>)[] = [];
  let editor: vscode.TextEditor | undefined;

  teardown(async () => {
    for (const undo of restore.splice(0).reverse()) await undo();
    if (editor) await revertAndClose(editor);
    editor = undefined;
  });

  test('while the file has errors the preview says so at the top and keeps the last valid config', async () => {
    editor = await openInEditor(fixture);
    const source = editor;
    const preview = await openPreview(source.document.uri);
    await untilPreview(preview, (c) => isNormalHeader(c, 'local') && routedHosts(c.config).includes('web.localhost'), 'the preview of the local environment');

    // A valid edit first, so "the last valid config" is not simply the one the preview opened with.
    await source.edit((edit) => edit.replace(rangeOf(source.document, 'web.localhost'), 'app.localhost'));
    const valid = await untilPreview(preview, (c) => isNormalHeader(c, 'local') && routedHosts(c.config).includes('app.localhost'), 'the preview to route app.localhost');

    await source.edit((edit) => edit.insert(rangeOf(source.document, 'version: "1"\n').end, 'gatewayPort: 70000\n'));
    const broken = await untilPreview(preview, (c) => (c.header[0] ?? '').includes('has errors'), 'the preview to report the errors');
    assert.equal(broken.header[0], `${fileName} has errors: no config for environment "local".`);
    const reasons = broken.header.slice(1).filter((line) => line.includes('70000'));
    assert.ok(reasons.some((line) => line.includes('gatewayPort')), `no error line names gatewayPort 70000 in ${JSON.stringify(broken.header)}`);
    assert.ok(broken.config, `the preview went blank instead of keeping the last valid config:\n${broken.text}`);
    assert.deepEqual(routedHosts(broken.config), ['app.localhost'], 'the kept config routes the host of the last valid edit');
    assert.deepEqual(broken.config, valid.config, 'the kept config is exactly the last valid one');

    await source.edit((edit) => edit.delete(rangeOf(source.document, 'gatewayPort: 70000\n')));
    const fixed = await untilPreview(preview, (c) => isNormalHeader(c, 'local'), 'the normal header after the fix');
    assert.equal(fixed.header.length, 1, `the fixed preview still shows error lines: ${JSON.stringify(fixed.header)}`);
    assert.deepEqual(routedHosts(fixed.config), ['app.localhost']);
  });

  test('setting nanokit.environment to production switches the open preview to the production config', async () => {
    editor = await openInEditor(fixture);
    const preview = await openPreview(editor.document.uri);
    await untilPreview(preview, (c) => isNormalHeader(c, 'local') && routedHosts(c.config).includes('web.localhost'), 'the preview of the local environment');

    restore.push(await setWorkspaceSetting('environment', 'production'));
    const production = await untilPreview(preview, (c) => isNormalHeader(c, 'production'), 'the preview header to name "production"');
    assert.match(production.header[0], /^Caddy JSON config for environment "production", generated from nanokit\.yml\./);
    assert.deepEqual(routedHosts(production.config), ['web.example.com'], 'the production config routes the production host only');

    await restore.pop()!();
    const local = await untilPreview(preview, (c) => isNormalHeader(c, 'local'), 'the preview to return to "local" after the setting is restored');
    assert.deepEqual(routedHosts(local.config), ['web.localhost']);
  });

  test('a code lens on line 1 opens the preview and names the environment; nanokit.codeLens.enabled: false removes it', async () => {
    editor = await openInEditor(fixture);
    const uri = editor.document.uri;
    const [lens, ...more] = nanokitLenses(await untilCodeLenses(uri, (l) => nanokitLenses(l).length > 0, 'the Nanokit code lens'));
    assert.equal(more.length, 0, 'one Nanokit code lens');
    assert.equal(lens.range.start.line, 0, 'the lens is on the first line');
    assert.match(lens.command!.title, /Preview Caddy config/i);
    assert.match(lens.command!.title, /\blocal\b/, `the lens title "${lens.command!.title}" names the environment`);

    const preview = await vscode.commands.executeCommand<unknown>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(preview instanceof vscode.Uri, `running the lens's command returned ${String(preview)}, not the preview's Uri`);
    assert.equal(preview.query, uri.toString(), 'the lens previews its own file');
    await untilPreview(preview, (c) => isNormalHeader(c, 'local'), 'the preview opened from the lens');

    restore.push(await setWorkspaceSetting('environment', 'production'));
    await untilCodeLenses(uri, (l) => nanokitLenses(l).some((x) => /\bproduction\b/.test(x.command!.title)), 'the lens to name "production"');
    await restore.pop()!();

    restore.push(await setWorkspaceSetting('codeLens.enabled', false));
    await untilCodeLenses(uri, (l) => nanokitLenses(l).length === 0, 'the lens to disappear with nanokit.codeLens.enabled: false');
    await restore.pop()!();
    await untilCodeLenses(uri, (l) => nanokitLenses(l).length === 1, 'the lens to come back when the setting is restored');
  });
});
