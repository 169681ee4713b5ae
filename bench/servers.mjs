// The two language servers under test, each started and configured the way its VS Code extension
// would: ours with the settings our client sends (port check off: the bench measures the language
// work, not host port probes), yaml-language-server the way Red Hat's YAML extension configures it,
// with schemas/nanokit.schema.json associated to nanokit.yml.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { LspServer } from './lspDriver.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SCHEMA_URL = pathToFileURL(path.join(ROOT, 'schemas', 'nanokit.schema.json')).href;
export const OUR_SERVER = path.join(ROOT, 'dist', 'server.js');
/** The flags our client starts the server with, from the compiled protocol module (run `npx tsc -b` first). */
export const SERVER_NODE_FLAGS = createRequire(import.meta.url)(path.join(ROOT, 'out', 'server', 'src', 'protocol.js')).SERVER_NODE_FLAGS;
export const YAML_LS_BIN = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

export const YAML_SETTINGS = {
  validate: true,
  hover: true,
  completion: true,
  schemas: { [SCHEMA_URL]: ['nanokit.yml', '**/nanokit.yml'] },
  schemaStore: { enable: false },
  format: { enable: false },
};

export const NANOKIT_SETTINGS = {
  environment: 'local',
  portCheck: { enabled: false, interval: 30 },
  codeLens: { enabled: true },
  docker: { host: '' },
};

/** What VS Code answers for the sections yaml-language-server pulls (defaults of a fresh install). */
const VSCODE_SECTIONS = {
  yaml: YAML_SETTINGS,
  http: { proxy: '', proxyStrictSSL: true },
  '[yaml]': { 'editor.insertSpaces': true, 'editor.tabSize': 2, 'editor.autoIndent': 'keep', 'diffEditor.ignoreTrimWhitespace': false },
  editor: { tabSize: 4, insertSpaces: true, detectIndentation: true },
  nanokit: NANOKIT_SETTINGS,
};

function answer(section) {
  return VSCODE_SECTIONS[section] ?? null;
}

/** Both servers; `ourServer` is the bundle to run (a snapshot of dist/server.js, see snapshotOurServer). */
export function serverDefinitions(ourServer = OUR_SERVER) {
  return [
    // Started with the Node flags our extension passes (server/src/protocol.ts SERVER_NODE_FLAGS).
    { key: 'ours', label: 'nanokit', args: [...SERVER_NODE_FLAGS, ourServer, '--stdio'], settings: { nanokit: NANOKIT_SETTINGS } },
    { key: 'theirs', label: 'yaml-language-server', args: [YAML_LS_BIN, '--stdio'], settings: { yaml: YAML_SETTINGS } },
  ];
}

/**
 * Copies dist/server.js (+ map) under out/ so a rebuild during the run cannot mix two builds.
 * It stays inside the project so the bundle's runtime requires still resolve from node_modules.
 */
export function snapshotOurServer() {
  const dir = fs.mkdtempSync(path.join(ROOT, 'out', 'bench-server-'));
  const file = path.join(dir, 'server.js');
  fs.copyFileSync(OUR_SERVER, file);
  if (fs.existsSync(`${OUR_SERVER}.map`)) fs.copyFileSync(`${OUR_SERVER}.map`, `${file}.map`);
  const built = fs.statSync(OUR_SERVER).mtime.toISOString();
  return { file, built, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function yamlLanguageServerVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')).version;
}

export function checkPrerequisites() {
  if (!fs.existsSync(OUR_SERVER)) throw new Error(`${OUR_SERVER} is missing: build first with \`npx tsc -b && node esbuild.mjs\` (or \`npm run build\`).`);
  if (!fs.existsSync(YAML_LS_BIN)) throw new Error(`${YAML_LS_BIN} is missing: run \`npm install\` (yaml-language-server is a devDependency).`);
}

/** Spawns the server, initializes it and sends the configuration like the VS Code client does. */
export async function startServer(def, rootUri) {
  const server = new LspServer({ name: def.label, args: def.args, configuration: answer, cwd: ROOT });
  await server.initialize(rootUri);
  server.notify('workspace/didChangeConfiguration', { settings: def.settings });
  return server;
}
