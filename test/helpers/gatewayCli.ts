// Runs the gateway commands the way a user does: `node dist/cli.js <command> <file> …` when the
// bundled CLI exists, else runGatewayCommand in-process (NANOKIT_TEST_CLI=direct forces that).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type GatewayCommand, runGatewayCommand } from '../../server/src/cli/gatewayCommands';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  file: string;
  environment?: string;
  image: string;
  adminPort: number;
  yes?: boolean;
  /** Extra environment for this run (e.g. a DOCKER_HOST pointing nowhere). */
  env?: Record<string, string>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export function cliMode(): 'dist' | 'direct' {
  if (process.env.NANOKIT_TEST_CLI === 'direct') return 'direct';
  return fs.existsSync(DIST_CLI) ? 'dist' : 'direct';
}

export async function runCli(command: GatewayCommand, opts: CliOptions): Promise<CliResult> {
  return cliMode() === 'dist' ? runDist(command, opts) : runDirect(command, opts);
}

function runDist(command: GatewayCommand, opts: CliOptions): Promise<CliResult> {
  const args = [DIST_CLI, command, opts.file, '--env', opts.environment ?? 'local', '--image', opts.image, '--admin-port', String(opts.adminPort)];
  if (opts.yes) args.push('--yes');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...process.env, ...opts.env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function runDirect(command: GatewayCommand, opts: CliOptions): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const code = await runGatewayCommand(
      command,
      { file: opts.file, environment: opts.environment ?? 'local', image: opts.image, adminPort: opts.adminPort, yes: opts.yes ?? false },
      { out: (s) => out.push(s), err: (s) => err.push(s), confirm: async () => opts.yes ?? false },
    );
    return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
