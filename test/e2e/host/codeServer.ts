// Starts code-server (the real VS Code workbench with a Node extension host) and Debian's headless
// Chromium for the end-to-end tests. Used by the runTests stand-in and by the Playwright UI test.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The repository root (this file runs from out/test/e2e/host/). */
export const repoRoot = path.resolve(__dirname, '../../../..');

const provisionHint = 'run `bash scripts/provision-e2e.sh` (as root on Debian) to install it';

export function codeServerBin(): string {
  const bin = process.env.CODE_SERVER_BIN ?? path.join(repoRoot, 'test/e2e/code-server/node_modules/.bin/code-server');
  if (!fs.existsSync(bin)) throw new Error(`code-server not found at ${bin}: ${provisionHint}`);
  return bin;
}

export function chromiumBin(): string {
  const bin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!fs.existsSync(bin)) throw new Error(`Chromium not found at ${bin} (set CHROMIUM_BIN): ${provisionHint}`);
  return bin;
}

/** User settings for a fresh profile: nothing may steal focus or reach the network. */
export const seededUserSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'files.hotExit': 'off',
};

/** A per-run folder under .vscode-test/runs/: profile, extensions, logs. Kept when a run fails (its tmpDir is not). */
export interface RunDir {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's TMPDIR (its IPC sockets); short, because socket paths are limited to ~100 bytes. */
  tmpDir: string;
  log(name: string): string;
  remove(): void;
}

export function createRunDir(kind: string, settings: Record<string, unknown> = {}): RunDir {
  const runsDir = path.join(repoRoot, '.vscode-test', 'runs');
  fs.mkdirSync(runsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const root = fs.mkdtempSync(path.join(runsDir, `${kind}-${stamp}-`));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-cs-'));
  const allSettings = { ...seededUserSettings, ...settings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(allSettings, null, 2));
  return {
    root,
    userDataDir,
    extensionsDir,
    tmpDir,
    log: (name) => path.join(root, name),
    remove: () => {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** Keeps code-server's own config/data (~/.config/code-server, ~/.local/share/code-server) in the run dir. */
function codeServerEnv(run: RunDir): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(run.root, 'xdg-config'),
    XDG_DATA_HOME: path.join(run.root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(run.root, 'xdg-cache'),
    TMPDIR: run.tmpDir,
  };
}

function commonArgs(run: RunDir): string[] {
  return ['--user-data-dir', run.userDataDir, '--extensions-dir', run.extensionsDir];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Installs a .vsix into the run's extensions dir, the way a user would. */
export function installExtension(run: RunDir, vsixPath: string): Promise<void> {
  const args = [...commonArgs(run), '--install-extension', vsixPath];
  return runToCompletion(codeServerBin(), args, codeServerEnv(run), run.log('install-extension.log'), 60_000);
}

export function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string, timeoutMs: number, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(logPath);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        log.end(resolve);
        return;
      }
      log.end(() => {
        const tail = fs.readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n');
        reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}\n(full output: ${logPath})`));
      });
    });
  });
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  port: number;
  /** Stops code-server and its extension hosts; resolves when code-server has exited. */
  stop(): Promise<void>;
}

/** Starts code-server on an ephemeral loopback port and waits until /healthz answers. */
export async function startCodeServer(run: RunDir, timeoutMs = 30_000): Promise<CodeServer> {
  const port = await freePort();
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...commonArgs(run),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
  // detached: code-server and its extension hosts form one process group, stopped together
  const child = spawn(codeServerBin(), args, { detached: true, env: codeServerEnv(run), stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(run.log('code-server.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  const stop = async (): Promise<void> => {
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    process.off('exit', killOnExit);
    fs.rmSync(run.tmpDir, { recursive: true, force: true }); // sockets left by killed processes
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthz(baseUrl, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; see ${run.log('code-server.log')}`);
  }
  return { baseUrl, port, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitForHealthz(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs} ms`);
}

export function launchChromium(run: RunDir): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumBin(),
    headless: true,
    // Chromium writes ~/.config/chromium (crash reports) and ~/.cache/dconf otherwise
    env: { ...process.env, XDG_CONFIG_HOME: path.join(run.root, 'xdg-config'), XDG_CACHE_HOME: path.join(run.root, 'xdg-cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The workbench URL that opens `folder` (a path on this machine, which is also code-server's). */
export function workbenchUrl(server: CodeServer, folder: string | undefined, payload?: [string, string][]): string {
  const params = new URLSearchParams();
  if (payload) params.set('payload', JSON.stringify(payload));
  if (folder) params.set('folder', folder);
  else params.set('ew', 'true');
  return `${server.baseUrl}/?${params.toString()}`;
}

/** A path on this machine as code-server's remote authority sees it. */
export function remoteUri(server: CodeServer, absolutePath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
}
