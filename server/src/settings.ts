// Settings pulled from the client per document (never kept in globals beyond this cache).
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './protocol';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();

  constructor(private readonly connection: Connection, private readonly canPull: () => boolean) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.canPull()) return Promise.resolve(DEFAULT_SERVER_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'nanokit' })
        .then((value: unknown) => normalise(value), () => DEFAULT_SERVER_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}

function normalise(value: unknown): ServerSettings {
  const v = (value ?? {}) as Partial<ServerSettings> & Record<string, unknown>;
  const d = DEFAULT_SERVER_SETTINGS;
  return {
    environment: typeof v.environment === 'string' && v.environment.trim() ? v.environment.trim() : d.environment,
    portCheck: {
      enabled: typeof v.portCheck?.enabled === 'boolean' ? v.portCheck.enabled : d.portCheck.enabled,
      interval: typeof v.portCheck?.interval === 'number' && v.portCheck.interval >= 5 ? v.portCheck.interval : d.portCheck.interval,
    },
    codeLens: { enabled: typeof v.codeLens?.enabled === 'boolean' ? v.codeLens.enabled : d.codeLens.enabled },
    docker: { host: typeof v.docker?.host === 'string' ? v.docker.host : d.docker.host },
  };
}
