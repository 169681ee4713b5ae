// The gateway's failure paths against the real dockerd: Docker unreachable, a host port taken,
// a document with errors, an image that cannot be pulled. Each gives one clear message, exit 1,
// and leaves no container behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DockerGatewayController } from '../../client/src/gateway/dockerController';
import { ImagePullError, PortTakenError } from '../../client/src/gateway/errors';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { inspectContainer } from '../helpers/docker';
import { runCli } from '../helpers/gatewayCli';
import { GatewayProject } from '../helpers/gatewayFixture';

const APP = { name: 'app', port: 8081 };

void describe('gateway errors (real dockerd)', () => {
  let p: GatewayProject;
  let listener: net.Server;
  let takenPort: number;
  const controller = new DockerGatewayController({ endpoint: resolveDockerEndpoint() });

  before(async () => {
    p = await GatewayProject.create('e');
    listener = net.createServer((s) => s.destroy());
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
    takenPort = (listener.address() as net.AddressInfo).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => listener?.close(() => resolve()));
    await p?.cleanup();
  });

  void it('Docker unreachable: up, status and down say where and what to do, exit 1', async () => {
    const socket = path.join(p.dir, 'no-docker-here.sock');
    p.writeDocument([APP]);
    for (const command of ['up', 'status', 'down'] as const) {
      const r = await runCli(command, p.cliOptions({ env: { DOCKER_HOST: `unix://${socket}` } }));
      assert.equal(r.code, 1, `${command}: ${r.stdout}${r.stderr}`);
      const text = r.stdout + r.stderr;
      assert.ok(
        text.includes(`Docker is not reachable at unix://${socket} (DOCKER_HOST) (ENOENT: no socket there). Start Docker, or point nanokit.docker.host / DOCKER_HOST at a running engine.`),
        `${command}: ${text}`,
      );
      assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
    }
  });

  void it('the HTTP port held by a host process: up refuses, naming the port and its owner', async () => {
    p.writeDocument([APP], { http: takenPort });
    const r = await runCli('up', p.cliOptions());
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`^Port ${takenPort} \\(HTTP, gatewayPort\\) is already in use by [^\\n]*pid ${process.pid}\\)?\\. Stop what holds it, or choose another port \\(gatewayPort / gatewayHttpsPort in nanokit\\.yml, per environment if needed\\)\\.$`, 'm'));
    assert.equal(await inspectContainer(p.env, p.gatewayName), undefined, 'no container is left behind');
  });

  void it('the controller maps Docker\'s bind failure to PortTakenError and removes the container', async () => {
    const spec = {
      project: p.project, environment: 'local', image: p.env.image,
      httpPort: takenPort, httpsPort: p.httpsPort, adminPort: p.adminPort, persistenceDir: path.join(p.dir, 'data'),
    };
    const error = await controller.start(spec, {}).then(
      () => assert.fail('start should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PortTakenError, String(error));
    assert.equal(error.port, takenPort);
    assert.match(error.detail, /address already in use|port is already allocated/);
    assert.equal(error.message, `Port ${takenPort} (HTTP, gatewayPort) is already in use. Stop what holds it, or choose another port (gatewayPort / gatewayHttpsPort in nanokit.yml, per environment if needed).`);
    assert.equal(await inspectContainer(p.env, p.gatewayName), undefined);
  });

  void it('a document with errors: up refuses and prints the diagnostics with positions', async () => {
    fs.writeFileSync(p.file, `name: ${p.project}\ngatewayPort: ${p.httpPort}\ngatewayHttpsPort: ${p.httpPort}\nservices:\n  app:\n    port: 8081\n    host: app.localhost\n`);
    const r = await runCli('up', p.cliOptions());
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${escape(p.file)}:3:19 error same-gateway-ports gatewayPort and gatewayHttpsPort are both ${p.httpPort}`, 'm'));
    assert.match(r.stderr, new RegExp(`^Not started: ${escape(p.file)} has 1 error\\. Fix them and try again\\.$`, 'm'));
    assert.equal(await inspectContainer(p.env, p.gatewayName), undefined);
  });

  void it('an image that is neither local nor pullable gives ImagePullError (registry on loopback, refused)', async () => {
    const image = '127.0.0.1:1/nanokit-test/missing:1';
    await assert.rejects(controller.ensureImage(image), (e: unknown) => {
      assert.ok(e instanceof ImagePullError, String(e));
      assert.match(e.message, /^Could not pull the gateway image 127\.0\.0\.1:1\/nanokit-test\/missing:1: .+\. Check the image name/);
      return true;
    });
  });

  void it('reload and trust without a running gateway say to start it first', async () => {
    p.writeDocument([APP]);
    for (const command of ['reload', 'trust'] as const) {
      const r = await runCli(command, p.cliOptions({ yes: true }));
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`The gateway ${p.gatewayName} is not running\\. Start it first`));
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
