// `nanokit-gateway up|reload|down|status|trust|untrust <file>`: the gateway commands of the CLI.
// The lead's server/src/cli.ts parses argv and calls runGatewayCommand; this file checks the
// document, talks to Docker and Caddy through client/src/gateway, and prints one-line results.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigRejectedError, GatewayError, PortTakenError } from '../../../client/src/gateway/errors';
import { DockerGatewayController } from '../../../client/src/gateway/dockerController';
import { describeStatus } from '../../../client/src/gateway/gatewayStatus';
import type { GatewaySpec, PullProgress } from '../../../client/src/gateway/gatewayTypes';
import { gatewaySpec } from '../../../client/src/gateway/spec';
import { ensurePersistenceDir, isNanokitDirGitIgnored, persistenceDir } from '../../../client/src/gateway/persistence';
import { LocalCaTrust, type TrustDetails } from '../../../client/src/gateway/trust/trustStore';
import { analyzeText, caddyConfigForText } from '../core/analyze';
import { formatDiagnostic } from './check';
import { NanokitDocument } from '../core/document';
import { resolve } from '../core/environments';
import { type ResolvedConfig, gatewayContainerName } from '../core/model';
import { resolveDockerEndpoint } from '../platform/dockerEndpoint';
import { PortChecker, describeOwner } from '../ports';

export type GatewayCommand = 'up' | 'reload' | 'down' | 'status' | 'trust' | 'untrust';

export interface GatewayCommandOptions {
  file: string;
  environment: string;
  image?: string;
  adminPort?: number;
  yes?: boolean;
  format?: 'text' | 'json';
}

export interface GatewayCommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  confirm: (question: string) => Promise<boolean>;
}

interface Context {
  opts: GatewayCommandOptions;
  io: GatewayCommandIo;
  text: string;
  projectRoot: string;
  resolved: ResolvedConfig;
  controller: DockerGatewayController;
}

/** Runs one gateway command; resolves with the exit code (0 ok, 1 failure). Never throws. */
export async function runGatewayCommand(command: GatewayCommand, opts: GatewayCommandOptions, io: GatewayCommandIo): Promise<number> {
  try {
    const ctx = loadContext(opts, io);
    switch (command) {
      case 'up':
        return await up(ctx);
      case 'reload':
        return await reload(ctx);
      case 'down':
        return await down(ctx);
      case 'status':
        return await status(ctx);
      case 'trust':
        return await trust(ctx);
      case 'untrust':
        return await untrust(ctx);
    }
  } catch (error) {
    io.err(errorLine(error));
    return 1;
  }
}

