// Keeps package.json `contributes` and the code in step: the command table, the settings reader,
// and which commands are disabled in untrusted workspaces.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS, SETTINGS, SIDE_EFFECT_COMMANDS } from '../../client/src/contributions';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; enablement?: string }[]; configuration: { properties: Record<string, unknown> }[] };
};

void test('every command in package.json is in the command table, and the other way round', () => {
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), [...COMMAND_IDS].sort());
});

void test('the commands that change the machine are exactly those enabled only in trusted workspaces', () => {
  const trustedOnly = manifest.contributes.commands.filter((c) => c.enablement === 'isWorkspaceTrusted').map((c) => c.command).sort();
  assert.deepEqual(trustedOnly, [...SIDE_EFFECT_COMMANDS].sort());
});

void test('every setting in package.json is one the code reads, and the other way round', () => {
  const declared = manifest.contributes.configuration.flatMap((section) => Object.keys(section.properties)).sort();
  assert.deepEqual(declared, [...SETTINGS].sort());
  const reader = fs.readFileSync(path.join(root, 'client', 'src', 'config.ts'), 'utf8');
  for (const setting of SETTINGS.filter((s) => s !== 'nanokit.trace.server')) {
    assert.ok(reader.includes(`'${setting.slice('nanokit.'.length)}'`), `client/src/config.ts does not read ${setting}`);
  }
});
