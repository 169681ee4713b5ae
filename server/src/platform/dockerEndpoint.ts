/**
 * Which Docker Engine endpoint to talk to, resolved like the user's `docker` CLI does:
 * the `nanokit.docker.host` setting, else `DOCKER_HOST`, else the current docker context
 * (`DOCKER_CONTEXT` or `currentContext` in the CLI config), else the platform default.
 *
 * Node-only and synchronous: it reads at most two small files under the docker config dir.
 * Used by the server's port-owner lookup and by the client's Docker controller.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type DockerEndpointKind = 'socket' | 'tcp' | 'npipe';
export type DockerEndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface DockerEndpoint {
  kind: DockerEndpointKind;
  /** Socket or pipe path, or `host:port` for tcp. */
  address: string;
  source: DockerEndpointSource;
  /** For humans, e.g. `unix:///var/run/docker.sock (DOCKER_HOST)`. */
  description: string;
  /** For kind `socket` and `npipe`: the path to hand to `http.request({ socketPath })`. */
  socketPath?: string;
  /** For kind `tcp`. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** For source `context`: the context's name. */
  contextName?: string;
}

export interface ResolveDockerEndpointOptions {
  /** Value of `nanokit.docker.host`; empty or blank means "not set". */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

/** Thrown for a host string we cannot use (bad syntax, `ssh://`, …). The message says what to do. */
export class DockerEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerEndpointError';
  }
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_WINDOWS_PIPE = '//./pipe/docker_engine';

export function resolveDockerEndpoint(opts: ResolveDockerEndpointOptions = {}): DockerEndpoint {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const setting = opts.setting?.trim();
  if (setting) {
    return parseDockerHost(setting, { source: 'setting', label: 'nanokit.docker.host', env, platform });
  }
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return parseDockerHost(dockerHost, { source: 'DOCKER_HOST', label: 'DOCKER_HOST', env, platform });
  }
  const configDir = dockerConfigDir(env, opts.homeDir ?? os.homedir());
  const contextName = currentContextName(env, configDir);
  if (contextName && contextName !== 'default') {
    const host = contextHost(configDir, contextName);
    const endpoint = parseDockerHost(host, { source: 'context', label: `context "${contextName}"`, env, platform });
    if (contextHasTls(configDir, contextName) && endpoint.kind === 'tcp') endpoint.protocol = 'https';
    return { ...endpoint, contextName };
  }
  return platformDefault(platform);
}

/** Parses a DOCKER_HOST-style string: `unix://`, `npipe://`, `tcp://`, `http(s)://`, or a bare path. */
export function parseDockerHost(
  value: string,
  ctx: { source: DockerEndpointSource; label: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform },
): DockerEndpoint {
  const describe = (url: string): string => `${url} (${ctx.label})`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'unix') {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath) throw new DockerEndpointError(`${ctx.label} "${value}" has no socket path. Use e.g. unix:///var/run/docker.sock.`);
    return { kind: 'socket', address: socketPath, socketPath, source: ctx.source, description: describe(value) };
  }
  if (scheme === 'npipe') {
    const pipe = value.slice('npipe://'.length);
    if (!pipe) throw new DockerEndpointError(`${ctx.label} "${value}" has no pipe path. Use e.g. npipe:////./pipe/docker_engine.`);
    return { kind: 'npipe', address: pipe, socketPath: toWindowsPipePath(pipe), source: ctx.source, description: describe(value) };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    return parseTcp(value, scheme, ctx, describe);
  }
  if (scheme) {
    throw new DockerEndpointError(
      `${ctx.label} "${value}" uses "${scheme}://", which Nanokit cannot use. ` +
        'Use unix://, npipe:// or tcp:// (for ssh, forward the remote socket with `ssh -L` and point at the local end).',
    );
  }
  if (value.startsWith('/') || value.startsWith('\\\\') || value.startsWith('//')) {
    const isPipe = /^(\\\\|\/\/)\.[\\/]pipe[\\/]/i.test(value);
    if (isPipe) {
      return { kind: 'npipe', address: value, socketPath: toWindowsPipePath(value), source: ctx.source, description: describe(value) };
    }
    return { kind: 'socket', address: value, socketPath: value, source: ctx.source, description: describe(`unix://${value}`) };
  }
  throw new DockerEndpointError(
    `${ctx.label} "${value}" is not a Docker host. Use unix:///path/to/docker.sock, npipe:////./pipe/docker_engine or tcp://host:port.`,
  );
}

