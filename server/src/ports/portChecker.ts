/**
 * Cached port checks for the language server and the CLI: probe by binding, then find the owner.
 * Results live for `ttlMs` per port; concurrent callers of one port share a single probe.
 */
import type { DockerEndpoint } from '../platform/dockerEndpoint';
import { isContainerPortHolder, lookupPublishingContainer } from './dockerOwner';
import { findPortOwner, type OwnerLookupOptions, type OwnerLookupResult } from './ownerLookup';
import { probePort } from './probe';
import type { PortStatus, ProbeResult } from './types';

export interface PortCheckerOptions {
  /** How long a result is reused (default 3000 ms). */
  ttlMs?: number;
  /**
   * The Docker endpoint to ask about container-owned ports, or a getter (settings may change).
   * A getter that throws (e.g. DockerEndpointError for an ssh:// host) counts as "no endpoint";
   * its message is reported in `error` when a container proxy holds the port.
   */
  dockerEndpoint?: DockerEndpoint | (() => DockerEndpoint | undefined);
  /** When the bind succeeds, still ask Docker whether a running container publishes the port (default true). */
  checkDockerWhenFree?: boolean;
  dockerTimeoutMs?: number;
  platform?: NodeJS.Platform;
  /** For tests. */
  probe?: (port: number) => Promise<ProbeResult>;
  findOwner?: (port: number, opts: OwnerLookupOptions) => Promise<OwnerLookupResult>;
  now?: () => number;
}

interface CacheEntry {
  status: PortStatus;
  expiresAt: number;
}

export class PortChecker {
  private readonly cache = new Map<number, CacheEntry>();
  private readonly inFlight = new Map<number, Promise<PortStatus>>();
  private generation = 0;

  constructor(private readonly opts: PortCheckerOptions = {}) {}

  check(port: number): Promise<PortStatus> {
    const now = this.now();
    const cached = this.cache.get(port);
    if (cached && now < cached.expiresAt) return Promise.resolve(cached.status);
    const running = this.inFlight.get(port);
    if (running) return running;
    const generation = this.generation;
    const promise = this.compute(port).then((status) => {
      if (this.inFlight.get(port) === promise) this.inFlight.delete(port);
      if (generation === this.generation) this.cache.set(port, { status, expiresAt: this.now() + (this.opts.ttlMs ?? 3000) });
      return status;
    });
    this.inFlight.set(port, promise);
    return promise;
  }

  /** Forgets cached results (of one port, or all); probes already running are not reused afterwards. */
  invalidate(port?: number): void {
    if (port === undefined) {
      this.generation++;
      this.cache.clear();
      this.inFlight.clear();
      return;
    }
    this.cache.delete(port);
    this.inFlight.delete(port);
  }

  private async compute(port: number): Promise<PortStatus> {
    try {
      const probe = await (this.opts.probe ?? probePort)(port);
      if (probe.state === 'unknown') return { port, state: 'unknown', error: probe.error ?? 'The port could not be tested.' };
      if (probe.state === 'free') return this.freeOrPublished(port);
      return this.withOwner(port, probe.state);
    } catch (err) {
      return { port, state: 'unknown', error: `Checking port ${port} failed: ${(err as Error).message}` };
    }
  }

  private async withOwner(port: number, probed: 'taken' | 'privileged'): Promise<PortStatus> {
    const { endpoint: dockerEndpoint, error: endpointError } = this.dockerEndpoint();
    const lookup = await (this.opts.findOwner ?? findPortOwner)(port, {
      ...(this.opts.platform ? { platform: this.opts.platform } : {}),
      ...(dockerEndpoint ? { dockerEndpoint } : {}),
      ...(this.opts.dockerTimeoutMs ? { dockerTimeoutMs: this.opts.dockerTimeoutMs } : {}),
    });
    // A privileged port with a listener (or a publishing container) is taken, whatever our rights.
    const listened = lookup.listening || !!lookup.owner?.container;
    const status: PortStatus = { port, state: probed === 'privileged' && listened ? 'taken' : probed };
    if (lookup.owner) status.owner = lookup.owner;
    if (lookup.error) status.error = lookup.error;
    else if (endpointError && isContainerPortHolder(lookup.owner?.name)) status.error = endpointError;
    return status;
  }

  /** With Docker's userland proxy off, a published port binds fine yet Docker refuses to publish it again. */
  private async freeOrPublished(port: number): Promise<PortStatus> {
    const dockerEndpoint = this.dockerEndpoint().endpoint;
    if (!dockerEndpoint || this.opts.checkDockerWhenFree === false) return { port, state: 'free' };
    const container = await lookupPublishingContainer(dockerEndpoint, port, { timeoutMs: this.opts.dockerTimeoutMs ?? 2000 }).catch(
      () => undefined,
    );
    return container ? { port, state: 'taken', owner: { container } } : { port, state: 'free' };
  }

  private dockerEndpoint(): { endpoint?: DockerEndpoint; error?: string } {
    const ep = this.opts.dockerEndpoint;
    if (typeof ep !== 'function') return ep ? { endpoint: ep } : {};
    try {
      const endpoint = ep();
      return endpoint ? { endpoint } : {};
    } catch (err) {
      return { error: `Could not ask Docker which container holds the port: ${(err as Error).message}` };
    }
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }
}
