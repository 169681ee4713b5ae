// The language server, as the editor sees it: diagnostics, completion and hover on nanokit.yml.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { plainText, schemaDocs } from '../schemaDocs';
import { until } from './waits';
import { codeOf, nanokitExtension, openInEditor, rangeOf, revertAndClose } from './workspace';

const serverDeadline = 20_000;

function nanokitDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nanokit');
}

suite('language features', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a misspelt key gets one unknown-key diagnostic on exactly that key', async () => {
    const editor = await openInEditor('broken/nanokit.yml');
    const uri = editor.document.uri;
    const diagnostics = await until(() => {
      const found = nanokitDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    }, serverDeadline, 'nanokit diagnostics on broken/nanokit.yml', vscode.languages.onDidChangeDiagnostics);
    const seen = diagnostics.map((d) => ({ code: codeOf(d), range: d.range, message: d.message }));
    assert.equal(diagnostics.length, 1, `expected one diagnostic, got ${JSON.stringify(seen)}`);
    const [diagnostic] = diagnostics;
    assert.equal(codeOf(diagnostic), 'unknown-key');
    assert.deepEqual(diagnostic.range, rangeOf(editor.document, 'hots'));
    assert.match(diagnostic.message, /hots/, 'the message names the unknown key');
  });

  test('fixing the key clears the diagnostic', async () => {
    const editor = await openInEditor('broken/nanokit.yml');
    const uri = editor.document.uri;
    await until(() => (nanokitDiagnostics(uri).length > 0 ? true : undefined), serverDeadline, 'the unknown-key diagnostic', vscode.languages.onDidChangeDiagnostics);
    await editor.edit((edit) => edit.replace(rangeOf(editor.document, 'hots'), 'host'));
    await until(() => (nanokitDiagnostics(uri).length === 0 ? true : undefined), serverDeadline, 'diagnostics to clear after the fix', vscode.languages.onDidChangeDiagnostics);
    await revertAndClose(editor);
  });

  test('completion inside a service offers the service keys', async () => {
    const editor = await openInEditor('completion/nanokit.yml');
    const after = rangeOf(editor.document, 'expose: 8080').end;
    await editor.edit((edit) => edit.insert(after, '\n    '));
    const position = new vscode.Position(after.line + 1, 4);
    const labels = await until(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return found.includes('host') ? found : undefined;
    }, serverDeadline, 'completion items from the language server');
    for (const key of ['host', 'port', 'image', 'instances', 'depends_on']) assert.ok(labels.includes(key), `"${key}" missing from ${JSON.stringify(labels)}`);
    await revertAndClose(editor);
  });

  test('hover on a key shows its documentation from the schema', async () => {
    const editor = await openInEditor('nanokit.yml');
    const position = rangeOf(editor.document, 'host:').start.translate(0, 1);
    const hoverText = await until(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return text.length > 0 ? text : undefined;
    }, serverDeadline, 'a hover on "host"');
    const documented = schemaDocs(nanokitExtension().extensionPath, ['services', 'web', 'host']);
    assert.ok(plainText(hoverText).includes(documented), `hover ${JSON.stringify(hoverText)} lacks the schema's description ${JSON.stringify(documented)}`);
  });
});
