import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PortChecker,
  describeOwner,
  nextFreePortPair,
  privilegedPortRemedy,
  probePort,
  type BindAttempt,
  type ProbeResult,
} from '../../server/src/ports';

/** A bind stand-in answering from a table keyed by host (`::6` = the dual-stack `::` bind). */
function fakeBind(answers: Record<string, string | undefined>, calls: string[]) {
  return (_port: number, a: BindAttempt): Promise<string | undefined> => {
    const key = a.host === '::' && !a.ipv6Only ? '::6' : a.host;
    calls.push(key);
    return Promise.resolve(answers[key]);
  };
}

void test('probe: dual-stack bind first, then loopback binds; all succeed → free', async () => {
  const calls: string[] = [];
  assert.deepEqual(await probePort(8080, { bind: fakeBind({}, calls) }), { port: 8080, state: 'free' });
  assert.deepEqual(calls, ['::6', '127.0.0.1', '::1']);
});

void test('probe: IPv6 absent (EAFNOSUPPORT / EADDRNOTAVAIL) falls back to 0.0.0.0', async () => {
  for (const code of ['EAFNOSUPPORT', 'EADDRNOTAVAIL']) {
    const calls: string[] = [];
    const result = await probePort(8080, { bind: fakeBind({ '::6': code, '0.0.0.0': 'EADDRINUSE', '::1': code }, calls) });
    assert.deepEqual(result, { port: 8080, state: 'taken', code: 'EADDRINUSE', address: '0.0.0.0' });
    const free = await probePort(8080, { bind: fakeBind({ '::6': code, '::1': code }, []) });
    assert.deepEqual(free, { port: 8080, state: 'free' }, 'the missing ::1 is not an error');
  }
});

void test('probe: a loopback-only listener the wildcard bind missed (macOS/Windows semantics) is taken', async () => {
  const result = await probePort(3000, { bind: fakeBind({ '127.0.0.1': 'EADDRINUSE' }, []) });
  assert.deepEqual(result, { port: 3000, state: 'taken', code: 'EADDRINUSE', address: '127.0.0.1' });
  const v6 = await probePort(3000, { bind: fakeBind({ '::1': 'EADDRINUSE' }, []) });
  assert.equal(v6.address, '::1');
  assert.deepEqual(await probePort(3000, { bind: fakeBind({ '127.0.0.1': 'EADDRINUSE' }, []), loopbackChecks: false }), {
    port: 3000,
    state: 'free',
  });
});

void test('probe: EACCES below 1024 is privileged, above it unknown with the Windows hint', async () => {
  assert.deepEqual(await probePort(80, { bind: fakeBind({ '::6': 'EACCES' }, []) }), {
    port: 80,
    state: 'privileged',
    code: 'EACCES',
    address: '::',
  });
  const high = await probePort(50000, { bind: fakeBind({ '::6': 'EACCES' }, []) });
  assert.equal(high.state, 'unknown');
  assert.match(high.error ?? '', /netsh interface ipv4 show excludedportrange protocol=tcp/);
});

void test('probe: out-of-range ports are unknown with a message', async () => {
  for (const port of [0, -1, 65536, 80.5]) {
    const r = await probePort(port);
    assert.equal(r.state, 'unknown');
    assert.equal(r.error, `${port} is not a TCP port (use a whole number from 1 to 65535).`);
  }
});

