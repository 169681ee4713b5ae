// Pure helpers describing the gateway container: labels, Caddy's bootstrap config and the
// adjustments every config pushed into the container needs.

export const ADMIN_CONTAINER_PORT = 2019;
/** Inside the container the admin API must listen on all interfaces so the published port reaches it. */
export const CONTAINER_ADMIN_LISTEN = `0.0.0.0:${ADMIN_CONTAINER_PORT}`;
/** Where the persistence dir is mounted; XDG_DATA_HOME points here, so Caddy's data lives in /data/caddy. */
export const CONTAINER_DATA_DIR = '/data';
export const BOOTSTRAP_FILE_NAME = 'nanokit-bootstrap.json';
export const DEFAULT_ADMIN_PORT = 2019;
export const DEFAULT_GATEWAY_IMAGE = 'caddy:2.8.4';

export const LABEL_ENV = 'nk-env';
export const LABEL_PROJECT = 'nanokit.project';
export const LABEL_ROLE = 'nanokit.role';
export const ROLE_GATEWAY = 'gateway';

export function gatewayLabels(project: string, environment: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [LABEL_ENV]: environment, [LABEL_PROJECT]: project, [LABEL_ROLE]: ROLE_GATEWAY, ...extra };
}

/** Caddy's first config: admin API reachable through the published port, never touch the host trust store. */
export function bootstrapConfig(): Record<string, unknown> {
  return prepareForContainer({});
}

/**
 * Returns a copy of `config` that keeps the container's admin API reachable (`admin.listen`
 * 0.0.0.0:2019; a config with another listen address would cut the published port off) and
 * keeps `install_trust: false` on the local CA.
 */
export function prepareForContainer(config: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(config);
  const admin = asRecord(copy.admin);
  copy.admin = { ...admin, listen: CONTAINER_ADMIN_LISTEN };
  const apps = asRecord(copy.apps);
  const pki = asRecord(apps.pki);
  const cas = asRecord(pki.certificate_authorities);
  const local = asRecord(cas.local);
  copy.apps = { ...apps, pki: { ...pki, certificate_authorities: { ...cas, local: { ...local, install_trust: false } } } };
  return copy;
}

/**
 * The container's command. `--resume` makes a restarted container (restart policy, host reboot)
 * come back with the last loaded config (Caddy's autosave); a fresh container starts from the
 * bootstrap file written into the mounted data dir.
 */
export function gatewayCommand(): string[] {
  return ['caddy', 'run', '--resume', '--config', `${CONTAINER_DATA_DIR}/${BOOTSTRAP_FILE_NAME}`];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
