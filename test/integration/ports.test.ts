import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
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

/** Runs `PortChecker.check(port)` in a child Node process, as user `nobody` when we are root. */
function checkInChild(port: number): Promise<{ probe: unknown; status: unknown }> {
  const portsModule = path.resolve(__dirname, '../../server/src/ports/index.js');
  const script = [
    `const p = require(${JSON.stringify(portsModule)});`,
    `Promise.all([p.probePort(${port}), new p.PortChecker().check(${port})])`,
    '  .then(([probe, status]) => console.log(JSON.stringify({ probe, status })));',
  ].join('\n');
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { ...asNobody, timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`probe child failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { probe: unknown; status: unknown });
    });
  });
}

function unprivilegedPortStart(): number {
  if (process.platform !== 'linux') return 1024;
  return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
}

/** A port below 1024 that root can listen on right now (tries 1023 downwards). */
async function listenOnLowPort(below: number): Promise<net.Server> {
  for (let port = Math.min(below, 1024) - 1; port > 900; port--) {
    const server = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen({ host: '127.0.0.1', port }, () => resolve(true));
    });
    if (ok) return server;
  }
  throw new Error('no free port between 901 and 1023 to listen on');
}

void test('binding below ip_unprivileged_port_start without rights is "privileged"; with a listener it is "taken"', async (t) => {
  const start = unprivilegedPortStart();
  assert.ok(start > 1, `net.ipv4.ip_unprivileged_port_start is ${start}: this host has no privileged ports to test`);
  const port = start - 1;
  const free = await checkInChild(port);
  assert.deepEqual(free.probe, { port, state: 'privileged', code: 'EACCES', address: '::' });

  if (process.getuid?.() !== 0) return; // Listening on a privileged port needs root; the rest runs where we are root.
  const server = await listenOnLowPort(start);
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const held = (server.address() as net.AddressInfo).port;
  const result = await checkInChild(held);
  assert.deepEqual(result.probe, { port: held, state: 'privileged', code: 'EACCES', address: '::' });
  // `nobody` cannot read root's /proc/<pid>/fd, but /proc/net/tcp shows the listener: taken, owner unknown.
  assert.deepEqual(result.status, { port: held, state: 'taken' });
});
