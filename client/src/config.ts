// Typed view of the `nanokit.*` settings. Knows which settings need a server restart.
import * as vscode from 'vscode';
import { DEFAULT_GATEWAY_IMAGE } from './gateway/containerConfig';

export interface NanokitConfig {
  environment: string;
  gatewayImage: string;
  adminPort: number;
  reloadOnSave: boolean;
  portCheckEnabled: boolean;
  portCheckInterval: number;
  codeLensEnabled: boolean;
  dockerHost: string;
}



export function readConfig(scope?: vscode.ConfigurationScope): NanokitConfig {
  const c = vscode.workspace.getConfiguration('nanokit', scope);
  return {
    environment: c.get<string>('environment', 'local').trim() || 'local',
    gatewayImage: c.get<string>('gateway.image', DEFAULT_GATEWAY_IMAGE).trim() || DEFAULT_GATEWAY_IMAGE,
    adminPort: c.get<number>('gateway.adminPort', 2019),
    reloadOnSave: c.get<boolean>('gateway.reloadOnSave', true),
    portCheckEnabled: c.get<boolean>('portCheck.enabled', true),
    portCheckInterval: Math.max(5, c.get<number>('portCheck.interval', 30)),
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true),
    dockerHost: c.get<string>('docker.host', '').trim(),
  };
}
