// Trusting the gateway's local CA root on this machine, in two steps so the caller can ask for
// consent in between: prepareTrust() → details to show (subject, SHA-256 fingerprint, stores),
// applyTrust(details) → install. What was installed is remembered in a small JSON state file in
// the persistence dir, so untrust() removes exactly that, and a changed root is noticed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CertificateInfo, describeCertificate } from './certificate';
import { type CommandRunner, type Elevation, systemRunner } from './commandRunner';
import { DebianCaCertificates, P11KitTrust } from './linuxSystemStore';
import { MacosKeychain } from './macosKeychain';
import { NssStore } from './nssStore';
import type { InstallContext, InstalledStore, StoreInstaller, StoreKind } from './stores';
import { WindowsUserRoot } from './windowsRootStore';

export interface LocalCaTrustOptions {
  project: string;
  environment: string;
  /** Where the state file lives (the gateway's persistence dir). */
  stateDir: string;
  /** Fetches the root PEM, e.g. `() => admin.waitForLocalCaRoot()`. */
  fetchRoot: () => Promise<string>;
  /** `none` (default): without root rights the system store is reported as failed, not elevated. */
  elevation?: Elevation;
  platform?: NodeJS.Platform;
  homeDir?: string;
  runner?: CommandRunner;
  /** Replaces the platform's installers (tests). */
  installers?: StoreInstaller[];
}

export interface TrustDetails {
  pem: string;
  certificate: CertificateInfo;
  /** The same root was trusted before (per the state file). */
  alreadyTrusted: boolean;
  /** A different root was trusted before; applyTrust replaces it. */
  rootChanged: boolean;
  previousFingerprint?: string;
  /** The kinds of store that applyTrust will write. */
  stores: StoreKind[];
}

export interface StoreFailure {
  store: StoreKind;
  message: string;
}

export interface TrustResult {
  certificate: CertificateInfo;
  /** Stores that now trust the root. */
  stores: InstalledStore[];
  failures: StoreFailure[];
}

export interface UntrustResult {
  removed: InstalledStore[];
  failures: StoreFailure[];
  /** False when nothing was recorded as installed. */
  hadState: boolean;
}

export interface TrustState {
  version: 1;
  project: string;
  environment: string;
  fingerprint: string;
  subject: string;
  installedAt: string;
  stores: InstalledStore[];
}

export class LocalCaTrust {
  readonly name: string;
  private readonly runner: CommandRunner;
  private readonly homeDir: string;

  constructor(private readonly options: LocalCaTrustOptions) {
    this.name = trustName(options.project, options.environment);
    this.runner = options.runner ?? systemRunner(options.elevation ?? 'none');
    this.homeDir = options.homeDir ?? os.homedir();
  }

  get stateFile(): string {
    return path.join(this.options.stateDir, `trust-${this.name}.json`);
  }

  readState(): TrustState | undefined {
    try {
      const state = JSON.parse(fs.readFileSync(this.stateFile, 'utf8')) as TrustState;
      return state.version === 1 && Array.isArray(state.stores) ? state : undefined;
    } catch {
      return undefined;
    }
  }

  async prepareTrust(): Promise<TrustDetails> {
    const pem = await this.options.fetchRoot();
    const certificate = describeCertificate(pem);
    const previous = this.readState();
    const stores: StoreKind[] = [];
    await this.withContext(pem, async (ctx) => {
      for (const installer of this.installers()) if (await installer.available(ctx)) stores.push(installer.kind);
    });
    const details: TrustDetails = {
      pem, certificate, stores,
      alreadyTrusted: previous?.fingerprint === certificate.sha256Fingerprint,
      rootChanged: !!previous && previous.fingerprint !== certificate.sha256Fingerprint,
    };
    if (previous) details.previousFingerprint = previous.fingerprint;
    return details;
  }

  /** Installs the root the user agreed to. An earlier installation (same or older root) is removed first. */
  async applyTrust(details: TrustDetails): Promise<TrustResult> {
    if (this.readState()) await this.untrust();
    const stores: InstalledStore[] = [];
    const failures: StoreFailure[] = [];
    await this.withContext(details.pem, async (ctx) => {
      for (const installer of this.installers()) {
        if (!(await installer.available(ctx))) continue;
        try {
          stores.push(...(await installer.install(details.pem, details.certificate, ctx)));
        } catch (error) {
          failures.push({ store: installer.kind, message: (error as Error).message });
        }
      }
    });
    if (stores.length > 0) this.writeState(details.certificate, stores);
    return { certificate: details.certificate, stores, failures };
  }

  /** Removes exactly what the state file records; keeps the entries whose removal failed. */
  async untrust(): Promise<UntrustResult> {
    const state = this.readState();
    if (!state) return { removed: [], failures: [], hadState: false };
    const removed: InstalledStore[] = [];
    const failures: StoreFailure[] = [];
    const left: InstalledStore[] = [];
    await this.withContext('', async (ctx) => {
      for (const store of state.stores) {
        const installer = this.installers().find((i) => i.kind === store.kind);
        try {
          if (!installer) throw new Error(`no installer for ${store.kind} on this platform`);
          await installer.remove(store, ctx);
          if (store.pemFile && store.pemFile !== this.stateFile) fs.rmSync(store.pemFile, { force: true });
          removed.push(store);
        } catch (error) {
          failures.push({ store: store.kind, message: (error as Error).message });
          left.push(store);
        }
      }
    });
    if (left.length > 0) fs.writeFileSync(this.stateFile, JSON.stringify({ ...state, stores: left }, null, 2) + '\n');
    else fs.rmSync(this.stateFile, { force: true });
    return { removed, failures, hadState: true };
  }

  private installers(): StoreInstaller[] {
    if (this.options.installers) return this.options.installers;
    const platform = this.options.platform ?? process.platform;
    if (platform === 'win32') return [new WindowsUserRoot()];
    if (platform === 'darwin') {
      return [new MacosKeychain(this.runner.privileged || (this.options.elevation ?? 'none') !== 'none'), new NssStore(platform)];
    }
    return [new DebianCaCertificates(), new P11KitTrust(), new NssStore(platform)];
  }

  private writeState(certificate: CertificateInfo, stores: InstalledStore[]): void {
    const state: TrustState = {
      version: 1, project: this.options.project, environment: this.options.environment,
      fingerprint: certificate.sha256Fingerprint, subject: certificate.subject, installedAt: new Date().toISOString(), stores,
    };
    fs.mkdirSync(this.options.stateDir, { recursive: true });
    fs.writeFileSync(this.stateFile, JSON.stringify(state, null, 2) + '\n');
  }

  private async withContext(pem: string, fn: (ctx: InstallContext) => Promise<void>): Promise<void> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-trust-'));
    const pemFile = path.join(tmp, `${this.name}.crt`);
    try {
      if (pem) fs.writeFileSync(pemFile, pem, { mode: 0o644 });
      await fn({ runner: this.runner, name: this.name, stateDir: this.options.stateDir, homeDir: this.homeDir, pemFile });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

/** `nanokit-<project>-<env>` with only characters safe in file names and NSS nicknames. */
export function trustName(project: string, environment: string): string {
  return `nanokit-${project}-${environment}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}
