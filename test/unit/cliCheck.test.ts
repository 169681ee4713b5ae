// `node dist/cli.js check|preview` as a child process: exit codes, `file:line:col severity code message`
// lines, `--format json` (LSP diagnostics), preview's Caddy JSON, and usage errors (exit 2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { generateCaddyConfig, stableStringify } from '../../server/src/core/caddy';
import { resolve } from '../../server/src/core/environments';
import { REPO_ROOT, r } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
let dir: string;
before(() => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: build it with "node esbuild.mjs" (scripts/test.mjs does).`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-cli-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

const BROKEN = 'name: shop\nservices:\n  web:\n    runtme: node\n    expose: 3000\n    host: shop.example.com\n';
const VALID = 'name: shop\nservices:\n  web:\n    runtime: node\n    expose: 3000\n    host: shop.localhost\n';

void describe('check', () => {
  void test('errors: one line per diagnostic, a summary on stderr, exit 1', async () => {
    file('broken.yml', BROKEN);
    const { code, stdout, stderr } = await cli('check', 'broken.yml', '--no-port-check');
    assert.equal(code, 1);
    assert.equal(stdout, [
      'broken.yml:4:5 error unknown-key Unknown key "runtme" in services.web. Did you mean "runtime"?',
      'broken.yml:6:11 warning missing-admin-email "shop.example.com" is a public domain: its certificate comes from Let\'s Encrypt/ZeroSSL, and without gateway.adminEmail expiry and rate-limit notices reach nobody. Set gateway.adminEmail.',
      '',
    ].join('\n'));
    assert.equal(stderr, '1 error, 1 warning in broken.yml\n');
  });

  void test('a valid file: nothing on stdout, exit 0', async () => {
    const valid = file('valid.yml', VALID);
    const { code, stdout, stderr } = await cli('check', valid, '--no-port-check');
    assert.deepEqual([code, stdout, stderr], [0, '', `${valid}: no problems\n`]);
  });

  void test('warnings only: exit 0', async () => {
    file('warning.yml', 'name: shop\nservices:\n  web:\n    expose: 3000\n    host: shop.example.com\n');
    const { code, stderr } = await cli('check', 'warning.yml', '--no-port-check');
    assert.deepEqual([code, stderr], [0, '0 errors, 1 warning in warning.yml\n']);
  });

  void test('--format json: an array of LSP diagnostics', async () => {
    file('broken-json.yml', BROKEN);
    const { code, stdout } = await cli('check', 'broken-json.yml', '--no-port-check', '--format', 'json');
    assert.equal(code, 1);
    const diagnostics = JSON.parse(stdout) as { range: unknown; severity: number; code: string; source: string; message: string }[];
    assert.deepEqual(diagnostics.map((d) => [d.range, d.severity, d.code, d.source]), [
      [r(3, 4, 10), 1, 'unknown-key', 'nanokit'], [r(5, 10, 26), 2, 'missing-admin-email', 'nanokit'],
    ]);
    assert.equal(diagnostics[0].message, 'Unknown key "runtme" in services.web. Did you mean "runtime"?');
  });

  void test('cross-field checks cover every environment and name the one with the problem, with or without --env', async () => {
    file('envs.yml', `${VALID}environments:\n  local: {}\n  stage:\n    gatewayPort: 8443\n    gatewayHttpsPort: 8443\n`);
    const plain = await cli('check', 'envs.yml', '--no-port-check');
    assert.equal(plain.code, 1);
    assert.match(plain.stdout, /^envs\.yml:11:23 error same-gateway-ports gatewayPort and gatewayHttpsPort are both 8443: .*\(environment stage\)\n$/);
    assert.equal((await cli('check', 'envs.yml', '--no-port-check', '--env', 'stage')).stdout, plain.stdout);
  });

  void test('with the port check on, a gateway port held by another process is named', async (t) => {
    const holder = net.createServer();
    await new Promise<void>((ready) => holder.listen(0, '0.0.0.0', ready));
    t.after(() => holder.close());
    const port = (holder.address() as net.AddressInfo).port;
    const other = port === 65535 ? port - 1 : port + 1;
    file('ports.yml', `name: shop\ngatewayPort: ${port}\ngatewayHttpsPort: ${other}\n`);
    const { code, stdout } = await cli('check', 'ports.yml');
    assert.equal(code, 0, 'a taken port is a warning');
    assert.match(stdout, new RegExp(`^ports\\.yml:2:14 warning port-in-use Port ${port} is already in use by node \\(pid ${process.pid}\\)\\.`));
  });

  void test('a UTF-8 byte order mark does not shift the columns of line 1', async () => {
    file('bom.yml', '\ufeffnme: shop\r\n');
    const { stdout } = await cli('check', 'bom.yml', '--no-port-check');
    assert.match(stdout, /^bom\.yml:1:1 error unknown-key Unknown key "nme"\. Did you mean "name"\?\nbom\.yml:1:1 error missing-key /);
  });

  void test('a file that cannot be read: exit 1 with its name', async () => {
    const { code, stderr } = await cli('check', 'missing.yml');
    assert.deepEqual([code, stderr], [1, 'nanokit-gateway: cannot read missing.yml: ENOENT\n']);
  });
});

void describe('preview', () => {
  void test('a valid file: the generator\'s Caddy JSON on stdout', async () => {
    file('preview.yml', VALID);
    const { code, stdout } = await cli('preview', 'preview.yml');
    assert.equal(code, 0);
    assert.equal(stdout, `${stableStringify(generateCaddyConfig(resolve(parse(VALID), 'local')))}\n`);
  });

  void test('an environment the file does not declare: a note on stderr, the top-level config', async () => {
    file('typo-env.yml', `${VALID}environments:\n  local: {}\n  production: {}\n`);
    const { code, stderr } = await cli('preview', 'typo-env.yml', '--env', 'prod');
    assert.equal(code, 0);
    assert.equal(stderr, 'nanokit-gateway: note: environment "prod" is not declared under environments (declared: local, production); using the top-level settings.\n');
    assert.equal((await cli('preview', 'typo-env.yml', '--env', 'production')).stderr, '');
  });

  void test('a broken file: the errors on stderr, nothing on stdout, exit 1', async () => {
    file('preview-broken.yml', BROKEN);
    const { code, stdout, stderr } = await cli('preview', 'preview-broken.yml');
    assert.deepEqual([code, stdout], [1, '']);
    assert.equal(stderr, 'preview-broken.yml: no Caddy config for environment "local" because of these errors:\n  4:5 Unknown key "runtme" in services.web. Did you mean "runtime"? [unknown-key]\n');
  });
});

void describe('usage', () => {
  const usageErrors: [string[], string][] = [
    [[], 'No command given.'],
    [['lint', 'a.yml'], 'Unknown command "lint".'],
    [['check'], 'check needs the path of a nanokit.yml.'],
    [['check', 'a.yml', '--format', 'xml'], '--format must be text or json, not "xml".'],
    [['check', 'a.yml', '--env'], '--env needs a value.'],
    [['check', 'a.yml', '--verbose'], 'Unknown option --verbose.'],
    [['check', 'a.yml', 'b.yml'], 'Unexpected argument "b.yml".'],
  ];
  for (const [args, message] of usageErrors) {
    void test(`"${args.join(' ')}": exit 2, "${message}" and the usage on stderr`, async () => {
      const { code, stdout, stderr } = await cli(...args);
      assert.deepEqual([code, stdout], [2, '']);
      assert.ok(stderr.startsWith(`nanokit-gateway: ${message}\n\nUsage: nanokit-gateway <command> <file> [options]`), stderr);
    });
  }

  void test('--help: the usage on stdout, exit 0', async () => {
    const { code, stdout } = await cli('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: nanokit-gateway <command> <file> \[options\]\n/);
  });
});
