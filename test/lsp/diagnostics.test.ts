// Schema and YAML diagnostics over the real protocol: exact ranges, codes, severities, messages,
// and the "did you mean" quick fixes that replace exactly the misspelled text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { docUri, LspTestClient, r } from '../helpers/lspClient';

/** What a user sees of a diagnostic. */
function seen(d: Diagnostic): { range: Diagnostic['range']; severity: Diagnostic['severity']; code: Diagnostic['code']; message: string } {
  return { range: d.range, severity: d.severity, code: d.code, message: d.message };
}

let client: LspTestClient;
before(async () => { client = await LspTestClient.inProcess(); });
after(async () => { await client.close(); });

void describe('diagnostics: YAML syntax and duplicate keys', () => {
  void test('a syntax error is reported where the parser stopped, and the rest is still checked', async () => {
    const uri = docUri('syntax');
    const diagnostics = await client.openAndCheck(uri, [
      'name: shop',              // 0
      'services:',               // 1
      '  api:',                  // 2
      '    runtime: node',       // 3
      '    expose: 3000',        // 4
      '    depends_on: [web',     // 5  unclosed flow sequence
      '  web:',                  // 6
      '    runtme: node',        // 7  still checked after the error
      '',
    ].join('\n'));
    for (const d of diagnostics) assert.equal(d.source, 'nanokit');
    assert.deepEqual(diagnostics.map(seen), [
      { range: r(6, 2, 3), severity: 1, code: 'yaml-syntax', message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]' },
      { range: r(7, 4, 10), severity: 1, code: 'unknown-key', message: 'Unknown key "runtme" in services.web. Did you mean "runtime"?' },
    ]);
  });

  void test('a duplicate key is reported on the second occurrence, naming the line of the first', async () => {
    const uri = docUri('duplicate-key');
    const diagnostics = await client.openAndCheck(uri, 'name: shop\nservices:\n  web:\n    runtime: node\n    expose: 3000\n    runtime: go\n');
    assert.deepEqual(diagnostics.map(seen), [{
      range: r(5, 4, 11), severity: 1, code: 'duplicate-key',
      message: 'Duplicate key "runtime": it is already set on line 4, and only one of them would take effect. Remove or rename one.',
    }]);
  });
});

