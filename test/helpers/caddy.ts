// A real Caddy for tests: find the binary, start `caddy run` on an ephemeral admin port with its
// own storage and home in a temp dir, talk to its admin API, validate configs with `caddy validate`.
// Every process and directory started here is cleaned up by the returned `stop()`.

import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CADDY_MISSING = 'caddy is not installed: run `bash scripts/provision.sh install` (Debian, as root)';

/** Absolute path of `caddy` on PATH; throws with what to install when it is missing. */
export function caddyBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'caddy');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(CADDY_MISSING);
}

/** A free TCP port on `host`, chosen by the OS (the listener is closed before returning). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes; the last error is reported. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 10_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface AdminResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function isRetryable(error: unknown): boolean {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === 'ECONNRESET' || message === 'socket hang up';
}

function adminRequestOnce(adminAddress: string, method: string, urlPath: string, body?: string): Promise<AdminResponse> {
  const [host, port] = splitAddress(adminAddress);
  const headers: http.OutgoingHttpHeaders = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path: urlPath, headers, agent: false, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('timeout', () => request.destroy(new Error(`admin API ${method} ${urlPath} timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * One admin API call on a fresh connection (`agent: false`), retried once on ECONNRESET / socket
 * hang up: Caddy replaces its admin server on every load.
 */
export async function adminRequest(adminAddress: string, method: string, urlPath: string, body?: unknown): Promise<AdminResponse> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  try {
    return await adminRequestOnce(adminAddress, method, urlPath, text);
  } catch (error) {
    if (!isRetryable(error)) {
      throw error;
    }
    return adminRequestOnce(adminAddress, method, urlPath, text);
  }
}

/** `POST /load` of a whole config. */
export async function loadConfig(adminAddress: string, config: unknown): Promise<AdminResponse> {
  return adminRequest(adminAddress, 'POST', '/load', config);
}

/** `host:port` → [host, port]; IPv6 brackets removed. */
export function splitAddress(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index).replace(/^\[|\]$/g, ''), Number.parseInt(address.slice(index + 1), 10)];
}

/** Caddy's root CA PEM from `GET /pki/ca/local`. */
export async function localRootCertificate(adminAddress: string): Promise<string> {
  const response = await adminRequest(adminAddress, 'GET', '/pki/ca/local');
  if (response.status !== 200) {
    throw new Error(`GET /pki/ca/local answered ${response.status}: ${response.body}`);
  }
  return (JSON.parse(response.body) as { root_certificate: string }).root_certificate;
}

export interface RunningCaddy {
  /** `127.0.0.1:<port>` of the admin API. */
  adminAddress: string;
  /** Temp dir holding home, XDG dirs, storage and the bootstrap config; removed by stop(). */
  dir: string;
  /** Storage root of the bootstrap config; pass it as `storageRoot` so loaded configs keep the same CA. */
  storageRoot: string;
  /** Caddy's stdout+stderr so far (capped), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_CAP = 200_000;

function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') };
}

async function stopProcess(child: ChildProcess, deadlineMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts `caddy run` with a minimal config: admin on 127.0.0.1:<ephemeral>, install_trust false,
 * storage in a temp dir; resolves once the admin API answers. Fails (never skips) without caddy.
 */
export async function startCaddy(deadlineMs = 15_000): Promise<RunningCaddy> {
  const binary = caddyBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-caddy-'));
  const storageRoot = path.join(dir, 'storage');
  const adminAddress = `127.0.0.1:${await freePort()}`;
  const bootstrap = {
    admin: { listen: adminAddress },
    storage: { module: 'file_system', root: storageRoot },
    apps: { pki: { certificate_authorities: { local: { install_trust: false } } } },
  };
  const configFile = path.join(dir, 'bootstrap.json');
  fs.writeFileSync(configFile, JSON.stringify(bootstrap));
  const child = spawn(binary, ['run', '--config', configFile], { cwd: dir, env: isolatedEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_CAP);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      spawnError,
      waitFor('the Caddy admin API', async () => {
        if (child.exitCode !== null) {
          throw new Error(`caddy exited with code ${child.exitCode}:\n${output}`);
        }
        const response = await adminRequestOnce(adminAddress, 'GET', '/config/');
        return response.status === 200 ? true : undefined;
      }, deadlineMs),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { adminAddress, dir, storageRoot, output: () => output, stop };
}

export interface ValidateResult {
  ok: boolean;
  output: string;
}

/**
 * Runs the real `caddy validate` on `config`. Validation provisions the apps, and the PKI app
 * writes its root CA into the configured storage, so a copy with `storage.root` in a temp dir is
 * validated (otherwise the default /data/caddy would be created on this machine).
 */
export async function caddyValidate(config: Record<string, unknown>): Promise<ValidateResult> {
  const binary = caddyBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-caddy-validate-'));
  try {
    const copy = { ...config, storage: { module: 'file_system', root: path.join(dir, 'storage') } };
    const file = path.join(dir, 'caddy.json');
    fs.writeFileSync(file, JSON.stringify(copy));
    return await new Promise<ValidateResult>((resolve) => {
      execFile(binary, ['validate', '--config', file], { cwd: dir, env: isolatedEnv(dir), timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ ok: error === null, output: `${stdout}${stderr}` });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
