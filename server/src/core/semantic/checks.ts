// Cross-field checks the schema cannot express, evaluated on one environment's merged configuration.
import type { NanokitDocument, PathSegment, Span } from '../document';
import { resolve } from '../environments';
import { hostIssuer, hostProblem } from '../hosts';
import type { ResolvedConfig } from '../model';
import type { Problem, Severity } from '../problem';
import { closest } from '../suggest';
import { Locator } from './locate';

/** Runtimes Nanokit discovers without a `runtimes` entry. */
export const AUTO_RUNTIMES = ['node', 'python', 'go', 'php', 'ruby', 'static'];

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (v: unknown): string[] => (isDict(v) ? Object.keys(v) : []);
const isExpansion = (v: unknown): boolean => typeof v === 'string' && /\$\{|^(vault|env):\/\//.test(v);

interface Context {
  doc: NanokitDocument;
  merged: Dict;
  resolved: ResolvedConfig;
  at: Locator;
  out: Problem[];
  /** Edit-distance comparisons left for "did you mean" in this environment. */
  suggestionBudget: number;
}

/** Bounds "did you mean" work per environment: thousands of bad references to thousands of names were quadratic (minutes). */
export const SUGGESTION_BUDGET = 100_000;

function suggest(ctx: Context, word: string, candidates: Set<string> | string[]): string | undefined {
  const size = Array.isArray(candidates) ? candidates.length : candidates.size;
  if (size > ctx.suggestionBudget) return undefined;
  ctx.suggestionBudget -= size;
  return closest(word, candidates);
}

function report(ctx: Context, code: string, severity: Severity, message: string, span: Span | undefined, data?: Problem['data']): void {
  ctx.out.push({ code, severity, message, span: span ?? ctx.doc.firstLineSpan, data });
}

export function checkEnvironment(doc: NanokitDocument, raw: Dict, environment: string | undefined): Problem[] {
  const env = environment ?? 'local';
  const resolved = resolve(raw, env);
  const ctx: Context = { doc, merged: resolved.merged, resolved, at: new Locator(doc, environment), out: [], suggestionBudget: SUGGESTION_BUDGET };
  checkGatewayPorts(ctx);
  checkHosts(ctx);
  checkReferences(ctx);
  checkDeploy(ctx);
  return ctx.out;
}

function checkGatewayPorts(ctx: Context): void {
  const { resolved } = ctx;
  if (resolved.gatewayPort !== resolved.gatewayHttpsPort) return;
  const span = ctx.at.value(['gatewayHttpsPort']) ?? ctx.at.value(['gatewayPort']);
  report(ctx, 'same-gateway-ports', 'error',
    `gatewayPort and gatewayHttpsPort are both ${resolved.gatewayPort}: HTTP and HTTPS need two different host ports (e.g. 8080 and 8443).`, span);
}

function checkHosts(ctx: Context): void {
  const { resolved } = ctx;
  const claimed = new Map<string, string>();
  const httpsOn = resolved.gateway.https;
  const adminEmail = resolved.gateway.adminEmail;
  for (const service of resolved.services) {
    const hostPath: PathSegment[] = ['services', service.name, 'host'];
    if (typeof service.raw.host !== 'string' || isExpansion(service.raw.host)) continue;
    const texts = service.raw.host.split(',').map((t) => t.trim()).filter(Boolean);
    if (texts.length === 0) continue;
    // Source positions are looked up only when something is reported (most documents have no problem).
    let entries: { text: string; span: Span }[] | undefined;
    const spanAt = (i: number): Span | undefined => (entries ??= ctx.at.listEntries(hostPath))[i]?.span ?? ctx.at.value(hostPath);
    if (service.upstreamPort === undefined && service.raw.expose === undefined && service.raw.port === undefined) {
      report(ctx, 'missing-upstream-port', 'error',
        `Service "${service.name}" has a host but neither "expose" nor "port": the gateway does not know which container port to proxy to. Add "expose: <port>".`,
        ctx.at.key(hostPath));
    }
    let warnedEmail = false;
    texts.forEach((text, i) => {
      const host = text.toLowerCase();
      const problem = hostProblem(host);
      if (problem) {
        report(ctx, 'invalid-host', 'error', `"${text}" is not a valid host name: ${problem}`, spanAt(i));
        return;
      }
      const first = claimed.get(host);
      if (first !== undefined && first !== service.name) {
        report(ctx, 'duplicate-host', 'error',
          `Host "${host}" is already claimed by service "${first}": the gateway can route a host to one service only. Use another host name.`, spanAt(i));
      } else claimed.set(host, service.name);
      if (httpsOn && !adminEmail && !warnedEmail && hostIssuer(host) === 'acme') {
        warnedEmail = true;
        report(ctx, 'missing-admin-email', 'warning',
          `"${host}" is a public domain: its certificate comes from Let's Encrypt/ZeroSSL, and without gateway.adminEmail expiry and rate-limit notices reach nobody. Set gateway.adminEmail.`, spanAt(i));
      }
    });
  }
}

function checkReferences(ctx: Context): void {
  const { merged } = ctx;
  const services = keysOf(merged.services);
  const serviceSet = new Set(services);
  const runtimes = new Set([...keysOf(merged.runtimes), ...AUTO_RUNTIMES]);
  const dependencies = new Set([...services, ...keysOf(merged.databases)]);
  const networks = new Set(keysOf(merged.networks));
  for (const name of services) {
    const service = (merged.services as Dict)[name];
    if (!isDict(service)) continue;
    const runtime = service.runtime;
    if (typeof runtime === 'string' && !isExpansion(runtime) && !runtimes.has(runtime)) {
      const guess = suggest(ctx, runtime, runtimes);
      report(ctx, 'unknown-runtime', 'error',
        `Runtime "${runtime}" is not declared under runtimes and is not one Nanokit discovers (${AUTO_RUNTIMES.join(', ')}).${guess ? ` Did you mean "${guess}"?` : ' Declare it under runtimes.'}`,
        ctx.at.value(['services', name, 'runtime']), guess ? { replacement: guess } : undefined);
    }
    checkNameList(ctx, ['services', name, 'depends_on'], service.depends_on, dependencies, name,
      'unknown-dependency', (item) => `"${item}" in depends_on is neither a service nor a database of this file`,
      'Declare it under services or databases, or remove it from depends_on.');
    checkNameList(ctx, ['services', name, 'networks'], service.networks, networks, undefined,
      'unknown-network', (item) => `Network "${item}" is not declared under the top-level networks`,
      'Declare it under networks, or remove it from this list.');
  }
  for (const job of keysOf(merged.cron)) {
    const service = ((merged.cron as Dict)[job] as Dict | undefined)?.service;
    if (typeof service === 'string' && !isExpansion(service) && !serviceSet.has(service)) {
      const guess = suggest(ctx, service, services);
      report(ctx, 'unknown-cron-service', 'error',
        `Cron job "${job}" runs in service "${service}", which does not exist. ${guess ? `Did you mean "${guess}"?` : 'Name a service declared under services.'}`,
        ctx.at.value(['cron', job, 'service']), guess ? { replacement: guess } : undefined);
    }
  }
}

function checkNameList(ctx: Context, path: PathSegment[], list: unknown, known: Set<string>, self: string | undefined, code: string, describe: (item: string) => string, todo: string): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (typeof item !== 'string' || isExpansion(item)) return;
    if (item === self) {
      report(ctx, 'self-dependency', 'error', `Service "${self}" cannot depend on itself. Remove it from depends_on.`, ctx.at.value([...path, index]));
    } else if (!known.has(item)) {
      const guess = suggest(ctx, item, known);
      report(ctx, code, 'error', `${describe(item)}. ${guess ? `Did you mean "${guess}"?` : todo}`, ctx.at.value([...path, index]), guess ? { replacement: guess } : undefined);
    }
  });
}

function checkDeploy(ctx: Context): void {
  const deploy = ctx.merged.deploy;
  if (!isDict(deploy) || deploy.method !== 'git' || deploy.repository !== undefined) return;
  report(ctx, 'missing-repository', 'error',
    'deploy.method is "git" but deploy.repository is not set: Nanokit needs the repository to clone on the target. Add "repository: git@host:org/repo.git".',
    ctx.at.value(['deploy', 'method']));
}
