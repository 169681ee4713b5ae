// The gateway's status bar item, rendered from a state value; clicking opens the command menu.
import * as vscode from 'vscode';
import { statusView, type GatewayUiState } from './gatewayState';

export class GatewayStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nanokit.gateway', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Nanokit Gateway';
    this.item.command = 'nanokit.showGatewayMenu';
  }

  /** What the item shows now (tests and the extension's API read it). */
  get text(): string {
    return this.item.text;
  }

  render(state: GatewayUiState): void {
    const view = statusView(state);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.kind === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, '') };
    // Only in projects with a nanokit.yml (the extension also wakes up for any YAML file).
    if (state.hasNanokitFile) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

export async function showGatewayMenu(): Promise<void> {
  const trusted = vscode.workspace.isTrusted;
  const items: (vscode.QuickPickItem & { command: string })[] = [
    ...(trusted ? [
      { label: '$(play) Start Local Gateway', command: 'nanokit.startGateway' },
      { label: '$(refresh) Reload Gateway', command: 'nanokit.reloadGateway' },
      { label: '$(debug-stop) Stop Local Gateway', command: 'nanokit.stopGateway' },
      { label: '$(shield) Trust Local CA', command: 'nanokit.trustLocalCa' },
    ] : []),
    { label: '$(open-preview) Preview Caddy Config', command: 'nanokit.previewCaddyConfig' },
    { label: '$(output) Show Gateway Logs', command: 'nanokit.showGatewayLogs' },
    { label: '$(server-environment) Select Environment', command: 'nanokit.selectEnvironment' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'Nanokit Gateway' });
  if (choice) await vscode.commands.executeCommand(choice.command);
}
