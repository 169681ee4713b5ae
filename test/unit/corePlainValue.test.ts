import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { AliasBudgetExceeded, toPlainValue } from '../../server/src/core/plainValue';

function plain(text: string, maxAliasExpansion = 1000) {
  const duplicates: string[] = [];
  const value = toPlainValue(parseDocument(text, { uniqueKeys: false }), {
    maxAliasExpansion,
    onDuplicateKey: (key, first, duplicate) => duplicates.push(`${key}@${first.range?.[0]}/${duplicate.range?.[0]}`),
  });
  return { value, duplicates };
}

void describe('toPlainValue', () => {
  void it('builds the same data as yaml.toJS for an ordinary document', () => {
    const text = 'name: shop\nservices:\n  api:\n    expose: 3000\n    depends_on: [db]\n    env: {A: "1", B: true}\nlist:\n  - 1\n  - null\n';
    assert.deepEqual(plain(text).value, parseDocument(text).toJS());
  });

  void it('reports every duplicate key with the first and the repeated key node, keeping the last value', () => {
    const { value, duplicates } = plain('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n');
    assert.deepEqual(value, { a: 3, b: { c: 2 } });
    assert.deepEqual(duplicates, ['c@10/17', 'a@0/22']);
  });

  void it('shares the anchor value for aliases', () => {
    const { value } = plain('base: &b {x: 1}\nuse: *b\n') as { value: { base: object; use: object } };
    assert.equal(value.use, value.base);
  });

  void it('stops a billion-laughs bomb at the expansion budget, naming the alias', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    const names = 'abcdefghi';
    for (let k = 1; k < 9; k++) bomb += `${names[k]}: &${names[k]} [${Array(9).fill(`*${names[k - 1]}`).join(', ')}]\n`;
    assert.throws(() => plain(bomb, 100_000), (error: unknown) =>
      error instanceof AliasBudgetExceeded && (error.alias as unknown as { source: string }).source.length === 1);
  });

  void it('keeps a __proto__ key as data, never as the prototype', () => {
    const { value } = plain('__proto__: {polluted: true}\n') as { value: Record<string, unknown> };
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
