// NSS databases (Firefox profiles, Chromium's ~/.pki/nssdb) through NSS's `certutil`
// (libnss3-tools). Runs as the user: these databases belong to the user, no elevation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CertificateInfo } from './certificate';
import { findOnPath } from './commandRunner';
import { type InstallContext, type InstalledStore, type StoreInstaller, runChecked } from './stores';

/** Directories holding an NSS sql database (cert9.db) under `homeDir`. */
export function findNssDatabases(homeDir: string): string[] {
  const dirs = [path.join(homeDir, '.pki', 'nssdb'), path.join(homeDir, 'snap', 'chromium', 'current', '.pki', 'nssdb')];
  const profileRoots = [
    path.join(homeDir, '.mozilla', 'firefox'),
    path.join(homeDir, 'snap', 'firefox', 'common', '.mozilla', 'firefox'),
    path.join(homeDir, '.var', 'app', 'org.mozilla.firefox', '.mozilla', 'firefox'),
    path.join(homeDir, 'Library', 'Application Support', 'Firefox', 'Profiles'),
  ];
  for (const root of profileRoots) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) dirs.push(path.join(root, entry));
  }
  return dirs.filter((dir) => fs.existsSync(path.join(dir, 'cert9.db')));
}

export class NssStore implements StoreInstaller {
  readonly kind = 'nss' as const;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async available(ctx: InstallContext): Promise<boolean> {
    // On Windows `certutil` is Microsoft's tool, not NSS's.
    return this.platform !== 'win32' && findOnPath('certutil') !== undefined && findNssDatabases(ctx.homeDir).length > 0;
  }

  async install(_pem: string, _info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]> {
    const nickname = `Nanokit local CA (${ctx.name})`;
    const installed: InstalledStore[] = [];
    for (const dir of findNssDatabases(ctx.homeDir)) {
      const db = `sql:${dir}`;
      // Replace an older root under the same nickname; "not found" is fine.
      await ctx.runner.run('certutil', ['-d', db, '-D', '-n', nickname]);
      await runChecked(ctx, `certutil -A (${dir})`, 'certutil', ['-d', db, '-A', '-t', 'C,,', '-n', nickname, '-i', ctx.pemFile]);
      installed.push({ kind: this.kind, label: `NSS ${dir}`, location: dir, nickname });
    }
    return installed;
  }

  async remove(store: InstalledStore, ctx: InstallContext): Promise<void> {
    if (!fs.existsSync(path.join(store.location, 'cert9.db'))) return;
    const result = await ctx.runner.run('certutil', ['-d', `sql:${store.location}`, '-D', '-n', store.nickname ?? '']);
    if (result.code !== 0 && !/could not find|not found/i.test(result.stderr)) {
      throw new Error(`certutil -D (${store.location}) failed: ${result.stderr.trim()}`);
    }
  }

  /** Whether the database still lists the nickname. */
  static async lists(ctx: InstallContext, dir: string, nickname: string): Promise<boolean> {
    return (await ctx.runner.run('certutil', ['-d', `sql:${dir}`, '-L', '-n', nickname])).code === 0;
  }
}
