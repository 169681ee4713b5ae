// The generated config in a real Caddy: loaded through POST /load, then checked over real HTTPS
// with SNI for *.localhost hosts (right backend, exact headers, certificate chained to Caddy's
// local root), the HTTP→HTTPS redirect, an `https: false` config, and a rejected config.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { resolve } from '../../server/src/core/environments';
import { CaddyConfig, generateCaddyConfig } from '../../server/src/core/caddy';
import { adminRequest, freePort, loadConfig, localRootCertificate, RunningCaddy, startCaddy, waitFor } from '../helpers/caddy';

const ALPHA = 'alpha.nk-it.localhost';
const BETA = 'beta.nk-it.localhost';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(response: http.IncomingMessage, resolveReply: (reply: Reply) => void, reject: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('error', reject);
  response.on('end', () => resolveReply({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
}

/** GET over TLS to 127.0.0.1:port with SNI and Host set to `host`; `ca` is the only trusted root. */
function httpsGet(port: number, host: string, ca: string | undefined, path = '/'): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const options: https.RequestOptions = { host: '127.0.0.1', port, path, servername: host, headers: { host }, agent: false, rejectUnauthorized: true, timeout: 5_000 };
    if (ca !== undefined) {
      options.ca = ca;
    }
    const request = https.get(options, (response) => collect(response, resolveReply, reject));
    request.on('timeout', () => request.destroy(new Error('HTTPS request timed out')));
    request.on('error', reject);
  });
}

function httpGet(port: number, host: string, path = '/'): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { host }, agent: false, timeout: 5_000 }, (response) => collect(response, resolveReply, reject));
    request.on('timeout', () => request.destroy(new Error('HTTP request timed out')));
    request.on('error', reject);
  });
}

/** A backend that answers with its own name and a header the gateway must override. */
async function startBackend(name: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader('X-Frame-Options', 'SAMEORIGIN');
    response.end(name);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolveClose) => server.close(() => resolveClose())) };
}

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

