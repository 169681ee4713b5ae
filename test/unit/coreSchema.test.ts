// Schema validation pieces: JSON pointer → path, anyOf/oneOf pruning, messages on exact nodes,
// schema navigation keeping a property's own docs, and "did you mean" by edit distance.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NanokitDocument } from '../../server/src/core/document';
import { schemaValidator } from '../../server/src/core/schema/compiled';
import { documentation, propertiesOf, scalarChoices, schemaAt } from '../../server/src/core/schema/navigate';
import { pointerToPath, pruneAlternatives, validateAgainstSchema } from '../../server/src/core/schema/validate';
import { closest, editDistance } from '../../server/src/core/suggest';

function prunedErrors(data: unknown): string[] {
  const validate = schemaValidator();
  assert.equal(validate(data), false);
  return pruneAlternatives(validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
}

void describe('pointerToPath', () => {
  void test('splits a JSON pointer and unescapes ~1 and ~0', () => {
    assert.deepEqual(pointerToPath(''), []);
    assert.deepEqual(pointerToPath('/services/a~1b/depends_on/0'), ['services', 'a/b', 'depends_on', '0']);
    assert.deepEqual(pointerToPath('/x~0y~01'), ['x~y~1']);
  });
});

void describe('pruneAlternatives', () => {
  void test('no alternative has the value\'s type: only the anyOf error remains', () => {
    assert.deepEqual(prunedErrors({ name: 'shop', gatewayPort: 'eighty' }), ['/gatewayPort anyOf']);
  });

  void test('exactly one alternative has the type: its own error replaces the anyOf', () => {
    assert.deepEqual(prunedErrors({ name: 'shop', gatewayPort: 70000 }), ['/gatewayPort maximum']);
  });

  void test('a malformed ${VAR} reference keeps the reference\'s pattern error', () => {
    assert.deepEqual(prunedErrors({ name: 'shop', gatewayPort: '${PORT' }), ['/gatewayPort pattern']);
  });

  void test('formats are not checked on ${VAR} and vault:// values', () => {
    const validate = schemaValidator();
    for (const adminEmail of ['${ADMIN_EMAIL}', '${ADMIN_EMAIL:-ops@shop.example}', 'vault://ops/email']) {
      validate({ name: 'shop', gateway: { adminEmail } });
      assert.deepEqual(pruneAlternatives(validate.errors ?? []), [], adminEmail);
    }
  });
});

void describe('validateAgainstSchema', () => {
  void test('each problem on its exact node: wrong value, unknown key, missing key on the parent key', () => {
    const doc = new NanokitDocument('name: shop\ngateway:\n  https: "no"\n  adminEmil: a@b.c\ndatabases:\n  db:\n    version: "16"\n');
    const problems = validateAgainstSchema(doc).map((p) => [doc.text.slice(p.span.start, p.span.end), p.code]);
    assert.deepEqual(problems.sort(), [['"no"', 'type-mismatch'], ['adminEmil', 'unknown-key'], ['db', 'missing-key']]);
  });

  void test('a value in a sequence is located by its index', () => {
    const doc = new NanokitDocument('name: shop\ndeploy:\n  target: a@b\n  prune: [dist, 3]\n');
    const problems = validateAgainstSchema(doc);
    assert.deepEqual(problems.map((p) => [doc.text.slice(p.span.start, p.span.end), p.code, p.message]), [
      ['3', 'type-mismatch', 'deploy.prune[1] must be a string, not the number 3. Quote it: "3".'],
    ]);
  });

  void test('the same problem is reported once', () => {
    const doc = new NanokitDocument('name: shop\nservices:\n  web:\n    expose: "x"\n');
    assert.equal(validateAgainstSchema(doc).length, 1);
  });
});

void describe('schema navigation', () => {
  void test('a $ref property keeps its own documentation', () => {
    assert.match(documentation(schemaAt(['name'])) ?? '', /^Project id \(required\)\./);
  });

  void test('environments.<env>.services.<name> resolves to the service schema', () => {
    const keys = [...propertiesOf(schemaAt(['environments', 'stage', 'services', 'api'])).keys()];
    assert.ok(keys.includes('runtime') && keys.includes('host') && keys.includes('depends_on'));
  });

  void test('scalar choices: enum values and booleans', () => {
    assert.deepEqual(scalarChoices(schemaAt(['gateway', 'persistenceMode'])), ['project', 'global']);
    assert.deepEqual(scalarChoices(schemaAt(['gateway', 'https'])), [true, false]);
  });
});

void describe('edit distance and closest', () => {
  void test('Levenshtein distance', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('servces', 'services'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('hots', 'host'), 1, 'a swap of neighbours is one edit');
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('flaw', 'lawn'), 2);
  });

  void test('closest: a plausible typo only, case-insensitive, never the word itself', () => {
    assert.equal(closest('servces', ['service', 'services', 'secrets']), 'services');
    assert.equal(closest('Runtime', ['runtime', 'runtimes']), 'runtime');
    assert.equal(closest('zzz', ['https', 'adminEmail']), undefined);
    assert.equal(closest('ab', ['xy']), undefined);
    assert.equal(closest('node', ['node']), undefined);
    assert.equal(closest('globl', ['project', 'global']), 'global');
  });
});
