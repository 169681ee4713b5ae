// Activation and deactivation only; NanokitExtension owns everything else.
import type * as vscode from 'vscode';
import { NanokitExtension } from './nanokitExtension';

let extension: NanokitExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NanokitExtension> {
  extension = new NanokitExtension(context);
  context.subscriptions.push(extension);
  await extension.start();
  return extension;
}

export async function deactivate(): Promise<void> {
  await extension?.stopClient();
  extension = undefined;
}
