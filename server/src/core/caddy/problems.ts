// Reasons a configuration cannot be turned into a Caddy config. Anything that would end up in a
// container name, a dial address, an `@id` or a host matcher is checked here, so user text never
// reaches the JSON unvalidated.

import { hostProblem, isReference } from '../hosts';
import type { ResolvedConfig, ResolvedService } from '../model';
import { REDIRECT_ROUTE_SUFFIX } from './routes';

/** Docker's rule for container names (they also become DNS names on nanokit-net). */
const CONTAINER_NAME_PART = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Service names that would collide with the gateway's own container or route ids. */
const RESERVED_SERVICE_NAMES: ReadonlySet<string> = new Set(['gateway', REDIRECT_ROUTE_SUFFIX]);

function projectProblems(config: ResolvedConfig): string[] {
  if (config.project === '') {
    return ['The document has no "name": add one (e.g. name: shop); it names the containers nk-<name>-<env>-<service>.'];
  }
  if (isReference(config.project)) {
    return [`The project name "${config.project}" is a variable reference: the container names need the name itself, written literally.`];
  }
  if (!CONTAINER_NAME_PART.test(config.project)) {
    return [`The project name "${config.project}" cannot be used in container names: use letters, digits, "-", "_" or ".", starting with a letter or digit.`];
  }
  return [];
}

function environmentProblems(config: ResolvedConfig): string[] {
  return CONTAINER_NAME_PART.test(config.environment)
    ? []
    : [`The environment name "${config.environment}" cannot be used in container names: use letters, digits, "-", "_" or ".".`];
}

function describePort(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? `"${String(value)}"` : 'a value that is not a number';
}

function upstreamPortProblem(service: ResolvedService): string | undefined {
  if (service.upstreamPort !== undefined) {
    return undefined;
  }
  const { expose, port } = service.raw;
  const [key, value] = expose !== undefined && expose !== null ? ['expose', expose] : ['port', port];
  if (value === undefined || value === null) {
    return `Service "${service.name}" has a host but no port: set "expose" (the container port the gateway proxies to) or "port".`;
  }
  if (typeof value === 'string' && isReference(value)) {
    return `Service "${service.name}": ${key} "${value}" is a variable reference: the gateway needs the port number itself, written literally.`;
  }
  return `Service "${service.name}": ${key} ${describePort(value)} is not a port number the gateway can proxy to: use a number from 1 to 65535.`;
}

function serviceProblems(service: ResolvedService): string[] {
  const problems: string[] = [];
  if (!CONTAINER_NAME_PART.test(service.name)) {
    problems.push(`Service name "${service.name}" cannot be used in a container name: use letters, digits, "-", "_" or ".".`);
  } else if (RESERVED_SERVICE_NAMES.has(service.name)) {
    problems.push(`Service name "${service.name}" is reserved for the gateway: rename the service.`);
  }
  const portProblem = upstreamPortProblem(service);
  if (portProblem) {
    problems.push(portProblem);
  }
  for (const host of service.hosts) {
    const problem = hostProblem(host);
    if (problem) {
      problems.push(`Service "${service.name}": host "${host}" ${problem}.`);
    }
  }
  return problems;
}

function duplicateHostProblems(services: ResolvedService[]): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  for (const service of services) {
    for (const host of new Set(service.hosts)) {
      const owner = owners.get(host);
      if (owner === undefined) {
        owners.set(host, service.name);
      } else {
        problems.push(`Host "${host}" is claimed by services "${owner}" and "${service.name}": a host can route to one service only.`);
      }
    }
  }
  return problems;
}

/** Why no Caddy config can be generated for `config`; [] when generation is fine. */
export function generationProblems(config: ResolvedConfig): string[] {
  const routed = config.services.filter((service) => service.hosts.length > 0);
  return [
    ...projectProblems(config),
    ...environmentProblems(config),
    ...routed.flatMap(serviceProblems),
    ...duplicateHostProblems(routed),
  ];
}
