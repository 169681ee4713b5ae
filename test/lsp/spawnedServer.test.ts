// `node dist/server.js --stdio` is a complete language server: initialize, diagnostics for an open
// document, a request, then shutdown and exit with code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docUri, LspTestClient, r, REPO_ROOT } from '../helpers/lspClient';

void test('the bundled server over stdio: initialize, diagnostics, hover, deep input, shutdown, exit 0', async (t) => {
  const bundle = path.join(REPO_ROOT, 'dist', 'server.js');
  assert.ok(fs.existsSync(bundle), `${bundle} is missing: build it with "node esbuild.mjs" (scripts/test.mjs does).`);
  const client = await LspTestClient.spawn();
  let closed = false;
  t.after(() => {
    if (!closed) client.child.kill();
  });

  const init = await client.initializeResult;
  assert.equal(init.serverInfo?.name, 'nanokit-language-server');
  assert.equal(init.capabilities.textDocumentSync, 2);
  assert.equal(init.capabilities.hoverProvider, true);

  const uri = docUri('spawned');
  const diagnostics = await client.openAndCheck(uri, 'name: shop\nservices:\n  web:\n    runtme: node\n');
  assert.deepEqual(diagnostics.map((d) => [d.range, d.severity, d.code, d.source]), [[r(3, 4, 10), 1, 'unknown-key', 'nanokit']]);
  assert.equal((await client.hover(uri, { line: 0, character: 1 }))?.range?.end.character, 4);

  let deep = 'name: shop\nx-deep:\n';
  for (let i = 0; i < 1000; i++) deep += `${'  '.repeat(i + 1)}k${i}:\n`;
  const deepUri = docUri('spawned-deep');
  assert.deepEqual((await client.openAndCheck(deepUri, deep)).map((d) => d.code), ['too-deep']);
  assert.equal((await client.hover(uri, { line: 0, character: 1 }))?.range?.end.character, 4, 'still answering after deep input');
  assert.equal(client.child.exitCode, null, 'the server is still running');

  const code = await client.close();
  closed = true;
  assert.equal(code, 0);
  assert.equal(client.child.exitCode, 0);
});
