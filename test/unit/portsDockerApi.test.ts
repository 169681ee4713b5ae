import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerApiError, dockerGet } from '../../server/src/platform/dockerApi';
import { parseDockerHost, type DockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { PortChecker, findPortOwner, lookupPublishingContainer, type RunProgram } from '../../server/src/ports';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/ports');
const containersJson = fs.readFileSync(path.join(FIXTURES, 'docker-containers-json.json'), 'utf8');

interface FakeDocker {
  endpoint: DockerEndpoint;
  requests: { method: string; url: string; host: string }[];
}

/** An HTTP server on a unix socket (or loopback tcp) that answers like the Docker Engine API. */
async function fakeDocker(
  t: { after(fn: () => Promise<void> | void): void },
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  kind: 'socket' | 'tcp' = 'socket',
): Promise<FakeDocker> {
  const requests: FakeDocker['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '' });
    handler(req, res);
  });
  let endpoint: DockerEndpoint;
  if (kind === 'socket') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-fake-docker-'));
    const socketPath = path.join(dir, 'docker.sock');
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    endpoint = parseDockerHost(`unix://${socketPath}`, { source: 'DOCKER_HOST', label: 'DOCKER_HOST' });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  } else {
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server.address() as net.AddressInfo).port;
    endpoint = parseDockerHost(`tcp://127.0.0.1:${port}`, { source: 'setting', label: 'nanokit.docker.host' });
  }
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { endpoint, requests };
}

const answerContainers = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(containersJson);
};

void test('dockerGet over a unix socket parses the JSON answer', async (t) => {
  const docker = await fakeDocker(t, answerContainers);
  const body = await dockerGet(docker.endpoint, '/containers/json');
  assert.ok(Array.isArray(body));
  assert.equal(body.length, 3);
  assert.deepEqual(docker.requests, [{ method: 'GET', url: '/containers/json', host: 'docker' }]);
});

void test('dockerGet over tcp (http)', async (t) => {
  const docker = await fakeDocker(t, answerContainers, 'tcp');
  const container = await lookupPublishingContainer(docker.endpoint, 8080);
  assert.equal(container?.name, 'nk-shop-local-gateway');
});

void test('dockerGet: an error status carries Docker\'s message', async (t) => {
  const docker = await fakeDocker(t, (_req, res) => {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end('{"message":"client version 1.99 is too new"}');
  });
  await assert.rejects(dockerGet(docker.endpoint, '/containers/json'), (err: unknown) => {
    assert.ok(err instanceof DockerApiError);
    assert.equal(err.statusCode, 500);
    assert.equal(err.message, 'Docker answered GET /containers/json with 500: client version 1.99 is too new');
    return true;
  });
});

void test('dockerGet: a missing socket says Docker is not reachable and what to do', async () => {
  const endpoint = parseDockerHost('unix:///nonexistent/nk/docker.sock', { source: 'DOCKER_HOST', label: 'DOCKER_HOST' });
  await assert.rejects(dockerGet(endpoint, '/containers/json'), {
    name: 'DockerApiError',
    message:
      'Docker is not reachable at unix:///nonexistent/nk/docker.sock (DOCKER_HOST) (ENOENT). ' +
      'Start Docker, or set nanokit.docker.host / DOCKER_HOST to its endpoint.',
  });
});

void test('dockerGet: a daemon that does not answer times out', async (t) => {
  const docker = await fakeDocker(t, () => undefined);
  const started = Date.now();
  await assert.rejects(dockerGet(docker.endpoint, '/containers/json', { timeoutMs: 200 }), /did not answer within 200 ms/);
  assert.ok(Date.now() - started < 2000);
});

void test('dockerGet: TLS endpoints are refused with a message', async () => {
  const endpoint = parseDockerHost('https://docker.example:2376', { source: 'setting', label: 'nanokit.docker.host' });
  await assert.rejects(dockerGet(endpoint, '/containers/json'), /uses TLS, which Nanokit cannot talk to yet/);
});

void test('owner lookup: a Docker Desktop backend holding the port is resolved to the container', async (t) => {
  const docker = await fakeDocker(t, answerContainers);
  const lsof = [
    'COMMAND              PID  USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME',
    'com.docker.backend 48213 alice  152u  IPv6 0x4b1e0f2c9d7a3e55      0t0  TCP *:8080 (LISTEN)',
  ].join('\n');
  const run: RunProgram = (file) => Promise.resolve({ stdout: file === 'lsof' ? lsof : '', exitCode: 0 });
  const result = await findPortOwner(8080, { platform: 'darwin', run, dockerEndpoint: docker.endpoint });
  assert.deepEqual(result, {
    listening: true,
    owner: {
      pid: 48213,
      name: 'com.docker.backend',
      container: {
        id: '3f9c2b1a0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a19080',
        name: 'nk-shop-local-gateway',
        labels: { 'dev.nanokit.project': 'shop', 'dev.nanokit.environment': 'local', 'dev.nanokit.role': 'gateway' },
      },
    },
  });
});

void test('owner lookup: Docker unreachable while docker-proxy holds the port is reported', async () => {
  const endpoint = parseDockerHost('unix:///nonexistent/nk/docker.sock', { source: 'DOCKER_HOST', label: 'DOCKER_HOST' });
  const lsof = 'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\ndocker-proxy 4242 root 4u IPv4 0x1 0t0 TCP *:8080 (LISTEN)\n';
  const run: RunProgram = (file) => Promise.resolve({ stdout: file === 'lsof' ? lsof : '', exitCode: 0 });
  const result = await findPortOwner(8080, { platform: 'darwin', run, dockerEndpoint: endpoint });
  assert.deepEqual(result.owner, { pid: 4242, name: 'docker-proxy' });
  assert.match(result.error ?? '', /^Could not ask Docker which container holds port 8080: Docker is not reachable at/);
});

void test('checker: a bindable port that a running container publishes is taken (userland proxy off)', async (t) => {
  const docker = await fakeDocker(t, answerContainers);
  const checker = new PortChecker({ dockerEndpoint: () => docker.endpoint, probe: (port) => Promise.resolve({ port, state: 'free' }) });
  const status = await checker.check(8443);
  assert.equal(status.state, 'taken');
  assert.equal(status.owner?.container?.name, 'nk-shop-local-gateway');
  assert.deepEqual(await checker.check(4000), { port: 4000, state: 'free' });
  const off = new PortChecker({ dockerEndpoint: docker.endpoint, checkDockerWhenFree: false, probe: (port) => Promise.resolve({ port, state: 'free' }) });
  assert.deepEqual(await off.check(8443), { port: 8443, state: 'free' });
});
