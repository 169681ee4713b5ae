import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { PortChecker, describeOwner, findPortOwner, probePort } from '../../server/src/ports';
import { LISTENER_VARIANTS, startChildListener, type ListenerVariant } from '../helpers/listeners';

const variants = Object.keys(LISTENER_VARIANTS) as ListenerVariant[];

for (const variant of variants) {
  void test(`a child listening (${variant}) makes the port taken and is named as its owner`, async (t) => {
    const child = await startChildListener(variant);
    t.after(() => child.stop());

    const probe = await probePort(child.port);
    assert.equal(probe.state, 'taken');
    assert.equal(probe.code, 'EADDRINUSE');

    const status = await new PortChecker().check(child.port);
    assert.equal(status.state, 'taken');
    assert.equal(status.error, undefined);
    assert.deepEqual(status.owner, { pid: child.pid, name: 'node', commandLine: child.argv.join(' ') });
    assert.equal(describeOwner(status.owner), `node (pid ${child.pid})`);
  });
}

void test('on Linux the dual-stack bind alone detects every variant (loopback binds are for macOS/Windows)', async (t) => {
  for (const variant of variants) {
    const child = await startChildListener(variant);
    t.after(() => child.stop());
    const probe = await probePort(child.port, { loopbackChecks: false });
    if (process.platform === 'linux') {
      assert.deepEqual(probe, { port: child.port, state: 'taken', code: 'EADDRINUSE', address: '::' }, variant);
    } else {
      assert.equal((await probePort(child.port)).state, 'taken', variant);
    }
  }
});

void test('a port whose listener has closed is free, and has no owner', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '::', port: 0 }, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));

  assert.deepEqual(await probePort(port), { port, state: 'free' });
  assert.deepEqual(await new PortChecker().check(port), { port, state: 'free' });
  const lookup = await findPortOwner(port);
  assert.equal(lookup.listening, false);
  assert.equal(lookup.owner, undefined);
});

void test('a port held by this very process names this process', async (t) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as net.AddressInfo).port;
  const lookup = await findPortOwner(port);
  assert.equal(lookup.listening, true);
  assert.equal(lookup.owner?.pid, process.pid);
});

void test('the checker re-probes after invalidate() and sees the port freed', async () => {
  const child = await startChildListener('dual-stack');
  const checker = new PortChecker({ ttlMs: 60_000 });
  try {
    assert.equal((await checker.check(child.port)).state, 'taken');
  } finally {
    await child.stop();
  }
  assert.equal((await checker.check(child.port)).state, 'taken', 'cached within the ttl');
  checker.invalidate(child.port);
  assert.equal((await checker.check(child.port)).state, 'free');
});
