// Whether git ignores the gateway's data folder (it holds the local CA's private key).
import { execFile } from 'node:child_process';

/** `undefined` when that cannot be told (no git, or not a git work tree). */
export function isNanokitDirGitIgnored(projectRoot: string): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', '--no-index', '.nanokit/gateway/'], { cwd: projectRoot, timeout: 5_000 }, (error) => {
      if (!error) return resolve(true);
      const code = (error as { code?: unknown }).code;
      resolve(code === 1 ? false : undefined);
    });
  });
}
