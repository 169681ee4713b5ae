// Cross-field diagnostics over the real protocol (one code each, exact ranges), per environment;
// and every shared example and valid fixture gives no diagnostics at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { docUri, LspTestClient, r, REPO_ROOT } from '../helpers/lspClient';

let client: LspTestClient;
before(async () => { client = await LspTestClient.inProcess(); });
after(async () => { await client.close(); });

const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

const PROJECT = [
  'name: shop',                                  // 0
  'gatewayPort: 8080',                           // 1
  'gatewayHttpsPort: 8080',                      // 2
  'runtimes:',                                   // 3
  '  deno:',                                     // 4
  '    image: denoland/deno',                    // 5
  'networks:',                                   // 6
  '  backend: {}',                               // 7
  'services:',                                   // 8
  '  api:',                                      // 9
  '    runtime: nodee',                          // 10
  '    expose: 3000',                            // 11
  '    host: api.shop.localhost',                // 12
  '    depends_on: [api, main-db, cache]',       // 13
  '    networks: [backend, frontend]',           // 14
  '  web:',                                      // 15
  '    runtime: deno',                           // 16
  '    host: api.shop.localhost, bad_host.localhost', // 17
  '  shop:',                                     // 18
  '    expose: 80',                              // 19
  '    host: shop.example.com',                  // 20
  'databases:',                                  // 21
  '  main-db:',                                  // 22
  '    engine: postgres',                        // 23
  'cron:',                                       // 24
  '  nightly:',                                  // 25
  '    schedule: "0 3 * * *"',                   // 26
  '    command: ./backup',                       // 27
  '    service: apii',                           // 28
  'deploy:',                                     // 29
  '  target: root@203.0.113.10',                 // 30
  '  method: git',                               // 31
  'environments:',                               // 32
  '  local:',                                    // 33
  '    services:',                               // 34
  '      shop:',                                 // 35
  '        host: shop.localhost',                // 36
  '  production:',                               // 37
  '    gatewayPort: 80',                         // 38
  '    gatewayHttpsPort: 443',                   // 39
  '',
].join('\n');

void describe('semantic diagnostics', () => {
  let diagnostics: Diagnostic[];
  before(async () => { diagnostics = await client.openAndCheck(docUri('semantic'), PROJECT); });

  void test('every diagnostic is from nanokit, in document order, one per problem', () => {
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.code]), [
      [2, 'same-gateway-ports'], [10, 'unknown-runtime'], [13, 'self-dependency'], [13, 'unknown-dependency'], [14, 'unknown-network'],
      [17, 'missing-upstream-port'], [17, 'duplicate-host'], [17, 'invalid-host'], [20, 'missing-admin-email'], [28, 'unknown-cron-service'],
      [31, 'missing-repository'],
    ]);
    for (const d of diagnostics) assert.equal(d.source, 'nanokit');
  });

  void test('same-gateway-ports exists only in local (production overrides both), and says so', () => {
    const [d] = byCode(diagnostics, 'same-gateway-ports');
    assert.deepEqual([d.range, d.severity], [r(2, 18, 22), 1]);
    assert.equal(d.message, 'gatewayPort and gatewayHttpsPort are both 8080: HTTP and HTTPS need two different host ports (e.g. 8080 and 8443). (environment local)');
  });

  void test('unknown-runtime on the value, with a fix to the closest runtime', async () => {
    const [d] = byCode(diagnostics, 'unknown-runtime');
    assert.deepEqual([d.range, d.severity], [r(10, 13, 18), 1]);
    assert.equal(d.message, 'Runtime "nodee" is not declared under runtimes and is not one Nanokit discovers (node, python, go, php, ruby, static). Did you mean "node"?');
    const actions = await client.codeActions(docUri('semantic'), d.range, [d]);
    assert.deepEqual(actions.map((a) => a.edit), [{ changes: { [docUri('semantic')]: [{ range: r(10, 13, 18), newText: 'node' }] } }]);
  });

  void test('self-dependency and unknown-dependency on the list items', () => {
    const [self] = byCode(diagnostics, 'self-dependency');
    assert.deepEqual([self.range, self.message], [r(13, 17, 20), 'Service "api" cannot depend on itself. Remove it from depends_on.']);
    const [unknown] = byCode(diagnostics, 'unknown-dependency');
    assert.deepEqual([unknown.range, unknown.message], [r(13, 31, 36), '"cache" in depends_on is neither a service nor a database of this file. Declare it under services or databases, or remove it from depends_on.']);
  });

  void test('unknown-network on the item', () => {
    const [d] = byCode(diagnostics, 'unknown-network');
    assert.deepEqual([d.range, d.severity], [r(14, 24, 32), 1]);
    assert.equal(d.message, 'Network "frontend" is not declared under the top-level networks. Declare it under networks, or remove it from this list.');
  });

  void test('missing-upstream-port on the host key of a service without expose or port', () => {
    const [d] = byCode(diagnostics, 'missing-upstream-port');
    assert.deepEqual([d.range, d.severity], [r(17, 4, 8), 1]);
    assert.equal(d.message, 'Service "web" has a host but neither "expose" nor "port": the gateway does not know which container port to proxy to. Add "expose: <port>".');
  });

  void test('duplicate-host on the second occurrence, naming the first service; invalid-host on the bad entry only', () => {
    const [dup] = byCode(diagnostics, 'duplicate-host');
    assert.deepEqual([dup.range, dup.severity], [r(17, 10, 28), 1]);
    assert.equal(dup.message, 'Host "api.shop.localhost" is already claimed by service "api": the gateway can route a host to one service only. Use another host name.');
    const [bad] = byCode(diagnostics, 'invalid-host');
    assert.deepEqual([bad.range, bad.severity], [r(17, 30, 48), 1]);
    assert.match(bad.message, /^"bad_host\.localhost" is not a valid host name: .*"bad_host"/);
  });

  void test('missing-admin-email is a warning, only in production where the host is public', () => {
    const [d] = byCode(diagnostics, 'missing-admin-email');
    assert.deepEqual([d.range, d.severity], [r(20, 10, 26), 2]);
    assert.match(d.message, /^"shop\.example\.com" is a public domain: .*Set gateway\.adminEmail\. \(environment production\)$/);
  });

  void test('unknown-cron-service and missing-repository', () => {
    const [cron] = byCode(diagnostics, 'unknown-cron-service');
    assert.deepEqual([cron.range, cron.message], [r(28, 13, 17), 'Cron job "nightly" runs in service "apii", which does not exist. Did you mean "api"?']);
    const [repo] = byCode(diagnostics, 'missing-repository');
    assert.deepEqual([repo.range, repo.severity], [r(31, 10, 13), 1]);
    assert.match(repo.message, /^deploy\.method is "git" but deploy\.repository is not set: .*Add "repository: /);
  });
});

