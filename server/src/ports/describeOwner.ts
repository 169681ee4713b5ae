/** Pure wording for port owners, shared by diagnostics, the CLI and the status bar. */
import type { PortOwner } from './types';

/**
 * `nginx (pid 812)`, `container "nk-shop-local-gateway" (docker-proxy, pid 4242)`,
 * `container "web"`, `pid 812`, or `another program` when nothing is known.
 */
export function describeOwner(owner: PortOwner | undefined): string {
  const process = [owner?.name, owner?.pid !== undefined ? `pid ${owner.pid}` : undefined].filter((s): s is string => !!s);
  if (owner?.container) {
    const label = `container "${owner.container.name}"`;
    return process.length > 0 ? `${label} (${process.join(', ')})` : label;
  }
  if (owner?.name && owner.pid !== undefined) return `${owner.name} (pid ${owner.pid})`;
  return process[0] ?? 'another program';
}

/** What to do when binding a port below 1024 needs rights the user lacks (EACCES). */
export function privilegedPortRemedy(port: number, platform: NodeJS.Platform = process.platform): string {
  const generic = `or use a port of 1024 or above (e.g. ${port === 443 ? 8443 : 8080})`;
  if (platform === 'linux') {
    return `Ports below 1024 need root here: allow them with \`sudo sysctl -w net.ipv4.ip_unprivileged_port_start=${port}\`, ${generic}.`;
  }
  return `Ports below 1024 need administrator rights here: run with elevated rights, ${generic}.`;
}
