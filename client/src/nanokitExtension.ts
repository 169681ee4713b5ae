// One object owns the extension: the language client (one server session at a time), the preview,
// the gateway controls and the status bar. Everything it registers goes into its disposables.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RecheckPortsNotification } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { readConfig } from './config';
import { pickEnvironment } from './environment';
import { GatewayControls } from './gatewayControls';
import { createLanguageClient } from './languageClient';
import { findNanokitDocument, isNanokitDocument } from './nanokitFiles';
import { CaddyPreviewProvider, PREVIEW_SCHEME } from './preview';
import { GatewayStatusBar, showGatewayMenu } from './statusBar';
import { trustLocalCa, untrustLocalCa } from './trustFlow';

export class NanokitExtension implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('Nanokit', { log: true });
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private portTimer?: NodeJS.Timeout;
  readonly preview: CaddyPreviewProvider;
  readonly controls: GatewayControls;
  private readonly statusBar = new GatewayStatusBar();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.preview = new CaddyPreviewProvider(() => this.client, (uri) => readConfig(uri).environment, this.log);
    this.controls = new GatewayControls(() => this.client, this.log, (state) => this.statusBar.render(state));
    this.disposables.push(this.log, this.preview, this.controls, this.statusBar,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this.preview));
  }

  async start(): Promise<void> {
    this.disposables.push(...registerCommands({
      'nanokit.startGateway': (uri) => this.controls.start(uri),
      'nanokit.stopGateway': (uri) => this.controls.stop(uri),
      'nanokit.reloadGateway': (uri) => this.controls.reload(uri),
      'nanokit.trustLocalCa': (uri) => trustLocalCa(this.controls, uri),
      'nanokit.untrustLocalCa': (uri) => untrustLocalCa(this.controls, uri),
      'nanokit.previewCaddyConfig': (uri) => this.openPreview(uri),
      'nanokit.showGatewayLogs': (uri) => this.controls.showLogs(uri),
      'nanokit.selectEnvironment': (uri) => this.selectEnvironment(uri),
      'nanokit.showGatewayMenu': () => showGatewayMenu(),
      'nanokit.stopContainer': (name) => this.stopContainer(name),
    }, this.log));
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSaved(doc)),
      vscode.window.onDidChangeWindowState((s) => { if (s.focused) this.recheckPorts(); }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedulePortChecks()),
    );
    await vscode.commands.executeCommand('setContext', 'nanokit.active', true);
    await this.startClient();
    this.schedulePortChecks();
    void this.controls.refresh();
  }

  /** The gateway status bar item's text, e.g. "$(radio-tower) Gateway: running :8080/:8443". */
  get statusBarText(): string {
    return this.statusBar.text;
  }

  dispose(): void {
    clearInterval(this.portTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch((e: Error) => this.log.warn(`stopping the language server: ${e.message}`));
  }

  private async startClient(): Promise<void> {
    const client = createLanguageClient(this.context, this.log);
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.log.error(`the language server did not start: ${(error as Error).message}`);
      void vscode.window.showErrorMessage('The Nanokit language server did not start. See the "Nanokit" output for details.', 'Show Log').then((c) => c && this.log.show(true));
    }
  }

  private async openPreview(arg: unknown): Promise<vscode.Uri | undefined> {
    const document = await findNanokitDocument(arg);
    if (!document) throw new Error('No nanokit.yml to preview: open one first.');
    const editor = await this.preview.open(document.uri);
    return editor.document.uri;
  }

  private async selectEnvironment(arg: unknown): Promise<string | undefined> {
    const uri = arg instanceof vscode.Uri && arg.scheme === PREVIEW_SCHEME ? vscode.Uri.parse(arg.query) : arg;
    return pickEnvironment(await findNanokitDocument(uri));
  }

  private async stopContainer(name: unknown): Promise<void> {
    if (typeof name !== 'string' || !name) return;
    const choice = await vscode.window.showWarningMessage(`Stop the Docker container "${name}"? It holds a port the gateway needs.`, { modal: true }, 'Stop Container');
    if (choice !== 'Stop Container') return;
    const stopped = await this.controls.controller().stopContainer(name);
    void vscode.window.showInformationMessage(stopped ? `Container ${name} stopped.` : `Container ${name} no longer exists.`);
    this.recheckPorts();
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('nanokit')) return;
    if (e.affectsConfiguration('nanokit.environment')) this.preview.refreshAll();
    if (e.affectsConfiguration('nanokit.portCheck')) this.schedulePortChecks();
    void this.controls.refresh();
  }

  private onSaved(doc: vscode.TextDocument): void {
    if (!isNanokitDocument(doc) || !vscode.workspace.isTrusted) return;
    if (!readConfig(doc.uri).reloadOnSave || this.controls.state.status?.state !== 'running') return;
    this.controls.reload(doc.uri, true).catch((error: Error) => {
      this.log.warn(`reload on save failed: ${error.message}`);
      void vscode.window.showWarningMessage(`Gateway not reloaded on save: ${error.message}`);
    });
  }

  private recheckPorts(): void {
    if (this.client?.isRunning()) void this.client.sendNotification(RecheckPortsNotification.type, {});
  }

  /** Re-checks the gateway's ports every `nanokit.portCheck.interval` s while a nanokit.yml is visible. */
  private schedulePortChecks(): void {
    clearInterval(this.portTimer);
    const visible = vscode.window.visibleTextEditors.find((e) => isNanokitDocument(e.document))?.document;
    if (!visible) return;
    const cfg = readConfig(visible.uri); // folder settings count in multi-root workspaces
    if (!cfg.portCheckEnabled) return;
    this.portTimer = setInterval(() => this.recheckPorts(), cfg.portCheckInterval * 1000);
  }
}
