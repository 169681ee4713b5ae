// Controls the gateway container through the Docker Engine API. The only file that imports dockerode.
//
// Decision: `stop` stops AND removes the container (the data dir stays), so the next `start`
// applies changed ports, image or mounts. A running gateway is never restarted by `start`: it
// only gets the new config through the admin API.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import { GATEWAY_NETWORK, gatewayContainerName } from '../../../server/src/core/model';
import type { DockerEndpoint } from '../../../server/src/platform/dockerEndpoint';
import { CaddyAdminClient } from './adminClient';
import {
  ADMIN_CONTAINER_PORT, BOOTSTRAP_FILE_NAME, CONTAINER_DATA_DIR, LABEL_PROJECT, LABEL_ROLE, ROLE_GATEWAY,
  bootstrapConfig, gatewayCommand, gatewayLabels, prepareForContainer,
} from './containerConfig';
import { classifyDockerError, dockerMessage, isNotFound } from './dockerErrors';
import { GatewayStartError, ImagePullError, PortTakenError } from './errors';
import { publishedPorts, statusFromInspect, type InspectLike } from './gatewayStatus';
import type { GatewaySpec, GatewayStatus, PullProgress, StartResult } from './gatewayTypes';
import { splitDockerFrames, streamLines } from './logStream';
import { readPullProgress } from './pullProgress';

export interface DockerControllerOptions {
  endpoint: DockerEndpoint;
  /** How long to wait for Caddy's admin API after the container starts; default 20 s. */
  startTimeoutMs?: number;
}

export interface StartOptions {
  onPullProgress?: (event: PullProgress) => void;
}

export interface Closable {
  close(): void;
}

export class DockerGatewayController {
  readonly endpoint: DockerEndpoint;
  private readonly docker: Docker;
  private readonly startTimeoutMs: number;

  constructor(options: DockerControllerOptions) {
    this.endpoint = options.endpoint;
    this.docker = new Docker(dockerodeOptions(options.endpoint));
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
  }

  /** Throws DockerUnreachableError when the engine does not answer. */
  async ping(): Promise<void> {
    await this.call(() => this.docker.ping());
  }

  /**
   * Brings the gateway up with `config` loaded. Already running → pushes the config (no restart).
   * A stopped leftover container is replaced so the spec's ports and mounts apply.
   */
  async start(spec: GatewaySpec, config: Record<string, unknown>, options: StartOptions = {}): Promise<StartResult> {
    const name = gatewayContainerName(spec.project, spec.environment);
    const existing = await this.inspect(name);
    if (existing?.State?.Running && !existing.State.Restarting) {
      await this.adminFor(existing).load(prepareForContainer(config));
      return { action: 'reloaded', containerId: existing.Id, status: await this.status(spec.project, spec.environment) };
    }
    if (existing) await this.call(() => this.docker.getContainer(existing.Id).remove({ force: true, v: true }));
    await this.ensureNetwork();
    await this.ensureImage(spec.image, options.onPullProgress);
    writeBootstrap(spec.persistenceDir);
    const user = spec.user ?? (await this.hostUserFor(spec.persistenceDir));
    const container = await this.call(() => this.docker.createContainer(containerCreateOptions({ ...spec, ...(user ? { user } : {}) }, name)));
    try {
      await this.call(() => container.start());
    } catch (error) {
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw error instanceof PortTakenError ? withRole(error, spec) : error;
    }
    const admin = new CaddyAdminClient({ port: spec.adminPort });
    await this.waitForAdmin(name, admin);
    await admin.load(prepareForContainer(config));
    return { action: 'created', containerId: container.id, status: await this.status(spec.project, spec.environment) };
  }

  /** Pushes `config` to the running gateway (POST /load). Never restarts it. */
  async reload(project: string, environment: string, config: Record<string, unknown>): Promise<void> {
    const admin = await this.adminClient(project, environment);
    await admin.load(prepareForContainer(config));
  }

  /** Admin API client for the running gateway, using the admin port it was really published on. */
  async adminClient(project: string, environment: string): Promise<CaddyAdminClient> {
    const name = gatewayContainerName(project, environment);
    const info = await this.inspect(name);
    if (!info?.State?.Running) throw new Error(`The gateway ${name} is not running. Start it first (Nanokit: Start Local Gateway, or \`nanokit-gateway up\`).`);
    return this.adminFor(info);
  }

  /** Stops and removes the gateway container; the data dir stays. Returns false when there was none. */
  async stop(project: string, environment: string): Promise<boolean> {
    const name = gatewayContainerName(project, environment);
    const info = await this.inspect(name);
    if (!info) return false;
    const container = this.docker.getContainer(info.Id);
    if (info.State?.Running) await this.call(() => container.stop({ t: 10 })).catch((e) => ignoreStatus(e, 304));
    await this.call(() => container.remove({ force: true, v: true })).catch((e) => ignoreStatus(e, 404));
    return true;
  }

