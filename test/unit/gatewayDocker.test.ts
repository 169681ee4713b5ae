// Pure parts of the Docker side: error classification, the status model, the container's
// create options and config adjustments, log frame splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { bootstrapConfig, gatewayCommand, prepareForContainer } from '../../client/src/gateway/containerConfig';
import { containerCreateOptions, dockerodeOptions } from '../../client/src/gateway/dockerController';
import { classifyDockerError, portFromBindError } from '../../client/src/gateway/dockerErrors';
import { DockerUnreachableError, PortTakenError } from '../../client/src/gateway/errors';
import { describeStatus, statusFromInspect } from '../../client/src/gateway/gatewayStatus';
import { splitDockerFrames, streamLines } from '../../client/src/gateway/logStream';

const EP = 'unix:///var/run/docker.sock (default)';

void test('portFromBindError reads the port from dockerd and podman messages', () => {
  assert.equal(portFromBindError('driver failed programming external connectivity on endpoint nk-a-local-gateway (0123): Bind for 0.0.0.0:8080 failed: port is already allocated'), 8080);
  assert.equal(portFromBindError('driver failed programming external connectivity on endpoint x (y): Error starting userland proxy: listen tcp4 0.0.0.0:18443: bind: address already in use'), 18443);
  assert.equal(portFromBindError('rootlessport listen tcp 0.0.0.0:8443: bind: address already in use'), 8443);
  assert.equal(portFromBindError('Error starting userland proxy: listen tcp6 [::]:9000: bind: address already in use'), 9000);
  assert.equal(portFromBindError('No such image: caddy:2'), undefined);
});

void test('classifyDockerError: connection failures, port clashes, engine messages', () => {
  const enoent = Object.assign(new Error('connect ENOENT /x.sock'), { code: 'ENOENT' });
  const unreachable = classifyDockerError(enoent, 'unix:///x.sock (DOCKER_HOST)');
  assert.ok(unreachable instanceof DockerUnreachableError);
  assert.equal(unreachable.message, 'Docker is not reachable at unix:///x.sock (DOCKER_HOST) (ENOENT: no socket there). Start Docker, or point nanokit.docker.host / DOCKER_HOST at a running engine.');
  const eacces = classifyDockerError(Object.assign(new Error('x'), { code: 'EACCES' }), EP);
  assert.match(eacces.message, /EACCES: permission denied; add your user to the docker group/);

  const clash = Object.assign(new Error('(HTTP code 500) server error - ...'), { statusCode: 500, json: { message: 'Bind for 0.0.0.0:80 failed: port is already allocated' } });
  const taken = classifyDockerError(clash, EP);
  assert.ok(taken instanceof PortTakenError);
  assert.equal(taken.port, 80);
  assert.equal(taken.message, 'Port 80 is already in use. Stop what holds it, or choose another port (gatewayPort / gatewayHttpsPort in nanokit.yml, or nanokit.gateway.adminPort).');

  const other = classifyDockerError(Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404, json: { message: 'No such container: x' } }), EP);
  assert.equal(other.message, 'No such container: x');
});

void test('statusFromInspect covers stopped, starting, running, exited, restarting, paused', () => {
  assert.deepEqual(statusFromInspect(undefined, 'nk-a-local-gateway', EP), { containerName: 'nk-a-local-gateway', endpoint: EP, state: 'stopped' });
  const running = statusFromInspect(
    {
      Id: 'abc', Config: { Image: 'caddy:2.8.4' }, State: { Running: true, StartedAt: '2025-01-01T00:00:00Z' },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': [{ HostPort: '8443' }], '2019/tcp': [{ HostIp: '127.0.0.1', HostPort: '2999' }] } },
    },
    'nk-a-local-gateway', EP,
  );
  assert.deepEqual(running, {
    containerName: 'nk-a-local-gateway', endpoint: EP, state: 'running', containerId: 'abc', image: 'caddy:2.8.4',
    startedAt: '2025-01-01T00:00:00Z', ports: { http: 8080, https: 8443, admin: 2999 },
  });
  assert.equal(describeStatus(running), 'nk-a-local-gateway: running (http 8080, https 8443, admin 127.0.0.1:2999)');
  assert.equal(statusFromInspect({ Id: 'a', State: { Status: 'created' } }, 'g', EP).state, 'starting');
  const exited = statusFromInspect({ Id: 'a', State: { Status: 'exited', ExitCode: 1, Error: '' } }, 'g', EP);
  assert.equal(exited.state === 'error' && exited.reason, 'g exited with code 1. See its logs.');
  assert.equal(statusFromInspect({ Id: 'a', State: { Status: 'exited', ExitCode: 0 } }, 'g', EP).state, 'stopped');
  const restarting = statusFromInspect({ Id: 'a', State: { Running: true, Restarting: true, ExitCode: 2 } }, 'g', EP);
  assert.equal(restarting.state === 'error' && restarting.problem, 'restarting');
  assert.equal(describeStatus(statusFromInspect({ Id: 'a', State: { Running: true, Paused: true } }, 'g', EP)), 'g: error: g is paused. Unpause or stop it.');
});