void describe('generated config in a real Caddy', () => {
  let caddy: RunningCaddy;
  let backends: Array<{ port: number; close: () => Promise<void> }> = [];
  let httpPort = 0;
  let httpsPort = 0;

  function config(httpsOn: boolean): CaddyConfig {
    const raw = {
      name: 'nk-it',
      gatewayPort: httpPort,
      gatewayHttpsPort: httpsPort,
      gateway: { https: httpsOn },
      services: {
        alpha: { expose: 3000, host: ALPHA },
        beta: { expose: 3001, host: `${BETA}` },
        worker: { image: 'no-route' },
      },
    };
    const ports: Record<string, number | undefined> = { alpha: backends[0]?.port, beta: backends[1]?.port };
    return generateCaddyConfig(resolve(raw, 'local'), {
      httpListen: `127.0.0.1:${httpPort}`,
      httpsListen: `127.0.0.1:${httpsPort}`,
      adminListen: caddy.adminAddress,
      storageRoot: caddy.storageRoot,
      upstream: (service) => `127.0.0.1:${ports[service.name] ?? 1}`,
    });
  }

  before(async () => {
    caddy = await startCaddy();
    backends = [await startBackend('alpha'), await startBackend('beta')];
    httpPort = await freePort();
    httpsPort = await freePort();
  });

  after(async () => {
    await Promise.all(backends.map((backend) => backend.close()));
    await caddy?.stop();
  });

  void it('serves each host over HTTPS from its backend, with all four headers and a certificate from the local CA', async () => {
    const loaded = config(true);
    const response = await loadConfig(caddy.adminAddress, loaded);
    assert.equal(response.status, 200, response.body);

    const root = await localRootCertificate(caddy.adminAddress);
    assert.match(root, /^-----BEGIN CERTIFICATE-----/);
    for (const [host, name] of [[ALPHA, 'alpha'], [BETA, 'beta']] as const) {
      // Certificates for a fresh CA appear some tens of ms after /load.
      const reply = await waitFor(`a certificate for ${host}`, () => httpsGet(httpsPort, host, root), 10_000);
      assert.equal(reply.status, 200);
      assert.equal(reply.body, name);
      assert.equal(reply.headers['strict-transport-security'], 'max-age=31536000');
      for (const [header, value] of Object.entries(BASE_HEADERS)) {
        assert.equal(reply.headers[header], value, header);
      }
    }

    // Without Caddy's root the same certificate is not trusted: it really chains to that root.
    await assert.rejects(httpsGet(httpsPort, ALPHA, undefined), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code), /UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
      return true;
    });

    const held = await adminRequest(caddy.adminAddress, 'GET', '/config/');
    assert.equal(held.status, 200);
    assert.deepEqual(JSON.parse(held.body), loaded);
  });

  void it('redirects plain HTTP with 308 to HTTPS on the gateway HTTPS port', async () => {
    const reply = await httpGet(httpPort, ALPHA, '/shop/cart?item=1');
    assert.equal(reply.status, 308);
    assert.equal(reply.headers.location, `https://${ALPHA}:${httpsPort}/shop/cart?item=1`);
    assert.equal(reply.headers['strict-transport-security'], undefined);
  });

  void it('serves plain HTTP with three headers and no HSTS when https is off', async () => {
    const loaded = config(false);
    const response = await loadConfig(caddy.adminAddress, loaded);
    assert.equal(response.status, 200, response.body);
    for (const [host, name] of [[ALPHA, 'alpha'], [BETA, 'beta']] as const) {
      const reply = await waitFor(`plain HTTP for ${host}`, async () => {
        const candidate = await httpGet(httpPort, host);
        return candidate.status === 200 ? candidate : undefined;
      });
      assert.equal(reply.body, name);
      assert.equal(reply.headers['strict-transport-security'], undefined);
      for (const [header, value] of Object.entries(BASE_HEADERS)) {
        assert.equal(reply.headers[header], value, header);
      }
    }
    const held = await adminRequest(caddy.adminAddress, 'GET', '/config/');
    assert.deepEqual(JSON.parse(held.body), loaded);
  });

  void it('loads an HTTPS config with no hosts (a TLS server without routes)', async () => {
    const raw = { name: 'nk-it', gatewayHttpsPort: httpsPort, services: { worker: { image: 'w' } } };
    const empty = generateCaddyConfig(resolve(raw, 'local'), {
      httpListen: `127.0.0.1:${httpPort}`,
      httpsListen: `127.0.0.1:${httpsPort}`,
      adminListen: caddy.adminAddress,
      storageRoot: caddy.storageRoot,
    });
    const response = await loadConfig(caddy.adminAddress, empty);
    assert.equal(response.status, 200, response.body);
    const redirect = await httpGet(httpPort, ALPHA, '/x');
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.location, `https://${ALPHA}:${httpsPort}/x`);
    // Put the plain-HTTP config back for the next case.
    assert.equal((await loadConfig(caddy.adminAddress, config(false))).status, 200);
  });

  void it('rejects a config Caddy cannot load with 400 and keeps serving the previous one', async () => {
    const broken = config(false) as { apps: { http: { servers: { http: { routes: Array<{ handle: unknown[] }> } } } } };
    broken.apps.http.servers.http.routes[0]?.handle.unshift({ handler: 'no_such_handler' });
    const response = await loadConfig(caddy.adminAddress, broken);
    assert.equal(response.status, 400);
    const body = JSON.parse(response.body) as { error?: unknown };
    assert.equal(typeof body.error, 'string');
    assert.match(String(body.error), /no_such_handler/);

    const reply = await httpGet(httpPort, BETA);
    assert.equal(reply.status, 200);
    assert.equal(reply.body, 'beta');
    const held = await adminRequest(caddy.adminAddress, 'GET', '/config/');
    assert.deepEqual(JSON.parse(held.body), config(false));
  });
});
