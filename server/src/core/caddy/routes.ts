// HTTP routes of the gateway: one per service with hosts (host matcher → security headers →
// reverse proxy), and the HTTP→HTTPS redirect that replaces Caddy's automatic one.

import type { ResolvedConfig, ResolvedService } from '../model';

export const HSTS_VALUE = 'max-age=31536000';

/** Response headers every site gets (nanokit-spec.md, "Security hardening"); HSTS is added only with HTTPS. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Permanent redirect that keeps the method and body (a POST stays a POST), the same status
 * Caddy's own automatic redirects use.
 */
export const REDIRECT_STATUS = 308;

/** Suffix of the redirect route's `@id`; `gateway` is a reserved service name, so it cannot collide. */
export const REDIRECT_ROUTE_SUFFIX = 'gateway-http-redirect';

type Route = Record<string, unknown>;

/** Stable `@id` of a gateway route: `nk-<project>-<env>-<name>`. */
export function routeId(config: ResolvedConfig, name: string): string {
  return `nk-${config.project}-${config.environment}-${name}`;
}

/** The `headers` handler; `deferred` so the values replace whatever the upstream sent. */
export function securityHeadersHandler(https: boolean): Record<string, unknown> {
  const set: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    set[name] = [value];
  }
  if (https) {
    set['Strict-Transport-Security'] = [HSTS_VALUE];
  }
  return { handler: 'headers', response: { set, deferred: true } };
}

export function serviceRoute(config: ResolvedConfig, service: ResolvedService, dial: string): Route {
  return {
    '@id': routeId(config, service.name),
    match: [{ host: [...service.hosts] }],
    handle: [
      securityHeadersHandler(config.gateway.https),
      { handler: 'reverse_proxy', upstreams: [{ dial }] },
    ],
    terminal: true,
  };
}

/** Routes of every service that has hosts, in document order. */
export function serviceRoutes(config: ResolvedConfig, upstream: (service: ResolvedService) => string): Route[] {
  return config.services
    .filter((service) => service.hosts.length > 0)
    .map((service) => serviceRoute(config, service, upstream(service)));
}

/** `https://{host}[:port]{uri}` with the host port of HTTPS (`:443` left out). */
export function redirectLocation(gatewayHttpsPort: number): string {
  const port = gatewayHttpsPort === 443 ? '' : `:${gatewayHttpsPort}`;
  return `https://{http.request.host}${port}{http.request.uri}`;
}

/**
 * Redirects every plain-HTTP request to HTTPS on the environment's host port. Caddy's automatic
 * redirect would assume 443 on the host, which is wrong when the host publishes e.g. 8443.
 */
export function redirectRoute(config: ResolvedConfig): Route {
  return {
    '@id': routeId(config, REDIRECT_ROUTE_SUFFIX),
    handle: [
      securityHeadersHandler(false),
      {
        handler: 'static_response',
        status_code: REDIRECT_STATUS,
        headers: { Location: [redirectLocation(config.gatewayHttpsPort)] },
      },
    ],
    terminal: true,
  };
}
