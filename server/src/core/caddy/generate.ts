// The one generator: resolved configuration → complete Caddy JSON config. Pure and deterministic.

import type { ResolvedConfig } from '../model';
import { CaddyGeneratorOptions, EffectiveOptions, listenPort, withDefaults } from './options';
import { generationProblems } from './problems';
import { redirectRoute, serviceRoutes } from './routes';
import { tlsApp } from './tls';

export type CaddyConfig = Record<string, unknown>;

/** Thrown by generateCaddyConfig when generationProblems(config) is not empty: never a half-config. */
export class CaddyGenerationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot generate the Caddy config:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    this.name = 'CaddyGenerationError';
  }
}

/** Server names in `apps.http.servers`. */
export const HTTPS_SERVER = 'https';
export const HTTP_SERVER = 'http';

function httpsServers(config: ResolvedConfig, options: EffectiveOptions): Record<string, unknown> {
  return {
    // Always TLS, even with no routes yet (no hosts): the listener stays a TLS listener, so
    // adding the first host later is a plain reload. Caddy's own redirects are replaced by ours.
    [HTTPS_SERVER]: {
      listen: [options.httpsListen],
      routes: serviceRoutes(config, options.upstream),
      tls_connection_policies: [{}],
      automatic_https: { disable_redirects: true },
    },
    [HTTP_SERVER]: {
      listen: [options.httpListen],
      routes: [redirectRoute(config)],
      automatic_https: { disable: true },
    },
  };
}

function plainHttpServers(config: ResolvedConfig, options: EffectiveOptions): Record<string, unknown> {
  return {
    [HTTP_SERVER]: {
      listen: [options.httpListen],
      routes: serviceRoutes(config, options.upstream),
      automatic_https: { disable: true },
    },
  };
}

/**
 * The Caddy config the gateway of `config.environment` loads. Throws CaddyGenerationError when
 * generationProblems(config) is not empty (call that first to show the reasons).
 */
export function generateCaddyConfig(config: ResolvedConfig, options?: CaddyGeneratorOptions): CaddyConfig {
  const problems = generationProblems(config);
  if (problems.length > 0) {
    throw new CaddyGenerationError(problems);
  }
  const effective = withDefaults(options);
  const apps: Record<string, unknown> = {
    http: {
      http_port: listenPort(effective.httpListen, 80),
      https_port: listenPort(effective.httpsListen, 443),
      servers: config.gateway.https ? httpsServers(config, effective) : plainHttpServers(config, effective),
    },
    pki: { certificate_authorities: { local: { install_trust: false } } },
  };
  const tls = tlsApp(config);
  if (tls) {
    apps.tls = tls;
  }
  return {
    admin: { listen: effective.adminListen },
    storage: { module: 'file_system', root: effective.storageRoot },
    apps,
  };
}