function counter(result: (port: number) => ProbeResult) {
  const calls: number[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const probe = async (port: number): Promise<ProbeResult> => {
    calls.push(port);
    await gate;
    return result(port);
  };
  return { calls, probe, release: () => release() };
}

void test('checker: concurrent callers share one probe; results are cached for ttl', async () => {
  let now = 1000;
  const fake = counter((port) => ({ port, state: 'free' }));
  const checker = new PortChecker({ ttlMs: 5000, probe: fake.probe, now: () => now });
  const a = checker.check(8080);
  const b = checker.check(8080);
  const c = checker.check(8443);
  fake.release();
  assert.deepEqual(await Promise.all([a, b, c]), [
    { port: 8080, state: 'free' },
    { port: 8080, state: 'free' },
    { port: 8443, state: 'free' },
  ]);
  assert.deepEqual(fake.calls, [8080, 8443]);
  now += 4999;
  await checker.check(8080);
  assert.deepEqual(fake.calls, [8080, 8443], 'still cached');
  now += 1;
  await checker.check(8080);
  assert.deepEqual(fake.calls, [8080, 8443, 8080], 're-probed after the ttl');
  checker.invalidate();
  await checker.check(8443);
  assert.deepEqual(fake.calls, [8080, 8443, 8080, 8443], 're-probed after invalidate()');
});

void test('checker: a result that arrives after invalidate() is not cached', async () => {
  const fake = counter((port) => ({ port, state: 'taken', code: 'EADDRINUSE' }));
  const checker = new PortChecker({ probe: fake.probe, findOwner: () => Promise.resolve({ listening: true }) });
  const first = checker.check(8080);
  checker.invalidate();
  fake.release();
  await first;
  await checker.check(8080);
  assert.deepEqual(fake.calls, [8080, 8080]);
});

void test('checker: taken ports get their owner; lookup errors are kept', async () => {
  const owner = { pid: 812, name: 'nginx', commandLine: 'nginx -g daemon off;' };
  const checker = new PortChecker({
    probe: (port) => Promise.resolve({ port, state: 'taken' }),
    findOwner: () => Promise.resolve({ listening: true, owner }),
  });
  assert.deepEqual(await checker.check(80), { port: 80, state: 'taken', owner });
  const failing = new PortChecker({
    probe: (port) => Promise.resolve({ port, state: 'taken' }),
    findOwner: () => Promise.resolve({ listening: false, error: 'Could not find the program that holds port 80: boom' }),
  });
  assert.deepEqual(await failing.check(80), { port: 80, state: 'taken', error: 'Could not find the program that holds port 80: boom' });
});

void test('checker: privileged stays privileged without a listener, becomes taken with one', async () => {
  const privileged = (port: number): Promise<ProbeResult> => Promise.resolve({ port, state: 'privileged', code: 'EACCES' });
  const none = new PortChecker({ probe: privileged, findOwner: () => Promise.resolve({ listening: false }) });
  assert.deepEqual(await none.check(80), { port: 80, state: 'privileged' });
  const held = new PortChecker({ probe: privileged, findOwner: () => Promise.resolve({ listening: true, owner: { pid: 1, name: 'caddy' } }) });
  assert.deepEqual(await held.check(80), { port: 80, state: 'taken', owner: { pid: 1, name: 'caddy' } });
});

void test('checker: unknown probes and thrown errors become unknown with a message', async () => {
  const unknown = new PortChecker({ probe: (port) => Promise.resolve({ port, state: 'unknown', error: 'why' }) });
  assert.deepEqual(await unknown.check(80), { port: 80, state: 'unknown', error: 'why' });
  const throwing = new PortChecker({ probe: () => Promise.reject(new Error('EMFILE')) });
  assert.deepEqual(await throwing.check(80), { port: 80, state: 'unknown', error: 'Checking port 80 failed: EMFILE' });
});

void test('describeOwner wording', () => {
  assert.equal(describeOwner({ pid: 812, name: 'nginx' }), 'nginx (pid 812)');
  const container = { id: 'abc', name: 'nk-shop-local-gateway', labels: {} };
  assert.equal(describeOwner({ pid: 4242, name: 'docker-proxy', container }), 'container "nk-shop-local-gateway" (docker-proxy, pid 4242)');
  assert.equal(describeOwner({ container }), 'container "nk-shop-local-gateway"');
  assert.equal(describeOwner({ name: 'nginx' }), 'nginx');
  assert.equal(describeOwner({ pid: 9 }), 'pid 9');
  assert.equal(describeOwner({}), 'another program');
  assert.equal(describeOwner(undefined), 'another program');
});

void test('privilegedPortRemedy names the platform remedy', () => {
  assert.equal(
    privilegedPortRemedy(80, 'linux'),
    'Ports below 1024 need root here: allow them with `sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80`, or use a port of 1024 or above (e.g. 8080).',
  );
  assert.match(privilegedPortRemedy(443, 'darwin'), /administrator rights.*e\.g\. 8443/);
});

void test('nextFreePortPair: 8080/8443 first, then both moved up by one', async () => {
  const taken = new Set([8080, 8444]);
  const probed: number[] = [];
  const isFree = (p: number): Promise<boolean> => {
    probed.push(p);
    return Promise.resolve(!taken.has(p));
  };
  assert.deepEqual(await nextFreePortPair(() => Promise.resolve(true)), { http: 8080, https: 8443 });
  assert.deepEqual(await nextFreePortPair(isFree), { http: 8082, https: 8445 });
  assert.deepEqual(probed, [8080, 8081, 8444, 8082, 8445]);
  assert.deepEqual(await nextFreePortPair(() => Promise.resolve(true), { exclude: [8443] }), { http: 8081, https: 8444 });
  assert.equal(await nextFreePortPair(() => Promise.resolve(false), { maxAttempts: 3 }), undefined);
});

void test('checker: a Docker endpoint getter that throws is reported only when a container proxy holds the port', async () => {
  const badEndpoint = (): never => {
    throw new Error('nanokit.docker.host "ssh://me@box" uses "ssh://", which Nanokit cannot use.');
  };
  const free = new PortChecker({ dockerEndpoint: badEndpoint, probe: (port) => Promise.resolve({ port, state: 'free' }) });
  assert.deepEqual(await free.check(8080), { port: 8080, state: 'free' });
  const proxied = new PortChecker({
    dockerEndpoint: badEndpoint,
    probe: (port) => Promise.resolve({ port, state: 'taken' }),
    findOwner: (_port, opts) => {
      assert.equal(opts.dockerEndpoint, undefined);
      return Promise.resolve({ listening: true, owner: { pid: 4242, name: 'docker-proxy' } });
    },
  });
  assert.deepEqual(await proxied.check(8080), {
    port: 8080,
    state: 'taken',
    owner: { pid: 4242, name: 'docker-proxy' },
    error: 'Could not ask Docker which container holds the port: nanokit.docker.host "ssh://me@box" uses "ssh://", which Nanokit cannot use.',
  });
});
