// cursorContext: what the cursor is on, read from half-typed YAML the parser cannot place yet.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext, enclosingPath, type CursorContext } from '../../server/src/core/cursor';
import { LineIndex } from '../../server/src/core/positions';
import { withCursor } from '../helpers/lspClient';

function at(marked: string): CursorContext {
  const { text, position } = withCursor(marked);
  return cursorContext(new LineIndex(text), position);
}

void describe('cursorContext', () => {
  void test('an empty document: a top-level key', () => {
    assert.deepEqual(at('‸'), { kind: 'key', parentPath: [], prefix: '', indent: 0, replaceStart: 0 });
  });

  void test('a half-typed key inside a service', () => {
    assert.deepEqual(at('services:\n  web:\n    run‸'), { kind: 'key', parentPath: ['services', 'web'], prefix: 'run', indent: 4, replaceStart: 21 });
  });

  void test('blank lines and comments between the cursor and its parent are skipped', () => {
    assert.deepEqual(at('services:\n  web:\n    # comment\n\n    ‸'), { kind: 'key', parentPath: ['services', 'web'], prefix: '', indent: 4, replaceStart: 36 });
  });

  void test('a quoted parent key is unquoted', () => {
    assert.deepEqual(at('services:\n  "web app":\n    ‸'), {
      kind: 'key', parentPath: ['services', 'web app'], prefix: '', indent: 4, replaceStart: 27,
    });
  });

  void test('a value after "key: ", with the typed prefix', () => {
    assert.deepEqual(at('services:\n  web:\n    runtime: no‸'), { kind: 'value', path: ['services', 'web', 'runtime'], prefix: 'no', replaceStart: 30, inFlowList: false });
  });

  void test('a value in an opening quote: the quote is not part of the prefix', () => {
    assert.deepEqual(at('services:\n  web:\n    host: "api.loc‸'), { kind: 'value', path: ['services', 'web', 'host'], prefix: 'api.loc', replaceStart: 28, inFlowList: false });
  });

  void test('an item of a flow list, after a comma', () => {
    assert.deepEqual(at('services:\n  web:\n    depends_on: [api, db‸'), { kind: 'value', path: ['services', 'web', 'depends_on'], prefix: 'db', replaceStart: 39, inFlowList: true });
  });

  void test('an item of a block list', () => {
    assert.deepEqual(at('services:\n  web:\n    depends_on:\n      - ap‸'), { kind: 'item', path: ['services', 'web', 'depends_on'], prefix: 'ap', replaceStart: 41 });
  });

  void test('a key inside a mapping that is a list item', () => {
    assert.deepEqual(at('infra:\n  instances:\n    - type: small\n      ‸'), { kind: 'key', parentPath: ['infra', 'instances', 0], prefix: '', indent: 6, replaceStart: 44 });
  });

  void test('CRLF line ends give the same paths and offsets that count the \\r', () => {
    assert.deepEqual(at('services:\r\n  web:\r\n    ‸'), { kind: 'key', parentPath: ['services', 'web'], prefix: '', indent: 4, replaceStart: 23 });
  });
});

void describe('enclosingPath', () => {
  const lines = new LineIndex('environments:\n  local:\n    services:\n      api:\n        host: a.localhost\n');
  void test('walks up by indentation', () => {
    assert.deepEqual(enclosingPath(lines, 4, 8), ['environments', 'local', 'services', 'api']);
    assert.deepEqual(enclosingPath(lines, 4, 4), ['environments', 'local']);
    assert.deepEqual(enclosingPath(lines, 4, 0), []);
  });
});

void describe('cursorContext in lists', () => {
  void test('a new item after sibling items: the list, not the sibling', () => {
    assert.deepEqual(at('infra:\n  instances:\n    - type: small\n    - ‸'), { kind: 'item', path: ['infra', 'instances'], prefix: '', replaceStart: 44 });
  });

  void test('a list written at its key\'s indentation', () => {
    assert.deepEqual(at('services:\n  web:\n    depends_on:\n    - api\n    - d‸'), { kind: 'item', path: ['services', 'web', 'depends_on'], prefix: 'd', replaceStart: 49 });
  });

  void test('a nested list item is still inside its parent item', () => {
    assert.deepEqual(at('a:\n  - b:\n      - x\n      - ‸'), { kind: 'item', path: ['a', 0, 'b'], prefix: '', replaceStart: 28 });
  });
});
