// The "Use port N" quick fix over the real language server: the edit replaces exactly the value
// that sets the port (top level or environment), proposes 8080/8443 first (else the next free
// pair), and applying it clears the warning.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { freePort, freePorts } from '../helpers/docker';
import { startChildListener } from '../helpers/listeners';
import { docUri, type LspTestClient } from '../helpers/lspClient';
import { applyEdit, expectedFreePair, portDoc, publication, startPortServer, valueRange } from '../helpers/portDocs';

async function warnings(client: LspTestClient, uri: string, count: number): Promise<Diagnostic[]> {
  const all = await publication(client, uri, (ds) => ds.filter((d) => d.code === 'port-in-use').length === count, { what: `${count} port-in-use` });
  return all.filter((d) => d.code === 'port-in-use');
}

/** Applies the action's one edit as the next version; resolves the probed diagnostics of that version. */
async function applyAndRecheck(client: LspTestClient, uri: string, text: string, action: CodeAction): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const edits = action.edit?.changes?.[uri];
  assert.equal(edits?.length, 1, JSON.stringify(action));
  const next = applyEdit(text, edits[0]);
  const before = client.published.length;
  const version = await client.change(uri, [{ text: next }]);
  // The version's first publication comes before its probe; the probed one follows.
  await publication(client, uri, () => true, { from: before, what: `version ${version}` });
  const probed = await publication(client, uri, () => true, { from: before + 1, what: `the probed publication of version ${version}` });
  return { text: next, diagnostics: probed };
}

/** Holds `port` in this process when it is free (already taken is as good); released after the test. */
async function occupy(t: TestContext, port: number): Promise<void> {
  const server = net.createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host: '::', port }, () => resolve(true));
  });
  if (listening) t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

void test('the fix for a taken top-level gatewayPort replaces exactly that value with a free port', async (t) => {
  const child = await startChildListener('ipv4-any');
  t.after(() => child.stop());
  const httpsPort = await freePort();
  const client = await startPortServer(t);
  const uri = docUri('fix-top-level');
  const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: httpsPort });
  const pair = await expectedFreePair([child.port, httpsPort]);
  await client.open(uri, text);
  const [warning] = await warnings(client, uri, 1);

  const actions = await client.codeActions(uri, warning.range, [warning]);
  assert.deepEqual(actions, [{
    title: `Use port ${pair.http} for gatewayPort`,
    kind: 'quickfix',
    diagnostics: [warning],
    isPreferred: true,
    edit: { changes: { [uri]: [{ range: valueRange(text, 'gatewayPort'), newText: String(pair.http) }] } },
  }]);

  const fixed = await applyAndRecheck(client, uri, text, actions[0]);
  assert.equal(fixed.text, portDoc({ gatewayPort: pair.http, gatewayHttpsPort: httpsPort }));
  assert.deepEqual(fixed.diagnostics, []);
});

void test('the fix for a taken environment override edits the override, not the top level', async (t) => {
  const child = await startChildListener('ipv6-loopback');
  t.after(() => child.stop());
  const [http, https] = await freePorts(2);
  const client = await startPortServer(t);
  const uri = docUri('fix-override');
  const text = portDoc({ gatewayPort: http, gatewayHttpsPort: https, local: { gatewayHttpsPort: child.port } });
  const pair = await expectedFreePair([http, child.port]);
  await client.open(uri, text);
  const [warning] = await warnings(client, uri, 1);

  const actions = await client.codeActions(uri, warning.range, [warning]);
  assert.deepEqual(actions.map((a) => [a.title, a.edit]), [[
    `Use port ${pair.https} for gatewayHttpsPort in local`,
    { changes: { [uri]: [{ range: valueRange(text, 'gatewayHttpsPort', 1), newText: String(pair.https) }] } },
  ]]);

  const fixed = await applyAndRecheck(client, uri, text, actions[0]);
  assert.equal(fixed.text, portDoc({ gatewayPort: http, gatewayHttpsPort: https, local: { gatewayHttpsPort: pair.https } }));
  assert.deepEqual(fixed.diagnostics, []);
});

void test('both ports taken: one pair is proposed, each half on its own key, and both fixes clear the warnings', async (t) => {
  const httpChild = await startChildListener('ipv4-loopback');
  t.after(() => httpChild.stop());
  const httpsChild = await startChildListener('dual-stack');
  t.after(() => httpsChild.stop());
  const client = await startPortServer(t);
  const uri = docUri('fix-both');
  let text = portDoc({ gatewayPort: httpChild.port, gatewayHttpsPort: httpsChild.port });
  const pair = await expectedFreePair([httpChild.port, httpsChild.port]);
  await client.open(uri, text);
  const found = await warnings(client, uri, 2);
  assert.deepEqual(found.map((d) => d.range), [valueRange(text, 'gatewayPort'), valueRange(text, 'gatewayHttpsPort')]);

  const httpWarning = found[0];
  const [httpFix] = await client.codeActions(uri, httpWarning.range, [httpWarning]);
  assert.equal(httpFix.title, `Use port ${pair.http} for gatewayPort`);
  const half = await applyAndRecheck(client, uri, text, httpFix);
  text = half.text;

  // gatewayPort now holds the pair's free http half: the https proposal stays its partner.
  const [httpsWarning] = half.diagnostics;
  assert.deepEqual([half.diagnostics.length, httpsWarning.range], [1, valueRange(text, 'gatewayHttpsPort')]);
  assert.match(httpsWarning.message, new RegExp(`use a free port such as ${pair.https}\\.$`));
  const [httpsFix] = await client.codeActions(uri, httpsWarning.range, [httpsWarning]);
  assert.equal(httpsFix.title, `Use port ${pair.https} for gatewayHttpsPort`);
  const done = await applyAndRecheck(client, uri, text, httpsFix);
  assert.equal(done.text, portDoc({ gatewayPort: pair.http, gatewayHttpsPort: pair.https }));
  assert.deepEqual(done.diagnostics, []);
});

void test('when 8080 is taken the fix proposes the next free pair', async (t) => {
  await occupy(t, 8080);
  const child = await startChildListener('ipv4-any');
  t.after(() => child.stop());
  const httpsPort = await freePort();
  const pair = await expectedFreePair([child.port, httpsPort]);
  assert.notEqual(pair.http, 8080);
  assert.equal(pair.https - pair.http, 8443 - 8080, 'the pair moves up together');

  const client = await startPortServer(t);
  const uri = docUri('fix-next-pair');
  const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: httpsPort });
  await client.open(uri, text);
  const [warning] = await warnings(client, uri, 1);
  assert.match(warning.message, new RegExp(`use a free port such as ${pair.http}\\.$`));
  const actions = await client.codeActions(uri, warning.range, [warning]);
  assert.deepEqual(actions.map((a) => a.title), [`Use port ${pair.http} for gatewayPort`]);
});
