// Runs programs for the trust-store installers: argv arrays only (never a shell), timeouts,
// output caps, and optional elevation through sudo or pkexec.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Elevation = 'none' | 'sudo' | 'pkexec';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(program: string, args: string[], options?: { elevate?: boolean; input?: string }): Promise<RunResult>;
  /** True when `program` is on PATH. */
  has(program: string): Promise<boolean>;
  /** Whether this process already has the rights elevation would give (root on POSIX). */
  readonly privileged: boolean;
}

export class ElevationRequiredError extends Error {
  constructor(readonly what: string) {
    super(`${what} needs administrator rights. Run again as root (e.g. \`sudo npx nanokit-gateway trust …\`) or allow elevation.`);
    this.name = 'ElevationRequiredError';
  }
}

export function systemRunner(elevation: Elevation = 'none', options: { timeoutMs?: number; privileged?: boolean } = {}): CommandRunner {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const privileged = options.privileged ?? (typeof process.getuid === 'function' ? process.getuid() === 0 : false);
  const exec = (program: string, args: string[], input?: string) =>
    new Promise<RunResult>((resolve) => {
      const child = execFile(program, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 127) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code === 127 ? error.message : '') });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  return {
    privileged,
    async run(program, args, options = {}) {
      if (!options.elevate || privileged) return exec(program, args, options.input);
      if (elevation === 'none') throw new ElevationRequiredError(`${program} ${args[0] ?? ''}`.trim());
      return exec(elevation, [program, ...args], options.input);
    },
    async has(program) {
      return findOnPath(program) !== undefined;
    },
  };
}

/** The full path of `program` on PATH (with PATHEXT on Windows), without spawning anything. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  if (process.platform !== 'win32') dirs.push('/usr/sbin', '/sbin');
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, program + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
