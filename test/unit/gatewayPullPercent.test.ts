import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PullPercent } from '../../client/src/gateway/pullProgress';

void test('pull percentage sums the bytes of every layer seen, and completed layers count in full', () => {
  const p = new PullPercent();
  assert.equal(p.add({ status: 'Pulling from library/caddy', id: '2.8.4' }), 0);
  assert.equal(p.add({ status: 'Downloading', id: 'a', current: 50, total: 100 }), 50);
  assert.equal(p.add({ status: 'Downloading', id: 'b', current: 0, total: 300 }), 12);
  assert.equal(p.add({ status: 'Download complete', id: 'a' }), 25);
  assert.equal(p.add({ status: 'Downloading', id: 'b', current: 300, total: 300 }), 100);
});
