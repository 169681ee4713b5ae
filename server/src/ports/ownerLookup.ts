/** Who listens on a TCP port: the platform's lookup, then Docker when a container proxy holds it. */
import type { DockerEndpoint } from '../platform/dockerEndpoint';
import { isContainerPortHolder, lookupPublishingContainer } from './dockerOwner';
import { findLinuxOwner } from './linuxOwner';
import { findMacosOwner } from './macosOwner';
import { runProgram } from './runProgram';
import type { ListeningSocket, PortOwner, RunProgram } from './types';
import { findWindowsOwner } from './windowsOwner';

export interface OwnerLookupOptions {
  platform?: NodeJS.Platform;
  /** Ask this Docker endpoint which container publishes the port (when a proxy or nobody visible holds it). */
  dockerEndpoint?: DockerEndpoint;
  dockerTimeoutMs?: number;
  /** For tests: replaces execFile (macOS/Windows) and /proc (Linux). */
  run?: RunProgram;
  procRoot?: string;
}

export interface OwnerLookupResult {
  owner?: PortOwner;
  /** The OS reports at least one listening socket on the port. */
  listening: boolean;
  /** Why the owner could not be (fully) found. */
  error?: string;
}

export async function findPortOwner(port: number, opts: OwnerLookupOptions = {}): Promise<OwnerLookupResult> {
  let sockets: ListeningSocket[] = [];
  let owner: PortOwner | undefined;
  let error: string | undefined;
  try {
    ({ sockets, owner } = await lookupOnPlatform(port, opts));
  } catch (err) {
    error = `Could not find the program that holds port ${port}: ${(err as Error).message}`;
  }
  const askDocker = !!opts.dockerEndpoint && (!owner?.pid || isContainerPortHolder(owner.name));
  if (askDocker && opts.dockerEndpoint) {
    try {
      const container = await lookupPublishingContainer(opts.dockerEndpoint, port, { timeoutMs: opts.dockerTimeoutMs ?? 2000 });
      if (container) owner = { ...owner, container };
    } catch (err) {
      // Only worth reporting when a container proxy holds the port; otherwise Docker may simply not run.
      if (isContainerPortHolder(owner?.name)) error = `Could not ask Docker which container holds port ${port}: ${(err as Error).message}`;
    }
  }
  const result: OwnerLookupResult = { listening: sockets.length > 0 || !!owner?.pid };
  if (owner) result.owner = owner;
  if (error) result.error = error;
  return result;
}

async function lookupOnPlatform(port: number, opts: OwnerLookupOptions): Promise<{ sockets: ListeningSocket[]; owner?: PortOwner }> {
  const platform = opts.platform ?? process.platform;
  const run = opts.run ?? runProgram;
  if (platform === 'linux') return findLinuxOwner(port, opts.procRoot ? { procRoot: opts.procRoot } : {});
  if (platform === 'darwin') return findMacosOwner(port, run);
  if (platform === 'win32') return findWindowsOwner(port, run);
  return { sockets: [] };
}
