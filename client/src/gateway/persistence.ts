// Where the gateway keeps Caddy's data (certificates, the local CA's keys, ACME accounts) on the host.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type PersistenceMode = 'project' | 'global';

export const GLOBAL_PERSISTENCE_DIR = '/var/lib/nanokit/gateway';
export const PROJECT_PERSISTENCE_SUBDIR = path.join('.nanokit', 'gateway');

/** `project` → `<projectRoot>/.nanokit/gateway`, `global` → `/var/lib/nanokit/gateway`. */
export function persistenceDir(mode: PersistenceMode, projectRoot: string): string {
  return mode === 'global' ? GLOBAL_PERSISTENCE_DIR : path.join(path.resolve(projectRoot), PROJECT_PERSISTENCE_SUBDIR);
}

/** Creates the directory (mode 0700: it holds the CA's private key) and returns its path. */
export function ensurePersistenceDir(mode: PersistenceMode, projectRoot: string): string {
  const dir = persistenceDir(mode, projectRoot);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = mode === 'global' ? ' Create it as root (sudo mkdir -p /var/lib/nanokit/gateway) or use persistenceMode: project.' : '';
    throw new Error(`Cannot create the gateway data directory ${dir} (${code ?? (error as Error).message}).${hint}`, { cause: error });
  }
  return dir;
}

export { isNanokitDirGitIgnored } from '../../../server/src/platform/gitIgnore';