  async status(project: string, environment: string): Promise<GatewayStatus> {
    const name = gatewayContainerName(project, environment);
    try {
      return statusFromInspect(await this.inspect(name), name, this.endpoint.description);
    } catch (error) {
      const e = classifyDockerError(error, this.endpoint.description);
      const problem = e.name === 'DockerUnreachableError' ? 'docker-unreachable' : 'unknown';
      return { state: 'error', problem, reason: e.message, containerName: name, endpoint: this.endpoint.description };
    }
  }

  /** Streams the gateway's log lines (stdout and stderr). With `follow: false` resolves after the tail. */
  async logs(project: string, environment: string, options: { follow: boolean; tail?: number }, onLine: (line: string) => void): Promise<Closable> {
    return this.containerLogs(gatewayContainerName(project, environment), options, onLine);
  }

  private async containerLogs(name: string, options: { follow: boolean; tail?: number }, onLine: (line: string) => void): Promise<Closable> {
    if (!(await this.inspect(name))) throw new Error(`The gateway ${name} does not exist (never started, or stopped: stopping removes it). Start it first.`);
    const container = this.docker.getContainer(name);
    const common = { stdout: true, stderr: true, tail: options.tail ?? 200, timestamps: false };
    if (!options.follow) {
      const buffer = await this.call(() => container.logs({ ...common, follow: false }));
      streamLinesOf(splitDockerFrames(Buffer.from(buffer)).join(''), onLine);
      return { close: () => undefined };
    }
    const stream = (await this.call(() => container.logs({ ...common, follow: true }))) as Readable;
    const out = new PassThrough();
    this.docker.modem.demuxStream(stream, out, out);
    streamLines(out, onLine);
    stream.on('end', () => out.end());
    return { close: () => stream.destroy() };
  }

