// Zero-downtime reload against the real Caddy in Docker: a request in flight during a reload
// completes; a config Caddy rejects is reported with Caddy's message while the old routes keep
// answering; the config ETag (an HTTP trailer in Caddy 2.6) guards concurrent edits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaddyAdminClient } from '../../client/src/gateway/adminClient';
import { DockerGatewayController } from '../../client/src/gateway/dockerController';
import { ConfigRejectedError, ConflictError } from '../../client/src/gateway/errors';
import { caddyConfigForText } from '../../server/src/core/analyze';
import type { ResolvedService } from '../../server/src/core/model';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { eventually, httpsGet, inspectContainer } from '../helpers/docker';
import { runCli } from '../helpers/gatewayCli';
import { GatewayProject } from '../helpers/gatewayFixture';

const APP = { name: 'app', port: 8081 };
const SLOW = { name: 'slow', port: 9999 };
const EXTRA = { name: 'extra', port: 8084 };

/** A backend on the host (0.0.0.0, reachable from containers via host.docker.internal) that can hold its answer. */
class HoldingBackend {
  readonly server = http.createServer((_req, res) => this.handle(res));
  private hold: { received: () => void; release: Promise<void> } | undefined;

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '0.0.0.0', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** The next request waits for `release`; the returned promise resolves when it arrived. */
  holdNext(release: Promise<void>): Promise<void> {
    return new Promise((received) => (this.hold = { received, release }));
  }

  private handle(res: http.ServerResponse): void {
    const hold = this.hold;
    this.hold = undefined;
    if (!hold) return void res.end('slow ready\n');
    hold.received();
    void hold.release.then(() => res.end('slow done\n'));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

void describe('gateway reload (real dockerd + Caddy)', () => {
  let p: GatewayProject;
  let root: string;
  let backend: HoldingBackend;
  let backendPort: number;
  const controller = new DockerGatewayController({ endpoint: resolveDockerEndpoint() });

  before(async () => {
    p = await GatewayProject.create('r');
    p.writeDocument([APP]);
    await p.startService(APP);
    backend = new HoldingBackend();
    backendPort = await backend.listen();
    const up = await runCli('up', p.cliOptions());
    assert.equal(up.code, 0, up.stderr);
    root = await new CaddyAdminClient({ port: p.adminPort }).waitForLocalCaRoot();
    await eventually(() => httpsGet({ host: 'app.localhost', port: p.httpsPort, ca: root }), 10_000);
  });

  after(async () => {
    await backend?.close();
    await p?.cleanup();
  });

  /** The document's config with `slow` proxied to the host backend. */
  function configWith(services: Array<{ name: string; port: number }>): Record<string, unknown> {
    p.writeDocument(services);
    const upstream = (s: ResolvedService) => (s.name === 'slow' ? `host.docker.internal:${backendPort}` : `${s.containerName}:${s.upstreamPort}`);
    const result = caddyConfigForText(fs.readFileSync(p.file, 'utf8'), 'local', { upstream });
    assert.deepEqual(result.errors, []);
    return result.config!;
  }

  void it('a request in flight during a reload completes, and the container is not restarted', async () => {
    const before = await inspectContainer(p.env, p.gatewayName);
    await controller.reload(p.project, 'local', configWith([APP, SLOW]));
    const warm = await eventually(() => httpsGet({ host: 'slow.localhost', port: p.httpsPort, ca: root }), 10_000);
    assert.equal(warm.body, 'slow ready\n');

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrived = backend.holdNext(released);
    const inFlight = httpsGet({ host: 'slow.localhost', port: p.httpsPort, ca: root, timeoutMs: 20_000 });
    await arrived;
    const reloadStarted = Date.now();
    await controller.reload(p.project, 'local', configWith([APP, SLOW, EXTRA]));
    const reloadMs = Date.now() - reloadStarted;
    release();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(res.body, 'slow done\n');
    assert.ok(reloadMs < 5_000, `reload took ${reloadMs} ms`);

    const config = (await new CaddyAdminClient({ port: p.adminPort }).getConfig()).config as { apps: { http: { servers: { https: { routes: unknown[] } } } } };
    assert.equal(config.apps.http.servers.https.routes.length, 3, 'the new config (3 routes) is active');
    const afterReload = await inspectContainer(p.env, p.gatewayName);
    assert.equal(afterReload?.Id, before?.Id);
    assert.equal(afterReload?.State.StartedAt, before?.State.StartedAt);
  });

  void it('a config Caddy rejects is reported with Caddy\'s message and the old routes keep answering', async () => {
    const good = configWith([APP]);
    await controller.reload(p.project, 'local', good);
    const bad = structuredClone(good) as { apps: { http: { servers: { https: { routes: Array<{ handle: unknown[] }> } } } } };
    bad.apps.http.servers.https.routes[0]!.handle.unshift({ handler: 'nanokit_no_such_handler' });
    const error = await controller.reload(p.project, 'local', bad).then(
      () => assert.fail('Caddy should reject the config'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigRejectedError, String(error));
    assert.equal(error.status, 400);
    assert.match(error.caddyMessage, /unknown module: http\.handlers\.nanokit_no_such_handler/);
    assert.match(error.message, /^Caddy rejected the config: .*unknown module: http\.handlers\.nanokit_no_such_handler\. The previous config keeps serving\.$/);

    const res = await httpsGet({ host: 'app.localhost', port: p.httpsPort, ca: root });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'service app\n');
  });

  void it('reads the config ETag from Caddy 2.6\'s trailer and gets 412 for a stale one', async () => {
    const admin = new CaddyAdminClient({ port: p.adminPort });
    const first = await admin.getConfig();
    assert.match(first.etag ?? '', /^"\/config\/ [0-9a-f]+"$/);
    const changed = structuredClone(first.config) as Record<string, unknown>;
    (changed.apps as { http: { servers: { https: { routes: Array<{ '@id'?: string }> } } } }).http.servers.https.routes.push({ '@id': 'nanokit-etag-test' });
    await admin.replaceConfig(changed, first.etag!);
    const second = await admin.getConfig();
    assert.notEqual(second.etag, first.etag);
    await assert.rejects(admin.replaceConfig(first.config, first.etag!), ConflictError);
  });
});
