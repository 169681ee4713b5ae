// The ids the extension contributes, without importing vscode, so a unit test can hold
// package.json `contributes` and the code to the same lists.

/** Every command the extension registers (its command table is typed by this list). */
export const COMMAND_IDS = [
  'nanokit.startGateway',
  'nanokit.stopGateway',
  'nanokit.reloadGateway',
  'nanokit.trustLocalCa',
  'nanokit.untrustLocalCa',
  'nanokit.previewCaddyConfig',
  'nanokit.showGatewayLogs',
  'nanokit.selectEnvironment',
  'nanokit.showGatewayMenu',
  'nanokit.stopContainer',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

/** Commands that change the machine: disabled in untrusted workspaces. */
export const SIDE_EFFECT_COMMANDS: ReadonlySet<string> = new Set<CommandId>([
  'nanokit.startGateway', 'nanokit.stopGateway', 'nanokit.reloadGateway', 'nanokit.trustLocalCa', 'nanokit.untrustLocalCa', 'nanokit.stopContainer',
]);

/** Every setting the extension reads. */
export const SETTINGS = [
  'nanokit.environment',
  'nanokit.gateway.image',
  'nanokit.gateway.adminPort',
  'nanokit.gateway.reloadOnSave',
  'nanokit.portCheck.enabled',
  'nanokit.portCheck.interval',
  'nanokit.codeLens.enabled',
  'nanokit.docker.host',
  'nanokit.trace.server',
] as const;