void describe('diagnostics: schema', () => {
  void test('an unknown key is reported on the key with "Did you mean", and its quick fix replaces exactly the key', async () => {
    const uri = docUri('unknown-key');
    const diagnostics = await client.openAndCheck(uri, 'name: shop\nservces:\n  web: {}\n');
    assert.deepEqual(diagnostics.map(seen), [
      { range: r(1, 0, 7), severity: 1, code: 'unknown-key', message: 'Unknown key "servces". Did you mean "services"?' },
    ]);
    const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change to "services"');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].edit, { changes: { [uri]: [{ range: r(1, 0, 7), newText: 'services' }] } });
  });

  void test('an unknown key with no near match lists the allowed keys and the x- escape', async () => {
    const diagnostics = await client.openAndCheck(docUri('unknown-key-far'), 'name: shop\ngateway:\n  zzz: 1\n');
    assert.deepEqual(diagnostics.map(seen), [{
      range: r(2, 2, 5), severity: 1, code: 'unknown-key',
      message: 'Unknown key "zzz" in gateway. Allowed here: https, adminEmail, persistenceMode (or prefix your own keys with "x-").',
    }]);
    assert.deepEqual(await client.openAndCheck(docUri('x-key'), 'name: shop\nx-notes:\n  anything: [1, 2]\n'), []);
  });

  void test('an enum typo says what was meant, and the quick fix replaces exactly the value', async () => {
    const uri = docUri('enum-typo');
    const diagnostics = await client.openAndCheck(uri, 'name: shop\ngateway:\n  persistenceMode: globl\n');
    assert.deepEqual(diagnostics.map(seen), [{
      range: r(2, 19, 24), severity: 1, code: 'invalid-value',
      message: '"globl" is not a valid value for gateway.persistenceMode. Did you mean "global"? Allowed: project, global.',
    }]);
    const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
    assert.deepEqual(actions.map((a) => [a.title, a.edit]), [['Change to "global"', { changes: { [uri]: [{ range: r(2, 19, 24), newText: 'global' }] } }]]);
  });

  void test('wrong types are reported on the value, with what is expected', async () => {
    const diagnostics = await client.openAndCheck(docUri('types'), [
      'name: shop',
      'gatewayPort: "eighty"',
      'gateway:',
      '  https: yes please',
      '  adminEmail: not-an-email',
      'services:',
      '  api:',
      '    expose: 3000',
      '    instances: -1',
      '    depends_on: main-db',
      'databases:',
      '  main-db:',
      '    engine: postgres',
      '',
    ].join('\n'));
    assert.deepEqual(diagnostics.map(seen), [
      { range: r(1, 13, 21), severity: 1, code: 'type-mismatch', message: '"eighty" is not valid for gatewayPort: expected a port number (1–65535) or a ${VAR} / vault:// / env:// reference.' },
      { range: r(3, 9, 19), severity: 1, code: 'type-mismatch', message: '"yes please" is not valid for gateway.https: expected true or false (without quotes) or a ${VAR} / vault:// / env:// reference.' },
      { range: r(4, 14, 26), severity: 1, code: 'invalid-format', message: '"not-an-email" is not a valid e-mail address for gateway.adminEmail. Write it like "ops@example.com".' },
      { range: r(8, 15, 17), severity: 1, code: 'out-of-range', message: '-1 is out of range for services.api.instances: it must be at least 0.' },
      { range: r(9, 16, 23), severity: 1, code: 'type-mismatch', message: 'services.api.depends_on must be a list, not the string "main-db".' },
    ]);
  });

  void test('ports are whole numbers 1-65535; ${VAR} and vault:// values are accepted', async () => {
    const diagnostics = await client.openAndCheck(docUri('ports'), 'name: shop\ngatewayPort: 70000\ngatewayHttpsPort: ${HTTPS_PORT:-8443}\ngateway:\n  adminEmail: vault://ops/email\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.code]), [[r(1, 13, 18), 'out-of-range']]);
    assert.match(diagnostics[0].message, /^70000 is out of range for gatewayPort/);
  });

  void test('a missing required key is reported on the key of the mapping that lacks it', async () => {
    const diagnostics = await client.openAndCheck(docUri('missing-key'), 'name: shop\ndatabases:\n  main-db:\n    version: "16"\ncron:\n  nightly:\n    command: ./backup\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.code]), [[r(2, 2, 9), 'missing-key'], [r(5, 2, 9), 'missing-key']]);
    assert.match(diagnostics[0].message, /^Missing required key "engine" in databases\.main-db\. /);
    assert.match(diagnostics[1].message, /^Missing required key "schedule" in cron\.nightly\. /);
  });

  void test('a document without "name" says so on the first line', async () => {
    const diagnostics = await client.openAndCheck(docUri('missing-name'), 'version: "1"\nservices: {}\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.severity, d.code]), [[r(0, 0, 12), 1, 'missing-key']]);
    assert.match(diagnostics[0].message, /^Missing required key "name" at the top level\. Project id/);
  });

  void test('CRLF line ends: the same lines and columns, and completion replaces the right text', async () => {
    const uri = docUri('crlf');
    const diagnostics = await client.openAndCheck(uri, 'name: shop\r\nservices:\r\n  web:\r\n    runtme: node\r\n    expose: 3000\r\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.code]), [[r(3, 4, 10), 'unknown-key']]);
    const typing = docUri('crlf-typing');
    await client.open(typing, 'name: shop\r\nservices:\r\n  web:\r\n    run\r\n    expose: 3000\r\n');
    const items = await client.completion(typing, { line: 3, character: 7 });
    assert.deepEqual(items.find((i) => i.label === 'runtime')?.textEdit, { range: r(3, 4, 7), newText: 'runtime: $0' });
  });
});
