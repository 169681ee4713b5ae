// Host names of services: splitting `host:` values, telling local (internal CA) from public
// (ACME) hosts, and validating them so that nothing reaching the Caddy config can smuggle in
// matcher syntax, placeholders or JSON.
//
// Decisions:
// - A host is a DNS name: labels of a-z, 0-9 and `-` (case-insensitive; internationalised names
//   are written in punycode, `xn--…`), at most 63 characters per label and 253 in total, no label
//   starting or ending with `-`. `_` is rejected (not valid in a host name, and no CA issues it).
// - A wildcard is allowed only as a whole leading label (`*.shop.localhost`) with at least one
//   label after it.
// - IP literals (`127.0.0.1`, `[::1]`) are rejected: the gateway routes by host name, and an IP
//   cannot get an ACME certificate from the default CAs. Users write `app.localhost` instead.
// - A trailing dot (`example.com.`) is rejected as an empty label, to keep one spelling per host.

/** Final labels served by Caddy's internal CA (see nanokit-spec.md, "HTTPS by hostname"). */
const INTERNAL_SUFFIXES: ReadonlySet<string> = new Set(['localhost', 'local', 'stage']);

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LABEL_CHARS = /^[a-z0-9-]+$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^\[?[0-9a-f]*:[0-9a-f:.]*\]?$/i;

/** `${VAR}` / `${VAR:-default}` expansions and `vault://…` / `env://…` references, which only Nanokit resolves at run time. */
export function isReference(value: string): boolean {
  return /\$\{[^}]*\}/.test(value) || /^(vault|env):\/\//i.test(value.trim());
}

/** Splits a `host:` value on commas, trims and lower-cases each host; empty entries are dropped. Non-strings give []. */
export function splitHosts(value: unknown): string[] {
  if (typeof value !== 'string') {
    return [];
  }
  return value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host.length > 0);
}

/** `internal` when the last label is `localhost`, `local` or `stage` (`api.stage.myapp.com` is `acme`). */
export function hostIssuer(host: string): 'internal' | 'acme' {
  const labels = host.toLowerCase().split('.');
  const last = labels[labels.length - 1] ?? '';
  return INTERNAL_SUFFIXES.has(last) ? 'internal' : 'acme';
}

/**
 * Why `host` cannot be served, as a phrase that reads after `host "<host>" ` (e.g. `is empty`,
 * `contains a port (":8080")…`); undefined when the host is valid.
 */
export function hostProblem(host: string): string | undefined {
  return wholeHostProblem(host) ?? labelsProblem(host);
}

function wholeHostProblem(host: string): string | undefined {
  if (host.length === 0) {
    return 'is empty: write a host name such as "app.localhost"';
  }
  if (isReference(host)) {
    return 'is a variable or secret reference: the gateway config needs the host name itself, written literally';
  }
  if (/\s/.test(host)) {
    return 'contains spaces: write one host name, or several separated by commas';
  }
  if (host.includes('://')) {
    return 'contains a scheme: write only the host name (e.g. "shop.example", not "https://shop.example")';
  }
  if (host.includes('/')) {
    return 'contains a path: the gateway routes whole host names; remove everything from the "/"';
  }
  if (IPV4.test(host) || (IPV6.test(host) && host.split(':').length > 2)) {
    return 'is an IP address: the gateway routes by host name; use a name such as "app.localhost"';
  }
  if (host.includes(':')) {
    return 'contains a port: remove it; the gateway ports are set with gatewayPort and gatewayHttpsPort';
  }
  if (host.length > MAX_HOST_LENGTH) {
    return `is too long (${host.length} characters, at most ${MAX_HOST_LENGTH})`;
  }
  return undefined;
}

function labelsProblem(host: string): string | undefined {
  const labels = host.split('.');
  for (const [index, label] of labels.entries()) {
    const problem = index === 0 && label === '*' ? wildcardProblem(labels) : labelProblem(label);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

function wildcardProblem(labels: string[]): string | undefined {
  return labels.length < 2
    ? 'is only a wildcard: write "*.<domain>", e.g. "*.shop.localhost"'
    : undefined;
}

function labelProblem(label: string): string | undefined {
  if (label.length === 0) {
    return 'has an empty label (two dots in a row, or a leading or trailing dot)';
  }
  if (label.includes('*')) {
    return 'has a wildcard in the wrong place: "*" is allowed only as the whole first label ("*.shop.localhost")';
  }
  if (label.length > MAX_LABEL_LENGTH) {
    return `has a label longer than ${MAX_LABEL_LENGTH} characters ("${label.slice(0, 20)}…")`;
  }
  if (!LABEL_CHARS.test(label)) {
    return `has invalid characters in "${label}": use letters a-z, digits and "-" (punycode "xn--…" for international names)`;
  }
  if (label.startsWith('-') || label.endsWith('-')) {
    return `has a label starting or ending with "-" ("${label}")`;
  }
  return undefined;
}
