import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DockerEndpointError,
  contextDirName,
  parseDockerHost,
  resolveDockerEndpoint,
} from '../../server/src/platform/dockerEndpoint';

function tempHome(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-docker-home-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeContext(configDir: string, name: string, host: string): void {
  const dir = path.join(configDir, 'contexts', 'meta', contextDirName(name));
  fs.mkdirSync(dir, { recursive: true });
  const meta = { Name: name, Metadata: { Description: '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
}

function writeConfig(configDir: string, config: object): void {
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
}

void test('context directory is the sha256 hex of the name (as the docker CLI stores it)', () => {
  assert.equal(contextDirName('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
});

void test('platform default on Linux and macOS is /var/run/docker.sock', (t) => {
  const homeDir = tempHome(t);
  for (const platform of ['linux', 'darwin'] as const) {
    assert.deepEqual(resolveDockerEndpoint({ env: {}, homeDir, platform }), {
      kind: 'socket',
      address: '/var/run/docker.sock',
      socketPath: '/var/run/docker.sock',
      source: 'default',
      description: 'unix:///var/run/docker.sock (default)',
    });
  }
});

void test('platform default on Windows is the docker_engine named pipe', (t) => {
  const ep = resolveDockerEndpoint({ env: {}, homeDir: tempHome(t), platform: 'win32' });
  assert.equal(ep.kind, 'npipe');
  assert.equal(ep.address, '//./pipe/docker_engine');
  assert.equal(ep.socketPath, '\\\\.\\pipe\\docker_engine');
  assert.equal(ep.description, 'npipe:////./pipe/docker_engine (default)');
});

void test('DOCKER_HOST unix socket', (t) => {
  const ep = resolveDockerEndpoint({ env: { DOCKER_HOST: 'unix:///tmp/gw/docker.sock' }, homeDir: tempHome(t), platform: 'linux' });
  assert.deepEqual(ep, {
    kind: 'socket',
    address: '/tmp/gw/docker.sock',
    socketPath: '/tmp/gw/docker.sock',
    source: 'DOCKER_HOST',
    description: 'unix:///tmp/gw/docker.sock (DOCKER_HOST)',
  });
});

void test('DOCKER_HOST tcp with and without port, TLS from DOCKER_TLS_VERIFY', (t) => {
  const homeDir = tempHome(t);
  const plain = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, homeDir });
  assert.equal(plain.kind, 'tcp');
  assert.equal(plain.host, '127.0.0.1');
  assert.equal(plain.port, 2375);
  assert.equal(plain.address, '127.0.0.1:2375');
  assert.equal(plain.protocol, 'http');
  assert.equal(plain.description, 'tcp://127.0.0.1:2375 (DOCKER_HOST)');

  const tls = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS_VERIFY: '1' }, homeDir });
  assert.equal(tls.port, 2376);
  assert.equal(tls.protocol, 'https');

  const v6 = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://[::1]:2375' }, homeDir });
  assert.equal(v6.host, '::1');
  assert.equal(v6.address, '[::1]:2375');
});

void test('DOCKER_HOST npipe on Windows', (t) => {
  const ep = resolveDockerEndpoint({ env: { DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }, homeDir: tempHome(t), platform: 'win32' });
  assert.equal(ep.kind, 'npipe');
  assert.equal(ep.address, '//./pipe/dockerDesktopLinuxEngine');
  assert.equal(ep.socketPath, '\\\\.\\pipe\\dockerDesktopLinuxEngine');
  assert.equal(ep.source, 'DOCKER_HOST');
});

void test('the setting wins over DOCKER_HOST and the context; blank setting is ignored', (t) => {
  const homeDir = tempHome(t);
  const configDir = path.join(homeDir, '.docker');
  writeConfig(configDir, { currentContext: 'colima' });
  writeContext(configDir, 'colima', 'unix:///home/u/.colima/default/docker.sock');
  const env = { DOCKER_HOST: 'unix:///from/env.sock' };
  const fromSetting = resolveDockerEndpoint({ setting: ' unix:///from/setting.sock ', env, homeDir });
  assert.equal(fromSetting.socketPath, '/from/setting.sock');
  assert.equal(fromSetting.source, 'setting');
  assert.equal(fromSetting.description, 'unix:///from/setting.sock (nanokit.docker.host)');
  const blank = resolveDockerEndpoint({ setting: '  ', env, homeDir });
  assert.equal(blank.source, 'DOCKER_HOST');
  assert.equal(blank.socketPath, '/from/env.sock');
});

