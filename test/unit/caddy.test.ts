import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from '../../server/src/core/environments';
import {
  CaddyGenerationError,
  generateCaddyConfig,
  generationProblems,
  stableStringify,
  ZEROSSL_DIRECTORY,
} from '../../server/src/core/caddy';

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated config is plain JSON, navigated by path */
type Json = any;

const shop = {
  name: 'shop',
  gatewayHttpsPort: 8443,
  gateway: { adminEmail: 'ops@shop.example' },
  services: {
    api: { expose: 3000, host: 'api.shop.localhost' },
    web: { port: 3001, host: 'shop.example, www.shop.example' },
    worker: { image: 'w' },
    off: { expose: 1, host: 'off.localhost', instances: 0 },
  },
};

function generate(raw: unknown, env = 'local', options = {}): Json {
  return generateCaddyConfig(resolve(raw, env), options);
}

const headersOf = (route: Json): Record<string, string[]> => route.handle[0].response.set;

void describe('generateCaddyConfig: routes', () => {
  const config = generate(shop);
  const routes: Json[] = config.apps.http.servers.https.routes;

  void it('emits one route per service with hosts, in document order, with stable @ids', () => {
    assert.deepEqual(routes.map((r) => r['@id']), ['nk-shop-local-api', 'nk-shop-local-web']);
  });

  void it('matches all hosts of a service and proxies to its container on the upstream port', () => {
    assert.deepEqual(routes[1].match, [{ host: ['shop.example', 'www.shop.example'] }]);
    assert.deepEqual(routes[0].handle[1], { handler: 'reverse_proxy', upstreams: [{ dial: 'nk-shop-local-api:3000' }] });
    assert.deepEqual(routes[1].handle[1].upstreams, [{ dial: 'nk-shop-local-web:3001' }]);
    assert.equal(routes[0].terminal, true);
  });

  void it('sets the four security headers with HTTPS, deferred so upstream values are replaced', () => {
    assert.equal(routes[0].handle[0].handler, 'headers');
    assert.equal(routes[0].handle[0].response.deferred, true);
    assert.deepEqual(headersOf(routes[0]), {
      'X-Content-Type-Options': ['nosniff'],
      'X-Frame-Options': ['DENY'],
      'Referrer-Policy': ['strict-origin-when-cross-origin'],
      'Strict-Transport-Security': ['max-age=31536000'],
    });
  });

  void it('uses the upstream override', () => {
    const custom = generate(shop, 'local', { upstream: (s: { name: string }) => `127.0.0.1:${s.name === 'api' ? 4001 : 4002}` });
    assert.deepEqual(custom.apps.http.servers.https.routes.map((r: Json) => r.handle[1].upstreams[0].dial), ['127.0.0.1:4001', '127.0.0.1:4002']);
  });
});

