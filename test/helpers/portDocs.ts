// nanokit.yml documents for the port-conflict tests, the exact range a port value occupies, and a
// runner for `node dist/cli.js check`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { ServerSettings } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';
import { probePort } from '../../server/src/ports';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface PortDocOptions {
  project?: string;
  /** Top-level values; omitted keys are left out of the document. */
  gatewayPort?: number;
  gatewayHttpsPort?: number;
  /** `environments.local` overrides. */
  local?: { gatewayPort?: number; gatewayHttpsPort?: number };
}

/** A valid document with one service; the ports exactly as given (no other problems in it). */
export function portDoc(opts: PortDocOptions): string {
  const lines = [`name: ${opts.project ?? 'portcheck'}`];
  if (opts.gatewayPort !== undefined) lines.push(`gatewayPort: ${opts.gatewayPort}`);
  if (opts.gatewayHttpsPort !== undefined) lines.push(`gatewayHttpsPort: ${opts.gatewayHttpsPort}`);
  lines.push('services:', '  web:', '    image: nginx:1', '    port: 3000', '    host: web.localhost');
  if (opts.local) {
    lines.push('environments:', '  local:');
    if (opts.local.gatewayPort !== undefined) lines.push(`    gatewayPort: ${opts.local.gatewayPort}`);
    if (opts.local.gatewayHttpsPort !== undefined) lines.push(`    gatewayHttpsPort: ${opts.local.gatewayHttpsPort}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The range of the value of `key` on the `occurrence`-th line that sets it (0: the first, i.e. the
 * top level in portDoc; 1: the environment override when the top level sets it too).
 */
export function valueRange(text: string, key: string, occurrence = 0): Range {
  const lines = text.split('\n');
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    const m = new RegExp(`^(\\s*${key}:\\s*)(\\S.*?)\\s*$`).exec(lines[line]);
    if (m && seen++ === occurrence) {
      return { start: { line, character: m[1].length }, end: { line, character: m[1].length + m[2].length } };
    }
  }
  throw new Error(`${key} (occurrence ${occurrence}) is not in the document:\n${text}`);
}

/** A temp folder with `nanokit.yml` holding `text`; `remove()` deletes it. */
export function writeProject(text: string): { dir: string; file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-portcheck-'));
  const file = path.join(dir, 'nanokit.yml');
  fs.writeFileSync(file, text, { mode: 0o644 });
  fs.chmodSync(dir, 0o755); // readable by another user (runCheck's `user`)
  return { dir, file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface CheckRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `node dist/cli.js check <file> …args` as a user runs it (fails clearly when dist/ was not built);
 * `user` runs it under another uid/gid (e.g. nobody, for privileged ports when we are root).
 */
export function runCheck(file: string, args: string[] = [], user?: { uid: number; gid: number }): Promise<CheckRun> {
  if (!fs.existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing: build it with \`npx tsc -b && node esbuild.mjs\` (or run node scripts/test.mjs).`);
  return new Promise((resolve) => {
    execFile(process.execPath, [DIST_CLI, 'check', file, ...args], { ...user, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * The pair the "use a free port" fix should propose right now: 8080/8443, else the first pair moved
 * up together whose both ports bind (probed the way the checker probes).
 */
export async function expectedFreePair(exclude: number[] = []): Promise<{ http: number; https: number }> {
  for (let i = 0; i < 100; i++) {
    const pair = { http: 8080 + i, https: 8443 + i };
    if (exclude.includes(pair.http) || exclude.includes(pair.https)) continue;
    if ((await probePort(pair.http)).state === 'free' && (await probePort(pair.https)).state === 'free') return pair;
  }
  throw new Error('no free pair between 8080/8443 and 8179/8542 on this machine');
}

/** The port-conflict diagnostics among `diagnostics` (codes `port-…`). */
export function portProblems(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => String(d.code).startsWith('port-'));
}

export const hasPortInUse = (diagnostics: Diagnostic[]): boolean => diagnostics.some((d) => d.code === 'port-in-use');

/**
 * A spawned `node dist/server.js --stdio` with the port check on (settings merged over that), closed
 * after the test. `env` replaces the server's environment (e.g. without DOCKER_HOST).
 */
export async function startPortServer(t: TestContext, settings: Partial<ServerSettings> = {}, env?: NodeJS.ProcessEnv): Promise<LspTestClient> {
  const saved = process.env;
  if (env) process.env = env;
  let client: LspTestClient;
  try {
    client = await LspTestClient.spawn({ settings: { portCheck: { enabled: true, interval: 30 }, ...settings } });
  } finally {
    process.env = saved;
  }
  t.after(() => client.close());
  return client;
}

/**
 * The diagnostics of the first publication for `uri` (from the `from`-th publication received on)
 * that `accept` takes: port results arrive in a later publication of the same version, after the
 * probe. Polls the client's record with a deadline.
 */
export async function publication(
  client: LspTestClient, uri: string, accept: (diagnostics: Diagnostic[]) => boolean, opts: { from?: number; timeoutMs?: number; what?: string } = {},
): Promise<Diagnostic[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const found = client.published.slice(opts.from ?? 0).find((p) => p.uri === uri && accept(p.diagnostics));
    if (found) return found.diagnostics;
    if (Date.now() > deadline) {
      const seen = client.published.filter((p) => p.uri === uri).map((p) => JSON.stringify(p.diagnostics));
      throw new Error(`No publication for ${uri} with ${opts.what ?? 'the expected diagnostics'}; received:\n${seen.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `text` with `edit` applied (one edit, positions in lines/characters). */
export function applyEdit(text: string, edit: { range: Range; newText: string }): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}
