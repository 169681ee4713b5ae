// The TLS app: certificate automation policies per host class. Hosts whose last label is
// localhost/local/stage get Caddy's internal CA; public hosts get ACME from Let's Encrypt, with
// ZeroSSL as a second issuer when an e-mail is known.
//
// Compatibility (Caddy 2.6 … current 2.x): only the `internal` and `acme` issuer modules with the
// `ca` and `email` fields are used. The `zerossl` module is avoided on purpose: in 2.6 it wraps
// ACME, since 2.8 it speaks ZeroSSL's own API and requires `api_key`. Caddy ≥ 2.8 derives ZeroSSL's
// EAB credentials from `email` for an `acme` issuer pointing at ZeroSSL (that is also its own
// default); Caddy 2.6 cannot, so there the ZeroSSL fallback fails and Let's Encrypt is the only
// working issuer.

import { hostIssuer } from '../hosts';
import type { ResolvedConfig } from '../model';

export const ZEROSSL_DIRECTORY = 'https://acme.zerossl.com/v2/DV90';

/** Hosts of all routed services, deduplicated, in document order. */
export function routedHosts(config: ResolvedConfig): string[] {
  const hosts = config.services.flatMap((service) => service.hosts);
  return [...new Set(hosts)];
}

export function acmeIssuers(adminEmail: string | undefined): Record<string, unknown>[] {
  const email = adminEmail ? { email: adminEmail } : {};
  const letsEncrypt = { module: 'acme', ...email };
  return adminEmail ? [letsEncrypt, { module: 'acme', ca: ZEROSSL_DIRECTORY, ...email }] : [letsEncrypt];
}

export function automationPolicies(config: ResolvedConfig): Record<string, unknown>[] {
  const hosts = routedHosts(config);
  const internal = hosts.filter((host) => hostIssuer(host) === 'internal');
  const publicHosts = hosts.filter((host) => hostIssuer(host) === 'acme');
  const policies: Record<string, unknown>[] = [];
  if (internal.length > 0) {
    policies.push({ subjects: internal, issuers: [{ module: 'internal' }] });
  }
  if (publicHosts.length > 0) {
    policies.push({ subjects: publicHosts, issuers: acmeIssuers(config.gateway.adminEmail) });
  }
  return policies;
}

/** The `tls` app, or undefined when HTTPS is off or no host needs a certificate. */
export function tlsApp(config: ResolvedConfig): Record<string, unknown> | undefined {
  if (!config.gateway.https) {
    return undefined;
  }
  const policies = automationPolicies(config);
  return policies.length > 0 ? { automation: { policies } } : undefined;
}
