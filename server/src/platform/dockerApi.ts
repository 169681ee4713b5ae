/**
 * A tiny read-only Docker Engine API client on node:http (the server must not load dockerode).
 * Endpoints: unix socket, Windows named pipe, plain tcp (http). TLS (https / DOCKER_TLS_VERIFY)
 * is not supported yet: such endpoints are refused with a message.
 */
import * as http from 'node:http';
import type { DockerEndpoint } from './dockerEndpoint';

export interface DockerGetOptions {
  timeoutMs?: number;
  /** Largest accepted response body (default 8 MiB). */
  maxBytes?: number;
}

export class DockerApiError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DockerApiError';
  }
}

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** GET `apiPath` (e.g. `/containers/json`) and parse the JSON body. Rejects with DockerApiError. */
export function dockerGet(endpoint: DockerEndpoint, apiPath: string, opts: DockerGetOptions = {}): Promise<unknown> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (endpoint.kind === 'tcp' && endpoint.protocol === 'https') {
    return Promise.reject(
      new DockerApiError(
        `Docker at ${endpoint.description} uses TLS, which Nanokit cannot talk to yet. ` +
          'Point nanokit.docker.host at a unix socket, a named pipe or a plain tcp:// endpoint.',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { ...target(endpoint), path: apiPath, method: 'GET', agent: false, headers: { Accept: 'application/json', Host: 'docker' } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new DockerApiError(`Docker's answer to GET ${apiPath} is larger than ${maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new DockerApiError(`Docker answered GET ${apiPath} with ${status}: ${errorMessage(body)}`, status));
            return;
          }
          try {
            resolve(JSON.parse(body) as unknown);
          } catch {
            reject(new DockerApiError(`Docker's answer to GET ${apiPath} is not JSON.`, status));
          }
        });
        res.on('error', (err) => reject(toApiError(err, endpoint)));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy(new DockerApiError(`Docker at ${endpoint.description} did not answer within ${timeoutMs} ms.`, undefined, 'ETIMEDOUT'));
    });
    req.on('error', (err) => reject(toApiError(err, endpoint)));
    req.end();
  });
}

function target(endpoint: DockerEndpoint): http.RequestOptions {
  if (endpoint.kind === 'tcp') return { host: endpoint.host, port: endpoint.port };
  return { socketPath: endpoint.socketPath ?? endpoint.address };
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through
  }
  return body.trim().slice(0, 200) || '(empty body)';
}

function toApiError(err: unknown, endpoint: DockerEndpoint): DockerApiError {
  if (err instanceof DockerApiError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e.code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new DockerApiError(
      `Docker is not reachable at ${endpoint.description} (${code}). Start Docker, or set nanokit.docker.host / DOCKER_HOST to its endpoint.`,
      undefined,
      code,
    );
  }
  if (code === 'EACCES') {
    return new DockerApiError(
      `No permission to use ${endpoint.description} (EACCES). Add your user to the "docker" group (then log in again), or use rootless Docker.`,
      undefined,
      code,
    );
  }
  return new DockerApiError(`Talking to Docker at ${endpoint.description} failed: ${e.message}`, undefined, code);
}
