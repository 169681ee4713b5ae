// Completion over the real protocol, with the cursor marked ‸ in each document: keys valid at the
// cursor minus those already present, enum values, booleans, reference names and the service snippet.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { docUri, LspTestClient, r, withCursor } from '../helpers/lspClient';

let client: LspTestClient;
before(async () => { client = await LspTestClient.inProcess(); });
after(async () => { await client.close(); });

let counter = 0;
async function complete(marked: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(marked);
  const uri = docUri(`completion-${++counter}`);
  await client.open(uri, text);
  return client.completion(uri, position);
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const edit = (item: CompletionItem | undefined) => item?.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;

const PROJECT = [
  'name: shop',
  'services:',
  '  api:',
  '    runtime: node',
  '    expose: 3000',
  '  web:',
  '    runtime: node',
  'networks:',
  '  backend: {}',
  'runtimes:',
  '  deno: {}',
  'databases:',
  '  main-db:',
  '    engine: postgres',
  '',
].join('\n');

const TOP_LEVEL = ['version', 'component', 'gatewayPort', 'gatewayHttpsPort', 'gateway', 'infra', 'runtimes', 'services', 'secrets', 'deploy', 'databases', 'cron', 'environments', 'git', 'networks', 'volumes'];

void describe('completion: keys', () => {
  void test('top level: every top-level key except the ones present, replacing the typed prefix', async () => {
    const items = await complete('name: shop\nver‸\n');
    assert.deepEqual(labels(items).sort(), [...TOP_LEVEL].sort());
    const version = items.find((i) => i.label === 'version');
    assert.deepEqual(edit(version), { range: r(1, 0, 3), newText: 'version: $0' });
    assert.equal(version?.insertTextFormat, 2);
    assert.equal(edit(items.find((i) => i.label === 'gateway'))?.newText, 'gateway:\n  $0');
  });

  void test('inside a service: service keys minus runtime and expose', async () => {
    const items = await complete('name: shop\nservices:\n  api:\n    runtime: node\n    expose: 3000\n    ‸\n');
    assert.deepEqual(labels(items), ['image', 'build', 'port', 'path', 'start', 'host', 'depends_on', 'updateStrategy', 'instances', 'env', 'secrets', 'cpu', 'memory', 'volumes', 'scale', 'provisioning', 'hooks', 'networks']);
    assert.deepEqual(edit(items.find((i) => i.label === 'updateStrategy')), { range: r(5, 4, 4), newText: 'updateStrategy: ${1|recreate,rolling|}' });
  });

  void test('inside environments.<env>.services.<name>: service keys minus the ones present there', async () => {
    const items = await complete('name: shop\nenvironments:\n  local:\n    services:\n      api:\n        host: api.localhost\n        ‸\n');
    assert.ok(labels(items).includes('runtime'));
    assert.ok(!labels(items).includes('host'));
    assert.equal(items.length, 19);
  });

  void test('inside environments.<env>: the overridable blocks', async () => {
    const items = await complete('name: shop\nenvironments:\n  local:\n    ‸\n');
    assert.deepEqual(labels(items), ['gatewayPort', 'gatewayHttpsPort', 'gateway', 'infra', 'runtimes', 'services', 'secrets', 'deploy']);
  });

  void test('a "new service" snippet where a service name is expected', async () => {
    for (const marked of ['name: shop\nservices:\n  ‸\n', 'name: shop\nenvironments:\n  stage:\n    services:\n      ‸\n']) {
      const items = await complete(marked);
      assert.deepEqual(labels(items), ['new service']);
      assert.equal(items[0].kind, 15);
      assert.equal(items[0].insertTextFormat, 2);
      assert.match(edit(items[0])?.newText ?? '', /^\$\{1:web\}:\n {2}runtime: \$\{2\|node,python,go,php,ruby,static\|\}\n {2}path: .*\n {2}expose: \$\{4:3000\}\n {2}host: \$\{5:\$\{1:web\}\.localhost\}\n\$0$/);
    }
  });
});

void describe('completion: values', () => {
  void test('enum values of gateway.persistenceMode, replacing the typed prefix', async () => {
    const items = await complete('name: shop\ngateway:\n  persistenceMode: gl‸\n');
    assert.deepEqual(labels(items), ['project', 'global']);
    assert.deepEqual(edit(items[1]), { range: r(2, 19, 21), newText: 'global' });
  });

  void test('booleans for gateway.https', async () => {
    const items = await complete('name: shop\ngateway:\n  https: ‸\n');
    assert.deepEqual(labels(items), ['true', 'false']);
    assert.deepEqual(edit(items[0]), { range: r(2, 9, 9), newText: 'true' });
  });

  void test('runtime: declared runtimes and the auto-discovered ones', async () => {
    const items = await complete(PROJECT.replace('    runtime: node\n    expose', '    runtime: ‸\n    expose'));
    assert.deepEqual(labels(items), ['deno', 'node', 'python', 'go', 'php', 'ruby', 'static']);
    assert.equal(items[0].detail, 'runtime');
    assert.deepEqual(edit(items[0]), { range: r(3, 13, 13), newText: 'deno' });
  });

  void test('depends_on as a block list: other services and databases, not the service itself', async () => {
    const items = await complete(PROJECT.replace('expose: 3000\n', 'expose: 3000\n    depends_on:\n      - ma‸\n'));
    assert.deepEqual(labels(items), ['web', 'main-db']);
    assert.deepEqual(edit(items[1]), { range: r(6, 8, 10), newText: 'main-db' });
  });

  void test('depends_on as a flow list, after a comma: names already listed are not offered again', async () => {
    const items = await complete(PROJECT.replace('expose: 3000\n', 'expose: 3000\n    depends_on: [web, ‸]\n'));
    assert.deepEqual(labels(items), ['main-db']);
    assert.deepEqual(edit(items[0]), { range: r(5, 22, 22), newText: 'main-db' });
  });

  void test('networks: the declared networks', async () => {
    const items = await complete(PROJECT.replace('expose: 3000\n', 'expose: 3000\n    networks: [‸]\n'));
    assert.deepEqual(labels(items), ['backend']);
    assert.equal(items[0].detail, 'network');
  });

  void test('cron.<job>.service: the services', async () => {
    const items = await complete(`${PROJECT}cron:\n  nightly:\n    service: ‸\n`);
    assert.deepEqual(labels(items), ['api', 'web']);
    assert.deepEqual(edit(items[0]), { range: r(16, 13, 13), newText: 'api' });
  });
});
