// The gateway commands against a real gateway (private dockerd, local Caddy image): Start, Reload
// (zero downtime: Caddy holds the edited config, the container is not restarted) and Stop, with the
// status bar following each state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { gatewayContainer, gatewayProjectEnvVar, hostsCaddyRoutes, prepareGatewayWorkspace, removeGateway, type GatewayFixture } from '../gatewayWorkspace';
import { until } from './waits';
import { nanokitExtension, openInEditor, rangeOf, workspaceFile } from './workspace';

const deadline = 30_000;

/** The status bar item's text, from the extension's API (activate's return value). */
function statusBarText(): string {
  const api = nanokitExtension().exports as { statusBarText?: unknown } | undefined;
  assert.equal(typeof api?.statusBarText, 'string', 'the extension API has no `statusBarText: string` (the text of the gateway status bar item)');
  return api!.statusBarText as string;
}

function untilStatusBar(pattern: RegExp): Promise<string> {
  return until(() => {
    const text = statusBarText();
    return pattern.test(text) ? text : undefined;
  }, deadline, `the status bar to show ${pattern} (now: "${statusBarText()}")`);
}

function untilCaddyRoutes(fixture: GatewayFixture, host: string): Promise<string[]> {
  return until(async () => {
    const hosts = await hostsCaddyRoutes(fixture).catch(() => undefined);
    return hosts?.includes(host) ? hosts : undefined;
  }, deadline, `Caddy's config to route ${host}`);
}

suite('gateway', () => {
  let fixture: GatewayFixture;
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    const project = process.env[gatewayProjectEnvVar];
    assert.ok(project, `${gatewayProjectEnvVar} is not set: run the suite through runExtensionTests`);
    fixture = await prepareGatewayWorkspace(workspaceFile('').fsPath, project);
    const settings = vscode.workspace.getConfiguration();
    for (const [key, value] of Object.entries(fixture.settings)) await settings.update(key, value, vscode.ConfigurationTarget.Workspace);
    editor = await openInEditor(fixture.file);
    await until(() => (nanokitExtension().isActive ? true : undefined), 20_000, 'activation');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (fixture) await removeGateway(fixture);
  });

  test('the status bar shows the stopped gateway', async () => {
    await untilStatusBar(/Gateway: stopped/);
  });

  test('Start Local Gateway runs the container; the status bar shows it running with its ports', async () => {
    await fixture.releasePorts();
    await vscode.commands.executeCommand('nanokit.startGateway', editor.document.uri);
    const container = await gatewayContainer(fixture);
    assert.ok(container?.running, `container ${fixture.containerName} is not running`);
    await untilStatusBar(new RegExp(`Gateway: running :${fixture.httpPort}/:${fixture.httpsPort}$`));
    assert.deepEqual(await untilCaddyRoutes(fixture, fixture.host), [fixture.host]);
  });

  test('Reload Gateway pushes the edited config without restarting the container', async () => {
    const before = await gatewayContainer(fixture);
    assert.ok(before?.running, 'the gateway is not running (the previous test failed?)');
    const newHost = `new-${fixture.host}`;
    await editor.edit((edit) => edit.replace(rangeOf(editor.document, `host: ${fixture.host}`), `host: ${newHost}`));
    const reported = await vscode.commands.executeCommand<boolean | undefined>('nanokit.reloadGateway', editor.document.uri);
    assert.equal(reported, true, 'Reload Gateway did not report success');
    assert.deepEqual(await hostsCaddyRoutes(fixture), [newHost], 'Caddy does not hold the new config');
    assert.deepEqual(await gatewayContainer(fixture), before, 'the container was restarted');
    await untilStatusBar(new RegExp(`Gateway: running :${fixture.httpPort}/:${fixture.httpsPort}$`));
  });

  test('Stop Local Gateway removes the container; the status bar shows stopped', async () => {
    await vscode.commands.executeCommand('nanokit.stopGateway', editor.document.uri);
    assert.equal(await gatewayContainer(fixture), undefined, `container ${fixture.containerName} still exists`);
    await untilStatusBar(/Gateway: stopped/);
  });
});