  /**
   * Calls `onChange` for every Docker event about gateway containers (of `project`, when given).
   * `onEnd` runs once when the stream ends (engine restarted or gone): subscribe again or poll.
   */
  async events(
    onChange: (event: { action: string; name: string; environment?: string }) => void,
    project?: string,
    onEnd?: (error?: Error) => void,
  ): Promise<Closable> {
    const label = [`${LABEL_ROLE}=${ROLE_GATEWAY}`, ...(project ? [`${LABEL_PROJECT}=${project}`] : [])];
    const stream = (await this.call(() => this.docker.getEvents({ filters: { type: ['container'], label } }))) as unknown as Readable;
    streamLines(stream, (line) => {
      try {
        const event = JSON.parse(line) as { Action?: string; status?: string; Actor?: { Attributes?: Record<string, string> } };
        const attrs = event.Actor?.Attributes ?? {};
        onChange({ action: event.Action ?? event.status ?? '', name: attrs.name ?? '', environment: attrs['nk-env'] });
      } catch {
        // not a JSON event line; ignore
      }
    });
    let ended = false;
    let closing = false;
    const end = (error?: Error) => {
      if (ended || closing) return;
      ended = true;
      onEnd?.(error);
    };
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (error: Error) => end(error));
    return {
      close: () => {
        closing = true;
        stream.destroy();
      },
    };
  }

  /** Stops any container by name (the "Stop container" quick fix of a port conflict). False when it does not exist. */
  async stopContainer(name: string): Promise<boolean> {
    const info = await this.inspect(name);
    if (!info) return false;
    if (info.State?.Running) await this.call(() => this.docker.getContainer(info.Id).stop({ t: 10 })).catch((e) => ignoreStatus(e, 304));
    return true;
  }

  /** Creates `nanokit-net` unless it exists. */
  async ensureNetwork(): Promise<void> {
    const networks = await this.call(() => this.docker.listNetworks({ filters: { name: [GATEWAY_NETWORK] } }));
    if (networks.some((n) => n.Name === GATEWAY_NETWORK)) return;
    await this.call(() => this.docker.createNetwork({ Name: GATEWAY_NETWORK, Driver: 'bridge', CheckDuplicate: true })).catch((e) => ignoreStatus(e, 409));
  }

  /** Uses the image when present locally, else pulls it, checking every progress event for an error. */
  async ensureImage(image: string, onProgress?: (event: PullProgress) => void): Promise<'present' | 'pulled'> {
    try {
      await this.call(() => this.docker.getImage(image).inspect());
      return 'present';
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    let stream: Readable;
    try {
      stream = (await this.call(() => this.docker.pull(image))) as Readable;
    } catch (error) {
      if (error instanceof Error && error.name === 'DockerUnreachableError') throw error;
      throw new ImagePullError(image, dockerMessage(error));
    }
    await readPullProgress(stream, image, onProgress);
    return 'pulled';
  }

  private async inspect(name: string): Promise<(InspectLike & Docker.ContainerInspectInfo) | undefined> {
    try {
      return await this.call(() => this.docker.getContainer(name).inspect());
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * On Linux with a rootful engine, a non-root user gets Caddy's files in the project owned by
   * them (not by root) when the container runs with their uid:gid. Not with rootless engines
   * (their uid mapping would give the files a sub-uid) and not for directories owned by others.
   */
  private async hostUserFor(dir: string): Promise<string | undefined> {
    if (process.platform !== 'linux' || typeof process.getuid !== 'function' || typeof process.getgid !== 'function') return undefined;
    const uid = process.getuid();
    if (uid === 0 || fs.statSync(dir).uid !== uid) return undefined;
    const info = (await this.call(() => this.docker.info())) as { SecurityOptions?: string[] };
    if ((info.SecurityOptions ?? []).some((o) => o.includes('name=rootless'))) return undefined;
    return `${uid}:${process.getgid()}`;
  }

  private adminFor(info: InspectLike): CaddyAdminClient {
    const port = publishedPorts(info).admin;
    if (port === undefined) throw new Error(`The gateway container ${info.Id.slice(0, 12)} does not publish Caddy's admin port ${ADMIN_CONTAINER_PORT}. Stop it and start it again.`);
    return new CaddyAdminClient({ port });
  }

  private async waitForAdmin(name: string, admin: CaddyAdminClient): Promise<void> {
    const deadline = Date.now() + this.startTimeoutMs;
    while (!(await admin.isReachable())) {
      const info = await this.inspect(name);
      if (!info?.State?.Running || Date.now() > deadline) {
        const tail: string[] = [];
        await this.containerLogs(name, { follow: false, tail: 20 }, (l) => tail.push(l)).catch(() => undefined);
        const detail = !info?.State?.Running ? `the container exited (code ${info?.State?.ExitCode ?? '?'})` : `no answer from the admin API on 127.0.0.1:${admin.port} within ${this.startTimeoutMs} ms`;
        throw new GatewayStartError(name, detail, tail.join('\n'));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Runs an engine call, mapping connection failures and port clashes to typed errors. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifyDockerError(error, this.endpoint.description);
    }
  }
}

/** Names which of the spec's ports Docker could not publish. */
function withRole(error: PortTakenError, spec: GatewaySpec): PortTakenError {
  const role = error.port === spec.httpPort ? 'HTTP, gatewayPort' : error.port === spec.httpsPort ? 'HTTPS, gatewayHttpsPort' : error.port === spec.adminPort ? 'admin API' : undefined;
  return new PortTakenError(error.port, error.detail, undefined, role);
}

function streamLinesOf(text: string, onLine: (line: string) => void): void {
  for (const line of text.split(/\r?\n/)) if (line) onLine(line);
}

function ignoreStatus(error: unknown, status: number): void {
  if ((error as { statusCode?: number }).statusCode !== status) throw error;
}

function writeBootstrap(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, BOOTSTRAP_FILE_NAME), JSON.stringify(bootstrapConfig(), null, 2) + '\n');
}

export function containerCreateOptions(spec: GatewaySpec, name: string): Docker.ContainerCreateOptions {
  const all = (port: number) => [{ HostIp: '', HostPort: String(port) }];
  return {
    name,
    Image: spec.image,
    Cmd: gatewayCommand(),
    // Caddy's autosave (for --resume) lives in the container; /tmp is writable for any user.
    Env: [`XDG_DATA_HOME=${CONTAINER_DATA_DIR}`, `XDG_CONFIG_HOME=${spec.user ? '/tmp/caddy-config' : '/config'}`],
    ...(spec.user ? { User: spec.user } : {}),
    Labels: gatewayLabels(spec.project, spec.environment, spec.labels),
    ExposedPorts: { '80/tcp': {}, '443/tcp': {}, [`${ADMIN_CONTAINER_PORT}/tcp`]: {} },
    HostConfig: {
      Binds: [`${path.resolve(spec.persistenceDir)}:${CONTAINER_DATA_DIR}`],
      PortBindings: {
        '80/tcp': all(spec.httpPort),
        '443/tcp': all(spec.httpsPort),
        [`${ADMIN_CONTAINER_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(spec.adminPort) }],
      },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: GATEWAY_NETWORK,
      ExtraHosts: ['host.docker.internal:host-gateway'],
    },
  };
}

/** dockerode's connection options for a resolved endpoint. */
export function dockerodeOptions(endpoint: DockerEndpoint): Docker.DockerOptions {
  if (endpoint.kind === 'tcp') {
    const options: Docker.DockerOptions = { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol ?? 'http' };
    const certDir = process.env.DOCKER_CERT_PATH;
    if (endpoint.protocol === 'https' && certDir) {
      const read = (f: string) => (fs.existsSync(path.join(certDir, f)) ? fs.readFileSync(path.join(certDir, f)) : undefined);
      Object.assign(options, { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
    }
    return options;
  }
  return { socketPath: endpoint.socketPath ?? endpoint.address };
}
