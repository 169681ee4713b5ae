// Types shared by the trust-store installers.
import type { CertificateInfo } from './certificate';
import type { CommandRunner } from './commandRunner';

export type StoreKind = 'linux-ca-certificates' | 'linux-p11-kit' | 'nss' | 'macos-keychain' | 'windows-user-root';

/** One place the root was installed into; enough to remove exactly that again. */
export interface InstalledStore {
  kind: StoreKind;
  /** For humans: `system store (/usr/local/share/ca-certificates, update-ca-certificates)`, `NSS sql:/home/u/.pki/nssdb`. */
  label: string;
  /** The file written (Linux), the NSS database dir, the keychain path, or `CurrentUser\Root`. */
  location: string;
  /** NSS nickname. */
  nickname?: string;
  /** SHA-1 thumbprint (macOS, Windows removal). */
  thumbprint?: string;
  /** A copy of the PEM kept for removal (p11-kit, macOS). */
  pemFile?: string;
}

export interface InstallContext {
  runner: CommandRunner;
  /** Base name for files and nicknames, e.g. `nanokit-shop-local`. */
  name: string;
  /** Where copies of the PEM may be kept (the persistence dir). */
  stateDir: string;
  homeDir: string;
  /** A PEM file of the root to hand to tools (written by the caller). */
  pemFile: string;
}

export interface StoreInstaller {
  readonly kind: StoreKind;
  /** Whether this store exists here (tools present); never throws. */
  available(ctx: InstallContext): Promise<boolean>;
  install(pem: string, info: CertificateInfo, ctx: InstallContext): Promise<InstalledStore[]>;
  remove(store: InstalledStore, ctx: InstallContext): Promise<void>;
}

export class StoreCommandError extends Error {
  constructor(what: string, detail: string) {
    super(`${what} failed: ${detail.trim() || 'no output'}`);
    this.name = 'StoreCommandError';
  }
}

export async function runChecked(ctx: InstallContext, what: string, program: string, args: string[], elevate = false): Promise<string> {
  const result = await ctx.runner.run(program, args, { elevate });
  if (result.code !== 0) throw new StoreCommandError(what, result.stderr || result.stdout);
  return result.stdout;
}
