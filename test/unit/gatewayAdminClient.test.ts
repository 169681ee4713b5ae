// CaddyAdminClient against a fake admin API on node:http: ETag from header and trailer, typed
// errors for 400/412/other, one retry on a reset connection, timeouts, refused connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaddyAdminClient, caddyErrorMessage } from '../../client/src/gateway/adminClient';
import { AdminApiError, AdminUnreachableError, ConfigRejectedError, ConflictError } from '../../client/src/gateway/errors';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function fakeAdmin(t: { after(fn: () => Promise<void> | void): void }, handler: Handler): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${body}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, requests };
}

void test('load posts the JSON config to /load', async (t) => {
  const fake = await fakeAdmin(t, (_req, res) => res.end());
  await new CaddyAdminClient({ port: fake.port }).load({ apps: {} });
  assert.deepEqual(fake.requests, ['POST /load {"apps":{}}']);
});

void test('load: 400 becomes ConfigRejectedError with Caddy\'s message', async (t) => {
  const fake = await fakeAdmin(t, (_req, res) => {
    res.statusCode = 400;
    res.end('{"error":"loading config: unknown module: http.handlers.nope"}\n');
  });
  await assert.rejects(new CaddyAdminClient({ port: fake.port }).load({}), (e: unknown) => {
    assert.ok(e instanceof ConfigRejectedError);
    assert.equal(e.caddyMessage, 'loading config: unknown module: http.handlers.nope');
    assert.equal(e.message, 'Caddy rejected the config: loading config: unknown module: http.handlers.nope. The previous config keeps serving.');
    return true;
  });
});

void test('412 becomes ConflictError, other statuses AdminApiError', async (t) => {
  let status = 412;
  const fake = await fakeAdmin(t, (_req, res) => {
    res.statusCode = status;
    res.end(JSON.stringify({ error: 'If-Match header did not match current config hash' }));
  });
  const client = new CaddyAdminClient({ port: fake.port });
  await assert.rejects(client.replaceConfig({}, '"/config/ 1"'), ConflictError);
  assert.match(fake.requests[0]!, /^POST \/config\/ \{\}$/);
  status = 500;
  await assert.rejects(client.getConfig(), (e: unknown) => e instanceof AdminApiError && e.status === 500 && e.path === '/config/');
});

void test('getConfig reads the ETag from a header (Caddy 2.8+)', async (t) => {
  const fake = await fakeAdmin(t, (_req, res) => {
    res.setHeader('Etag', '"/config/ abc"');
    res.end('{"apps":{}}');
  });
  assert.deepEqual(await new CaddyAdminClient({ port: fake.port }).getConfig(), { config: { apps: {} }, etag: '"/config/ abc"' });
});

void test('getConfig reads the ETag from a trailer (Caddy 2.6/2.7)', async (t) => {
  const fake = await fakeAdmin(t, (_req, res) => {
    res.setHeader('Trailer', 'Etag');
    res.write('{"admin":{"listen":"0.0.0.0:2019"}}');
    res.addTrailers({ Etag: '"/config/ 9f"' });
    res.end();
  });
  const got = await new CaddyAdminClient({ port: fake.port }).getConfig();
  assert.deepEqual(got, { config: { admin: { listen: '0.0.0.0:2019' } }, etag: '"/config/ 9f"' });
});

void test('getConfig of an empty config gives null and no ETag', async (t) => {
  const fake = await fakeAdmin(t, (_req, res) => res.end('null\n'));
  assert.deepEqual(await new CaddyAdminClient({ port: fake.port }).getConfig(), { config: null });
});

void test('retries once when the connection is reset before an answer', async (t) => {
  let calls = 0;
  const fake = await fakeAdmin(t, (req, res) => {
    calls++;
    if (calls === 1) return void req.socket.destroy();
    res.end();
  });
  await new CaddyAdminClient({ port: fake.port }).load({});
  assert.equal(calls, 2);
});

void test('two resets in a row: AdminUnreachableError', async (t) => {
  const fake = await fakeAdmin(t, (req) => req.socket.destroy());
  await assert.rejects(new CaddyAdminClient({ port: fake.port }).load({}), (e: unknown) => {
    assert.ok(e instanceof AdminUnreachableError);
    assert.match(e.reason, /ECONNRESET|socket hang up/);
    assert.equal(fake.requests.length, 2);
    return true;
  });
});

void test('a silent server times out with AdminUnreachableError', async (t) => {
  const fake = await fakeAdmin(t, () => undefined);
  const client = new CaddyAdminClient({ port: fake.port, timeoutMs: 200 });
  await assert.rejects(client.getConfig(), (e: unknown) => e instanceof AdminUnreachableError && e.reason === 'ETIMEDOUT');
  assert.equal(await client.isReachable(), false);
});

void test('nothing listening: AdminUnreachableError that says what to do', async () => {
  const closed = new CaddyAdminClient({ port: 1 });
  await assert.rejects(closed.ping(), (e: unknown) => {
    assert.ok(e instanceof AdminUnreachableError);
    assert.equal(e.message, "Caddy's admin API at 127.0.0.1:1 is not reachable (ECONNREFUSED). Is the gateway running? Start it, or check the admin port.");
    return true;
  });
});

void test('getLocalCaRoot returns root_certificate; waitForLocalCaRoot polls until it exists', async (t) => {
  let calls = 0;
  const fake = await fakeAdmin(t, (_req, res) => {
    calls++;
    if (calls < 3) {
      res.statusCode = 404;
      return void res.end('{"error":"no certificate authority configured with id: local"}');
    }
    res.end(JSON.stringify({ id: 'local', root_certificate: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n' }));
  });
  const pem = await new CaddyAdminClient({ port: fake.port }).waitForLocalCaRoot(5_000);
  assert.equal(pem, '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
  assert.equal(calls, 3);
  assert.ok(fake.requests.every((r) => r.startsWith('GET /pki/ca/local')));
});

void test('caddyErrorMessage: JSON error field, else the raw body', () => {
  assert.equal(caddyErrorMessage('{"error":"boom"}'), 'boom');
  assert.equal(caddyErrorMessage('plain text\n'), 'plain text');
  assert.equal(caddyErrorMessage(''), '(empty answer)');
});
