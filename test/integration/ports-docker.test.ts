// Needs the real dockerd and test image of `scripts/provision.sh` (DOCKER_HOST, NANOKIT_TEST_IMAGE);
// without them the test FAILS saying what to run. Kept apart from ports.test.ts for the docker tier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { PortChecker, describeOwner, findPortOwner } from '../../server/src/ports';
import { dockerApi, removeContainer, requireDockerTestEnv, type DockerTestEnv } from '../helpers/docker';

interface PublishedContainer {
  id: string;
  name: string;
  hostPort: number;
}

/** A busybox httpd container publishing its port 80 on an ephemeral 127.0.0.1 port. */
async function startPublishingContainer(env: DockerTestEnv, name: string): Promise<PublishedContainer> {
  const created = await dockerApi(env, 'POST', `/containers/create?name=${encodeURIComponent(name)}`, {
    Image: env.image,
    Cmd: ['busybox', 'httpd', '-f', '-p', '80'],
    Labels: { 'nanokit.test': 'ports' },
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  if (created.status !== 201) throw new Error(`creating ${name} failed: ${created.status} ${created.body}`);
  const id = (created.json as { Id: string }).Id;
  const started = await dockerApi(env, 'POST', `/containers/${id}/start`);
  if (started.status !== 204) throw new Error(`starting ${name} failed: ${started.status} ${started.body}`);
  const inspected = await dockerApi(env, 'GET', `/containers/${id}/json`);
  const ports = (inspected.json as { NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> } })
    .NetworkSettings.Ports;
  const hostPort = Number(ports['80/tcp']?.[0]?.HostPort);
  if (!hostPort) throw new Error(`${name} has no published host port: ${JSON.stringify(ports)}`);
  return { id, name, hostPort };
}

void test('a port published by a container is taken, and the owner names the container', async (t) => {
  const env = await requireDockerTestEnv();
  const name = `nk-ports-test-${randomBytes(4).toString('hex')}`;
  t.after(() => removeContainer(env, name));
  const container = await startPublishingContainer(env, name);
  const dockerEndpoint = resolveDockerEndpoint({ env: process.env });

  const status = await new PortChecker({ dockerEndpoint }).check(container.hostPort);
  assert.equal(status.state, 'taken');
  assert.equal(status.error, undefined);
  assert.equal(status.owner?.container?.id, container.id);
  assert.equal(status.owner?.container?.name, name);
  assert.equal(status.owner?.container?.labels['nanokit.test'], 'ports', 'container labels (image labels are merged in)');
  // dockerd's userland proxy (on by default) holds the host port for the container.
  assert.equal(status.owner?.name, 'docker-proxy');
  assert.ok(Number.isInteger(status.owner?.pid), 'docker-proxy pid');
  assert.match(status.owner?.commandLine ?? '', new RegExp(`-host-port ${container.hostPort}\\b`));
  assert.equal(describeOwner(status.owner), `container "${name}" (docker-proxy, pid ${status.owner?.pid})`);

  // Without a Docker endpoint the lookup still names the process, just not the container.
  const bare = await findPortOwner(container.hostPort);
  assert.equal(bare.owner?.name, 'docker-proxy');
  assert.equal(bare.owner?.container, undefined);
});

void test('once the container is removed its port is free again', async (t) => {
  const env = await requireDockerTestEnv();
  const name = `nk-ports-test-${randomBytes(4).toString('hex')}`;
  t.after(() => removeContainer(env, name));
  const container = await startPublishingContainer(env, name);
  const checker = new PortChecker({ dockerEndpoint: resolveDockerEndpoint({ env: process.env }) });
  assert.equal((await checker.check(container.hostPort)).state, 'taken');
  await removeContainer(env, name);
  checker.invalidate();
  assert.deepEqual(await checker.check(container.hostPort), { port: container.hostPort, state: 'free' });
});
