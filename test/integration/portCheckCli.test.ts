// `nanokit-gateway check` includes the host-port check: real listening child processes in every
// address variant, the bundled CLI run as a user runs it (JSON and text output, exit codes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-types';
import { freePort, freePorts } from '../helpers/docker';
import { LISTENER_VARIANTS, startChildListener, type ListenerVariant } from '../helpers/listeners';
import { probePort } from '../../server/src/ports';
import { expectedFreePair, portDoc, runCheck, valueRange, writeProject } from '../helpers/portDocs';

const variants = Object.keys(LISTENER_VARIANTS) as ListenerVariant[];

function parseJson(stdout: string): Diagnostic[] {
  try {
    return JSON.parse(stdout) as Diagnostic[];
  } catch {
    throw new Error(`check --format json did not print JSON:\n${stdout}`);
  }
}

for (const variant of variants) {
  void test(`check names the child listening on gatewayPort (${variant}) in JSON and text, exit 0`, async (t) => {
    const child = await startChildListener(variant);
    t.after(() => child.stop());
    const httpsPort = await freePort();
    const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: httpsPort });
    const project = writeProject(text);
    t.after(() => project.remove());
    const pair = await expectedFreePair([child.port, httpsPort]);

    const json = await runCheck(project.file, ['--format', 'json']);
    assert.equal(json.code, 0, `warnings alone exit 0; stderr: ${json.stderr}`);
    const message = `Port ${child.port} is already in use by node (pid ${child.pid}). The gateway will not be able to start: use a free port such as ${pair.http}.`;
    assert.deepEqual(parseJson(json.stdout), [{
      range: valueRange(text, 'gatewayPort'),
      severity: 2,
      source: 'nanokit',
      code: 'port-in-use',
      message,
      data: { portFix: { key: 'gatewayPort', port: pair.http, origin: 'top-level', environment: 'local' } },
    }]);

    const plain = await runCheck(project.file);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, `${project.file}:2:14 warning port-in-use ${message}\n`);
    assert.equal(plain.stderr, `0 errors, 1 warning in ${project.file}\n`);
  });
}

void test('check reports an environment override on its own value, only for that environment', async (t) => {
  const child = await startChildListener('dual-stack');
  t.after(() => child.stop());
  const [http, https] = await freePorts(2);
  const text = portDoc({ gatewayPort: http, gatewayHttpsPort: https, local: { gatewayHttpsPort: child.port } });
  const project = writeProject(text);
  t.after(() => project.remove());
  const pair = await expectedFreePair([http, child.port]);

  const local = await runCheck(project.file, ['--format', 'json']);
  assert.equal(local.code, 0, local.stderr);
  const range = valueRange(text, 'gatewayHttpsPort', 1);
  assert.equal(range.start.line, 10, 'the override under environments.local');
  assert.deepEqual(parseJson(local.stdout), [{
    range, severity: 2, source: 'nanokit', code: 'port-in-use',
    message: `Port ${child.port} is already in use by node (pid ${child.pid}). The gateway will not be able to start: use a free port such as ${pair.https}.`,
    data: { portFix: { key: 'gatewayHttpsPort', port: pair.https, origin: 'environment', environment: 'local' } },
  }]);

  const stage = await runCheck(project.file, ['--env', 'stage', '--format', 'json']);
  assert.equal(stage.code, 0, stage.stderr);
  assert.deepEqual(parseJson(stage.stdout), [], 'stage uses the free top-level ports');
});

void test('check is silent about free ports', async (t) => {
  const [http, https] = await freePorts(2);
  const project = writeProject(portDoc({ gatewayPort: http, gatewayHttpsPort: https }));
  t.after(() => project.remove());

  const json = await runCheck(project.file, ['--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(parseJson(json.stdout), []);
  const plain = await runCheck(project.file);
  assert.equal(plain.code, 0);
  assert.equal(plain.stdout, '');
  assert.equal(plain.stderr, `${project.file}: no problems\n`);
});

void test('check --no-port-check does not probe the host ports', async (t) => {
  const child = await startChildListener('ipv4-any');
  t.after(() => child.stop());
  const project = writeProject(portDoc({ gatewayPort: child.port, gatewayHttpsPort: await freePort() }));
  t.after(() => project.remove());

  const json = await runCheck(project.file, ['--no-port-check', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(parseJson(json.stdout), []);
});

void test('errors in the document still exit 1 next to a port warning', async (t) => {
  const child = await startChildListener('ipv4-loopback');
  t.after(() => child.stop());
  const text = portDoc({ gatewayPort: child.port, gatewayHttpsPort: child.port });
  const project = writeProject(text);
  t.after(() => project.remove());

  const json = await runCheck(project.file, ['--format', 'json']);
  assert.equal(json.code, 1, 'gatewayPort = gatewayHttpsPort is an error');
  const diagnostics = parseJson(json.stdout);
  assert.ok(diagnostics.some((d) => d.severity === 1), JSON.stringify(diagnostics));
  const ports = diagnostics.filter((d) => d.code === 'port-in-use');
  assert.deepEqual(ports.map((d) => d.range), [valueRange(text, 'gatewayPort'), valueRange(text, 'gatewayHttpsPort')]);
  for (const d of ports) assert.match(d.message, new RegExp(`^Port ${child.port} is already in use by node \\(pid ${child.pid}\\)\\.`));
});

void test('a port that comes from the default is reported on the first line (privileged for a non-root user)', async (t) => {
  const httpsPort = await freePort();
  const text = portDoc({ gatewayHttpsPort: httpsPort });
  const project = writeProject(text);
  t.after(() => project.remove());
  const nobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
  // Whether something listens on 80 (it may, on a shared machine) decides between taken and privileged.
  const listened = (await probePort(80)).state === 'taken';

  const unprivilegedStart = process.platform === 'linux' ? Number(fs.readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')) : 1024;

  const run = await runCheck(project.file, ['--format', 'json'], nobody);
  assert.equal(run.code, 0, run.stderr);
  if (!listened && unprivilegedStart <= 80) {
    assert.deepEqual(parseJson(run.stdout), [], `port 80 is free and not privileged here (ip_unprivileged_port_start=${unprivilegedStart})`);
    return;
  }
  const [diagnostic, ...rest] = parseJson(run.stdout);
  assert.deepEqual(rest, []);
  assert.deepEqual(diagnostic.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 'name: portcheck'.length } });
  if (listened) {
    assert.equal(diagnostic.code, 'port-in-use');
    assert.match(diagnostic.message, /^Port 80 is already in use.* \(gatewayPort defaults to 80\)\. The gateway will not be able to start/);
  } else {
    assert.deepEqual([diagnostic.code, diagnostic.severity], ['port-privileged', 3]);
    assert.equal(diagnostic.message, 'Port 80 is privileged on this machine (gatewayPort defaults to 80): Ports below 1024 need root here: '
      + 'allow them with `sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80`, or use a port of 1024 or above (e.g. 8080).');
  }
});
