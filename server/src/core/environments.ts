// Environment resolution: the effective configuration of one environment is the top level
// deep-merged with `environments.<env>` (maps merge recursively, the environment wins, lists and
// scalars are replaced), with the gateway defaults applied. Pure, and total: any input (wrong
// types, null, garbage) resolves; values of the wrong type count as absent.

import { splitHosts } from './hosts';
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_HTTP_PORT,
  DEFAULT_HTTPS_PORT,
  ResolvedConfig,
  ResolvedGateway,
  ResolvedService,
  serviceContainerName,
} from './model';

type Map = Record<string, unknown>;

export function isMap(value: unknown): value is Map {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key that would replace the prototype through plain assignment; never copied. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/** Deep copy of plain data (maps and lists); other values are shared as they are immutable here. */
function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(cloneData);
  }
  if (isMap(value)) {
    return mergeMaps(value, {});
  }
  return value;
}

/** `base` deep-merged with `overlay`: maps recurse, anything else in `overlay` (even null) wins. */
function mergeMaps(base: Map, overlay: Map): Map {
  const out: Map = {};
  for (const [key, value] of Object.entries(base)) {
    if (!UNSAFE_KEYS.has(key)) {
      out[key] = cloneData(value);
    }
  }
  for (const [key, value] of Object.entries(overlay)) {
    if (UNSAFE_KEYS.has(key)) {
      continue;
    }
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeMaps(current, value) : cloneData(value);
  }
  return out;
}

/**
 * The top level deep-merged with `environments.<environment>`; the `environments` key is removed.
 * An environment that is not declared (or whose block is not a map) gives the top level.
 */
export function mergeEnvironment(raw: Record<string, unknown>, environment: string): Record<string, unknown> {
  const top: Map = isMap(raw) ? raw : {};
  const environments = top.environments;
  const overlay = isMap(environments) && Object.hasOwn(environments, environment) ? environments[environment] : undefined;
  const merged = mergeMaps(top, isMap(overlay) ? overlay : {});
  delete merged.environments;
  return merged;
}

/** Names under `environments`, in document order; [] when there is no such map. */
export function declaredEnvironments(raw: unknown): string[] {
  if (!isMap(raw) || !isMap(raw.environments)) {
    return [];
  }
  return Object.keys(raw.environments);
}

/**
 * A port number from a YAML value: an integer 1–65535, a string of digits in that range, or the
 * default of a `${VAR:-8443}` reference (what Nanokit uses when VAR is unset, so previews and port
 * checks show the likely value). Anything else (`${PORT}`, vault references, 0, 70000, 80.5) gives undefined.
 */
export function toPort(value: unknown): number | undefined {
  const number = toInteger(value);
  return number !== undefined && number >= 1 && number <= 65535 ? number : undefined;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    return Number.parseInt(value, 10);
  }
  const fallback = typeof value === 'string' ? /^\$\{[A-Za-z_][A-Za-z0-9_]*:-(\d+)\}$/.exec(value.trim()) : null;
  if (fallback) return Number.parseInt(fallback[1], 10);
  return undefined;
}

function resolveGateway(merged: Map, environment: string): ResolvedGateway {
  const block = isMap(merged.gateway) ? merged.gateway : {};
  const gateway: ResolvedGateway = {
    https: typeof block.https === 'boolean' ? block.https : true,
    persistenceMode:
      block.persistenceMode === 'project' || block.persistenceMode === 'global'
        ? block.persistenceMode
        : environment === DEFAULT_ENVIRONMENT ? 'project' : 'global',
  };
  if (typeof block.adminEmail === 'string' && block.adminEmail.trim() !== '') {
    gateway.adminEmail = block.adminEmail.trim();
  }
  return gateway;
}

/** `expose` when the key is set (even if it cannot be resolved), else `port`. */
function upstreamPortOf(service: Map): number | undefined {
  return service.expose !== undefined && service.expose !== null ? toPort(service.expose) : toPort(service.port);
}

function resolveServices(merged: Map, project: string, environment: string): ResolvedService[] {
  if (!isMap(merged.services)) {
    return [];
  }
  const services: ResolvedService[] = [];
  for (const [name, value] of Object.entries(merged.services)) {
    const raw = isMap(value) ? value : {};
    if (toInteger(raw.instances) === 0) {
      continue;
    }
    const service: ResolvedService = {
      name,
      hosts: splitHosts(raw.host),
      containerName: serviceContainerName(project, environment, name),
      raw,
    };
    const upstreamPort = upstreamPortOf(raw);
    if (upstreamPort !== undefined) {
      service.upstreamPort = upstreamPort;
    }
    services.push(service);
  }
  return services;
}

/** The effective configuration of `environment` (defaults applied, `instances: 0` services dropped). Never throws. */
export function resolve(raw: unknown, environment: string): ResolvedConfig {
  const merged = mergeEnvironment(isMap(raw) ? raw : {}, environment);
  const project = typeof merged.name === 'string' ? merged.name.trim() : '';
  return {
    project,
    environment,
    gatewayPort: toPort(merged.gatewayPort) ?? DEFAULT_HTTP_PORT,
    gatewayHttpsPort: toPort(merged.gatewayHttpsPort) ?? DEFAULT_HTTPS_PORT,
    gateway: resolveGateway(merged, environment),
    services: resolveServices(merged, project, environment),
    merged,
  };
}
