/** Runs a helper program (lsof, ps, netstat, tasklist) with an argv array, a timeout and an output cap. */
import { execFile } from 'node:child_process';
import type { RunProgram } from './types';

export const DEFAULT_PROGRAM_TIMEOUT_MS = 3000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export const runProgram: RunProgram = (file, args, opts = {}) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: opts.timeoutMs ?? DEFAULT_PROGRAM_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8' },
      (error, stdout) => {
        if (!error) {
          resolve({ stdout, exitCode: 0 });
          return;
        }
        const err = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (typeof err.code === 'number' && !err.killed) {
          // Exited with a status (lsof exits 1 when nothing matches): the output still counts.
          resolve({ stdout, exitCode: err.code });
          return;
        }
        const why = err.killed ? `timed out after ${opts.timeoutMs ?? DEFAULT_PROGRAM_TIMEOUT_MS} ms` : String(err.code ?? err.message);
        reject(new Error(`Running ${file} failed: ${why}.`));
      },
    );
  });
