// Options of the generator. The defaults describe the gateway container: Caddy listens on 80 and
// 443 inside it, the admin API on 0.0.0.0:2019 (published on 127.0.0.1 only by the container),
// and the persistence directory is mounted at /data, so Caddy's storage lives in /data/caddy.

import type { ResolvedService } from '../model';

export interface CaddyGeneratorOptions {
  /** Address of the HTTP server. Default `:80`. */
  httpListen?: string;
  /** Address of the HTTPS server (used only when `gateway.https` is on). Default `:443`. */
  httpsListen?: string;
  /** Address of the admin API. Default `0.0.0.0:2019`. */
  adminListen?: string;
  /** Dial address of a service's upstream. Default `${containerName}:${upstreamPort}`. */
  upstream?: (service: ResolvedService) => string;
  /** Root of Caddy's file storage (certificates, local CA, ACME accounts). Default `/data/caddy`. */
  storageRoot?: string;
}

/** Where the gateway container mounts the persistence directory (`.nanokit/gateway/` or `/var/lib/nanokit/gateway/`). */
export const CONTAINER_DATA_DIR = '/data';
export const DEFAULT_STORAGE_ROOT = `${CONTAINER_DATA_DIR}/caddy`;
export const DEFAULT_HTTP_LISTEN = ':80';
export const DEFAULT_HTTPS_LISTEN = ':443';
export const DEFAULT_ADMIN_LISTEN = '0.0.0.0:2019';

export type EffectiveOptions = Required<CaddyGeneratorOptions>;

export function defaultUpstream(service: ResolvedService): string {
  return `${service.containerName}:${service.upstreamPort ?? ''}`;
}

export function withDefaults(options: CaddyGeneratorOptions = {}): EffectiveOptions {
  return {
    httpListen: options.httpListen ?? DEFAULT_HTTP_LISTEN,
    httpsListen: options.httpsListen ?? DEFAULT_HTTPS_LISTEN,
    adminListen: options.adminListen ?? DEFAULT_ADMIN_LISTEN,
    upstream: options.upstream ?? defaultUpstream,
    storageRoot: options.storageRoot ?? DEFAULT_STORAGE_ROOT,
  };
}

/** The port of a listen address such as `:80`, `127.0.0.1:8443` or `tcp/[::1]:443`; `fallback` when there is none. */
export function listenPort(address: string, fallback: number): number {
  const match = /:(\d+)$/.exec(address);
  const port = match ? Number.parseInt(match[1] ?? '', 10) : Number.NaN;
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : fallback;
}
