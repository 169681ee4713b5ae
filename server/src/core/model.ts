// Types of the nanokit.yml model after environment resolution. Shared by the generator, the
// semantic checks, the port probe, the CLI and the gateway controller.

/** The gateway block after defaults are applied. */
export interface ResolvedGateway {
  https: boolean;
  adminEmail?: string;
  persistenceMode: 'project' | 'global';
}

/** One service that takes part in the environment (`instances: 0` services are left out). */
export interface ResolvedService {
  name: string;
  /** Host names from `host`, split on commas, trimmed, lower-cased; empty when the service has no host. */
  hosts: string[];
  /** Container port the gateway proxies to: `expose`, else `port`; undefined when neither is set. */
  upstreamPort?: number;
  /** Container name on `nanokit-net`: `nk-<project>-<env>-<service>`. */
  containerName: string;
  /** The merged service block as written (after the environment merge). */
  raw: Record<string, unknown>;
}

/** The effective configuration of one environment. */
export interface ResolvedConfig {
  project: string;
  environment: string;
  /** Host port published for HTTP (container port 80). */
  gatewayPort: number;
  /** Host port published for HTTPS (container port 443). */
  gatewayHttpsPort: number;
  gateway: ResolvedGateway;
  /** Services in document order, without `instances: 0` ones. */
  services: ResolvedService[];
  /** The whole merged document (top level deep-merged with `environments.<env>`, `environments` removed). */
  merged: Record<string, unknown>;
}

export const DEFAULT_ENVIRONMENT = 'local';
export const DEFAULT_HTTP_PORT = 80;
export const DEFAULT_HTTPS_PORT = 443;
export const GATEWAY_NETWORK = 'nanokit-net';

export function gatewayContainerName(project: string, environment: string): string {
  return `nk-${project}-${environment}-gateway`;
}

export function serviceContainerName(project: string, environment: string, service: string): string {
  return `nk-${project}-${environment}-${service}`;
}