void describe('generateCaddyConfig: HTTPS on', () => {
  const config = generate(shop);
  const { https, http } = config.apps.http.servers;

  void it('serves the routes on :443 with TLS and without Caddy\'s own redirects', () => {
    assert.deepEqual(https.listen, [':443']);
    assert.deepEqual(https.tls_connection_policies, [{}]);
    assert.deepEqual(https.automatic_https, { disable_redirects: true });
  });

  void it('redirects :80 with 308 to HTTPS on the environment\'s gatewayHttpsPort', () => {
    assert.deepEqual(http.listen, [':80']);
    assert.deepEqual(http.automatic_https, { disable: true });
    assert.equal(http.routes.length, 1);
    const redirect = http.routes[0].handle[1];
    assert.deepEqual(redirect, {
      handler: 'static_response',
      status_code: 308,
      headers: { Location: ['https://{http.request.host}:8443{http.request.uri}'] },
    });
    assert.equal(http.routes[0]['@id'], 'nk-shop-local-gateway-http-redirect');
    assert.equal(headersOf(http.routes[0])['Strict-Transport-Security'], undefined);
  });

  void it('leaves :443 out of the redirect location', () => {
    const location = generate({ ...shop, gatewayHttpsPort: 443 }).apps.http.servers.http.routes[0].handle[1].headers.Location;
    assert.deepEqual(location, ['https://{http.request.host}{http.request.uri}']);
  });

  void it('issues local hosts from the internal CA and public hosts from Let\'s Encrypt then ZeroSSL with adminEmail', () => {
    assert.deepEqual(config.apps.tls, {
      automation: {
        policies: [
          { subjects: ['api.shop.localhost'], issuers: [{ module: 'internal' }] },
          {
            subjects: ['shop.example', 'www.shop.example'],
            issuers: [
              { module: 'acme', email: 'ops@shop.example' },
              { module: 'acme', ca: ZEROSSL_DIRECTORY, email: 'ops@shop.example' },
            ],
          },
        ],
      },
    });
  });

  void it('uses Let\'s Encrypt alone without adminEmail (ZeroSSL needs an e-mail)', () => {
    const noEmail = generate({ ...shop, gateway: {} });
    assert.deepEqual(noEmail.apps.tls.automation.policies[1].issuers, [{ module: 'acme' }]);
  });

  void it('classifies on the last label only and deduplicates subjects', () => {
    const raw = { name: 'p', services: { a: { expose: 1, host: 'api.stage.myapp.com,x.stage,x.stage' }, b: { expose: 2, host: 'docs.local' } } };
    const policies = generate(raw).apps.tls.automation.policies;
    assert.deepEqual(policies.map((p: Json) => [p.subjects, p.issuers[0].module]), [
      [['x.stage', 'docs.local'], 'internal'],
      [['api.stage.myapp.com'], 'acme'],
    ]);
  });

  void it('still produces a TLS server (no routes, no TLS app) when no service has a host', () => {
    const empty = generate({ name: 'p', services: { a: { expose: 1 } } });
    assert.deepEqual(empty.apps.http.servers.https.routes, []);
    assert.deepEqual(empty.apps.http.servers.https.tls_connection_policies, [{}]);
    assert.equal(empty.apps.tls, undefined);
  });
});

void describe('generateCaddyConfig: HTTPS off', () => {
  const config = generate({ ...shop, gateway: { https: false } });

  void it('serves plain HTTP on :80 only, automatic HTTPS disabled, no TLS app', () => {
    assert.deepEqual(Object.keys(config.apps.http.servers), ['http']);
    const { http } = config.apps.http.servers;
    assert.deepEqual(http.listen, [':80']);
    assert.deepEqual(http.automatic_https, { disable: true });
    assert.deepEqual(http.routes.map((r: Json) => r['@id']), ['nk-shop-local-api', 'nk-shop-local-web']);
    assert.equal(config.apps.tls, undefined);
  });

  void it('sets three security headers and no HSTS', () => {
    assert.deepEqual(headersOf(config.apps.http.servers.http.routes[0]), {
      'X-Content-Type-Options': ['nosniff'],
      'X-Frame-Options': ['DENY'],
      'Referrer-Policy': ['strict-origin-when-cross-origin'],
    });
  });
});

void describe('generateCaddyConfig: always', () => {
  void it('disables trust installation, sets the admin address and an explicit storage root', () => {
    for (const https of [true, false]) {
      const config = generate({ ...shop, gateway: { https } });
      assert.deepEqual(config.apps.pki, { certificate_authorities: { local: { install_trust: false } } });
      assert.deepEqual(config.admin, { listen: '0.0.0.0:2019' });
      assert.deepEqual(config.storage, { module: 'file_system', root: '/data/caddy' });
      assert.equal(config.apps.http.http_port, 80);
      assert.equal(config.apps.http.https_port, 443);
    }
  });

  void it('honours the listen, admin and storage options', () => {
    const config = generate(shop, 'local', { httpListen: '127.0.0.1:18080', httpsListen: '127.0.0.1:18443', adminListen: '127.0.0.1:12019', storageRoot: '/tmp/x' });
    assert.deepEqual(config.apps.http.servers.http.listen, ['127.0.0.1:18080']);
    assert.deepEqual(config.apps.http.servers.https.listen, ['127.0.0.1:18443']);
    assert.equal(config.apps.http.http_port, 18080);
    assert.equal(config.apps.http.https_port, 18443);
    assert.deepEqual(config.admin, { listen: '127.0.0.1:12019' });
    assert.equal(config.storage.root, '/tmp/x');
  });

  void it('is deterministic: the same input gives byte-identical output, whatever the key order', () => {
    const reordered = { services: shop.services, gateway: shop.gateway, gatewayHttpsPort: 8443, name: 'shop' };
    const first = stableStringify(generate(shop));
    assert.equal(stableStringify(generate(shop)), first);
    assert.equal(stableStringify(generate(reordered)), first);
  });
});

