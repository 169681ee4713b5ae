// Settings pulled per document (workspace/configuration), re-pulled on didChangeConfiguration;
// closing a document clears its diagnostics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol';
import { docUri, LspTestClient, r } from '../helpers/lspClient';

const SHOP = 'name: shop\nservices:\n  web:\n    expose: 3000\n    host: shop.localhost\nenvironments:\n  local: {}\n  stage:\n    services:\n      web:\n        host: shop.stage\n';

void describe('settings', () => {
  let client: LspTestClient;
  before(async () => { client = await LspTestClient.inProcess({ settings: { environment: 'stage' } }); });
  after(async () => { await client.close(); });

  void test('nanokit.environment selects the environment of the code lens, the preview and host hovers', async () => {
    const uri = docUri('settings-env');
    await client.openAndCheck(uri, SHOP);
    assert.equal((await client.codeLenses(uri))[0].command?.title, 'Preview Caddy config (stage)');
    assert.equal((await client.caddyConfig(uri)).environment, 'stage');
    assert.equal((await client.caddyConfig(uri, 'local')).environment, 'local');
    const hover = await client.hover(uri, { line: 4, character: 12 });
    assert.match((hover?.contents as { value: string }).value, /^\*\*Gateway routing\*\* \(environment `stage`\)\n\n- `shop\.localhost` → `nk-shop-stage-web:3000`/);
  });

  void test('after didChangeConfiguration the new settings apply (code lens off)', async () => {
    const uri = docUri('settings-change');
    await client.openAndCheck(uri, SHOP);
    assert.equal((await client.codeLenses(uri)).length, 1);
    client.settings = { ...client.settings, codeLens: { enabled: false } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(await client.codeLenses(uri), []);
  });
});

void describe('closing a document', () => {
  let client: LspTestClient;
  before(async () => { client = await LspTestClient.inProcess(); });
  after(async () => { await client.close(); });

  void test('publishes an empty list for it, and requests on it get empty answers', async () => {
    const uri = docUri('closed');
    const diagnostics = await client.openAndCheck(uri, 'name: shop\nservces: {}\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.code]), [[r(1, 0, 7), 'unknown-key']]);
    const cleared = client.nextDiagnostics(uri);
    await client.closeDocument(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    assert.equal(await client.hover(uri, { line: 0, character: 1 }), null);
    assert.deepEqual(await client.completion(uri, { line: 0, character: 0 }), []);
  });

  void test('a document closed while its settings are being fetched keeps its empty diagnostics', async () => {
    const uri = docUri('closed-early');
    const hold = client.holdConfiguration();
    await client.open(uri, 'name: shop\nservces: {}\n');
    await hold.requested;
    const cleared = client.nextDiagnostics(uri);
    await client.closeDocument(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    hold.release();
    await client.openAndCheck(docUri('after-closed-early'), 'name: shop\n');
    assert.deepEqual(client.published.filter((p) => p.uri === uri).at(-1)?.diagnostics, [], 'no stale diagnostics after the close');
  });
});
