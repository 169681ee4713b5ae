// Maps `docker inspect` of the gateway container to the status model. Pure.
import { ADMIN_CONTAINER_PORT } from './containerConfig';
import type { GatewayPorts, GatewayStatus } from './gatewayTypes';

/** The subset of the engine's ContainerInspect answer that the status needs. */
export interface InspectLike {
  Id: string;
  Config?: { Image?: string };
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
  };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
  HostConfig?: { PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
}

export function statusFromInspect(info: InspectLike | undefined, containerName: string, endpoint: string): GatewayStatus {
  const base = { containerName, endpoint };
  if (!info) return { ...base, state: 'stopped' };
  const state = info.State ?? {};
  const containerId = info.Id;
  if (state.Paused) return { ...base, state: 'error', problem: 'paused', reason: `${containerName} is paused. Unpause or stop it.`, containerId };
  if (state.Restarting) {
    return { ...base, state: 'error', problem: 'restarting', reason: `${containerName} keeps restarting (last exit code ${state.ExitCode ?? '?'}). See its logs.`, containerId };
  }
  if (state.Running) {
    return { ...base, state: 'running', containerId, image: info.Config?.Image ?? '', startedAt: state.StartedAt ?? '', ports: publishedPorts(info) };
  }
  if (state.Status === 'created') return { ...base, state: 'starting', containerId };
  if (state.ExitCode && state.ExitCode !== 0) {
    const detail = state.Error ? `: ${state.Error}` : '';
    return { ...base, state: 'error', problem: 'exited', reason: `${containerName} exited with code ${state.ExitCode}${detail}. See its logs.`, containerId };
  }
  return { ...base, state: 'stopped' };
}

/** Host ports published for 80, 443 and the admin port (from the live mapping, else the configured one). */
export function publishedPorts(info: InspectLike): GatewayPorts {
  const ports: GatewayPorts = {};
  const http = hostPort(info, '80/tcp');
  const https = hostPort(info, '443/tcp');
  const admin = hostPort(info, `${ADMIN_CONTAINER_PORT}/tcp`);
  if (http !== undefined) ports.http = http;
  if (https !== undefined) ports.https = https;
  if (admin !== undefined) ports.admin = admin;
  return ports;
}

function hostPort(info: InspectLike, key: string): number | undefined {
  const live = info.NetworkSettings?.Ports?.[key];
  const configured = info.HostConfig?.PortBindings?.[key];
  const value = (live && live[0]?.HostPort) || (configured && configured[0]?.HostPort);
  const port = value ? Number(value) : NaN;
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** One line for the CLI and tooltips, e.g. `running (http 8080, https 8443, admin 127.0.0.1:2019)`. */
export function describeStatus(status: GatewayStatus): string {
  switch (status.state) {
    case 'stopped':
      return `${status.containerName}: stopped`;
    case 'starting':
      return `${status.containerName}: starting`;
    case 'running': {
      const p = status.ports;
      return `${status.containerName}: running (http ${p.http ?? '-'}, https ${p.https ?? '-'}, admin 127.0.0.1:${p.admin ?? '-'})`;
    }
    case 'error':
      return `${status.containerName}: error: ${status.reason}`;
  }
}
