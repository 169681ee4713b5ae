// The gateway container running as a non-root host user (what a non-root Linux user gets by
// default): Caddy still binds 80/443 inside, serves HTTPS, and its files in the persistence
// dir belong to that user, so `.nanokit/` in a project is never left owned by root.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaddyAdminClient } from '../../client/src/gateway/adminClient';
import { DockerGatewayController } from '../../client/src/gateway/dockerController';
import { caddyConfigForText } from '../../server/src/core/analyze';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { eventually, httpsGet } from '../helpers/docker';
import { GatewayProject } from '../helpers/gatewayFixture';

const APP = { name: 'app', port: 8081 };
const UID = 4321;

void describe('gateway as a non-root user (real dockerd + Caddy)', () => {
  let p: GatewayProject;
  const controller = new DockerGatewayController({ endpoint: resolveDockerEndpoint() });

  before(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test chowns a directory to another uid: run it as root (CI runs as root)');
    p = await GatewayProject.create('u');
    p.writeDocument([APP]);
    await p.startService(APP);
  });

  after(async () => {
    await p?.cleanup();
  });

  void it(`runs Caddy as ${UID}:${UID}, serves HTTPS, and the data files belong to that user`, async () => {
    const dataDir = path.join(p.dir, '.nanokit', 'gateway');
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.chownSync(dataDir, UID, UID);
    const config = caddyConfigForText(fs.readFileSync(p.file, 'utf8'), 'local').config!;
    const spec = {
      project: p.project, environment: 'local', image: p.env.image, httpPort: p.httpPort, httpsPort: p.httpsPort,
      adminPort: p.adminPort, persistenceDir: dataDir, user: `${UID}:${UID}`,
    };
    const result = await controller.start(spec, config);
    assert.equal(result.action, 'created');
    assert.equal(result.status.state, 'running');

    const root = await new CaddyAdminClient({ port: p.adminPort }).waitForLocalCaRoot();
    const res = await eventually(() => httpsGet({ host: 'app.localhost', port: p.httpsPort, ca: root }), 10_000);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'service app\n');
    const key = path.join(dataDir, 'caddy', 'pki', 'authorities', 'local', 'root.key');
    assert.equal(fs.statSync(key).uid, UID);
    assert.equal(fs.statSync(path.join(dataDir, 'caddy')).uid, UID);
    assert.equal(await controller.stop(p.project, 'local'), true);
  });
});
