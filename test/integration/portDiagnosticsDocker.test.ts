// Ports published by containers of the real dockerd (`scripts/provision.sh`: DOCKER_HOST and
// NANOKIT_TEST_IMAGE; without them these tests FAIL saying what to run): another container is
// named and can be stopped from a quick fix; this project's own gateway (look-alikes and the one
// `up` really starts) is not a conflict.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-types';
import { dockerApi, freePort, removeContainer, requireDockerTestEnv, type DockerTestEnv } from '../helpers/docker';
import { runCli } from '../helpers/gatewayCli';
import { GatewayProject } from '../helpers/gatewayFixture';
import { docUri } from '../helpers/lspClient';
import { expectedFreePair, hasPortInUse, portDoc, publication, runCheck, startPortServer, valueRange, writeProject } from '../helpers/portDocs';

/** A container of the test image publishing its port 80 on an ephemeral 127.0.0.1 port; removed after the test. */
async function publishingContainer(t: TestContext, env: DockerTestEnv, name: string, labels: Record<string, string> = {}): Promise<number> {
  t.after(() => removeContainer(env, name));
  const created = await dockerApi(env, 'POST', `/containers/create?name=${encodeURIComponent(name)}`, {
    Image: env.image,
    Cmd: ['busybox', 'httpd', '-f', '-p', '80'],
    Labels: { 'nanokit.test': 'port-diagnostics', ...labels },
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  if (created.status !== 201) throw new Error(`creating ${name} failed: ${created.status} ${created.body}`);
  const started = await dockerApi(env, 'POST', `/containers/${encodeURIComponent(name)}/start`);
  if (started.status !== 204) throw new Error(`starting ${name} failed: ${started.status} ${started.body}`);
  const inspected = await dockerApi(env, 'GET', `/containers/${encodeURIComponent(name)}/json`);
  const ports = (inspected.json as { NetworkSettings: { Ports: Record<string, { HostPort: string }[] | null> } }).NetworkSettings.Ports;
  const hostPort = Number(ports['80/tcp']?.[0]?.HostPort);
  if (!hostPort) throw new Error(`${name} has no published host port: ${JSON.stringify(ports)}`);
  return hostPort;
}

const gatewayLabels = (project: string, environment: string) => ({ 'nanokit.role': 'gateway', 'nanokit.project': project, 'nk-env': environment });
const held = (ds: Diagnostic[]) => ds.some((d) => d.code === 'port-held-by-gateway');
const unique = () => randomBytes(4).toString('hex');

void test('a port published by another container names the container and offers to stop it', async (t) => {
  const env = await requireDockerTestEnv();
  const name = `nk-portdiag-other-${unique()}`;
  const port = await publishingContainer(t, env, name);
  const httpsPort = await freePort();
  const text = portDoc({ gatewayPort: port, gatewayHttpsPort: httpsPort });
  const pair = await expectedFreePair([port, httpsPort]);
  // The endpoint comes from the nanokit.docker.host setting: the server's environment has no DOCKER_HOST.
  const withoutDockerHost = { ...process.env };
  delete withoutDockerHost.DOCKER_HOST;
  const client = await startPortServer(t, { docker: { host: env.dockerHost } }, withoutDockerHost);
  const uri = docUri('ports-docker-other');
  await client.open(uri, text);

  const [warning, ...others] = await publication(client, uri, hasPortInUse, { what: 'port-in-use' });
  assert.deepEqual(others, []);
  assert.deepEqual([warning.range, warning.severity, warning.source, warning.code], [valueRange(text, 'gatewayPort'), 2, 'nanokit', 'port-in-use']);
  const owner = `container "${name}" \\(docker-proxy, pid \\d+\\)`;
  assert.match(warning.message, new RegExp(`^Port ${port} is already in use by ${owner}\\. The gateway will not be able to start: use a free port such as ${pair.http}\\.$`));
  assert.deepEqual(warning.data, { portFix: { key: 'gatewayPort', port: pair.http, origin: 'top-level', environment: 'local' }, container: name });

  const actions = await client.codeActions(uri, warning.range, [warning]);
  assert.deepEqual(actions.map((a) => a.title), [`Use port ${pair.http} for gatewayPort`, `Stop container ${name}`]);
  assert.deepEqual(actions[1], {
    title: `Stop container ${name}`, kind: 'quickfix', diagnostics: [warning],
    command: { title: `Stop container ${name}`, command: 'nanokit.stopContainer', arguments: [name] },
  });

  // The CLI finds the container through DOCKER_HOST.
  const project = writeProject(text);
  t.after(() => project.remove());
  const cli = await runCheck(project.file, ['--format', 'json']);
  assert.equal(cli.code, 0, cli.stderr);
  const [fromCli] = JSON.parse(cli.stdout) as Diagnostic[];
  assert.deepEqual(fromCli.range, warning.range);
  assert.match(fromCli.message, new RegExp(`^Port ${port} is already in use by ${owner}\\.`));
});

void test("this project's own gateway container holding the port is not a conflict", async (t) => {
  const env = await requireDockerTestEnv();
  const projectName = `pd${unique()}`;
  const name = `nk-${projectName}-local-gateway`;
  const port = await publishingContainer(t, env, name, gatewayLabels(projectName, 'local'));
  const text = portDoc({ project: projectName, gatewayPort: port, gatewayHttpsPort: await freePort() });
  const information = {
    range: valueRange(text, 'gatewayPort'), severity: 3, source: 'nanokit', code: 'port-held-by-gateway',
    message: `Port ${port} is held by this project's gateway (${name}).`,
  };

  const client = await startPortServer(t);
  const uri = docUri('ports-docker-own');
  await client.open(uri, text);
  assert.deepEqual(await publication(client, uri, held, { what: 'port-held-by-gateway' }), [information]);
  assert.ok(client.published.every((p) => !hasPortInUse(p.diagnostics)), 'never a port-in-use warning');

  const project = writeProject(text);
  t.after(() => project.remove());
  const local = await runCheck(project.file, ['--format', 'json']);
  assert.equal(local.code, 0, local.stderr);
  assert.deepEqual(JSON.parse(local.stdout), [information]);

  // The stage gateway would need the same top-level port: there the local gateway is in the way.
  const stage = await runCheck(project.file, ['--env', 'stage', '--format', 'json']);
  assert.equal(stage.code, 0, stage.stderr);
  const [warning, ...rest] = JSON.parse(stage.stdout) as Diagnostic[];
  assert.deepEqual([warning.code, warning.range, rest], ['port-in-use', information.range, []]);
  assert.match(warning.message, new RegExp(`^Port ${port} is already in use by container "${name}" \\(docker-proxy, pid \\d+\\)\\.`));
});

void test('a gateway container recognised by its labels alone is not a conflict either', async (t) => {
  const env = await requireDockerTestEnv();
  const projectName = `pd${unique()}`;
  const name = `custom-gateway-${unique()}`;
  const port = await publishingContainer(t, env, name, gatewayLabels(projectName, 'local'));
  const text = portDoc({ project: projectName, gatewayPort: await freePort(), local: { gatewayHttpsPort: port } });

  const client = await startPortServer(t, { docker: { host: env.dockerHost } });
  const uri = docUri('ports-docker-labels');
  await client.open(uri, text);
  assert.deepEqual(await publication(client, uri, held, { what: 'port-held-by-gateway' }), [{
    range: valueRange(text, 'gatewayHttpsPort'), severity: 3, source: 'nanokit', code: 'port-held-by-gateway',
    message: `Port ${port} is held by this project's gateway (${name}).`,
  }]);
  assert.ok(client.published.every((p) => !hasPortInUse(p.diagnostics)), 'never a port-in-use warning');
});

void test('the gateway started by `up` holds its ports without a warning, in the editor and in check', async (t) => {
  const p = await GatewayProject.create(`pd${unique().slice(0, 4)}`);
  t.after(() => p.cleanup());
  p.writeDocument([{ name: 'app', port: 8081 }]);
  const up = await runCli('up', p.cliOptions());
  assert.equal(up.code, 0, `up failed: ${up.stderr}`);
  const text = fs.readFileSync(p.file, 'utf8');
  const informations = (['gatewayPort', 'gatewayHttpsPort'] as const).map((key) => ({
    range: valueRange(text, key), severity: 3, source: 'nanokit', code: 'port-held-by-gateway',
    message: `Port ${key === 'gatewayPort' ? p.httpPort : p.httpsPort} is held by this project's gateway (${p.gatewayName}).`,
  }));

  const client = await startPortServer(t);
  const uri = docUri('ports-docker-up');
  await client.open(uri, text);
  const both = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'port-held-by-gateway').length === 2;
  assert.deepEqual(await publication(client, uri, both, { what: 'two port-held-by-gateway' }), informations);
  assert.ok(client.published.every((pub) => !hasPortInUse(pub.diagnostics)), 'never a port-in-use warning');

  const check = await runCheck(p.file, ['--format', 'json']);
  assert.equal(check.code, 0, check.stderr);
  assert.deepEqual(JSON.parse(check.stdout), informations);
  // A second `up` is not refused by its own ports.
  const again = await runCli('up', p.cliOptions());
  assert.equal(again.code, 0, `second up failed: ${again.stderr}`);
});
