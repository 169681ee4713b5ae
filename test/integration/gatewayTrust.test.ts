// Trusting the gateway's local CA on this Linux machine (root, update-ca-certificates): after
// `trust`, curl without --cacert accepts https://app.localhost; after `untrust` it refuses again
// and the system store is byte-identical to before. NSS databases are tested in a temp home.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CaddyAdminClient } from '../../client/src/gateway/adminClient';
import { NssStore } from '../../client/src/gateway/trust/nssStore';
import { LocalCaTrust, trustName } from '../../client/src/gateway/trust/trustStore';
import { runGatewayCommand } from '../../server/src/cli/gatewayCommands';
import { eventually, httpsGet } from '../helpers/docker';
import { runCli } from '../helpers/gatewayCli';
import { GatewayProject } from '../helpers/gatewayFixture';

const APP = { name: 'app', port: 8081 };
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function run(program: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Names and link targets in /etc/ssl/certs, to compare the store before and after. */
function certsDirListing(): string[] {
  return fs.readdirSync('/etc/ssl/certs').sort().map((name) => {
    const full = path.join('/etc/ssl/certs', name);
    return fs.lstatSync(full).isSymbolicLink() ? `${name} -> ${fs.readlinkSync(full)}` : name;
  });
}

void describe('trust / untrust the local CA (real Caddy, this machine\'s trust store)', () => {
  let p: GatewayProject;
  let root: string;
  let url: string;
  let curlArgs: string[];
  let bundleBefore: Buffer;
  let listingBefore: string[];
  const tmpHome = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-nss-home-'));

  before(async () => {
    if (process.getuid?.() !== 0) throw new Error('the trust test edits the system trust store: run it as root (CI runs as root)');
    for (const tool of ['/usr/sbin/update-ca-certificates', '/usr/bin/curl', '/usr/bin/certutil']) {
      if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: run \`bash scripts/provision.sh install\``);
    }
    p = await GatewayProject.create('t');
    p.writeDocument([APP]);
    await p.startService(APP);
    const up = await runCli('up', p.cliOptions());
    assert.equal(up.code, 0, up.stderr);
    root = await new CaddyAdminClient({ port: p.adminPort }).waitForLocalCaRoot();
    await eventually(() => httpsGet({ host: 'app.localhost', port: p.httpsPort, ca: root }), 10_000);
    url = `https://app.localhost:${p.httpsPort}/`;
    curlArgs = ['-sS', '--max-time', '10', url, '--resolve', `app.localhost:${p.httpsPort}:127.0.0.1`];
    bundleBefore = fs.readFileSync(BUNDLE);
    listingBefore = certsDirListing();
  });

  after(async () => {
    // Undo a trust left behind by a failed assertion, then remove the project.
    if (p) {
      const leftover = new LocalCaTrust({ project: p.project, environment: 'local', stateDir: path.join(p.dir, '.nanokit', 'gateway'), fetchRoot: async () => root });
      await leftover.untrust();
      await p.cleanup();
    }
    fs.rmSync(tmpHome, { recursive: true, force: true });
  });

  void it('curl without --cacert refuses the gateway before trust', async () => {
    const r = await run('curl', curlArgs);
    assert.equal(r.code, 60, r.stderr);
  });

  void it('trust --yes installs the root: curl without --cacert succeeds', async () => {
    const r = await runCli('trust', p.cliOptions({ yes: true }));
    assert.equal(r.code, 0, r.stderr);
    const cert = new X509Certificate(root);
    const target = `/usr/local/share/ca-certificates/${trustName(p.project, 'local')}.crt`;
    assert.match(r.stdout, /^Local CA root: CN=Caddy Local Authority - \d{4} ECC Root$/m);
    assert.ok(r.stdout.includes(`SHA-256 fingerprint: ${cert.fingerprint256}\n`), r.stdout);
    assert.ok(r.stdout.includes(`Trusted in system store (${target}, update-ca-certificates)\n`), r.stdout);
    assert.equal(fs.readFileSync(target, 'utf8').trim(), root.trim());

    const curl = await run('curl', curlArgs);
    assert.equal(curl.code, 0, curl.stderr);
    assert.equal(curl.stdout, 'service app\n');
  });

  void it('trust again notices the same root; declining the prompt installs nothing', async () => {
    const lines: string[] = [];
    const code = await runGatewayCommand(
      'trust',
      { file: p.file, environment: 'local', image: p.env.image, adminPort: p.adminPort },
      { out: (s) => lines.push(s), err: (s) => lines.push(s), confirm: async () => false },
    );
    assert.equal(code, 1);
    assert.ok(lines.includes('This root is already trusted; it will be installed again.'), lines.join('\n'));
    assert.equal(lines.at(-1), 'Not trusted: cancelled.');
  });

  void it('untrust removes exactly what was installed: curl refuses again, the store is byte-identical', async () => {
    const r = await runCli('untrust', p.cliOptions());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Removed from system store \(\/usr\/local\/share\/ca-certificates\/nanokit-.*\.crt, update-ca-certificates\)$/m);
    const curl = await run('curl', curlArgs);
    assert.equal(curl.code, 60, curl.stderr);
    assert.ok(fs.readFileSync(BUNDLE).equals(bundleBefore), `${BUNDLE} differs from before`);
    assert.deepEqual(certsDirListing(), listingBefore);
    const again = await runCli('untrust', p.cliOptions());
    assert.equal(again.code, 0);
    assert.match(again.stdout, /^Nothing to remove: no local CA of nk-.*-local-gateway was trusted by Nanokit\.$/m);
  });

  void it('NSS databases: installs into and removes from every cert9.db under the home dir; notices a changed root', async () => {
    const nssdb = path.join(tmpHome, '.pki', 'nssdb');
    fs.mkdirSync(nssdb, { recursive: true });
    const init = await run('certutil', ['-N', '-d', `sql:${nssdb}`, '--empty-password']);
    assert.equal(init.code, 0, init.stderr);
    const stateDir = path.join(tmpHome, 'state');
    let pem = root;
    const trust = new LocalCaTrust({ project: p.project, environment: 'local', stateDir, fetchRoot: async () => pem, homeDir: tmpHome, installers: [new NssStore('linux')] });

    const details = await trust.prepareTrust();
    assert.deepEqual(details.stores, ['nss']);
    assert.equal(details.rootChanged, false);
    const result = await trust.applyTrust(details);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.stores.map((s) => s.location), [nssdb]);
    const nickname = result.stores[0]!.nickname!;
    assert.equal((await run('certutil', ['-d', `sql:${nssdb}`, '-L', '-n', nickname])).code, 0);

    const ca = JSON.parse((await new CaddyAdminClient({ port: p.adminPort }).request('GET', '/pki/ca/local')).body) as { intermediate_certificate: string };
    pem = ca.intermediate_certificate;
    const changed = await trust.prepareTrust();
    assert.equal(changed.rootChanged, true);
    assert.equal(changed.previousFingerprint, new X509Certificate(root).fingerprint256);

    const removed = await trust.untrust();
    assert.deepEqual(removed.failures, []);
    assert.equal(removed.removed.length, 1);
    assert.notEqual((await run('certutil', ['-d', `sql:${nssdb}`, '-L', '-n', nickname])).code, 0);
    assert.equal(trust.readState(), undefined);
  });
});
