// Linux system trust: Debian-style /usr/local/share/ca-certificates + update-ca-certificates, or
// p11-kit's `trust anchor` where that is the system's way (Fedora, Arch, openSUSE).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CertificateInfo } from './certificate';
import { findOnPath } from './commandRunner';
import { type InstallContext, type InstalledStore, type StoreInstaller, runChecked } from './stores';

export const DEBIAN_CA_DIR = '/usr/local/share/ca-certificates';
export const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
export const DEBIAN_CERTS_DIR = '/etc/ssl/certs';

export class DebianCaCertificates implements StoreInstaller {
  readonly kind = 'linux-ca-certificates' as const;

  constructor(
    private readonly caDir = DEBIAN_CA_DIR,
    private readonly certsDir = DEBIAN_CERTS_DIR,
  ) {}

  async available(): Promise<boolean> {
    return findOnPath('update-ca-certificates') !== undefined;
  }

  async install(pem: string, _info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]> {
    const target = path.join(this.caDir, `${ctx.name}.crt`);
    if (ctx.runner.privileged) {
      fs.mkdirSync(this.caDir, { recursive: true });
      fs.writeFileSync(target, pem.endsWith('\n') ? pem : `${pem}\n`, { mode: 0o644 });
    } else {
      await runChecked(ctx, `Copying the root to ${target}`, 'install', ['-D', '-m', '0644', ctx.pemFile, target], true);
    }
    await runChecked(ctx, 'update-ca-certificates', 'update-ca-certificates', [], true);
    return [{ kind: this.kind, label: `system store (${target}, update-ca-certificates)`, location: target }];
  }

  async remove(store: InstalledStore, ctx: InstallContext): Promise<void> {
    // update-ca-certificates leaves the links to a removed local certificate behind: remove them too.
    const doomed = [store.location, ...linksTo(this.certsDir, store.location)];
    if (ctx.runner.privileged) for (const file of doomed) fs.rmSync(file, { force: true });
    else await runChecked(ctx, `Removing ${store.location}`, 'rm', ['-f', ...doomed], true);
    await runChecked(ctx, 'update-ca-certificates', 'update-ca-certificates', [], true);
  }
}

export class P11KitTrust implements StoreInstaller {
  readonly kind = 'linux-p11-kit' as const;

  async available(): Promise<boolean> {
    return findOnPath('update-ca-certificates') === undefined && findOnPath('trust') !== undefined;
  }

  async install(pem: string, _info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]> {
    const keep = path.join(ctx.stateDir, `${ctx.name}-root.crt`);
    fs.writeFileSync(keep, pem, { mode: 0o644 });
    await runChecked(ctx, 'trust anchor --store', 'trust', ['anchor', '--store', keep], true);
    return [{ kind: this.kind, label: 'system store (p11-kit trust anchor)', location: keep, pemFile: keep }];
  }

  async remove(store: InstalledStore, ctx: InstallContext): Promise<void> {
    await runChecked(ctx, 'trust anchor --remove', 'trust', ['anchor', '--remove', store.pemFile ?? store.location], true);
  }
}

/** Symlinks in `certsDir` that point at `target`, directly (`<name>.pem`) or through such a link (`<hash>.0`). */
export function linksTo(certsDir: string, target: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(certsDir);
  } catch {
    return [];
  }
  const links = new Map<string, string>();
  for (const entry of entries) {
    try {
      links.set(entry, fs.readlinkSync(path.join(certsDir, entry)));
    } catch {
      // not a symlink
    }
  }
  const direct = [...links].filter(([, to]) => to === target).map(([name]) => name);
  const indirect = [...links].filter(([, to]) => direct.includes(to) || direct.some((d) => to === path.join(certsDir, d))).map(([name]) => name);
  return [...direct, ...indirect].map((name) => path.join(certsDir, name));
}
