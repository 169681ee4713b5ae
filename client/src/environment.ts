// The selected environment (setting `nanokit.environment`) and "Nanokit: Select Environment".
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { declaredEnvironments } from '../../server/src/core/environments';
import { readConfig } from './config';

export function environmentsOf(document: vscode.TextDocument | undefined): string[] {
  let names: string[] = [];
  try {
    names = declaredEnvironments(document ? parse(document.getText(), { maxAliasCount: 100, logLevel: 'silent' }) : undefined);
  } catch {
    names = [];
  }
  return names.includes('local') ? names : ['local', ...names];
}

/** Asks for an environment and stores it in the workspace settings; resolves with the choice. */
export async function pickEnvironment(document: vscode.TextDocument | undefined): Promise<string | undefined> {
  const current = readConfig(document?.uri).environment;
  const items = environmentsOf(document).map((name) => ({
    label: name,
    description: name === current ? 'selected' : undefined,
    picked: name === current,
  }));
  const choice = await vscode.window.showQuickPick(items, { title: 'Nanokit: Select Environment', placeHolder: `Environment for the gateway, the preview and the port check (now: ${current})` });
  if (!choice || choice.label === current) return choice?.label;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('nanokit', document?.uri).update('environment', choice.label, target);
  return choice.label;
}
