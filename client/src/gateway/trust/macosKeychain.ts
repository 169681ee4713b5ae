// macOS: `security add-trusted-cert` into the System keychain (elevated) or, without elevation,
// the user's login keychain (macOS asks the user itself).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CertificateInfo } from './certificate';
import { type InstallContext, type InstalledStore, type StoreInstaller, runChecked } from './stores';

export const SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';

export class MacosKeychain implements StoreInstaller {
  readonly kind = 'macos-keychain' as const;

  constructor(private readonly useSystemKeychain: boolean) {}

  async available(): Promise<boolean> {
    return fs.existsSync('/usr/bin/security');
  }

  async install(pem: string, info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]> {
    const keep = path.join(ctx.stateDir, `${ctx.name}-root.crt`);
    fs.writeFileSync(keep, pem, { mode: 0o644 });
    const system = this.useSystemKeychain;
    const keychain = system ? SYSTEM_KEYCHAIN : path.join(ctx.homeDir, 'Library', 'Keychains', 'login.keychain-db');
    const args = ['add-trusted-cert', ...(system ? ['-d'] : []), '-r', 'trustRoot', '-k', keychain, keep];
    await runChecked(ctx, 'security add-trusted-cert', 'security', args, system);
    return [{ kind: this.kind, label: `keychain ${keychain}`, location: keychain, thumbprint: info.sha1Thumbprint, pemFile: keep }];
  }

  async remove(store: InstalledStore, ctx: InstallContext): Promise<void> {
    const system = store.location === SYSTEM_KEYCHAIN;
    if (store.pemFile && fs.existsSync(store.pemFile)) {
      await ctx.runner.run('security', ['remove-trusted-cert', ...(system ? ['-d'] : []), store.pemFile], { elevate: system });
    }
    await runChecked(ctx, 'security delete-certificate', 'security', ['delete-certificate', '-Z', store.thumbprint ?? '', store.location], system);
  }
}