void test('DOCKER_HOST wins over the current context (as in the docker CLI)', (t) => {
  const homeDir = tempHome(t);
  const configDir = path.join(homeDir, '.docker');
  writeConfig(configDir, { currentContext: 'colima' });
  writeContext(configDir, 'colima', 'unix:///home/u/.colima/default/docker.sock');
  const ep = resolveDockerEndpoint({ env: { DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'colima' }, homeDir });
  assert.equal(ep.source, 'DOCKER_HOST');
});

void test('currentContext from ~/.docker/config.json', (t) => {
  const homeDir = tempHome(t);
  const configDir = path.join(homeDir, '.docker');
  writeConfig(configDir, { auths: {}, currentContext: 'colima' });
  writeContext(configDir, 'colima', 'unix:///home/u/.colima/default/docker.sock');
  const ep = resolveDockerEndpoint({ env: {}, homeDir, platform: 'darwin' });
  assert.deepEqual(ep, {
    kind: 'socket',
    address: '/home/u/.colima/default/docker.sock',
    socketPath: '/home/u/.colima/default/docker.sock',
    source: 'context',
    contextName: 'colima',
    description: 'unix:///home/u/.colima/default/docker.sock (context "colima")',
  });
});

void test('DOCKER_CONTEXT overrides currentContext; DOCKER_CONFIG moves the config dir', (t) => {
  const homeDir = tempHome(t);
  const configDir = path.join(homeDir, 'elsewhere');
  writeConfig(configDir, { currentContext: 'colima' });
  writeContext(configDir, 'colima', 'unix:///colima.sock');
  writeContext(configDir, 'remote', 'tcp://10.0.0.5:2375');
  const ep = resolveDockerEndpoint({ env: { DOCKER_CONFIG: configDir, DOCKER_CONTEXT: 'remote' }, homeDir });
  assert.equal(ep.kind, 'tcp');
  assert.equal(ep.address, '10.0.0.5:2375');
  assert.equal(ep.source, 'context');
  assert.equal(ep.description, 'tcp://10.0.0.5:2375 (context "remote")');
  const viaConfig = resolveDockerEndpoint({ env: { DOCKER_CONFIG: configDir }, homeDir });
  assert.equal(viaConfig.socketPath, '/colima.sock');
});

void test('a context with TLS material uses https', (t) => {
  const homeDir = tempHome(t);
  const configDir = path.join(homeDir, '.docker');
  writeConfig(configDir, { currentContext: 'secure' });
  writeContext(configDir, 'secure', 'tcp://10.0.0.5:2376');
  fs.mkdirSync(path.join(configDir, 'contexts', 'tls', contextDirName('secure'), 'docker'), { recursive: true });
  assert.equal(resolveDockerEndpoint({ env: {}, homeDir }).protocol, 'https');
});

void test('context "default" and a missing config mean the platform default', (t) => {
  const homeDir = tempHome(t);
  assert.equal(resolveDockerEndpoint({ env: {}, homeDir, platform: 'linux' }).source, 'default');
  writeConfig(path.join(homeDir, '.docker'), { currentContext: 'default' });
  const ep = resolveDockerEndpoint({ env: {}, homeDir, platform: 'linux' });
  assert.equal(ep.source, 'default');
  assert.equal(ep.socketPath, '/var/run/docker.sock');
  assert.equal(resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'default' }, homeDir, platform: 'win32' }).kind, 'npipe');
});

void test('a selected context without meta.json is an error that says what to do', (t) => {
  const homeDir = tempHome(t);
  writeConfig(path.join(homeDir, '.docker'), { currentContext: 'gone' });
  assert.throws(
    () => resolveDockerEndpoint({ env: {}, homeDir }),
    (err: unknown) => err instanceof DockerEndpointError && /context "gone".*docker context use default/.test(err.message),
  );
});

void test('unsupported and malformed hosts are errors naming the source', () => {
  assert.throws(
    () => parseDockerHost('ssh://me@box', { source: 'DOCKER_HOST', label: 'DOCKER_HOST' }),
    /DOCKER_HOST "ssh:\/\/me@box" uses "ssh:\/\/"/,
  );
  assert.throws(() => parseDockerHost('docker.sock', { source: 'setting', label: 'nanokit.docker.host' }), /nanokit.docker.host "docker.sock" is not a Docker host/);
  assert.throws(() => parseDockerHost('unix://', { source: 'setting', label: 'nanokit.docker.host' }), /has no socket path/);
});

void test('a bare absolute path is a unix socket', () => {
  const ep = parseDockerHost('/run/user/1000/docker.sock', { source: 'setting', label: 'nanokit.docker.host' });
  assert.equal(ep.kind, 'socket');
  assert.equal(ep.socketPath, '/run/user/1000/docker.sock');
  assert.equal(ep.description, 'unix:///run/user/1000/docker.sock (nanokit.docker.host)');
});
