// The controller's image handling against a fake Engine API on a unix socket: a failed pull that
// an engine reports only inside the progress stream (as podman does) is still a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerGatewayController } from '../../client/src/gateway/dockerController';
import { ImagePullError } from '../../client/src/gateway/errors';
import type { PullProgress } from '../../client/src/gateway/gatewayTypes';

async function fakeEngine(t: { after(fn: () => Promise<void>): void }, handler: http.RequestListener): Promise<DockerGatewayController> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-fake-engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new DockerGatewayController({ endpoint: { kind: 'socket', address: socketPath, socketPath, source: 'setting', description: `unix://${socketPath} (test)` } });
}

function missingImageThenPull(progress: object[], status = 200): http.RequestListener {
  return (req, res) => {
    if (req.method === 'GET' && /\/images\/.+\/json$/.test(req.url ?? '')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return void res.end('{"message":"No such image: caddy:9"}');
    }
    if (req.method === 'POST' && req.url?.includes('/images/create')) {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      return void res.end(progress.map((p) => JSON.stringify(p)).join('\r\n'));
    }
    res.writeHead(500);
    res.end('{"message":"unexpected"}');
  };
}

void test('an error reported only in a progress event fails the pull with that message', async (t) => {
  const controller = await fakeEngine(t, missingImageThenPull([
    { status: 'Trying to pull docker.io/library/caddy:9...' },
    { error: 'initializing source docker://caddy:9: reading manifest 9: manifest unknown', errorDetail: { message: 'initializing source docker://caddy:9: reading manifest 9: manifest unknown' } },
  ]));
  const seen: PullProgress[] = [];
  await assert.rejects(controller.ensureImage('caddy:9', (e) => seen.push(e)), (e: unknown) => {
    assert.ok(e instanceof ImagePullError);
    assert.equal(e.message, 'Could not pull the gateway image caddy:9: initializing source docker://caddy:9: reading manifest 9: manifest unknown. Check the image name (nanokit.gateway.image) and your registry access.');
    return true;
  });
  assert.equal(seen.length, 2, 'every progress event reaches the callback');
});

void test('a clean progress stream means pulled; a present image is not pulled', async (t) => {
  const controller = await fakeEngine(t, missingImageThenPull([{ status: 'Pulling from library/caddy', id: '9' }, { status: 'Status: Downloaded newer image for caddy:9' }]));
  assert.equal(await controller.ensureImage('caddy:9'), 'pulled');
  let pulls = 0;
  const present = await fakeEngine(t, (req, res) => {
    if (req.url?.includes('/images/create')) pulls++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"Id":"sha256:1"}');
  });
  assert.equal(await present.ensureImage('caddy:9'), 'present');
  assert.equal(pulls, 0);
});

void test('the engine refusing the pull request itself is an ImagePullError too', async (t) => {
  const controller = await fakeEngine(t, (req, res) => {
    res.writeHead(req.method === 'GET' ? 404 : 500, { 'Content-Type': 'application/json' });
    res.end('{"message":"Get \\"https://registry-1.docker.io/v2/\\": dial tcp: lookup registry-1.docker.io: no such host"}');
  });
  await assert.rejects(controller.ensureImage('caddy:9'), /Could not pull the gateway image caddy:9: Get "https:\/\/registry-1\.docker\.io\/v2\/": dial tcp/);
});

void test('status of an engine that is not there: error state naming the endpoint', async () => {
  const socketPath = path.join(os.tmpdir(), `nk-no-engine-${process.pid}.sock`);
  const controller = new DockerGatewayController({ endpoint: { kind: 'socket', address: socketPath, socketPath, source: 'DOCKER_HOST', description: `unix://${socketPath} (DOCKER_HOST)` } });
  const status = await controller.status('shop', 'local');
  assert.equal(status.state, 'error');
  assert.equal(status.state === 'error' && status.problem, 'docker-unreachable');
  assert.equal(status.state === 'error' && status.reason, `Docker is not reachable at unix://${socketPath} (DOCKER_HOST) (ENOENT: no socket there). Start Docker, or point nanokit.docker.host / DOCKER_HOST at a running engine.`);
});

void test('events: label-filtered subscription, one callback per event, onEnd when the engine closes the stream', async (t) => {
  let query = '';
  const controller = await fakeEngine(t, (req, res) => {
    query = decodeURIComponent(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(JSON.stringify({ Type: 'container', Action: 'start', Actor: { Attributes: { name: 'nk-shop-local-gateway', 'nk-env': 'local' } } }) + '\n');
    res.end(JSON.stringify({ Type: 'container', Action: 'die', Actor: { Attributes: { name: 'nk-shop-local-gateway', 'nk-env': 'local' } } }) + '\n');
  });
  const seen: string[] = [];
  const ended = new Promise<Error | undefined>((resolve) => {
    void controller.events((e) => seen.push(`${e.action} ${e.name} ${e.environment}`), 'shop', resolve);
  });
  assert.equal(await ended, undefined);
  assert.deepEqual(seen, ['start nk-shop-local-gateway local', 'die nk-shop-local-gateway local']);
  assert.match(query, /"label":\["nanokit\.role=gateway","nanokit\.project=shop"\]/);
  assert.match(query, /"type":\["container"\]/);
});
