// Windows: the current user's Root store through `certutil -user` (Windows asks the user itself).
import type { CertificateInfo } from './certificate';
import { type InstallContext, type InstalledStore, type StoreInstaller, runChecked } from './stores';

export class WindowsUserRoot implements StoreInstaller {
  readonly kind = 'windows-user-root' as const;

  async available(): Promise<boolean> {
    return process.platform === 'win32';
  }

  async install(_pem: string, info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]> {
    await runChecked(ctx, 'certutil -user -addstore Root', 'certutil', ['-user', '-addstore', 'Root', ctx.pemFile]);
    return [{ kind: this.kind, label: 'Windows user store CurrentUser\\Root', location: 'CurrentUser\\Root', thumbprint: info.sha1Thumbprint }];
  }

  async remove(store: InstalledStore, ctx: InstallContext): Promise<void> {
    await runChecked(ctx, 'certutil -user -delstore Root', 'certutil', ['-user', '-delstore', 'Root', store.thumbprint ?? '']);
  }
}