void test('prepareForContainer keeps admin reachable and install_trust off, without touching the input', () => {
  const input = { admin: { listen: 'localhost:2019', config: { persist: false } }, apps: { pki: { certificate_authorities: { local: { name: 'X', install_trust: true } } }, http: { servers: {} } } };
  const copy = JSON.parse(JSON.stringify(input)) as unknown;
  const out = prepareForContainer(input);
  assert.deepEqual(input, copy);
  assert.deepEqual(out, {
    admin: { listen: '0.0.0.0:2019', config: { persist: false } },
    apps: { pki: { certificate_authorities: { local: { name: 'X', install_trust: false } } }, http: { servers: {} } },
  });
  assert.deepEqual(bootstrapConfig(), { admin: { listen: '0.0.0.0:2019' }, apps: { pki: { certificate_authorities: { local: { install_trust: false } } } } });
  assert.deepEqual(gatewayCommand(), ['caddy', 'run', '--resume', '--config', '/data/nanokit-bootstrap.json']);
});

void test('containerCreateOptions: labels, ports (admin on 127.0.0.1 only), data mount, restart policy, network', () => {
  const o = containerCreateOptions(
    { project: 'shop', environment: 'stage', image: 'caddy:2.8.4', httpPort: 8080, httpsPort: 8443, adminPort: 2020, persistenceDir: '/p/.nanokit/gateway', labels: { extra: '1' } },
    'nk-shop-stage-gateway',
  );
  assert.equal(o.name, 'nk-shop-stage-gateway');
  assert.deepEqual(o.Labels, { 'nk-env': 'stage', 'nanokit.project': 'shop', 'nanokit.role': 'gateway', extra: '1' });
  assert.deepEqual(o.HostConfig?.PortBindings, {
    '80/tcp': [{ HostIp: '', HostPort: '8080' }],
    '443/tcp': [{ HostIp: '', HostPort: '8443' }],
    '2019/tcp': [{ HostIp: '127.0.0.1', HostPort: '2020' }],
  });
  assert.deepEqual(o.HostConfig?.Binds, ['/p/.nanokit/gateway:/data']);
  assert.deepEqual(o.HostConfig?.RestartPolicy, { Name: 'unless-stopped' });
  assert.equal(o.HostConfig?.NetworkMode, 'nanokit-net');
  assert.deepEqual(o.Env, ['XDG_DATA_HOME=/data', 'XDG_CONFIG_HOME=/config']);
  assert.equal(o.User, undefined);
  const asUser = containerCreateOptions(
    { project: 'shop', environment: 'local', image: 'i', httpPort: 1, httpsPort: 2, adminPort: 3, persistenceDir: '/p', user: '1000:1000' },
    'nk-shop-local-gateway',
  );
  assert.equal(asUser.User, '1000:1000');
  assert.deepEqual(asUser.Env, ['XDG_DATA_HOME=/data', 'XDG_CONFIG_HOME=/tmp/caddy-config']);
});

void test('dockerodeOptions: socket path or tcp host/port/protocol', () => {
  assert.deepEqual(dockerodeOptions({ kind: 'socket', address: '/s', socketPath: '/s', source: 'default', description: '' }), { socketPath: '/s' });
  assert.deepEqual(dockerodeOptions({ kind: 'tcp', address: 'h:2375', host: 'h', port: 2375, protocol: 'http', source: 'DOCKER_HOST', description: '' }), { host: 'h', port: 2375, protocol: 'http' });
});

void test('splitDockerFrames splits multiplexed log frames; plain (TTY) output comes back whole', () => {
  const frame = (kind: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = kind;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  assert.deepEqual(splitDockerFrames(Buffer.concat([frame(1, 'a\n'), frame(2, 'b\nc')])), ['a\n', 'b\nc']);
  assert.deepEqual(splitDockerFrames(Buffer.from('plain\n')), ['plain\n']);
});

void test('streamLines yields complete lines across chunk borders', async () => {
  const stream = new PassThrough();
  const lines: string[] = [];
  streamLines(stream, (l) => lines.push(l));
  stream.write('one\ntw');
  stream.write('o\r\n\nthree');
  stream.end();
  await new Promise((r) => stream.on('end', r));
  assert.deepEqual(lines, ['one', 'two', 'three']);
});
