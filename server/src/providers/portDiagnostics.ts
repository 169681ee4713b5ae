// `port-in-use` diagnostics: the gateway's host ports for the selected environment, probed on the
// host (never blocking typing), with the owner named and quick fixes.
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../core/analyze';
import type { NanokitDocument } from '../core/document';
import { portPlan } from '../core/portPlan';
import { resolveDockerEndpoint } from '../platform/dockerEndpoint';
import { hasConflict, portDiagnostics, PortChecker, type PortFixData, type PortStatus } from '../ports';
import { suggestPortPair } from '../ports/portDiagnostics';
import type { PortPair } from '../ports';
import { ClientCommands, type ServerSettings } from '../protocol';
import type { ServerContext } from './context';
import { portFixEdit } from './portFix';

export class PortDiagnostics {
  private readonly latest = new Map<number, PortStatus>();
  private readonly suggestion = new Map<string, PortPair>();
  private dockerHost = '';
  private readonly checker = new PortChecker({ ttlMs: 3000, dockerEndpoint: () => this.endpoint() });

  constructor(private readonly ctx: ServerContext, private readonly onChange: (uri: string) => void) {}

  /** Bumped by invalidate(): results of checks started before it are stale and dropped. */
  private generation = 0;

  invalidate(): void {
    this.generation++;
    this.checker.invalidate();
  }

  forget(uri: string): void {
    this.suggestion.delete(uri);
  }

  diagnostics(uri: string, doc: NanokitDocument, settings: ServerSettings): Diagnostic[] {
    if (!settings.portCheck.enabled) return [];
    const plan = portPlan(doc, settings.environment);
    if (!plan) return [];
    return portDiagnostics(doc, plan, (port) => this.latest.get(port), this.suggestion.get(uri));
  }

  refresh(uri: string, doc: NanokitDocument, settings: ServerSettings): void {
    if (!settings.portCheck.enabled) return;
    this.dockerHost = settings.docker.host;
    const plan = portPlan(doc, settings.environment);
    if (!plan) return;
    const generation = this.generation;
    void Promise.all(plan.ports.map((p) => this.checker.check(p.port))).then(async (statuses) => {
      if (generation !== this.generation) return; // a newer check (after a save or recheck) decides
      let changed = false;
      for (const status of statuses) {
        if (JSON.stringify(this.latest.get(status.port)) !== JSON.stringify(status)) changed = true;
        this.latest.set(status.port, status);
      }
      if (hasConflict(plan, (port) => this.latest.get(port))) {
        const pair = await suggestPortPair(plan, (port) => this.latest.get(port), async (port) => (await this.checker.check(port)).state === 'free');
        if (generation !== this.generation) return;
        const before = this.suggestion.get(uri);
        if (pair && (before?.http !== pair.http || before?.https !== pair.https)) changed = true;
        if (pair) this.suggestion.set(uri, pair);
      }
      if (changed) this.onChange(uri);
    }).catch((error: Error) => this.ctx.connection.console.error(`port check failed: ${error.message}`));
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const actions: CodeAction[] = [];
    const text = this.ctx.documents.get(params.textDocument.uri);
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.code !== 'port-in-use' || !text) continue;
      const data = diagnostic.data as PortFixData | undefined;
      if (data?.portFix) {
        const edit = portFixEdit(this.ctx.cache.get(text), data.portFix);
        actions.push({
          title: `Use port ${data.portFix.port} for ${data.portFix.key}${data.portFix.origin === 'environment' ? ` in ${data.portFix.environment}` : ''}`,
          kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
          edit: { changes: { [params.textDocument.uri]: [edit] } },
        });
      }
      if (data?.container) {
        actions.push({
          title: `Stop container ${data.container}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
          command: { title: `Stop container ${data.container}`, command: ClientCommands.stopContainer, arguments: [data.container] },
        });
      }
    }
    return actions;
  }

  private endpoint() {
    try {
      return resolveDockerEndpoint({ setting: this.dockerHost || undefined });
    } catch {
      return undefined;
    }
  }
}