function parseTcp(
  value: string,
  scheme: string,
  ctx: { label: string; source: DockerEndpointSource; env?: NodeJS.ProcessEnv },
  describe: (url: string) => string,
): DockerEndpoint {
  let url: URL;
  try {
    url = new URL(value.replace(/^tcp:/i, 'http:'));
  } catch {
    throw new DockerEndpointError(`${ctx.label} "${value}" is not a valid address. Use tcp://host:port.`);
  }
  if (!url.hostname) throw new DockerEndpointError(`${ctx.label} "${value}" has no host name. Use tcp://host:port.`);
  const tlsVerify = ctx.source !== 'setting' && !!ctx.env?.DOCKER_TLS_VERIFY;
  const protocol: 'http' | 'https' = scheme === 'https' || tlsVerify ? 'https' : 'http';
  const port = url.port ? Number(url.port) : protocol === 'https' ? 2376 : 2375;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return { kind: 'tcp', address, host, port, protocol, source: ctx.source, description: describe(value) };
}

function toWindowsPipePath(pipe: string): string {
  return pipe.replace(/\//g, '\\');
}

function platformDefault(platform: NodeJS.Platform): DockerEndpoint {
  if (platform === 'win32') {
    return {
      kind: 'npipe',
      address: DEFAULT_WINDOWS_PIPE,
      socketPath: toWindowsPipePath(DEFAULT_WINDOWS_PIPE),
      source: 'default',
      description: `npipe://${DEFAULT_WINDOWS_PIPE} (default)`,
    };
  }
  return {
    kind: 'socket',
    address: DEFAULT_UNIX_SOCKET,
    socketPath: DEFAULT_UNIX_SOCKET,
    source: 'default',
    description: `unix://${DEFAULT_UNIX_SOCKET} (default)`,
  };
}

function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const fromEnv = env.DOCKER_CONFIG?.trim();
  return fromEnv ? fromEnv : path.join(homeDir, '.docker');
}

function currentContextName(env: NodeJS.ProcessEnv, configDir: string): string | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const config = readJson(path.join(configDir, 'config.json'));
  const name = isRecord(config) ? config.currentContext : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** The docker CLI stores a context's metadata under the sha256 (hex) of its name. */
export function contextDirName(contextName: string): string {
  return createHash('sha256').update(contextName).digest('hex');
}

function contextHost(configDir: string, contextName: string): string {
  const metaFile = path.join(configDir, 'contexts', 'meta', contextDirName(contextName), 'meta.json');
  const meta = readJson(metaFile);
  if (meta === undefined) {
    throw new DockerEndpointError(
      `Docker context "${contextName}" is selected but ${metaFile} cannot be read. ` +
        'Run `docker context use default` or set nanokit.docker.host.',
    );
  }
  const endpoints = isRecord(meta) ? meta.Endpoints : undefined;
  const docker = isRecord(endpoints) ? endpoints.docker : undefined;
  const host = isRecord(docker) ? docker.Host : undefined;
  if (typeof host !== 'string' || !host) {
    throw new DockerEndpointError(
      `Docker context "${contextName}" has no docker endpoint in ${metaFile}. Run \`docker context inspect ${contextName}\` to check it.`,
    );
  }
  return host;
}

function contextHasTls(configDir: string, contextName: string): boolean {
  return fs.existsSync(path.join(configDir, 'contexts', 'tls', contextDirName(contextName), 'docker'));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DockerEndpointError(`${file} is not valid JSON. Fix or remove it, or set nanokit.docker.host.`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
