// The gateway against the real dockerd and the local Caddy image from provision.sh: `up` serves
// every service over HTTPS from the internal CA with the four headers, the admin API is on
// loopback only, `reload` adds a host without a restart, `down` removes the container and keeps
// the data. Run `bash scripts/provision.sh all` first and export what it prints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { CaddyAdminClient } from '../../client/src/gateway/adminClient';
import { DockerGatewayController } from '../../client/src/gateway/dockerController';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { eventually, httpsGet, inspectContainer, nonLoopbackIPv4, tryConnect } from '../helpers/docker';
import { runCli } from '../helpers/gatewayCli';
import { GatewayProject } from '../helpers/gatewayFixture';

const APP = { name: 'app', port: 8081 };
const API = { name: 'api', port: 8082 };
const WEB = { name: 'web', port: 8083 };

function httpGet(port: number, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/x?y=1', headers: { Host: host }, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

void describe('gateway up / reload / status / down (real dockerd + Caddy)', () => {
  let p: GatewayProject;
  let root: string;

  before(async () => {
    p = await GatewayProject.create('g');
    p.writeDocument([APP, API]);
    await p.startService(APP);
    await p.startService(API);
  });

  after(async () => {
    await p?.cleanup();
  });

  void it('up starts nk-<project>-local-gateway and serves each service over HTTPS from the internal CA', async () => {
    const r = await runCli('up', p.cliOptions());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Gateway started\\. ${p.gatewayName}: running \\(http ${p.httpPort}, https ${p.httpsPort}, admin 127\\.0\\.0\\.1:${p.adminPort}\\)`));

    root = await new CaddyAdminClient({ port: p.adminPort }).waitForLocalCaRoot();
    assert.match(root, /^-----BEGIN CERTIFICATE-----/);
    for (const service of [APP, API]) {
      const res = await eventually(() => httpsGet({ host: `${service.name}.localhost`, port: p.httpsPort, ca: root }), 10_000);
      assert.equal(res.status, 200);
      assert.equal(res.body, `service ${service.name}\n`);
      assert.equal(res.issuerCN, 'Caddy Local Authority - ECC Intermediate');
      assert.equal(res.subjectAltName, `DNS:${service.name}.localhost`);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    }

    const redirect = await httpGet(p.httpPort, 'app.localhost');
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.location, `https://app.localhost:${p.httpsPort}/x?y=1`);

    const info = (await inspectContainer(p.env, p.gatewayName)) as unknown as { Config: { Labels: Record<string, string> }; HostConfig: { RestartPolicy: { Name: string } } };
    assert.equal(info.Config.Labels['nk-env'], 'local');
    assert.equal(info.Config.Labels['nanokit.project'], p.project);
    assert.equal(info.Config.Labels['nanokit.role'], 'gateway');
    assert.equal(info.HostConfig.RestartPolicy.Name, 'unless-stopped');
    const rootOnDisk = path.join(p.dir, '.nanokit', 'gateway', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
    assert.ok(fs.existsSync(rootOnDisk), `${rootOnDisk} should exist (persistence dir mounted as Caddy's data dir)`);
  });

  void it('publishes the admin API on 127.0.0.1 only', async () => {
    assert.equal(await tryConnect('127.0.0.1', p.adminPort), 'connected');
    assert.equal(await new CaddyAdminClient({ port: p.adminPort }).isReachable(), true);
    const ip = nonLoopbackIPv4();
    assert.ok(ip, 'this host needs a non-loopback IPv4 address for this check');
    assert.equal(await tryConnect(ip, p.httpsPort), 'connected', 'the HTTPS port is published on all addresses');
    assert.equal(await tryConnect(ip, p.adminPort), 'ECONNREFUSED');
  });

  void it('status reports running with the host ports', async () => {
    const r = await runCli('status', p.cliOptions());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${p.gatewayName}: running (http ${p.httpPort}, https ${p.httpsPort}, admin 127.0.0.1:${p.adminPort})\n`);
  });

  void it('reload after adding a service serves the new host without restarting the container', async () => {
    const before = await inspectContainer(p.env, p.gatewayName);
    await p.startService(WEB);
    p.writeDocument([APP, API, WEB]);
    const r = await runCli('reload', p.cliOptions());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Reloaded ${p.gatewayName} \\(3 routes\\) in \\d+ ms\\.\\n$`));
    const res = await eventually(() => httpsGet({ host: 'web.localhost', port: p.httpsPort, ca: root }), 10_000);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'service web\n');

    const again = await runCli('up', p.cliOptions());
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `Gateway ${p.gatewayName} was already running: config reloaded.\n`);

    const afterReload = await inspectContainer(p.env, p.gatewayName);
    assert.equal(afterReload?.Id, before?.Id);
    assert.equal(afterReload?.State.StartedAt, before?.State.StartedAt);
  });

  void it('streams the gateway logs and reports Docker events for it', async () => {
    const controller = new DockerGatewayController({ endpoint: resolveDockerEndpoint() });
    const lines: string[] = [];
    await controller.logs(p.project, 'local', { follow: false, tail: 50 }, (l) => lines.push(l));
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => typeof (JSON.parse(l) as { level?: unknown }).level === 'string'), 'Caddy logs JSON lines');
    assert.ok(lines.some((l) => l.includes('"msg":"autosaved config (load with --resume flag)"')), lines.slice(-5).join('\n'));

    const seen: string[] = [];
    const events = await controller.events((e) => seen.push(`${e.action} ${e.name}`), p.project);
    const followed: string[] = [];
    const follow = await controller.logs(p.project, 'local', { follow: true, tail: 0 }, (l) => followed.push(l));
    try {
      const r = await runCli('down', p.cliOptions());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `Gateway ${p.gatewayName} stopped and removed (data kept in ${path.join(p.dir, '.nanokit', 'gateway')}).\n`);
      await eventually(async () => assert.ok(seen.includes(`destroy ${p.gatewayName}`), seen.join(', ')), 10_000);
      assert.ok(seen.includes(`die ${p.gatewayName}`), seen.join(', '));
    } finally {
      events.close();
      follow.close();
    }
    assert.ok(followed.some((l) => /shutting down|stopped previous server|exiting/i.test(l)), followed.join('\n'));
  });

  void it('down removed the container, kept the data dir; status says stopped; down again is a no-op', async () => {
    assert.equal(await inspectContainer(p.env, p.gatewayName), undefined);
    assert.ok(fs.existsSync(path.join(p.dir, '.nanokit', 'gateway', 'caddy', 'pki', 'authorities', 'local', 'root.key')));
    const s = await runCli('status', p.cliOptions());
    assert.equal(s.stdout, `${p.gatewayName}: stopped\n`);
    const again = await runCli('down', p.cliOptions());
    assert.equal(again.code, 0);
    assert.equal(again.stdout, `Gateway ${p.gatewayName} is not running.\n`);
  });

  void it('up again reuses the persisted local CA (same root)', async () => {
    const r = await runCli('up', p.cliOptions());
    assert.equal(r.code, 0, r.stderr);
    const again = await new CaddyAdminClient({ port: p.adminPort }).waitForLocalCaRoot();
    assert.equal(again.trim(), root.trim());
  });
});
