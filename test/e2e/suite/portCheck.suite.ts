// Port conflicts in the editor (issue 4): a port held by a listener this extension host opens gets a
// `port-in-use` warning on the gatewayPort value naming our pid, a quick fix with a free port, and
// the warning goes away once the port is free again and the file is saved.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until } from './waits';
import { codeOf, rangeOf, workspaceFile } from './workspace';

const deadline = 20_000;
const fixture = 'port-conflict/nanokit.yml';

function listen(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that was free a moment ago (bound and released), for the HTTPS side of the pair. */
async function freePort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await close(server);
  return port;
}

function fixtureText(httpPort: number, httpsPort: number): string {
  return [
    'name: ports', 'version: "1"', `gatewayPort: ${httpPort}`, `gatewayHttpsPort: ${httpsPort}`, '',
    'services:', '  web:', '    runtime: node', '    path: ./', '    expose: 3000', '    host: ports.localhost', '',
  ].join('\n');
}

function portDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nanokit' && codeOf(d) === 'port-in-use');
}

function describe(diagnostics: vscode.Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => ({ message: d.message, range: d.range })));
}

suite('port check in the editor', () => {
  const cleanup: (() => Promise<void> | void)[] = [];

  teardown(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  test('a port held by a listener in this process is flagged on the gatewayPort value, with a fix; freeing it and saving clears it', async () => {
    const listener = await listen();
    let listening = true;
    cleanup.push(() => (listening ? close(listener) : undefined));
    const port = portOf(listener);
    const httpsPort = await freePort();

    const file = workspaceFile(fixture);
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    fs.writeFileSync(file.fsPath, fixtureText(port, httpsPort));
    cleanup.push(() => fs.rmSync(path.dirname(file.fsPath), { recursive: true, force: true }));

    // The shared fixtures turn the check off (.vscode/settings.json); turn it on for this folder only while this test runs.
    const settings = vscode.workspace.getConfiguration('nanokit', file);
    const previous = settings.inspect<boolean>('portCheck.enabled')?.workspaceFolderValue;
    await settings.update('portCheck.enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
    cleanup.push(async () => {
      await vscode.workspace.getConfiguration('nanokit', file).update('portCheck.enabled', previous, vscode.ConfigurationTarget.WorkspaceFolder);
    });

    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    cleanup.push(async () => {
      await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    const found = await until(() => {
      const diagnostics = portDiagnostics(file);
      return diagnostics.length > 0 ? diagnostics : undefined;
    }, deadline, `a port-in-use diagnostic for port ${port}`, vscode.languages.onDidChangeDiagnostics);
    assert.equal(found.length, 1, `one port-in-use diagnostic (port ${httpsPort} is free), got ${describe(found)}`);
    const [diagnostic] = found;
    const start = rangeOf(document, `gatewayPort: ${port}\n`).start.translate(0, 'gatewayPort: '.length);
    const valueRange = new vscode.Range(start, start.translate(0, String(port).length));
    assert.deepEqual(diagnostic.range, valueRange, `the warning sits on the value ${port}: ${describe(found)}`);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, new RegExp(`^Port ${port} is already in use by .*\\(pid ${process.pid}\\)`), 'the message names the owner by our pid');

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', file, diagnostic.range);
    const titles = actions.map((a) => a.title);
    const fix = titles.map((t) => /^Use port (\d+) for gatewayPort$/.exec(t)).find((m) => m);
    assert.ok(fix, `no "Use port N for gatewayPort" among ${JSON.stringify(titles)}`);
    assert.notEqual(Number(fix[1]), port, 'the suggested port is not the taken one');

    await close(listener);
    listening = false;
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '# port released\n'));
    assert.ok(await document.save(), 'saving the fixture failed');
    await until(() => (portDiagnostics(file).length === 0 ? true : undefined), deadline,
      `the port-in-use diagnostic to go away after port ${port} was released and the file saved`, vscode.languages.onDidChangeDiagnostics)
      .catch((error: Error) => { throw new Error(`${error.message}; still: ${describe(portDiagnostics(file))}`); });
  });
});
