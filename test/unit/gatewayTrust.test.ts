// Trust-store logic without touching this machine: certificate facts, the Debian installer in
// temp dirs, LocalCaTrust's state file and failure handling with fake installers, argv-only runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleContains, describeCertificate } from '../../client/src/gateway/trust/certificate';
import { type CommandRunner, ElevationRequiredError, type RunResult, findOnPath, systemRunner } from '../../client/src/gateway/trust/commandRunner';
import { DebianCaCertificates, linksTo } from '../../client/src/gateway/trust/linuxSystemStore';
import type { InstallContext, InstalledStore, StoreInstaller, StoreKind } from '../../client/src/gateway/trust/stores';
import { LocalCaTrust, trustName } from '../../client/src/gateway/trust/trustStore';

const ROOT = `-----BEGIN CERTIFICATE-----
MIIBqjCCAVGgAwIBAgICEjQwCgYIKoZIzj0EAwIwMzEVMBMGA1UECgwMTmFub2tp
dCBUZXN0MRowGAYDVQQDDBFOYW5va2l0IFRlc3QgUm9vdDAgFw0yNjEyMDQyMDM5
NTFaGA8yMTI2MTExMDIwMzk1MVowMzEVMBMGA1UECgwMTmFub2tpdCBUZXN0MRow
GAYDVQQDDBFOYW5va2l0IFRlc3QgUm9vdDBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABGWc2DkpRup1CMy+0T5TVzEZLZ0YeH9f0LXUi+OWrE//3mU4lPQYlT0irJVW
NeM7wAsf+5GOIzMd0Bt5Pu2nwGOjUzBRMB0GA1UdDgQWBBSm+evaorLOoBI09t65
joW95T34ejAfBgNVHSMEGDAWgBSm+evaorLOoBI09t65joW95T34ejAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIHri2vBPDB0MwVxKBMqgDwKMCsr7
BvS9qhODP5eVpwTCAiAsNnVWnm2Ic1ea6BnF0hQNDohenBkXwItI5p2ENhugmw==
-----END CERTIFICATE-----
`;
const OTHER = `-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUQa8ChRQ2AnPdz+VTB6MPvP2GT3YwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSTmFub2tpdCBPdGhlciBSb290MCAXDTI2MTIwNDIwNDAxOVoY
DzIxMjYxMTEwMjA0MDE5WjAdMRswGQYDVQQDDBJOYW5va2l0IE90aGVyIFJvb3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARlDDh73Tix2t4hE+P3XUeiRzj2zPy9
Q+zLgRH2fU4hSZlRYrxQ6r3xNqTbdxVXwR0Be+2crd0b3WRtPGu/CFH2o1MwUTAd
BgNVHQ4EFgQUrCp6tjfyC+tlz+poshrwaxfw/+0wHwYDVR0jBBgwFoAUrCp6tjfy
C+tlz+poshrwaxfw/+0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiAI+WfDahyVnDe7TEpvA9TZf5PUQBQm0OGVZ6AbprEXJQIhAO3rC1+f1r6yNpXW
eOCkquL5qUzFhBHQ9o9WAgVY0kBv
-----END CERTIFICATE-----
`;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-trust-unit-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

class FakeRunner implements CommandRunner {
  readonly calls: string[] = [];
  constructor(readonly privileged: boolean, private readonly onRun: (program: string, args: string[]) => RunResult | void = () => undefined) {}
  async run(program: string, args: string[], options: { elevate?: boolean } = {}): Promise<RunResult> {
    this.calls.push(`${options.elevate ? '[elevated] ' : ''}${program} ${args.join(' ')}`.trim());
    return this.onRun(program, args) ?? { code: 0, stdout: '', stderr: '' };
  }
  async has(): Promise<boolean> {
    return true;
  }
}

