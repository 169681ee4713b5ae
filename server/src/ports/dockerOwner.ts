/** Which running container publishes a host port: GET /containers/json, match Ports[].PublicPort (tcp). */
import { dockerGet } from '../platform/dockerApi';
import type { DockerEndpoint } from '../platform/dockerEndpoint';
import type { PortContainer } from './types';

/**
 * Processes that hold host ports on behalf of containers: Docker's userland proxy and daemon,
 * rootless Docker/Podman port drivers, Docker Desktop's backends, Podman's gvproxy.
 */
const CONTAINER_PORT_HOLDERS = new Set([
  'docker-proxy',
  'dockerd',
  'rootlesskit',
  'rootlessport',
  'slirp4netns',
  'vpnkit',
  'gvproxy',
  'com.docker.backend',
  'com.docker.vpnkit',
  'com.docker.proxy',
  'wslrelay',
  'conmon',
]);

/** Whether a process name (as /proc, lsof or tasklist give it) is one that holds ports for containers. */
export function isContainerPortHolder(name: string | undefined): boolean {
  if (!name) return false;
  return CONTAINER_PORT_HOLDERS.has(name.toLowerCase().replace(/\.exe$/, ''));
}

/** Pure: the container in a /containers/json answer that publishes `port` over tcp. */
export function findPublishingContainer(containers: unknown, port: number): PortContainer | undefined {
  if (!Array.isArray(containers)) return undefined;
  for (const c of containers as unknown[]) {
    if (!isRecord(c) || !Array.isArray(c.Ports)) continue;
    const publishes = (c.Ports as unknown[]).some(
      (p) => isRecord(p) && p.PublicPort === port && (p.Type === undefined || p.Type === 'tcp'),
    );
    if (!publishes) continue;
    const names = Array.isArray(c.Names) ? (c.Names as unknown[]).filter((n): n is string => typeof n === 'string') : [];
    const id = typeof c.Id === 'string' ? c.Id : '';
    return { id, name: (names[0] ?? id.slice(0, 12)).replace(/^\//, ''), labels: stringRecord(c.Labels) };
  }
  return undefined;
}

export async function lookupPublishingContainer(
  endpoint: DockerEndpoint,
  port: number,
  opts: { timeoutMs?: number } = {},
): Promise<PortContainer | undefined> {
  const containers = await dockerGet(endpoint, '/containers/json', { timeoutMs: opts.timeoutMs ?? 2000 });
  return findPublishingContainer(containers, port);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
