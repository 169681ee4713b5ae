// analyze/codeActions/completion/symbols as pure functions: the diagnostic cap, the preview's errors, quick
// fixes only for our own diagnostics, and keys for a new list item.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeText, caddyConfigForText, MAX_DIAGNOSTICS } from '../../server/src/core/analyze';
import { quickFixes } from '../../server/src/core/codeActions';
import { completions } from '../../server/src/core/completion';
import { NanokitDocument } from '../../server/src/core/document';
import { semanticProblems } from '../../server/src/core/semantic';
import { SUGGESTION_BUDGET } from '../../server/src/core/semantic/checks';
import { documentSymbols } from '../../server/src/core/symbols';
import { withCursor } from '../helpers/lspClient';

void describe('analyzeText', () => {
  void test('caps the diagnostics and says how many more there are', () => {
    const text = `name: shop\nservices:\n${Array.from({ length: 250 }, (_, i) => `  s${i}:\n    runtme: node\n`).join('')}`;
    const { diagnostics } = analyzeText(text);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.equal(diagnostics.at(-1)?.code, 'too-many-problems');
    assert.equal(diagnostics.at(-1)?.message, '50 more problems are not shown (250 in all). Fix the ones above first.');
    assert.equal(analyzeText(text, { maxDiagnostics: 10 }).diagnostics.length, 11);
  });
});

void describe('analyzeText: hostile sizes', () => {
  void test('200,000 unknown keys are counted and capped (spreading them into push() overflowed the stack)', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `${i.toString(36)}: 1`).join('\n');
    const { diagnostics } = analyzeText(`name: shop\n${keys}\n`);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.equal(diagnostics.at(-1)?.message, '199800 more problems are not shown (200000 in all). Fix the ones above first.');
  });
});

void describe('semanticProblems', () => {
  void test('a problem in every declared environment is reported once, without naming them', () => {
    const doc = new NanokitDocument('name: shop\nservices:\n  api:\n    runtime: nod\nenvironments:\n  local: {}\n  stage: {}\n');
    assert.deepEqual(semanticProblems(doc).map((p) => [p.code, p.message.includes('environment')]), [['unknown-runtime', false]]);
  });
});

void describe('semanticProblems: "did you mean" budget', () => {
  void test('suggestions stop after SUGGESTION_BUDGET comparisons, so thousands of bad references stay linear', () => {
    const services = Array.from({ length: 1000 }, (_, i) => `  s${i}:\n    depends_on: [s${i}x]\n`).join('');
    const problems = semanticProblems(new NanokitDocument(`name: shop\nservices:\n${services}`));
    assert.equal(problems.length, 1000);
    const perSuggestion = 1000;
    const suggested = problems.filter((p) => p.message.includes('Did you mean'));
    assert.equal(suggested.length, SUGGESTION_BUDGET / perSuggestion);
    assert.equal(problems[0].message, '"s0x" in depends_on is neither a service nor a database of this file. Did you mean "s0"?');
    assert.deepEqual(problems[0].data, { replacement: 's0' });
    assert.equal(problems[999].message, '"s999x" in depends_on is neither a service nor a database of this file. Declare it under services or databases, or remove it from depends_on.');
  });
});

void describe('caddyConfigForText', () => {
  void test('errors as "line:col message [code]" and no config when the document has errors', () => {
    const result = caddyConfigForText('name: shop\nservices:\n  web:\n    host: web.localhost\n', 'local');
    assert.equal(result.config, null);
    assert.deepEqual(result.errors, ['4:5 Service "web" has a host but neither "expose" nor "port": the gateway does not know which container port to proxy to. Add "expose: <port>". [missing-upstream-port]']);
  });

  void test('a config for a valid document', () => {
    const result = caddyConfigForText('name: shop\nservices:\n  web:\n    expose: 3000\n    host: web.localhost\n', 'local');
    assert.deepEqual(result.errors, []);
    assert.equal(typeof result.config, 'object');
  });
});

void describe('quickFixes', () => {
  const diagnostic = (source: string, data: unknown): Diagnostic => ({
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } }, message: 'm', source, code: 'unknown-key', data,
  });

  void test('one preferred quick fix per nanokit diagnostic with a replacement; none for others', () => {
    const ours = diagnostic('nanokit', { replacement: 'services' });
    const actions = quickFixes('file:///a/nanokit.yml', [ours, diagnostic('yaml', { replacement: 'x' }), diagnostic('nanokit', undefined)]);
    assert.deepEqual(actions, [{
      title: 'Change to "services"', kind: 'quickfix', diagnostics: [ours], isPreferred: true,
      edit: { changes: { 'file:///a/nanokit.yml': [{ range: ours.range, newText: 'services' }] } },
    }]);
  });
});

void describe('completions', () => {
  void test('a new item of a list of mappings offers the item\'s keys', () => {
    const { text, position } = withCursor('name: x\ninfra:\n  instances:\n    - type: small\n    - ‸\n');
    assert.deepEqual(completions(new NanokitDocument(text), position).map((i) => i.label), ['type', 'count', 'role']);
  });

  void test('keys of an existing list item exclude the ones it has', () => {
    const { text, position } = withCursor('name: x\ninfra:\n  instances:\n    - type: small\n      ‸\n');
    assert.deepEqual(completions(new NanokitDocument(text), position).map((i) => i.label), ['count', 'role']);
  });
});

void describe('documentSymbols', () => {
  void test('in YAML the parser recovered from, a parent\'s range still contains its children', () => {
    const [services] = documentSymbols(new NanokitDocument('services:\n  api:\n    host: a.localhost\n    [networks: [x]\n'));
    const [api] = services.children ?? [];
    assert.deepEqual(api.range, { start: { line: 1, character: 2 }, end: { line: 4, character: 0 } });
    assert.deepEqual(services.range, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } });
  });
});