class FakeInstaller implements StoreInstaller {
  readonly log: string[] = [];
  failInstall = false;
  failRemove = false;
  constructor(readonly kind: StoreKind) {}
  async available(): Promise<boolean> {
    return true;
  }
  async install(pem: string): Promise<InstalledStore[]> {
    if (this.failInstall) throw new Error(`${this.kind} refused`);
    this.log.push(`install ${pem.length}`);
    return [{ kind: this.kind, label: `fake ${this.kind}`, location: `/fake/${this.kind}` }];
  }
  async remove(store: InstalledStore): Promise<void> {
    if (this.failRemove) throw new Error(`${this.kind} remove refused`);
    this.log.push(`remove ${store.location}`);
  }
}

void test('describeCertificate: subject, SHA-256 fingerprint, serial, validity', () => {
  const info = describeCertificate(ROOT);
  assert.equal(info.subject, 'O=Nanokit Test, CN=Nanokit Test Root');
  assert.equal(info.issuer, info.subject);
  assert.equal(info.sha256Fingerprint, 'A4:48:03:2F:FA:11:31:43:31:9B:C8:93:A3:88:2B:8E:8B:5E:9A:39:01:7C:C1:A4:21:83:E9:03:E0:CA:BD:94');
  assert.equal(info.serialNumber, '1234');
  assert.equal(info.validFrom.toISOString(), '2026-12-04T20:39:51.000Z');
  assert.equal(info.validTo.toISOString(), '2126-11-10T20:39:51.000Z');
  assert.throws(() => describeCertificate('not a certificate'), /^Error: The local CA root is not a valid PEM certificate/);
});

void test('bundleContains matches a certificate regardless of line breaks', () => {
  const reflowed = ROOT.replace(/\n(?!-)/g, '').replace('-----END', '\n-----END');
  assert.equal(bundleContains(`${OTHER}\n${reflowed}`, ROOT), true);
  assert.equal(bundleContains(OTHER, ROOT), false);
});

void test('trustName keeps file names and nicknames safe', () => {
  assert.equal(trustName('My Shop', 'local'), 'nanokit-my-shop-local');
  assert.equal(trustName('a/../b', 'stage'), 'nanokit-a-..-b-stage');
});

void test('Debian installer: writes the .crt, runs update-ca-certificates, removes the file and its links', async (t) => {
  const dir = tempDir(t);
  const caDir = path.join(dir, 'ca');
  const certsDir = path.join(dir, 'certs');
  fs.mkdirSync(certsDir);
  const runner = new FakeRunner(true, (program) => {
    const target = path.join(caDir, 'nanokit-shop-local.crt');
    if (program === 'update-ca-certificates' && fs.existsSync(target)) {
      fs.symlinkSync(target, path.join(certsDir, 'nanokit-shop-local.pem'));
      fs.symlinkSync('nanokit-shop-local.pem', path.join(certsDir, 'abcd1234.0'));
    }
  });
  fs.symlinkSync('/elsewhere/other.crt', path.join(certsDir, 'other.pem'));
  const ctx: InstallContext = { runner, name: 'nanokit-shop-local', stateDir: dir, homeDir: dir, pemFile: path.join(dir, 'x.crt') };
  const installer = new DebianCaCertificates(caDir, certsDir);
  const [store] = await installer.install(ROOT, describeCertificate(ROOT), ctx);
  assert.deepEqual(store, { kind: 'linux-ca-certificates', label: `system store (${caDir}/nanokit-shop-local.crt, update-ca-certificates)`, location: `${caDir}/nanokit-shop-local.crt` });
  assert.equal(fs.readFileSync(store!.location, 'utf8'), ROOT);
  assert.deepEqual(linksTo(certsDir, store!.location).sort(), [path.join(certsDir, 'abcd1234.0'), path.join(certsDir, 'nanokit-shop-local.pem')]);
  await installer.remove(store!, ctx);
  assert.equal(fs.existsSync(store!.location), false);
  assert.deepEqual(fs.readdirSync(certsDir), ['other.pem']);
  assert.deepEqual(runner.calls, ['[elevated] update-ca-certificates', '[elevated] update-ca-certificates']);
});

