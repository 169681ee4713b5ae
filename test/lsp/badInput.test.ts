// Bad input over the protocol: each document is answered with sensible diagnostics within 2 s
// (the issue's limit, as the wait's timeout), and the server keeps answering requests afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { docUri, LspTestClient, r } from '../helpers/lspClient';

let client: LspTestClient;
before(async () => { client = await LspTestClient.inProcess(); });
after(async () => { await client.close(); });

/** Opens `text`, awaits its diagnostics (2 s), then drives every feature on it and a hover on a healthy document. */
async function survive(name: string, text: string): Promise<Diagnostic[]> {
  const uri = docUri(`bad-${name}`);
  const diagnostics = await client.openAndCheck(uri, text, 2000);
  for (const d of diagnostics) assert.equal(d.source, 'nanokit');
  await client.hover(uri, { line: 0, character: 1 });
  await client.completion(uri, { line: 1, character: 0 });
  await client.symbols(uri);
  await client.codeLenses(uri);
  const preview = await client.caddyConfig(uri);
  assert.ok(preview.config === null ? preview.errors.length > 0 : preview.errors.length === 0);
  const healthy = docUri(`healthy-after-${name}`);
  await client.open(healthy, 'name: shop\n');
  const hover = await client.hover(healthy, { line: 0, character: 1 });
  assert.deepEqual(hover?.range, r(0, 0, 4), 'the server still answers a hover afterwards');
  assert.deepEqual(client.problemsLogged, [], 'the server logged no failure');
  return diagnostics;
}
const seen = (d: Diagnostic) => [d.range, d.severity, d.code];

void describe('bad input', () => {
  void test('an empty file: one information that says how to start', async () => {
    const diagnostics = await survive('empty', '');
    assert.deepEqual(diagnostics.map(seen), [[r(0, 0, 0), 3, 'empty-document']]);
    assert.match(diagnostics[0].message, /^This nanokit\.yml is empty\. Start with "name: <project>"/);
  });

  void test('a file that is not YAML (prose with tabs and brackets): syntax errors where they are', async () => {
    const diagnostics = await survive('prose', 'Dear team,\n\tplease find: the {config] attached: here\n}} ]]\n');
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && d.range.start.line === 1 && /^YAML syntax error: /.test(d.message)));
  });

  void test('binary garbage: the document is not a mapping', async () => {
    const bytes = Buffer.alloc(8192);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const diagnostics = await survive('binary', bytes.toString('latin1'));
    assert.ok(diagnostics.length >= 1);
    assert.ok(diagnostics.every((d) => d.message.length < 600), 'messages stay short');
    assert.ok(diagnostics.some((d) => d.code === 'type-mismatch' || d.code === 'yaml-syntax'));
  });

  void test('a 5 MB file: one error that it is too large to check', async () => {
    const big = `name: shop\nservices:\n${'  # padding of a generated file, line after line\n'.repeat(110_000)}`;
    assert.ok(big.length > 5 * 1024 * 1024);
    const diagnostics = await survive('5mb', big);
    assert.deepEqual(diagnostics.map(seen), [[r(0, 0, 10), 1, 'too-large']]);
    assert.match(diagnostics[0].message, /^This file is 5\.\d MB; nanokit checks files up to 2 MB, so it was not checked\./);
  });

  void test('1,000 levels of block nesting: one error at the line that goes too deep', async () => {
    let deep = 'name: shop\nx-deep:\n';
    for (let i = 0; i < 1000; i++) deep += `${'  '.repeat(i + 1)}k${i}:\n`;
    const diagnostics = await survive('deep-block', deep);
    assert.deepEqual(diagnostics.map(seen), [[r(101, 200, 204), 1, 'too-deep']]);
    assert.match(diagnostics[0].message, /^Blocks here are nested more than 100 levels deep; .* flatten this block\.$/);
  });

  void test('1,000 levels of flow nesting', async () => {
    const diagnostics = await survive('deep-flow', `name: shop\nx-deep: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    assert.deepEqual(diagnostics.map(seen), [[r(1, 0, 2008), 1, 'too-deep']]);
  });

  void test('a "billion laughs" alias bomb: one error on the first alias', async () => {
    let bomb = 'name: shop\nx-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      bomb += `x-${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    const diagnostics = await survive('alias-bomb', bomb);
    assert.deepEqual(diagnostics.map(seen), [[r(2, 9, 11), 1, 'alias-limit']]);
    assert.match(diagnostics[0].message, /^Aliases expand to too much data \(the aliases expand to more than 100,000 values\): nanokit stops there and checks nothing else\./);
  });

  void test('a thousand errors: capped at 200, plus one note with the count', async () => {
    const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    runtme: node\n`).join('');
    const diagnostics = await survive('thousand', `name: shop\nservices:\n${services}`);
    assert.equal(diagnostics.length, 201);
    assert.deepEqual(seen(diagnostics[0]), [r(3, 4, 10), 1, 'unknown-key']);
    assert.deepEqual(seen(diagnostics[199]), [r(401, 4, 10), 1, 'unknown-key']);
    assert.deepEqual(seen(diagnostics[200]), [r(0, 0, 10), 3, 'too-many-problems']);
    assert.equal(diagnostics[200].message, '800 more problems are not shown (1000 in all). Fix the ones above first.');
  });

  void test('requests at positions outside the document are answered, not failed', async () => {
    const uri = docUri('outside');
    await client.openAndCheck(uri, 'name: shop\n');
    assert.equal(await client.hover(uri, { line: 99, character: 99 }), null);
    assert.ok(Array.isArray(await client.completion(uri, { line: 99, character: 99 })));
  });

  void test('if the checks themselves fail, the document gets one internal-error diagnostic and the failure is logged', async (t) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const analyze = require('../../server/src/core/analyze') as { analyzeDocument: (...args: unknown[]) => unknown };
    const original = analyze.analyzeDocument;
    analyze.analyzeDocument = () => { throw new Error('boom'); };
    t.after(() => { analyze.analyzeDocument = original; client.problemsLogged.length = 0; });
    const diagnostics = await client.openAndCheck(docUri('internal-error'), 'name: shop\n');
    assert.deepEqual(diagnostics.map((d) => [d.range, d.severity, d.code, d.source, d.message]), [[
      r(0, 0, 0), 1, 'internal-error', 'nanokit', 'nanokit could not check this file (boom). This is a bug: the details are in the "Nanokit" output channel.',
    ]]);
    assert.match(client.problemsLogged.join('\n'), /checking file:\/\/\S+ failed: Error: boom/);
  });
});
