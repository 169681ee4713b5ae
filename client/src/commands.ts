// The command table: every command the extension contributes, with one error path that tells the
// user what went wrong and where the log is.
import * as vscode from 'vscode';
import { SIDE_EFFECT_COMMANDS, type CommandId } from './contributions';

export type CommandHandler = (...args: unknown[]) => unknown;


export function registerCommands(table: Record<CommandId, CommandHandler>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      if (SIDE_EFFECT_COMMANDS.has(id) && !vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('This Nanokit command changes your machine (Docker, trust stores) and is disabled in untrusted workspaces. Trust the workspace to use it.');
        return undefined;
      }
      try {
        return await handler(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`${id} failed: ${error instanceof Error ? error.stack ?? message : message}`);
        void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
          if (choice) log.show(true);
        });
        return undefined;
      }
    }));
}
