// Helpers for integration tests against the real dockerd and the local Caddy image that
// `bash scripts/provision.sh all` provides. Talks to the Engine API over node:http (dockerode
// stays confined to the product's Docker controller).
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import type { TLSSocket } from 'node:tls';
import { resolveDockerEndpoint } from '../../server/src/platform/dockerEndpoint';

export const PROVISION_HINT = 'run `bash scripts/provision.sh all` and export its env (eval "$(bash scripts/provision.sh all)")';

export interface DockerTestEnv {
  dockerHost: string;
  socketPath: string;
  image: string;
}

/** DOCKER_HOST and NANOKIT_TEST_IMAGE from provision.sh; throws (the test fails) when they are missing. */
export async function requireDockerTestEnv(): Promise<DockerTestEnv> {
  const dockerHost = process.env.DOCKER_HOST;
  const image = process.env.NANOKIT_TEST_IMAGE;
  if (!dockerHost || !image) throw new Error(`DOCKER_HOST and NANOKIT_TEST_IMAGE are not set: ${PROVISION_HINT}`);
  const endpoint = resolveDockerEndpoint({ env: process.env });
  if (!endpoint.socketPath) throw new Error(`DOCKER_HOST=${dockerHost} is not a unix socket; the tests need provision.sh's private dockerd: ${PROVISION_HINT}`);
  const env = { dockerHost, socketPath: endpoint.socketPath, image };
  const ping = await dockerApi(env, 'GET', '/_ping').catch((e: Error) => ({ status: 0, body: e.message }));
  if (ping.status !== 200) throw new Error(`No dockerd answers at ${dockerHost} (${ping.body}): ${PROVISION_HINT}`);
  const img = await dockerApi(env, 'GET', `/images/${encodeURIComponent(image)}/json`);
  if (img.status !== 200) throw new Error(`The test image ${image} is missing: ${PROVISION_HINT}`);
  return env;
}

export interface ApiResponse {
  status: number;
  body: string;
  json?: unknown;
}

export function dockerApi(env: { socketPath: string }, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { socketPath: env.socketPath, method, path, agent: false, timeout: 30_000, headers: payload ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`docker ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts a busybox httpd container on `network`, serving `/index.html` = `body` (and `/cgi-bin/` scripts if given). */
export async function startBackend(env: DockerTestEnv, opts: { name: string; network: string; port: number; body: string }): Promise<string> {
  const script = 'mkdir -p /www && printf "%s\\n" "$BODY" > /www/index.html && exec httpd -f -p "$PORT" -h /www';
  const created = await dockerApi(env, 'POST', `/containers/create?name=${encodeURIComponent(opts.name)}`, {
    Image: env.image,
    Cmd: ['sh', '-c', script],
    Env: [`BODY=${opts.body}`, `PORT=${opts.port}`],
    Labels: { 'nanokit.test': 'backend' },
    HostConfig: { NetworkMode: opts.network },
  });
  if (created.status !== 201) throw new Error(`creating backend ${opts.name} failed: ${created.status} ${created.body}`);
  const id = (created.json as { Id: string }).Id;
  const started = await dockerApi(env, 'POST', `/containers/${id}/start`);
  if (started.status !== 204) throw new Error(`starting backend ${opts.name} failed: ${started.status} ${started.body}`);
  return id;
}

export async function removeContainer(env: { socketPath: string }, nameOrId: string): Promise<void> {
  await dockerApi(env, 'DELETE', `/containers/${encodeURIComponent(nameOrId)}?force=1&v=1`);
}

export async function inspectContainer(env: { socketPath: string }, nameOrId: string): Promise<{ Id: string; State: { StartedAt: string; Running: boolean } } | undefined> {
  const r = await dockerApi(env, 'GET', `/containers/${encodeURIComponent(nameOrId)}/json`);
  return r.status === 200 ? (r.json as { Id: string; State: { StartedAt: string; Running: boolean } }) : undefined;
}

/** A port that is free on every host address right now (bind 0 on the wildcard, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export interface HttpsResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  issuerCN?: string;
  subjectAltName?: string;
}

/** GET https://<host>:<port><path> connecting to 127.0.0.1 (SNI + Host = host), trusting only `ca`. */
export function httpsGet(opts: { host: string; port: number; path?: string; ca: string; timeoutMs?: number }): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1', port: opts.port, path: opts.path ?? '/', servername: opts.host, headers: { Host: opts.host },
        ca: opts.ca, agent: false, timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, issuerCN: cert?.issuer?.CN === undefined ? undefined : String(cert.issuer.CN), subjectAltName: cert?.subjectaltname }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`https://${opts.host}:${opts.port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Retries `fn` until it resolves, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** The first non-internal IPv4 address of this host, for "not reachable from outside" checks. */
export function nonLoopbackIPv4(): string | undefined {
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    if (/^(docker|br-|veth)/.test(name)) continue;
    const a = addrs?.find((x) => x.family === 'IPv4' && !x.internal);
    if (a) return a.address;
  }
  return undefined;
}

/** Resolves with the connect error code (e.g. ECONNREFUSED), or 'connected'. */
export function tryConnect(host: string, port: number, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}
