import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusView, type GatewayUiState } from '../../client/src/gatewayState';

const base: GatewayUiState = { hasNanokitFile: true, project: 'shop', environment: 'local', endpoint: 'unix:///var/run/docker.sock (default)', image: 'caddy:2.8.4' };
const running = { state: 'running' as const, containerName: 'nk-shop-local-gateway', endpoint: base.endpoint, containerId: 'c1', image: 'caddy:2.8.4', startedAt: '2026-12-04T20:00:00Z', ports: { http: 8080, https: 8443, admin: 2019 } };

void test('status bar text for each state', () => {
  assert.equal(statusView(base).text, '$(circle-slash) Gateway: stopped');
  assert.equal(statusView({ ...base, status: running }).text, '$(radio-tower) Gateway: running :8080/:8443');
  assert.equal(statusView({ ...base, status: running, busy: 'reloading' }).text, '$(sync~spin) Gateway: reloading');
  assert.equal(statusView({ ...base, busy: 'starting' }).text, '$(loading~spin) Gateway: starting');
  const unreachable = { state: 'error' as const, problem: 'docker-unreachable' as const, reason: 'Docker is not reachable', containerName: 'nk-shop-local-gateway', endpoint: base.endpoint };
  assert.deepEqual([statusView({ ...base, status: unreachable }).kind, statusView({ ...base, status: unreachable }).text], ['error', '$(error) Gateway: error']);
  assert.equal(statusView({ ...base, status: running, problem: 'Caddy rejected the config' }).kind, 'error');
});

void test('the tooltip names the environment, the Docker endpoint, the image, the ports and the last reload', () => {
  const at = new Date('2026-12-04T21:00:00Z');
  const tooltip = statusView({ ...base, status: running, lastReload: { ok: false, message: 'Caddy rejected the config: bad handler', at } }).tooltip;
  for (const part of ['Environment: local', 'Project: shop', 'Docker: unix:///var/run/docker.sock (default)', 'Image: caddy:2.8.4',
    'Ports: http 8080, https 8443, admin 127.0.0.1:2019', 'Last reload: failed', 'Caddy rejected the config: bad handler']) {
    assert.ok(tooltip.includes(part), `tooltip lacks "${part}":\n${tooltip}`);
  }
});