function loadContext(opts: GatewayCommandOptions, io: GatewayCommandIo): Context {
  let text: string;
  try {
    text = fs.readFileSync(opts.file, 'utf8');
  } catch (error) {
    throw new GatewayError(`Cannot read ${opts.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const resolved = resolve(new NanokitDocument(text).value, opts.environment);
  if (!resolved.project) throw new GatewayError(`${opts.file} has no \`name\`: the gateway's container is named after it. Add \`name: <project>\`.`);
  const controller = new DockerGatewayController({ endpoint: resolveDockerEndpoint({ env: process.env }) });
  return { opts, io, text, projectRoot: path.dirname(path.resolve(opts.file)), resolved, controller };
}

/** The Caddy config of the document, or undefined after printing why there is none. */
function configOrReport(ctx: Context, verb: string): Record<string, unknown> | undefined {
  const errors = analyzeText(ctx.text).diagnostics.filter((d) => d.severity === 1);
  if (errors.length > 0) {
    for (const d of errors) ctx.io.err(formatDiagnostic(ctx.opts.file, d));
    ctx.io.err(`Not ${verb}: ${ctx.opts.file} has ${errors.length} error${errors.length === 1 ? '' : 's'}. Fix them and try again.`);
    return undefined;
  }
  const result = caddyConfigForText(ctx.text, ctx.opts.environment);
  if (!result.config) {
    for (const e of result.errors) ctx.io.err(`${ctx.opts.file}: ${e}`);
    ctx.io.err(`Not ${verb}: no Caddy config can be generated for environment "${ctx.opts.environment}".`);
    return undefined;
  }
  return result.config;
}

async function up(ctx: Context): Promise<number> {
  const config = configOrReport(ctx, 'started');
  if (!config) return 1;
  const { resolved, controller, io } = ctx;
  await controller.ping();
  const before = await controller.status(resolved.project, resolved.environment);
  const spec = gatewaySpec(resolved, { projectRoot: ctx.projectRoot, image: ctx.opts.image, adminPort: ctx.opts.adminPort });
  if (before.state !== 'running' && !(await portsFree(ctx, spec))) return 1;
  if (before.state === 'running' && (before.ports.http !== spec.httpPort || before.ports.https !== spec.httpsPort)) {
    io.err(
      `Note: the running gateway publishes http ${before.ports.http ?? '-'} / https ${before.ports.https ?? '-'}, the document asks for ` +
        `${spec.httpPort} / ${spec.httpsPort}. Ports change only on a new container: run \`down\`, then \`up\`.`,
    );
  }
  const result = await controller.start(spec, config, { onPullProgress: pullPrinter(io) });
  if (ctx.opts.format === 'json') io.out(JSON.stringify(result.status));
  else if (result.action === 'reloaded') io.out(`Gateway ${result.status.containerName} was already running: config reloaded.`);
  else io.out(`Gateway started. ${describeStatus(result.status)}`);
  if (resolved.gateway.persistenceMode === 'project' && (await isNanokitDirGitIgnored(ctx.projectRoot)) === false) {
    io.err(`Warning: .nanokit/ holds the local CA's private key and is not git-ignored. Add ".nanokit/" to ${path.join(ctx.projectRoot, '.gitignore')}.`);
  }
  return 0;
}

async function portsFree(ctx: Context, spec: GatewaySpec): Promise<boolean> {
  const checker = new PortChecker({ dockerEndpoint: ctx.controller.endpoint });
  const wanted: Array<[number, string]> = [
    [spec.httpPort, 'HTTP, gatewayPort'],
    [spec.httpsPort, 'HTTPS, gatewayHttpsPort'],
    [spec.adminPort, 'admin API'],
  ];
  let free = true;
  for (const [port, role] of wanted) {
    const status = await checker.check(port);
    if (status.state !== 'taken') continue;
    ctx.io.err(new PortTakenError(port, '', describeOwner(status.owner), role).message);
    free = false;
  }
  return free;
}

async function reload(ctx: Context): Promise<number> {
  const config = configOrReport(ctx, 'reloaded');
  if (!config) return 1;
  const started = Date.now();
  try {
    await ctx.controller.reload(ctx.resolved.project, ctx.resolved.environment, config);
  } catch (error) {
    if (error instanceof ConfigRejectedError) {
      ctx.io.err(error.message);
      return 1;
    }
    throw error;
  }
  const routes = ctx.resolved.services.filter((s) => s.hosts.length > 0).length;
  ctx.io.out(`Reloaded ${gatewayName(ctx)} (${routes} route${routes === 1 ? '' : 's'}) in ${Date.now() - started} ms.`);
  return 0;
}

async function down(ctx: Context): Promise<number> {
  const removed = await ctx.controller.stop(ctx.resolved.project, ctx.resolved.environment);
  const dir = persistenceDir(ctx.resolved.gateway.persistenceMode, ctx.projectRoot);
  ctx.io.out(removed ? `Gateway ${gatewayName(ctx)} stopped and removed (data kept in ${dir}).` : `Gateway ${gatewayName(ctx)} is not running.`);
  return 0;
}

async function status(ctx: Context): Promise<number> {
  const s = await ctx.controller.status(ctx.resolved.project, ctx.resolved.environment);
  ctx.io.out(ctx.opts.format === 'json' ? JSON.stringify(s) : describeStatus(s));
  return s.state === 'error' ? 1 : 0;
}

function trustFor(ctx: Context): LocalCaTrust {
  const { project, environment } = ctx.resolved;
  return new LocalCaTrust({
    project, environment,
    stateDir: ensurePersistenceDir(ctx.resolved.gateway.persistenceMode, ctx.projectRoot),
    fetchRoot: async () => (await ctx.controller.adminClient(project, environment)).waitForLocalCaRoot(),
    elevation: process.stdin.isTTY ? 'sudo' : 'none',
  });
}

async function trust(ctx: Context): Promise<number> {
  const store = trustFor(ctx);
  const details = await store.prepareTrust();
  printDetails(ctx.io, details);
  if (details.stores.length === 0) {
    ctx.io.err('No trust store found that Nanokit can write here (update-ca-certificates, trust, certutil, security).');
    return 1;
  }
  if (!ctx.opts.yes && !(await ctx.io.confirm(`Trust this root certificate for HTTPS on this machine (${details.stores.join(', ')})?`))) {
    ctx.io.err('Not trusted: cancelled.');
    return 1;
  }
  const result = await store.applyTrust(details);
  for (const s of result.stores) ctx.io.out(`Trusted in ${s.label}`);
  for (const f of result.failures) ctx.io.err(`Not trusted in ${f.store}: ${f.message}`);
  return result.failures.length === 0 && result.stores.length > 0 ? 0 : 1;
}

function printDetails(io: GatewayCommandIo, details: TrustDetails): void {
  const c = details.certificate;
  io.out(`Local CA root: ${c.subject}`);
  io.out(`SHA-256 fingerprint: ${c.sha256Fingerprint}`);
  io.out(`Valid from ${c.validFrom.toISOString()} to ${c.validTo.toISOString()}`);
  if (details.rootChanged) io.out(`The root changed since the last trust (was ${details.previousFingerprint}); the old one will be removed.`);
  else if (details.alreadyTrusted) io.out('This root is already trusted; it will be installed again.');
}

async function untrust(ctx: Context): Promise<number> {
  const result = await trustFor(ctx).untrust();
  if (!result.hadState) {
    ctx.io.out(`Nothing to remove: no local CA of ${gatewayName(ctx)} was trusted by Nanokit.`);
    return 0;
  }
  for (const s of result.removed) ctx.io.out(`Removed from ${s.label}`);
  for (const f of result.failures) ctx.io.err(`Could not remove from ${f.store}: ${f.message}`);
  return result.failures.length === 0 ? 0 : 1;
}

function pullPrinter(io: GatewayCommandIo): (event: PullProgress) => void {
  let last = '';
  return (event) => {
    const line = `Pulling image: ${event.status ?? ''}${event.id ? ` ${event.id}` : ''}`;
    if (line !== last && !event.progress) io.err(line);
    last = line;
  };
}

function gatewayName(ctx: Context): string {
  return gatewayContainerName(ctx.resolved.project, ctx.resolved.environment);
}


function errorLine(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' || error instanceof GatewayError ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
