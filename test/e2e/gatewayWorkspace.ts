// The real gateway for the end-to-end tests: a project in the workspace copy (gateway/nanokit.yml)
// on ephemeral ports, settings that point the extension at the local Caddy image, and a cleanup
// that removes the container. Needs provision.sh's private dockerd (DOCKER_HOST, NANOKIT_TEST_IMAGE).
// Node only: used by the test runner, the UI test and (through NANOKIT_E2E_GATEWAY) the suite.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GATEWAY_NETWORK, gatewayContainerName } from '../../server/src/core/model';
import { adminRequest } from '../helpers/caddy';
import { dockerApi, freePorts, inspectContainer, removeContainer, requireDockerTestEnv } from '../helpers/docker';

export interface GatewayFixture {
  /** Workspace-relative path of the project's nanokit.yml. */
  file: string;
  project: string;
  host: string;
  containerName: string;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  image: string;
  dockerSocket: string;
  /** nanokit-net existed before the test (then it is left in place). */
  networkExisted: boolean;
}

export const gatewayEnvVar = 'NANOKIT_E2E_GATEWAY';
export const gatewayErrorEnvVar = 'NANOKIT_E2E_GATEWAY_ERROR';

/** The fixture the runner prepared, in the extension host; throws the runner's reason when there is none. */
export function gatewayFixtureFromEnv(): GatewayFixture {
  const json = process.env[gatewayEnvVar];
  if (!json) throw new Error(process.env[gatewayErrorEnvVar] ?? `${gatewayEnvVar} is not set: run the suite through runExtensionTests`);
  return JSON.parse(json) as GatewayFixture;
}

function readJsonc(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  const json = fs.readFileSync(file, 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('//')).join('\n');
  return JSON.parse(json) as Record<string, unknown>;
}

/** Writes gateway/nanokit.yml and the workspace settings; `project` must differ between concurrent runs. */
export async function prepareGatewayWorkspace(workspace: string, project: string): Promise<GatewayFixture> {
  const docker = await requireDockerTestEnv();
  const [httpPort, httpsPort, adminPort] = await freePorts(3);
  const network = await dockerApi(docker, 'GET', `/networks/${GATEWAY_NETWORK}`);
  const fixture: GatewayFixture = {
    file: 'gateway/nanokit.yml', project, host: `${project}.localhost`, containerName: gatewayContainerName(project, 'local'),
    httpPort: httpPort!, httpsPort: httpsPort!, adminPort: adminPort!, image: docker.image, dockerSocket: docker.socketPath,
    networkExisted: network.status === 200,
  };
  fs.mkdirSync(path.join(workspace, 'gateway'), { recursive: true });
  fs.writeFileSync(path.join(workspace, fixture.file), [
    `name: ${project}`, 'version: "1"', `gatewayPort: ${fixture.httpPort}`, `gatewayHttpsPort: ${fixture.httpsPort}`, '',
    'services:', '  web:', '    image: busybox', '    port: 8080', `    host: ${fixture.host}`, '',
  ].join('\n'));
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = { ...readJsonc(settingsFile), 'nanokit.gateway.image': fixture.image, 'nanokit.gateway.adminPort': fixture.adminPort };
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  return fixture;
}

/** Removes the gateway container (and nanokit-net when this test created it and it is empty). */
export async function removeGateway(fixture: GatewayFixture): Promise<void> {
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
