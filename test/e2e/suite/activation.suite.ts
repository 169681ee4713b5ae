// The extension activates by itself in a workspace holding nanokit.yml and registers its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from './waits';
import { nanokitExtension, readManifest, workspaceFile } from './workspace';

const contractCommands = [
  'nanokit.startGateway', 'nanokit.stopGateway', 'nanokit.reloadGateway', 'nanokit.trustLocalCa',
  'nanokit.untrustLocalCa', 'nanokit.previewCaddyConfig', 'nanokit.showGatewayLogs', 'nanokit.selectEnvironment',
];

suite('activation', () => {
  test('the extension host gets the environment the test runner passes', () => {
    assert.equal(process.env.NANOKIT_E2E_WORKSPACE, workspaceFile('').fsPath.replace(/\/$/, ''));
  });

  test('activates on a workspace that contains nanokit.yml, without any command', async () => {
    const extension = nanokitExtension();
    await until(() => (extension.isActive ? true : undefined), 20_000, `${extension.id} to activate (workspaceContains:**/nanokit.yml)`);
  });

  test('package.json contributes the commands of the contract', () => {
    const contributed = (readManifest().contributes?.commands ?? []).map((c) => c.command);
    assert.deepEqual(contractCommands.filter((id) => !contributed.includes(id)), [], 'commands missing from contributes.commands');
  });

  test('every command in contributes.commands is registered', async () => {
    const contributed = (readManifest().contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    await until(() => (nanokitExtension().isActive ? true : undefined), 20_000, 'activation');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });
});
