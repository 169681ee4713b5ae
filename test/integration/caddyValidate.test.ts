// Every golden config passes the real `caddy validate` (storage moved to a temp dir, see caddyValidate).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caddyBinary, caddyValidate } from '../helpers/caddy';
import { GOLDEN_DIR } from '../helpers/caddyGolden';
import { resolve } from '../../server/src/core/environments';
import { generateCaddyConfig } from '../../server/src/core/caddy';

const goldens = fs.readdirSync(GOLDEN_DIR).filter((name) => name.endsWith('.json')).sort();

void test('golden configs exist', () => {
  assert.ok(goldens.length >= 6, `expected goldens in ${GOLDEN_DIR}`);
});

for (const name of goldens) {
  void test(`caddy validate accepts ${name}`, async () => {
    caddyBinary();
    const config = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as Record<string, unknown>;
    if ('errors' in config) {
      assert.ok(Array.isArray(config.errors) && config.errors.length > 0, `${name} records generation errors`);
      return;
    }
    const result = await caddyValidate(config);
    assert.ok(result.ok, `caddy validate rejected ${name}:\n${result.output}`);
    assert.match(result.output, /Valid configuration/);
  });
}

void test('caddy validate really rejects a broken config (the check above is not a no-op)', async () => {
  const config = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'hello.nanokit.local.json'), 'utf8')) as {
    apps: { http: { servers: { https: { routes: Array<{ handle: unknown[] }> } } } };
  };
  config.apps.http.servers.https.routes[0]?.handle.push({ handler: 'no_such_handler' });
  const result = await caddyValidate(config as unknown as Record<string, unknown>);
  assert.equal(result.ok, false);
  assert.match(result.output, /no_such_handler/);
});

const edgeCases: Array<[string, unknown]> = [
  ['HTTPS on and no service with a host (TLS server without routes)', { name: 'empty', services: { worker: { image: 'w' } } }],
  ['no services at all, HTTPS off', { name: 'bare', gateway: { https: false } }],
  ['public hosts without adminEmail (Let\'s Encrypt only)', { name: 'pub', services: { web: { expose: 80, host: 'shop.example' } } }],
  ['wildcard hosts, local and public', { name: 'wild', gatewayHttpsPort: 9443, gateway: { adminEmail: 'a@b.example' }, services: { web: { expose: 80, host: '*.wild.localhost,*.wild.example' } } }],
];

for (const [title, raw] of edgeCases) {
  void test(`caddy validate accepts a generated config: ${title}`, async () => {
    const result = await caddyValidate(generateCaddyConfig(resolve(raw, 'production')));
    assert.ok(result.ok, `caddy validate rejected it:\n${result.output}`);
  });
}
