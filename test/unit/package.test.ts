// The manifest keeps the contract of design.md, and `npm run package` builds a small .vsix that
// holds only what the extension needs at run time.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents?: string[];
  contributes?: {
    commands?: { command: string; title?: string; category?: string }[];
    configuration?: ConfigurationSection | ConfigurationSection[];
    yamlValidation?: unknown;
  };
}
interface ConfigurationSection { title?: string; properties?: Record<string, { default?: unknown }> }

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

const contractCommands: Record<string, string> = {
  'nanokit.startGateway': 'Start Local Gateway',
  'nanokit.stopGateway': 'Stop Local Gateway',
  'nanokit.reloadGateway': 'Reload Gateway',
  'nanokit.trustLocalCa': 'Trust Local CA',
  'nanokit.untrustLocalCa': 'Remove Local CA Trust',
  'nanokit.previewCaddyConfig': 'Preview Caddy Config',
  'nanokit.showGatewayLogs': 'Show Gateway Logs',
  'nanokit.selectEnvironment': 'Select Environment',
};

const contractSettings = [
  'nanokit.environment', 'nanokit.gateway.image', 'nanokit.gateway.adminPort', 'nanokit.gateway.reloadOnSave',
  'nanokit.portCheck.enabled', 'nanokit.portCheck.interval', 'nanokit.codeLens.enabled', 'nanokit.docker.host',
];

function settings(): Record<string, { default?: unknown }> {
  const configuration = manifest.contributes?.configuration ?? [];
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {})) as Record<string, { default?: unknown }>;
}

void test('manifest: the extension id is nanokit.nanokit, for VS Code ^1.100.0, main is the client bundle', () => {
  assert.equal(`${manifest.publisher}.${manifest.name}`, 'nanokit.nanokit');
  assert.equal(manifest.engines.vscode, '^1.100.0');
  assert.equal(manifest.main, './dist/client.js');
});

void test('manifest: activates in a workspace with nanokit.yml or nanokit.yaml, contributes no yamlValidation', () => {
  const events = manifest.activationEvents ?? [];
  for (const event of ['workspaceContains:**/nanokit.yml', 'workspaceContains:**/nanokit.yaml']) {
    assert.ok(events.includes(event), `activationEvents lacks ${event}`);
  }
  assert.equal(manifest.contributes?.yamlValidation, undefined, 'yamlValidation would duplicate our diagnostics next to the YAML extension');
});

void test('manifest: every command has category "Nanokit" and a title', () => {
  const commands = manifest.contributes?.commands ?? [];
  assert.ok(commands.length > 0, 'contributes.commands is empty');
  for (const command of commands) {
    assert.equal(command.category, 'Nanokit', `${command.command} category`);
    assert.ok(command.title && command.title.trim().length > 0, `${command.command} has no title`);
  }
});

void test('manifest: the contract commands exist with the titles users see', () => {
  const titles = Object.fromEntries((manifest.contributes?.commands ?? []).map((c) => [c.command, c.title]));
  for (const [id, title] of Object.entries(contractCommands)) assert.equal(titles[id], title, `command ${id}`);
});

void test('manifest: the contract settings exist; nanokit.environment defaults to "local"', () => {
  const declared = settings();
  assert.deepEqual(contractSettings.filter((key) => !(key in declared)), [], 'settings missing from contributes.configuration');
  assert.equal(declared['nanokit.environment']?.default, 'local');
  assert.ok('nanokit.trace.server' in declared, 'nanokit.trace.server (language client tracing) is not declared');
});

interface ZipEntry { name: string; size: number }

/** Lists a zip archive from its central directory (a .vsix is a zip). */
function listZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22; // the end-of-central-directory record, before an optional comment
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, `${file} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `bad central directory entry ${i} in ${file}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size: zip.readUInt32LE(offset + 24) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const allowed = [
  /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i, /^extension\/license(\.md|\.txt)?$/i, // vsce renames these
  /^extension\/dist\/.+/, /^extension\/schemas\/.+/, /^extension\/media\/.+/,
];

void test('npm run package builds a .vsix under 2 MB holding only bundles, schema, media, docs and package.json', { timeout: 120_000 }, (t) => {
  const vsix = path.join(root, 'nanokit.vsix');
  fs.rmSync(vsix, { force: true });
  const result = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}\n${result.stderr}`);

  const names = listZip(vsix).map((e) => e.name);
  assert.deepEqual(names.filter((n) => !allowed.some((pattern) => pattern.test(n))), [], 'files that do not belong in the .vsix');
  for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js',
    'extension/schemas/nanokit.schema.json', 'extension/readme.md', 'extension/changelog.md']) {
    assert.ok(names.some((n) => n.toLowerCase() === required.toLowerCase()), `${required} is missing from the .vsix`);
  }
  assert.ok(names.some((n) => /^extension\/license/i.test(n)), 'LICENSE is missing from the .vsix');
  const size = fs.statSync(vsix).size;
  t.diagnostic(`nanokit.vsix: ${(size / 1024).toFixed(0)} KB, ${names.length} files`);
  assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB, over the 2 MB budget`);
});
