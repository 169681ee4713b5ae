// NanokitDocument: one parse with offsets, spans of keys and values, duplicate keys, and the
// guards against hostile input (size, nesting, alias expansion).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING, NanokitDocument, tooDeepAt } from '../../server/src/core/document';

const slice = (doc: NanokitDocument, span: { start: number; end: number } | undefined) => (span ? doc.text.slice(span.start, span.end) : undefined);

void describe('NanokitDocument spans', () => {
  const doc = new NanokitDocument('name: shop\nservices:\n  api:\n    depends_on: [web, "db"]\n    host:\n  web: &w\n    expose: 3000\n  copy: *w\n');

  void test('keySpan and valueSpan of keys, list items and empty values', () => {
    assert.equal(slice(doc, doc.keySpan(['services', 'api'])), 'api');
    assert.equal(slice(doc, doc.valueSpan(['name'])), 'shop');
    assert.equal(slice(doc, doc.valueSpan(['services', 'api', 'depends_on', 1])), '"db"');
    assert.equal(slice(doc, doc.valueSpan(['services', 'api', 'host'])), 'host', 'an empty value falls back to its key');
    assert.equal(doc.keySpan(['services', 'nothing']), undefined);
  });

  void test('aliases are followed by node() and expanded in the value', () => {
    assert.equal(slice(doc, doc.valueSpan(['services', 'copy', 'expose'])), '3000');
    assert.deepEqual((doc.value as { services: Record<string, unknown> }).services.copy, { expose: 3000 });
  });

  void test('the first line span covers line 0 without its break', () => {
    assert.equal(slice(doc, doc.firstLineSpan), 'name: shop');
  });
});

void describe('NanokitDocument problems', () => {
  void test('a duplicate key: one problem on the second key, naming the first line', () => {
    const doc = new NanokitDocument('name: a\nservices: {}\nname: b\n');
    assert.deepEqual(doc.parseProblems.map((p) => [p.code, slice(doc, p.span), p.message]), [
      ['duplicate-key', 'name', 'Duplicate key "name": it is already set on line 1, and only one of them would take effect. Remove or rename one.'],
    ]);
  });

  void test('a syntax error keeps the parser\'s first line of message, at least one character wide', () => {
    const doc = new NanokitDocument('name: shop\nservices:\n\tweb: {}\n');
    assert.equal(doc.hasSyntaxErrors, true);
    const [problem] = doc.parseProblems;
    assert.equal(problem.code, 'yaml-syntax');
    assert.ok(problem.span.end > problem.span.start);
    assert.ok(!problem.message.includes('\n'));
  });

  void test('more than 2 MB is not parsed: one too-large problem', () => {
    const doc = new NanokitDocument(`name: x\n${'#'.repeat(2 * 1024 * 1024)}\n`);
    assert.deepEqual(doc.parseProblems.map((p) => [p.code, slice(doc, p.span)]), [['too-large', 'name: x']]);
    assert.equal(doc.value, undefined);
  });

  void test('an alias bomb stops at the expansion limit with one alias-limit problem on the first alias', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) text += `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
    const doc = new NanokitDocument(text);
    assert.deepEqual(doc.parseProblems.map((p) => [p.code, slice(doc, p.span)]), [['alias-limit', '*a']]);
    assert.equal(doc.value, undefined);
  });
});

void describe('tooDeepAt', () => {
  const nest = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');

  void test('counts block indentation levels, list dashes and open flow brackets', () => {
    assert.equal(tooDeepAt(nest(MAX_NESTING), MAX_NESTING), undefined);
    const text = nest(MAX_NESTING + 1);
    const span = tooDeepAt(text, MAX_NESTING);
    assert.equal(text.slice(span?.start, span?.end), `k${MAX_NESTING}:`);
    assert.ok(tooDeepAt(`a: ${'['.repeat(5)}${']'.repeat(5)}`, 5));
    assert.equal(tooDeepAt(`a: ${'['.repeat(4)}${']'.repeat(4)}`, 5), undefined);
    assert.ok(tooDeepAt('a:\n  - - - - - x', 5));
  });

  void test('brackets in quotes and comments do not count; dedenting closes levels', () => {
    assert.equal(tooDeepAt('a: "[[[[[[[[" # {{{{{{{{\nb: \'{{{{{{{{\'', 3), undefined);
    assert.equal(tooDeepAt('a:\n b:\n  c:\nd:\n e:\n  f:', 3), undefined);
  });

  void test('real files stay far below the limit', () => {
    assert.equal(new NanokitDocument('name: shop\nservices:\n  api:\n    env:\n      A: "{{ not yaml }}"\n').parseProblems.length, 0);
  });
});
