// LineIndex: the one offset ↔ LSP position conversion, for LF, CRLF and lone CR line ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/positions';

void describe('LineIndex', () => {
  void test('LF: positions and offsets round-trip', () => {
    const index = new LineIndex('ab\ncd\n');
    assert.equal(index.lineCount, 3);
    assert.deepEqual(index.position(4), { line: 1, character: 1 });
    assert.equal(index.offset({ line: 1, character: 1 }), 4);
    assert.deepEqual(index.position(6), { line: 2, character: 0 });
  });

  void test('CRLF: \\r\\n is one line break; the \\r belongs to the line before', () => {
    const text = 'name: x\r\nservices:\r\n  web: {}\r\n';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    const web = text.indexOf('web');
    assert.deepEqual(index.position(web), { line: 2, character: 2 });
    assert.equal(index.offset({ line: 2, character: 2 }), web);
    assert.deepEqual(index.position(text.indexOf('\r')), { line: 0, character: 7 });
    assert.equal(index.lineText(1), 'services:');
    assert.deepEqual(index.range(web, web + 3), { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
  });

  void test('a lone CR is a line break too', () => {
    const index = new LineIndex('a\rb');
    assert.deepEqual(index.position(2), { line: 1, character: 0 });
    assert.equal(index.lineText(0), 'a');
  });

  void test('out-of-range positions and offsets are clamped', () => {
    const index = new LineIndex('ab\ncd');
    assert.equal(index.offset({ line: 9, character: 0 }), 5);
    assert.equal(index.offset({ line: 0, character: 99 }), 2, 'past the end of a line is its end, not the next line');
    assert.equal(new LineIndex('ab\r\ncd').offset({ line: 0, character: 3 }), 2);
    assert.equal(index.offset({ line: -1, character: 0 }), 0);
    assert.deepEqual(index.position(-5), { line: 0, character: 0 });
    assert.deepEqual(index.position(99), { line: 1, character: 2 });
    assert.equal(index.lineText(7), '');
    assert.deepEqual(index.range(4, 2), { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } });
  });

  void test('an empty text has one empty line', () => {
    const index = new LineIndex('');
    assert.equal(index.lineCount, 1);
    assert.deepEqual(index.position(0), { line: 0, character: 0 });
  });
});
