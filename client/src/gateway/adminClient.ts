// Client for Caddy's admin API over node:http. A fresh connection per call (Caddy replaces its
// admin server on every /load, so pooled sockets die), one retry when a connection is reset
// before an answer, a timeout on every call, and typed errors.
import * as http from 'node:http';
import { AdminApiError, AdminUnreachableError, ConfigRejectedError, ConflictError } from './errors';

export interface AdminClientOptions {
  /** Default 127.0.0.1 (the admin port is published on loopback only). */
  host?: string;
  port: number;
  /** Per-call timeout in milliseconds; default 10 000. */
  timeoutMs?: number;
}

export interface AdminResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: string;
}

export interface ConfigWithEtag {
  config: Record<string, unknown> | null;
  /** The config's ETag: a header in Caddy 2.8+, an HTTP trailer in 2.6/2.7. Undefined when absent. */
  etag?: string;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE']);

export class CaddyAdminClient {
  readonly host: string;
  readonly port: number;
  private readonly timeoutMs: number;

  constructor(options: AdminClientOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** POST /load: replaces the whole config. Throws ConfigRejectedError with Caddy's message on 400. */
  async load(config: unknown): Promise<void> {
    const response = await this.request('POST', '/load', JSON.stringify(config));
    this.expectOk(response, '/load');
  }

  /** GET /config/ with its ETag (header or trailer). */
  async getConfig(): Promise<ConfigWithEtag> {
    const response = await this.request('GET', '/config/');
    this.expectOk(response, '/config/');
    const etag = headerValue(response.headers.etag) ?? response.trailers.etag;
    const config = response.body.trim() ? (JSON.parse(response.body) as Record<string, unknown> | null) : null;
    return etag === undefined ? { config } : { config, etag };
  }

  /** PUT/PATCH-free replacement of /config/ honouring If-Match (412 → ConflictError). */
  async replaceConfig(config: unknown, etag: string): Promise<void> {
    const response = await this.request('POST', '/config/', JSON.stringify(config), { 'If-Match': etag });
    this.expectOk(response, '/config/');
  }

  /** The local CA's root certificate (PEM) from GET /pki/ca/local. */
  async getLocalCaRoot(): Promise<string> {
    const response = await this.request('GET', '/pki/ca/local');
    this.expectOk(response, '/pki/ca/local');
    const parsed = JSON.parse(response.body) as { root_certificate?: string };
    if (!parsed.root_certificate) throw new AdminApiError(response.status, 'no root_certificate in the answer', '/pki/ca/local');
    return parsed.root_certificate;
  }

  /** Polls GET /pki/ca/local until the root exists (a fresh CA appears shortly after /load). */
  async waitForLocalCaRoot(timeoutMs = 5_000): Promise<string> {
    return this.retryUntil(() => this.getLocalCaRoot(), timeoutMs);
  }

  /** True when the admin API answers GET /config/ with 200. Never throws. */
  async isReachable(): Promise<boolean> {
    try {
      const response = await this.request('GET', '/config/');
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** Throws AdminUnreachableError when the admin API is not reachable. */
  async ping(): Promise<void> {
    const response = await this.request('GET', '/config/');
    this.expectOk(response, '/config/');
  }

  /** Polls until the admin API answers, or throws the last error after `timeoutMs`. */
  async waitUntilReachable(timeoutMs = 15_000): Promise<void> {
    await this.retryUntil(() => this.ping(), timeoutMs);
  }

  /** One HTTP exchange with one retry when the connection is reset before an answer. */
  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<AdminResponse> {
    try {
      return await this.requestOnce(method, path, body, headers);
    } catch (error) {
      if (!isRetryable(error)) throw this.unreachable(error);
      try {
        return await this.requestOnce(method, path, body, headers);
      } catch (second) {
        throw this.unreachable(second);
      }
    }
  }

  private requestOnce(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<AdminResponse> {
    return new Promise((resolve, reject) => {
      const allHeaders: Record<string, string | number> = { ...headers };
      if (body !== undefined) {
        allHeaders['Content-Type'] = 'application/json';
        allHeaders['Content-Length'] = Buffer.byteLength(body);
      }
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers: allHeaders, agent: false, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }

  private expectOk(response: AdminResponse, path: string): void {
    if (response.status >= 200 && response.status < 300) return;
    const message = caddyErrorMessage(response.body);
    if (response.status === 400) throw new ConfigRejectedError(message, 400);
    if (response.status === 412) throw new ConflictError(message);
    throw new AdminApiError(response.status, message, path);
  }

  private unreachable(error: unknown): AdminUnreachableError {
    if (error instanceof AdminUnreachableError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code ? `${code}` : (error as Error).message;
    return new AdminUnreachableError(this.address, reason, { cause: error });
  }

  private async retryUntil<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (Date.now() >= deadline || error instanceof ConfigRejectedError) throw error;
        await delay(50);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  return RETRYABLE_CODES.has(e.code ?? '') || /socket hang up/i.test(e.message ?? '');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Caddy answers errors as `{"error": "..."}`; fall back to the raw body. */
export function caddyErrorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON
  }
  return body.trim() || '(empty answer)';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
