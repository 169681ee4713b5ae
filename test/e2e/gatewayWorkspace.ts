// The real gateway for the end-to-end tests: a project in the workspace copy (gateway/nanokit.yml)
// on reserved ephemeral ports, settings that point the extension at the local Caddy image, and a
// cleanup that removes the container. Needs provision.sh's private dockerd (DOCKER_HOST,
// NANOKIT_TEST_IMAGE). Node only: used by the UI test and by the extension-host suite.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { GATEWAY_NETWORK, gatewayContainerName } from '../../server/src/core/model';
import { adminRequest } from '../helpers/caddy';
import { dockerApi, inspectContainer, removeContainer, requireDockerTestEnv } from '../helpers/docker';

export interface GatewayFixture {
  /** Workspace-relative path of the project's nanokit.yml. */
  file: string;
  project: string;
  host: string;
  containerName: string;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  dockerSocket: string;
  /** nanokit-net existed before the test (then it is left in place). */
  networkExisted: boolean;
  /** The workspace settings the gateway commands need (local image, admin port). */
  settings: Record<string, unknown>;
  /**
   * The three ports stay bound by this process until released, so that other programs on a shared
   * machine cannot take them between the choice and the gateway's start: release right before it.
   */
  releasePorts(): Promise<void>;
}

/** Names the extension-host suite's gateway project (the suite prepares it itself, right before use). */
export const gatewayProjectEnvVar = 'NANOKIT_E2E_GATEWAY_PROJECT';

/** Holds `count` distinct ephemeral ports (listening on every address) until released. */
async function reservePorts(count: number): Promise<{ ports: number[]; release: () => Promise<void> }> {
  const servers: net.Server[] = [];
  const release = (): Promise<void> => Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined);
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => resolve());
      });
      servers.push(server);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { ports: servers.map((s) => (s.address() as net.AddressInfo).port), release };
}

/**
 * Writes gateway/nanokit.yml into the workspace; the caller applies `settings` and releases the ports
 * right before starting the gateway. `project` must differ between runs that may overlap.
 */
export async function prepareGatewayWorkspace(workspace: string, project: string): Promise<GatewayFixture> {
  const docker = await requireDockerTestEnv();
  const network = await dockerApi(docker, 'GET', `/networks/${GATEWAY_NETWORK}`);
  const { ports: [httpPort, httpsPort, adminPort], release } = await reservePorts(3);
  const fixture: GatewayFixture = {
    file: 'gateway/nanokit.yml', project, host: `${project}.localhost`, containerName: gatewayContainerName(project, 'local'),
    httpPort: httpPort!, httpsPort: httpsPort!, adminPort: adminPort!, dockerSocket: docker.socketPath,
    networkExisted: network.status === 200,
    settings: { 'nanokit.gateway.image': docker.image, 'nanokit.gateway.adminPort': adminPort },
    releasePorts: release,
  };
  fs.mkdirSync(path.join(workspace, 'gateway'), { recursive: true });
  fs.writeFileSync(path.join(workspace, fixture.file), [
    `name: ${project}`, 'version: "1"', `gatewayPort: ${fixture.httpPort}`, `gatewayHttpsPort: ${fixture.httpsPort}`, '',
    'services:', '  web:', '    image: busybox', '    port: 8080', `    host: ${fixture.host}`, '',
  ].join('\n'));
  return fixture;
}

/** Merges `settings` into the workspace's .vscode/settings.json (before VS Code opens it). */
export function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const existing = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('//')).join('\n')) as Record<string, unknown>
    : {};
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...settings }, null, 2));
}

/** Removes the gateway container (and nanokit-net when this test created it and it is empty). */
export async function removeGateway(fixture: GatewayFixture): Promise<void> {
  await fixture.releasePorts();
  const docker = { socketPath: fixture.dockerSocket };
  await removeContainer(docker, fixture.containerName);
  if (fixture.networkExisted) return;
  const network = await dockerApi(docker, 'GET', `/networks/${GATEWAY_NETWORK}`);
  const attached = Object.keys((network.json as { Containers?: Record<string, unknown> } | undefined)?.Containers ?? {});
  if (network.status === 200 && attached.length === 0) await dockerApi(docker, 'DELETE', `/networks/${GATEWAY_NETWORK}`);
}

export async function gatewayContainer(fixture: GatewayFixture): Promise<{ running: boolean; startedAt: string } | undefined> {
  const container = await inspectContainer({ socketPath: fixture.dockerSocket }, fixture.containerName);
  return container && { running: container.State.Running, startedAt: container.State.StartedAt };
}

type CaddyConfig = { apps?: { http?: { servers?: Record<string, { routes?: { match?: { host?: string[] }[] }[] }> } } };

/** Every host a Caddy JSON config routes, in order. */
export function routedHosts(config: unknown): string[] {
  const servers = Object.values((config as CaddyConfig | null)?.apps?.http?.servers ?? {});
  return servers.flatMap((s) => (s.routes ?? []).flatMap((r) => (r.match ?? []).flatMap((m) => m.host ?? [])));
}

/** The hosts the running gateway's Caddy routes now (GET /config/ on its admin API). */
export async function hostsCaddyRoutes(fixture: GatewayFixture): Promise<string[]> {
  const response = await adminRequest(`127.0.0.1:${fixture.adminPort}`, 'GET', '/config/');
  if (response.status !== 200) throw new Error(`Caddy admin GET /config/ answered ${response.status}: ${response.body}`);
  return routedHosts(JSON.parse(response.body));
}
