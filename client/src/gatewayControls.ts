// The gateway commands of the editor: start, stop, reload (zero downtime), logs; and the state the
// status bar shows, kept fresh from Docker events (polling every 5 s as a fallback).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { parse } from 'yaml';
import { resolve } from '../../server/src/core/environments';
import type { ResolvedConfig } from '../../server/src/core/model';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';
import { describeOwner, PortChecker } from '../../server/src/ports';
import { CaddyConfigRequest } from '../../server/src/protocol';
import { readConfig } from './config';
import { DockerGatewayController, type Closable } from './gateway/dockerController';
import { ConfigRejectedError } from './gateway/errors';
import { PullPercent } from './gateway/pullProgress';
import { describeStatus } from './gateway/gatewayStatus';
import { gatewaySpec } from './gateway/spec';
import type { GatewayUiState } from './gatewayState';
import { findNanokitDocument } from './nanokitFiles';

const POLL_MS = 5000;

export interface Target {
  document: vscode.TextDocument;
  resolved: ResolvedConfig;
  projectRoot: string;
}

export class GatewayControls implements vscode.Disposable {
  state: GatewayUiState;
  private controllerCache?: { key: string; controller: DockerGatewayController };
  private events?: Closable;
  private poll?: NodeJS.Timeout;
  private logChannel?: vscode.OutputChannel;
  private logStream?: Closable;
  private refreshing?: Promise<void>;

  constructor(private readonly client: () => LanguageClient | undefined, private readonly log: vscode.LogOutputChannel, private readonly render: (state: GatewayUiState) => void) {
    const cfg = readConfig();
    this.state = { environment: cfg.environment, endpoint: this.describeEndpoint(), image: cfg.gatewayImage };
    this.poll = setInterval(() => void this.refresh(), POLL_MS);
  }

  dispose(): void {
    clearInterval(this.poll);
    this.events?.close();
    this.logStream?.close();
    this.logChannel?.dispose();
  }

  /** The Docker controller for the current settings (rebuilt when nanokit.docker.host changes). */
  controller(): DockerGatewayController {
    const endpoint = resolveDockerEndpoint({ setting: readConfig().dockerHost || undefined, env: process.env });
    const key = `${endpoint.kind}:${endpoint.address}`;
    if (this.controllerCache?.key !== key) {
      this.events?.close();
      this.events = undefined;
      this.controllerCache = { key, controller: new DockerGatewayController({ endpoint }) };
    }
    return this.controllerCache.controller;
  }

  async target(arg?: unknown): Promise<Target | undefined> {
    const document = await findNanokitDocument(arg);
    if (!document) return undefined;
    const environment = readConfig(document.uri).environment;
    let raw: unknown;
    try {
      raw = parse(document.getText(), { maxAliasCount: 100, logLevel: 'silent' });
    } catch {
      raw = undefined;
    }
    return { document, resolved: resolve(raw, environment), projectRoot: path.dirname(document.uri.fsPath) };
  }

  /** Re-reads the container's state (coalesced) and re-renders. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  async start(arg?: unknown): Promise<void> {
    const target = await this.requireTarget(arg);
    const config = await this.configFor(target, 'started');
    if (!config) return;
    const cfg = readConfig(target.document.uri);
    const controller = this.controller();
    await controller.ping();
    const spec = gatewaySpec(target.resolved, { projectRoot: target.projectRoot, image: cfg.gatewayImage, adminPort: cfg.adminPort });
    const before = await controller.status(spec.project, spec.environment);
    if (before.state !== 'running') await this.assertPortsFree(controller, [spec.httpPort, spec.httpsPort, spec.adminPort]);
    this.update({ busy: 'starting', problem: undefined });
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Starting gateway ${spec.project} (${spec.environment})` },
        (progress) => {
          const percent = new PullPercent();
          let shown = 0;
          return controller.start(spec, config, {
            onPullProgress: (e) => {
              const now = percent.add(e);
              progress.report({ increment: Math.max(0, now - shown), message: `pulling ${spec.image}: ${now}% (${e.status ?? ''})` });
              shown = Math.max(shown, now);
            },
          });
        },
      );
      this.update({ status: result.status, lastReload: { ok: true, message: result.action === 'reloaded' ? 'config pushed to the running gateway' : 'started', at: new Date() } });
      void vscode.window.showInformationMessage(result.action === 'reloaded'
        ? `Gateway ${result.status.containerName} was already running: config reloaded.`
        : `Gateway started: ${describeStatus(result.status)}`);
    } finally {
      this.update({ busy: undefined });
      void this.watchEvents();
    }
  }

  async stop(arg?: unknown): Promise<void> {
    const target = await this.requireTarget(arg);
    this.update({ busy: 'stopping' });
    try {
      const removed = await this.controller().stop(target.resolved.project, target.resolved.environment);
      void vscode.window.showInformationMessage(removed ? `Gateway nk-${target.resolved.project}-${target.resolved.environment}-gateway stopped (certificates kept).` : 'The gateway is not running.');
    } finally {
      this.update({ busy: undefined });
      await this.refresh();
    }
  }

  /** Pushes the current config to the running gateway; never restarts it. Resolves true on success. */
  async reload(arg?: unknown, quiet = false): Promise<boolean> {
    const target = await this.requireTarget(arg);
    const config = await this.configFor(target, 'reloaded');
    if (!config) return false;
    this.update({ busy: 'reloading' });
    const started = Date.now();
    try {
      await this.controller().reload(target.resolved.project, target.resolved.environment, config);
      const routes = target.resolved.services.filter((s) => s.hosts.length > 0).length;
      const message = `Gateway reloaded: ${routes} route${routes === 1 ? '' : 's'} for ${target.resolved.environment} in ${Date.now() - started} ms.`;
      this.update({ lastReload: { ok: true, message, at: new Date() }, problem: undefined });
      this.log.info(message);
      if (!quiet) void vscode.window.showInformationMessage(message);
      return true;
    } catch (error) {
      const message = (error as Error).message;
      this.update({ lastReload: { ok: false, message, at: new Date() }, problem: error instanceof ConfigRejectedError ? message : undefined });
      throw error;
    } finally {
      this.update({ busy: undefined });
      await this.refresh();
    }
  }

