#!/usr/bin/env node
// `npm test`: type-check and bundle, lint, then every test tier with node's built-in runner.
//   node scripts/test.mjs [unit] [lsp] [integration] [e2e]   (default: all four)
// The integration and e2e tiers need real parts (Caddy, a private dockerd with a local Caddy image,
// Chromium and code-server): scripts/provision*.sh install and start them on Debian as root, and
// elsewhere name what is missing and fail. Nothing is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'lsp', 'integration', 'e2e'];
const tiers = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const t of tiers) if (!ALL.includes(t)) fail(`unknown tier "${t}" (known: ${ALL.join(', ')})`);
const selected = tiers.length ? tiers : ALL;
const env = { ...process.env };
const started = Date.now();

function fail(message) {
  console.error(`test: ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const t0 = Date.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (result.error) fail(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) fail(`${[command, ...args].join(' ')} failed with exit code ${result.status}`);
  if (!options.quiet) console.error(`test: ${[command, ...args].join(' ')} ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return result.stdout ?? '';
}

function testFiles(tier) {
  const dir = join(root, 'out', 'test', tier);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join('out', 'test', tier, f));
}

/** `export NAME=value` lines (from provision.sh env) into our environment. */
function importEnv(text) {
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
}

run('npx', ['tsc', '-b']);
run('node', ['esbuild.mjs']);
if (!tiers.length) run('npx', ['eslint', '.']);

const needsDocker = selected.includes('integration') || selected.includes('e2e');
if (needsDocker) importEnv(run('bash', ['scripts/provision.sh', 'all'], { capture: true }));
if (selected.includes('e2e')) run('bash', ['scripts/provision-e2e.sh']);

let status = 0;
try {
  const files = selected.flatMap(testFiles);
  if (!files.length) fail(`no test files found for ${selected.join(', ')} under out/test/`);
  // One file at a time: integration tests share one dockerd, and the machine has two cores.
  const tap = join(root, 'out', 'test-results.tap');
  const result = spawnSync('node', ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], { cwd: root, env, stdio: 'inherit' });
  status = result.status ?? 1;
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(summary)?.[1] ?? 0);
  console.log(`${count('pass')} passed, ${count('fail')} failed${count('skipped') ? `, ${count('skipped')} skipped` : ''}`);
} finally {
  if (needsDocker && (process.env.CI || process.env.NANOKIT_STOP_DOCKERD)) spawnSync('bash', ['scripts/provision.sh', 'dockerd-stop'], { cwd: root, env, stdio: 'inherit' });
}
console.error(`test: ${selected.join(', ')} finished in ${((Date.now() - started) / 1000).toFixed(0)} s with exit code ${status}`);
process.exit(status);