void test('Debian installer without root copies through the elevated `install`, argv only', async (t) => {
  const dir = tempDir(t);
  const runner = new FakeRunner(false);
  const ctx: InstallContext = { runner, name: 'nanokit-shop-local', stateDir: dir, homeDir: dir, pemFile: '/tmp/p.crt' };
  await new DebianCaCertificates(path.join(dir, 'ca'), path.join(dir, 'certs')).install(ROOT, describeCertificate(ROOT), ctx);
  assert.deepEqual(runner.calls, [`[elevated] install -D -m 0644 /tmp/p.crt ${dir}/ca/nanokit-shop-local.crt`, '[elevated] update-ca-certificates']);
});

void test('LocalCaTrust: prepare → apply records the stores, reports failures, notices same and changed roots', async (t) => {
  const dir = tempDir(t);
  const system = new FakeInstaller('linux-ca-certificates');
  const nss = new FakeInstaller('nss');
  nss.failInstall = true;
  let pem = ROOT;
  const trust = new LocalCaTrust({ project: 'shop', environment: 'local', stateDir: dir, fetchRoot: async () => pem, installers: [system, nss], homeDir: dir });

  const first = await trust.prepareTrust();
  assert.deepEqual([first.stores, first.alreadyTrusted, first.rootChanged, first.previousFingerprint], [['linux-ca-certificates', 'nss'], false, false, undefined]);
  const result = await trust.applyTrust(first);
  assert.deepEqual(result.stores.map((s) => s.location), ['/fake/linux-ca-certificates']);
  assert.deepEqual(result.failures, [{ store: 'nss', message: 'nss refused' }]);
  const state = trust.readState();
  assert.equal(state?.fingerprint, first.certificate.sha256Fingerprint);
  assert.equal(path.basename(trust.stateFile), 'trust-nanokit-shop-local.json');

  assert.equal((await trust.prepareTrust()).alreadyTrusted, true);
  pem = OTHER;
  const changed = await trust.prepareTrust();
  assert.equal(changed.rootChanged, true);
  assert.equal(changed.previousFingerprint, first.certificate.sha256Fingerprint);
  nss.failInstall = false;
  await trust.applyTrust(changed);
  assert.deepEqual(system.log, [`install ${ROOT.length}`, 'remove /fake/linux-ca-certificates', `install ${OTHER.length}`]);
  assert.equal(trust.readState()?.stores.length, 2);
});

void test('LocalCaTrust.untrust keeps what it could not remove and says so', async (t) => {
  const dir = tempDir(t);
  const system = new FakeInstaller('linux-ca-certificates');
  const nss = new FakeInstaller('nss');
  const trust = new LocalCaTrust({ project: 'shop', environment: 'local', stateDir: dir, fetchRoot: async () => ROOT, installers: [system, nss], homeDir: dir });
  assert.deepEqual(await trust.untrust(), { removed: [], failures: [], hadState: false });
  await trust.applyTrust(await trust.prepareTrust());
  nss.failRemove = true;
  const partial = await trust.untrust();
  assert.deepEqual(partial.removed.map((s) => s.kind), ['linux-ca-certificates']);
  assert.deepEqual(partial.failures, [{ store: 'nss', message: 'nss remove refused' }]);
  assert.deepEqual(trust.readState()?.stores.map((s) => s.kind), ['nss']);
  nss.failRemove = false;
  assert.equal((await trust.untrust()).removed.length, 1);
  assert.equal(fs.existsSync(trust.stateFile), false);
});

void test('systemRunner: argv without a shell; elevation refused when not allowed', async () => {
  const runner = systemRunner('none', { privileged: false });
  const echo = findOnPath('echo');
  assert.ok(echo, 'echo on PATH');
  const r = await runner.run(echo, ['$(id)', '; rm -rf /', '`x`']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '$(id) ; rm -rf / `x`\n');
  await assert.rejects(runner.run(echo, ['x'], { elevate: true }), ElevationRequiredError);
  const missing = await runner.run('/nonexistent/nanokit-tool', []);
  assert.notEqual(missing.code, 0);
});