  async showLogs(arg?: unknown): Promise<void> {
    const target = await this.requireTarget(arg);
    this.logStream?.close();
    this.logChannel ??= vscode.window.createOutputChannel('Nanokit Gateway');
    this.logChannel.clear();
    this.logChannel.show(true);
    this.logStream = await this.controller().logs(target.resolved.project, target.resolved.environment, { follow: true, tail: 200 }, (line) => this.logChannel?.appendLine(line));
  }

  private async doRefresh(): Promise<void> {
    const target = await this.target().catch(() => undefined);
    const cfg = readConfig(target?.document.uri);
    const base = { environment: cfg.environment, image: cfg.gatewayImage, endpoint: this.describeEndpoint(), project: target?.resolved.project || undefined, hasNanokitFile: !!target };
    if (!target || !target.resolved.project) {
      this.update({ ...base, status: undefined });
      return;
    }
    const status = await this.controller().status(target.resolved.project, target.resolved.environment).catch((e: Error) => ({
      state: 'error' as const, problem: 'unknown' as const, reason: e.message, containerName: '', endpoint: base.endpoint,
    }));
    this.update({ ...base, status });
    if (status.state !== 'error') void this.watchEvents();
  }

  private async watchEvents(): Promise<void> {
    if (this.events) return;
    try {
      this.events = await this.controller().events(() => void this.refresh());
    } catch {
      this.events = undefined; // polling keeps the status fresh
    }
  }

  private async requireTarget(arg?: unknown): Promise<Target> {
    const target = await this.target(arg);
    if (!target) throw new Error('No nanokit.yml found: open one, or create it at the root of your project.');
    if (!target.resolved.project) throw new Error(`${vscode.workspace.asRelativePath(target.document.uri)} has no "name": the gateway's container is named after it.`);
    return target;
  }

  /** The config from the language server, or undefined after telling the user why there is none. */
  private async configFor(target: Target, verb: string): Promise<Record<string, unknown> | undefined> {
    const client = this.client();
    if (!client?.isRunning()) throw new Error('The Nanokit language server is not running; see the "Nanokit" output.');
    const result = await client.sendRequest(CaddyConfigRequest.type, { uri: target.document.uri.toString(), environment: target.resolved.environment });
    if (result.config) return result.config;
    const first = result.errors[0] ?? 'unknown error';
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    this.update({ lastReload: { ok: false, message: `not ${verb}: ${first}`, at: new Date() } });
    const choice = await vscode.window.showErrorMessage(`Gateway not ${verb}: ${path.basename(target.document.uri.path)} has errors. ${first}${more}`, 'Show Problems');
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }

  private async assertPortsFree(controller: DockerGatewayController, ports: number[]): Promise<void> {
    const checker = new PortChecker({ dockerEndpoint: controller.endpoint });
    for (const port of ports) {
      const status = await checker.check(port);
      if (status.state === 'taken') {
        const message = `Port ${port} is already in use by ${describeOwner(status.owner)}: the gateway cannot start. Free it, or change gatewayPort/gatewayHttpsPort/nanokit.gateway.adminPort.`;
        this.update({ problem: message });
        throw new Error(message);
      }
    }
  }

  private describeEndpoint(): string {
    try {
      return resolveDockerEndpoint({ setting: readConfig().dockerHost || undefined, env: process.env }).description;
    } catch (error) {
      return `invalid: ${(error as Error).message}`;
    }
  }

  private update(patch: Partial<GatewayUiState>): void {
    this.state = { ...this.state, ...patch };
    this.render(this.state);
  }
}
