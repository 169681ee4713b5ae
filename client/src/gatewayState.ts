// The state the status bar renders: the container's status plus what the extension is doing now.
import type { GatewayStatus } from './gateway/gatewayTypes';

export interface GatewayUiState {
  /** A nanokit.yml was found (the status bar shows only then). */
  hasNanokitFile?: boolean;
  project?: string;
  environment: string;
  endpoint: string;
  image: string;
  status?: GatewayStatus;
  /** An operation in progress, shown instead of the container's state. */
  busy?: 'starting' | 'reloading' | 'stopping';
  lastReload?: { ok: boolean; message: string; at: Date };
  /** A problem that is not the container's (config rejected, port taken, no nanokit.yml). */
  problem?: string;
}

export interface StatusView {
  text: string;
  tooltip: string;
  kind: 'stopped' | 'starting' | 'running' | 'reloading' | 'error';
}

export function statusView(state: GatewayUiState): StatusView {
  const details = [
    `Environment: ${state.environment}`,
    state.project ? `Project: ${state.project}` : 'No nanokit.yml found',
    `Docker: ${state.endpoint}`,
    `Image: ${state.image}`,
  ];
  if (state.status?.state === 'running') {
    const p = state.status.ports;
    details.push(`Ports: http ${p.http ?? '-'}, https ${p.https ?? '-'}, admin 127.0.0.1:${p.admin ?? '-'}`);
  }
  if (state.lastReload) details.push(`Last reload: ${state.lastReload.ok ? 'ok' : 'failed'} at ${state.lastReload.at.toLocaleTimeString()}: ${state.lastReload.message}`);
  if (state.problem) details.push(`Problem: ${state.problem}`);
  if (state.status?.state === 'error') details.push(`Error: ${state.status.reason}`);
  details.push('', 'Click for gateway commands');
  const tooltip = details.join('\n');
  if (state.busy === 'reloading') return { kind: 'reloading', text: '$(sync~spin) Gateway: reloading', tooltip };
  if (state.busy === 'starting') return { kind: 'starting', text: '$(loading~spin) Gateway: starting', tooltip };
  if (state.busy === 'stopping') return { kind: 'starting', text: '$(loading~spin) Gateway: stopping', tooltip };
  const status = state.status;
  if (status?.state === 'error' || state.problem) return { kind: 'error', text: '$(error) Gateway: error', tooltip };
  if (status?.state === 'running') {
    return { kind: 'running', text: `$(radio-tower) Gateway: running :${status.ports.http ?? '?'}/:${status.ports.https ?? '?'}`, tooltip };
  }
  if (status?.state === 'starting') return { kind: 'starting', text: '$(loading~spin) Gateway: starting', tooltip };
  return { kind: 'stopped', text: '$(circle-slash) Gateway: stopped', tooltip };
}
