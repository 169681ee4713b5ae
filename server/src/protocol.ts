// Custom LSP messages, declared once; imported by the server, the client and the CLI.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export interface CaddyConfigParams {
  uri: string;
  /** Environment to resolve; default `local`. */
  environment?: string;
}

export interface CaddyConfigResult {
  environment: string;
  /** The Caddy JSON the gateway would load; null when the document has errors. */
  config: Record<string, unknown> | null;
  /** Why there is no config (each "line:col message [code]"). */
  errors: string[];
}

export namespace CaddyConfigRequest {
  export const method = 'nanokit/caddyConfig';
  export const type = new RequestType<CaddyConfigParams, CaddyConfigResult, void>(method);
}

/** Client → server: probe the gateway's host ports again now (focus regained, save, timer). */
export namespace RecheckPortsNotification {
  export const method = 'nanokit/recheckPorts';
  export const type = new NotificationType<{ uri?: string }>(method);
}

/** Command ids the server puts into code lenses and code actions (registered by the client). */
export const ClientCommands = {
  previewCaddyConfig: 'nanokit.previewCaddyConfig',
  stopContainer: 'nanokit.stopContainer',
} as const;

/** Settings the server reads (section `nanokit`, pulled per document). */
export interface ServerSettings {
  environment: string;
  portCheck: { enabled: boolean; interval: number };
  codeLens: { enabled: boolean };
  docker: { host: string };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  environment: 'local',
  portCheck: { enabled: true, interval: 30 },
  codeLens: { enabled: true },
  docker: { host: '' },
};