void describe('semantic diagnostics: environment overrides', () => {
  void test('a duplicate host created by one environment is reported at the override, naming that environment', async () => {
    const diagnostics = await client.openAndCheck(docUri('env-duplicate'), [
      'name: shop',
      'services:',
      '  api:',
      '    expose: 3000',
      '    host: api.localhost',
      '  web:',
      '    expose: 3001',
      '    host: web.localhost',
      'environments:',
      '  local: {}',
      '  stage:',
      '    services:',
      '      web:',
      '        host: api.localhost',
      '',
    ].join('\n'));
    assert.deepEqual(diagnostics.map((d) => [d.range, d.code, d.message]), [[
      r(13, 14, 27), 'duplicate-host',
      'Host "api.localhost" is already claimed by service "api": the gateway can route a host to one service only. Use another host name. (environment stage)',
    ]]);
  });
});

void describe('valid files', () => {
  // ../shared/examples sits beside the repository in CI and for the team; a user's clone has the copies.
  const sharedExamples = path.resolve(REPO_ROOT, '..', 'shared', 'examples');
  const validDir = path.join(REPO_ROOT, 'test', 'fixtures', 'valid');
  const dirs = fs.existsSync(sharedExamples) ? [sharedExamples, validDir] : [validDir];
  const files = dirs.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => path.join(dir, f)));
  const EXAMPLES = ['hello.nanokit.yml', 'platform.nanokit.yml', 'shop.nanokit.yml'];

  void test('the three examples are in the valid fixtures (identical to ../shared/examples where that exists)', () => {
    for (const name of EXAMPLES) {
      const copy = fs.readFileSync(path.join(validDir, name), 'utf8');
      if (fs.existsSync(sharedExamples)) assert.equal(copy, fs.readFileSync(path.join(sharedExamples, name), 'utf8'), name);
    }
    assert.ok(files.length >= 6);
  });

  for (const file of files) {
    void test(`${path.basename(path.dirname(file))}/${path.basename(file)} gives no diagnostics`, async () => {
      const uri = `file://${file}`;
      assert.deepEqual(await client.openAndCheck(uri, fs.readFileSync(file, 'utf8')), []);
    });
  }
});
