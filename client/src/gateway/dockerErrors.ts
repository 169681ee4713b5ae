// Turns errors from the Docker Engine API (as dockerode reports them) into the typed errors the
// UI and CLI show. Pure: no Docker, no I/O.
import { DockerUnreachableError, PortTakenError } from './errors';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET', 'EPIPE']);

const CONNECTION_HINTS: Record<string, string> = {
  ENOENT: 'no socket there',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied; add your user to the docker group or use a socket you may open',
  EPERM: 'permission denied',
  ETIMEDOUT: 'timed out',
};

interface DockerodeError {
  code?: string;
  statusCode?: number;
  message?: string;
  json?: { message?: string } | null;
  reason?: string;
}

/** The engine's own message (dockerode puts it in `json.message`), else the error's message. */
export function dockerMessage(error: unknown): string {
  const e = error as DockerodeError;
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  if (fromJson) return fromJson.trim();
  // Stream requests (pull, logs) carry the engine's message only in the text: "(HTTP code 500) server error - <message> ".
  return (e?.message ?? String(error)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

export function isConnectionError(error: unknown): boolean {
  const e = error as DockerodeError;
  return typeof e?.code === 'string' && CONNECTION_CODES.has(e.code) && e.statusCode === undefined;
}

export function isNotFound(error: unknown): boolean {
  return (error as DockerodeError)?.statusCode === 404;
}

/** Extracts the host port from "port is already allocated" / "address already in use" messages. */
export function portFromBindError(message: string): number | undefined {
  if (!/already allocated|address already in use/i.test(message)) return undefined;
  const before = message.split(/port is already allocated|address already in use/i)[0];
  const ports = [...before.matchAll(/:(\d{1,5})\b/g)].map((m) => Number(m[1]));
  const port = ports.at(-1);
  return port !== undefined && port > 0 && port < 65536 ? port : undefined;
}

/**
 * Maps an engine error to DockerUnreachableError or PortTakenError; anything else comes back
 * unchanged (with the engine's message as its message).
 */
export function classifyDockerError(error: unknown, endpointDescription: string): Error {
  if (error instanceof DockerUnreachableError || error instanceof PortTakenError) return error;
  if (isConnectionError(error)) {
    const code = (error as DockerodeError).code ?? 'error';
    return new DockerUnreachableError(endpointDescription, CONNECTION_HINTS[code] ? `${code}: ${CONNECTION_HINTS[code]}` : code, { cause: error });
  }
  const message = dockerMessage(error);
  const port = portFromBindError(message);
  if (port !== undefined) return new PortTakenError(port, message);
  if (error instanceof Error) {
    if (error.message !== message) error.message = message;
    return error;
  }
  return new Error(message);
}
