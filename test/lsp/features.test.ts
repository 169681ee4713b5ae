// Hover, outline, code lens, the nanokit/caddyConfig request and incremental edits over the real protocol.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { generateCaddyConfig } from '../../server/src/core/caddy';
import { resolve } from '../../server/src/core/environments';
import { parse } from 'yaml';
import { docUri, LspTestClient, r, REPO_ROOT, withCursor } from '../helpers/lspClient';

let client: LspTestClient;
before(async () => { client = await LspTestClient.inProcess(); });
after(async () => { await client.close(); });

const SHOP_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'valid', 'shop.nanokit.yml');
const SHOP = fs.readFileSync(SHOP_FILE, 'utf8');
const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

let counter = 0;
async function hoverAt(marked: string): Promise<Hover | null> {
  const { text, position } = withCursor(marked);
  const uri = docUri(`hover-${++counter}`);
  await client.open(uri, text);
  return client.hover(uri, position);
}
/** The shop example with the cursor on the first character of the n-th occurrence of `needle` (plus `shift`). */
function shopAt(needle: string, occurrence = 0, shift = 1): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = SHOP.indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is in the shop example`);
  return `${SHOP.slice(0, at + shift)}‸${SHOP.slice(at + shift)}`;
}

void describe('hover', () => {
  void test('on a key: the schema documentation, over exactly the key', async () => {
    const hover = await hoverAt(shopAt('adminEmail'));
    assert.deepEqual(hover?.range, r(7, 2, 12));
    assert.equal((hover?.contents as MarkupContent).kind, 'markdown');
    assert.match(markdown(hover), /^\*\*adminEmail\*\*\n\nContact address of the ACME account used to obtain certificates for public domains\./);
  });

  void test('on name: the property\'s own documentation', async () => {
    assert.match(markdown(await hoverAt('na‸me: shop\n')), /^\*\*name\*\*\n\nProject id \(required\)\. Used in container names/);
  });

  void test('on a .localhost host: internal CA, and the upstream container and port', async () => {
    const hover = await hoverAt(shopAt('api.shop.localhost'));
    assert.deepEqual(hover?.range, r(60, 14, 32));
    assert.equal(markdown(hover), [
      '**Gateway routing** (environment `local`)',
      '',
      '- `api.shop.localhost` → `nk-shop-local-api:3000`: HTTPS with a certificate from Caddy\'s internal CA (trust it with "Nanokit: Trust Local CA")',
    ].join('\n'));
  });

  void test('on public hosts: ACME with the account, for each comma-separated host, in that environment', async () => {
    const hover = await hoverAt(shopAt('shop.example,www'));
    const text = markdown(hover);
    assert.match(text, /^\*\*Gateway routing\*\* \(environment `production`\)/);
    assert.match(text, /- `shop\.example` → `nk-shop-production-web:3001`: HTTPS with a certificate from Let's Encrypt \(ZeroSSL as fallback\) via ACME, account ops@shop\.example/);
    assert.match(text, /- `www\.shop\.example` → `nk-shop-production-web:3001`: HTTPS .* via ACME/);
  });

  void test('nothing under the cursor gives null', async () => {
    assert.equal(await hoverAt('name: shop\n\n‸\n'), null);
  });
});

void describe('document symbols', () => {
  void test('top-level blocks, services, and environments with their overrides', async () => {
    const uri = docUri('symbols');
    await client.open(uri, SHOP);
    const symbols = await client.symbols(uri);
    const outline = (list: DocumentSymbol[] | undefined): unknown[] => (list ?? []).map((s) => (s.children?.length ? [s.name, outline(s.children)] : s.name));
    assert.deepEqual(outline(symbols), [
      'name', 'version', 'gatewayPort', 'gatewayHttpsPort', 'gateway', ['runtimes', ['node']], ['databases', ['main-db']],
      ['services', ['api', 'web']], 'git',
      ['environments', [
        ['local', ['infra', ['services', ['api', 'web']]]],
        ['stage', ['gatewayPort', 'gatewayHttpsPort', 'gateway', 'deploy', ['services', ['api', 'web']]]],
        ['production', ['deploy', ['services', ['api', 'web']]]],
      ]],
    ]);
    const services = symbols.find((s) => s.name === 'services');
    assert.deepEqual([services?.kind, services?.range, services?.selectionRange], [2, r(27, 0, 47, 0), r(27, 0, 8)]);
    const api = services?.children?.[0];
    assert.deepEqual([api?.kind, api?.range, api?.selectionRange], [5, r(28, 2, 42, 0), r(28, 2, 5)]);
    assert.equal(symbols[0].detail, 'shop');
  });
});

void describe('code lens', () => {
  void test('one lens on line 0 that previews the Caddy config of the selected environment', async () => {
    const uri = docUri('lens');
    await client.open(uri, SHOP);
    assert.deepEqual(await client.codeLenses(uri), [{
      range: r(0, 0, 0),
      command: { title: 'Preview Caddy config (local)', command: 'nanokit.previewCaddyConfig', arguments: [uri] },
    }]);
  });
});

void describe('nanokit/caddyConfig', () => {
  void test('a valid document: the generator\'s config, for the default and a named environment', async () => {
    const uri = docUri('caddy-valid');
    await client.open(uri, SHOP);
    const local = await client.caddyConfig(uri);
    assert.deepEqual(local, { environment: 'local', config: generateCaddyConfig(resolve(parse(SHOP), 'local')), errors: [] });
    const production = await client.caddyConfig(uri, 'production');
    assert.deepEqual(production, { environment: 'production', config: generateCaddyConfig(resolve(parse(SHOP), 'production')), errors: [] });
  });

  void test('a broken document: config null and the errors as "line:col message [code]"', async () => {
    const uri = docUri('caddy-broken');
    await client.open(uri, 'name: shop\nservices:\n  web:\n    expose: 3000\n    host: web.localhost\n    runtme: node\n');
    assert.deepEqual(await client.caddyConfig(uri), {
      environment: 'local', config: null, errors: ['6:5 Unknown key "runtme" in services.web. Did you mean "runtime"? [unknown-key]'],
    });
  });

  void test('a document that is not open: config null and an error naming it', async () => {
    const uri = docUri('never-opened');
    assert.deepEqual(await client.caddyConfig(uri, 'stage'), { environment: 'stage', config: null, errors: [`${uri} is not open in the language server.`] });
  });
});

void describe('incremental edits', () => {
  void test('didChange updates the diagnostics, published with the matching version', async () => {
    const uri = docUri('edits');
    assert.deepEqual(await client.openAndCheck(uri, 'name: shop\nservices:\n  web:\n    runtime: node\n'), []);
    const v2 = await client.change(uri, [{ range: r(3, 4, 11), text: 'runtme' }]);
    const broken = await client.diagnostics(uri, { version: v2 });
    assert.deepEqual(broken.map((d) => [d.range, d.code]), [[r(3, 4, 10), 'unknown-key']]);
    assert.equal(client.published.at(-1)?.version, v2);
    const v3 = await client.change(uri, [{ range: r(3, 4, 10), text: 'runtime' }, { range: r(0, 6, 10), text: 'Shop Project' }]);
    const renamed = await client.diagnostics(uri, { version: v3 });
    assert.deepEqual(renamed.map((d) => [d.range, d.code]), [[r(0, 6, 18), 'type-mismatch']]);
    assert.match(renamed[0].message, /^"Shop Project" is not valid for name: expected a project name of lowercase letters/);
  });
});
