// `port-in-use` over the real language server (`node dist/server.js --stdio`): real child processes
// listening in every address variant, settings pulled through workspace/configuration, re-checks
// on `nanokit/recheckPorts` and on save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { DidChangeConfigurationNotification, DidSaveTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { RecheckPortsNotification } from '../../server/src/protocol';
import { freePort, freePorts } from '../helpers/docker';
import { LISTENER_VARIANTS, startChildListener, type ListenerVariant } from '../helpers/listeners';
import { docUri } from '../helpers/lspClient';
import { expectedFreePair, hasPortInUse, portDoc, portProblems, publication, startPortServer, valueRange } from '../helpers/portDocs';

const variants = Object.keys(LISTENER_VARIANTS) as ListenerVariant[];
const noPortInUse = (diagnostics: Parameters<typeof hasPortInUse>[0]) => !hasPortInUse(diagnostics);

for (const variant of variants) {
  void test(`a child listening on gatewayPort (${variant}) gets a warning naming it, on the value's range`, async (t) => {
    const child = await startChildListener(variant);
    t.after(() => child.stop());
    const httpsPort = await freePort();
    const client = await startPortServer(t);
    const uri = docUri(`ports-${variant}`);
    const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: httpsPort });
    const pair = await expectedFreePair([child.port, httpsPort]);

    await client.open(uri, text);
    const diagnostics = await publication(client, uri, hasPortInUse, { what: 'port-in-use' });
    assert.deepEqual(diagnostics, [{
      range: valueRange(text, 'gatewayPort'),
      severity: 2,
      source: 'nanokit',
      code: 'port-in-use',
      message: `Port ${child.port} is already in use by node (pid ${child.pid}). The gateway will not be able to start: use a free port such as ${pair.http}.`,
      data: { portFix: { key: 'gatewayPort', port: pair.http, origin: 'top-level', environment: 'local' } },
    }]);
  });
}

void test('an environment override that is taken is reported on the override, in the selected environment only', async (t) => {
  const child = await startChildListener('ipv6-only');
  t.after(() => child.stop());
  const [http, https] = await freePorts(2);
  const text = portDoc({ gatewayPort: http, gatewayHttpsPort: https, local: { gatewayHttpsPort: child.port } });
  const pair = await expectedFreePair([http, child.port]);

  const local = await startPortServer(t);
  const uri = docUri('ports-override');
  await local.open(uri, text);
  const diagnostics = await publication(local, uri, hasPortInUse, { what: 'port-in-use' });
  assert.deepEqual(diagnostics, [{
    range: valueRange(text, 'gatewayHttpsPort', 1),
    severity: 2, source: 'nanokit', code: 'port-in-use',
    message: `Port ${child.port} is already in use by node (pid ${child.pid}). The gateway will not be able to start: use a free port such as ${pair.https}.`,
    data: { portFix: { key: 'gatewayHttpsPort', port: pair.https, origin: 'environment', environment: 'local' } },
  }]);

  // With nanokit.environment = stage the override does not apply: the top-level ports are free.
  const stage = await startPortServer(t, { environment: 'stage' });
  await stage.open(uri, text);
  const first = stage.published.length;
  await publication(stage, uri, () => true, { what: 'the first publication' });
  // The probe's results always arrive in a second publication (nothing was known before).
  assert.deepEqual(await publication(stage, uri, () => true, { from: first + 1, what: 'the probed publication' }), []);
});

void test('free ports give no port diagnostic', async (t) => {
  const [http, https] = await freePorts(2);
  const client = await startPortServer(t);
  const uri = docUri('ports-free');
  await client.open(uri, portDoc({ gatewayPort: http, gatewayHttpsPort: https }));
  await publication(client, uri, () => true);
  const probed = await publication(client, uri, () => true, { from: 1, what: 'the probed publication' });
  assert.deepEqual(probed, []);
  assert.deepEqual(client.published.filter((p) => p.uri === uri).map((p) => p.diagnostics), [[], []]);
});

void test('recheckPorts drops the warning once the listener is gone; a save brings it back when the port is taken again', async (t) => {
  const child = await startChildListener('dual-stack');
  t.after(() => child.stop());
  const port = child.port;
  const client = await startPortServer(t);
  const uri = docUri('ports-recheck');
  const text = portDoc({ gatewayPort: await freePort(), gatewayHttpsPort: port });
  await client.open(uri, text);
  await publication(client, uri, hasPortInUse, { what: 'port-in-use' });

  await child.stop();
  const beforeRecheck = client.published.length;
  await client.connection.sendNotification(RecheckPortsNotification.type, { uri });
  assert.deepEqual(await publication(client, uri, noPortInUse, { from: beforeRecheck, what: 'no port-in-use after recheckPorts' }), []);

  // This process now holds the port; saving the document re-probes and names it.
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ host: '::', port }, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const beforeSave = client.published.length;
  await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  const saved = await publication(client, uri, hasPortInUse, { from: beforeSave, what: 'port-in-use after save' });
  assert.deepEqual(saved.map((d) => [d.code, d.range]), [['port-in-use', valueRange(text, 'gatewayHttpsPort')]]);
  assert.match(saved[0].message, new RegExp(`^Port ${port} is already in use by node \\(pid ${process.pid}\\)\\.`));
});

void test('nanokit.portCheck.enabled = false: no port diagnostics until it is turned on again', async (t) => {
  const child = await startChildListener('ipv4-any');
  t.after(() => child.stop());
  const client = await startPortServer(t, { portCheck: { enabled: false, interval: 30 } });
  const uri = docUri('ports-disabled');
  const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: await freePort() });
  await client.open(uri, text);
  await publication(client, uri, () => true);
  await client.connection.sendNotification(RecheckPortsNotification.type, { uri });
  await client.symbols(uri); // a round trip: anything the server had queued has been sent by now
  // A recheck with the check disabled probes nothing and so publishes nothing new.
  assert.deepEqual(client.published.filter((p) => p.uri === uri).map((p) => portProblems(p.diagnostics)), [[]]);

  client.settings = { ...client.settings, portCheck: { enabled: true, interval: 30 } };
  const beforeOn = client.published.length;
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  const on = await publication(client, uri, hasPortInUse, { from: beforeOn, what: 'port-in-use once enabled' });
  assert.deepEqual(on.map((d) => d.range), [valueRange(text, 'gatewayPort')]);

  client.settings = { ...client.settings, portCheck: { enabled: false, interval: 30 } };
  const beforeOff = client.published.length;
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  assert.deepEqual(await publication(client, uri, () => true, { from: beforeOff, what: 'the publication once disabled' }), []);
});