void describe('stableStringify', () => {
  void it('sorts keys recursively, keeps array order and indents by two spaces', () => {
    assert.equal(stableStringify({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } }), '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "e": 2,\n        "f": 1\n      }\n    ]\n  },\n  "b": 1\n}');
  });
  void it('sorts by code unit, not locale, and drops undefined like JSON', () => {
    assert.equal(stableStringify({ b: 1, B: 2, '@id': 3, x: undefined }), '{\n  "@id": 3,\n  "B": 2,\n  "b": 1\n}');
    assert.equal(stableStringify(undefined), 'null');
  });
});

void describe('generationProblems', () => {
  void it('is empty for a good configuration', () => {
    assert.deepEqual(generationProblems(resolve(shop, 'local')), []);
  });

  void it('reports each reason generation is impossible', () => {
    const raw = {
      services: {
        a: { host: 'a.localhost' },
        b: { expose: '${B_PORT}', host: 'b.localhost' },
        n: { port: 70000, host: 'n.localhost' },
        c: { expose: 1, host: 'c.localhost:8080, a.localhost' },
        'bad name': { expose: 1, host: 'x.localhost' },
        gateway: { expose: 1, host: 'g.localhost' },
        nohost: { image: 'fine' },
      },
    };
    assert.deepEqual(generationProblems(resolve(raw, 'local')), [
      'The document has no "name": add one (e.g. name: shop); it names the containers nk-<name>-<env>-<service>.',
      'Service "a" has a host but no port: set "expose" (the container port the gateway proxies to) or "port".',
      'Service "b": expose "${B_PORT}" is a variable reference: the gateway needs the port number itself, written literally.',
      'Service "n": port "70000" is not a port number the gateway can proxy to: use a number from 1 to 65535.',
      'Service "c": host "c.localhost:8080" contains a port: remove it; the gateway ports are set with gatewayPort and gatewayHttpsPort.',
      'Service name "bad name" cannot be used in a container name: use letters, digits, "-", "_" or ".".',
      'Service name "gateway" is reserved for the gateway: rename the service.',
      'Host "a.localhost" is claimed by services "a" and "c": a host can route to one service only.',
    ]);
  });

  void it('says when a value is a variable reference the gateway cannot resolve', () => {
    const raw = { name: '${PROJECT:-shop}', services: { api: { expose: '${API_PORT}', host: '${API_HOST}' } } };
    assert.deepEqual(generationProblems(resolve(raw, 'local')), [
      'The project name "${PROJECT:-shop}" is a variable reference: the container names need the name itself, written literally.',
      'Service "api": expose "${API_PORT}" is a variable reference: the gateway needs the port number itself, written literally.',
      'Service "api": host "${api_host}" is a variable or secret reference: the gateway config needs the host name itself, written literally.',
    ]);
  });

  void it('rejects project and environment names that cannot be container names', () => {
    assert.deepEqual(generationProblems(resolve({ name: 'my app' }, 'local')), [
      'The project name "my app" cannot be used in container names: use letters, digits, "-", "_" or ".", starting with a letter or digit.',
    ]);
    assert.deepEqual(generationProblems(resolve({ name: 'a' }, 'x/y')), [
      'The environment name "x/y" cannot be used in container names: use letters, digits, "-", "_" or ".".',
    ]);
  });

  void it('makes generateCaddyConfig throw instead of returning a half-config', () => {
    const config = resolve({ name: 'p', services: { a: { expose: 1, host: 'a.com"}],{"x' } } }, 'local');
    assert.throws(() => generateCaddyConfig(config), (error: unknown) => {
      assert.ok(error instanceof CaddyGenerationError);
      assert.deepEqual(error.problems, [
        'Service "a": host "a.com"}]" has invalid characters in "com"}]": use letters a-z, digits and "-" (punycode "xn--…" for international names).',
        'Service "a": host "{"x" has invalid characters in "{"x": use letters a-z, digits and "-" (punycode "xn--…" for international names).',
      ]);
      assert.match(error.message, /^Cannot generate the Caddy config:\n- Service "a": host "a\.com"}]"/);
      return true;
    });
  });
});
