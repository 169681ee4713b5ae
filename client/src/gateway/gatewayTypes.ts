// What the Docker controller takes (GatewaySpec) and reports (GatewayStatus).

/** Everything needed to create a gateway container for one project environment. */
export interface GatewaySpec {
  project: string;
  environment: string;
  image: string;
  /** Host port published for container port 80. */
  httpPort: number;
  /** Host port published for container port 443. */
  httpsPort: number;
  /** Host port (on 127.0.0.1 only) published for Caddy's admin API (container port 2019). */
  adminPort: number;
  /** Host directory mounted as Caddy's data dir (certificates, local CA, ACME account). */
  persistenceDir: string;
  /**
   * `uid:gid` to run Caddy as. Default: on Linux with a rootful engine, the calling non-root
   * user when they own persistenceDir (so the project's .nanokit/ stays theirs); else root.
   */
  user?: string;
  /** Extra container labels, merged over the standard ones. */
  labels?: Record<string, string>;
}

export interface GatewayPorts {
  http?: number;
  https?: number;
  admin?: number;
}

interface StatusBase {
  containerName: string;
  /** The Docker endpoint in use, for humans (e.g. `unix:///var/run/docker.sock (default)`). */
  endpoint: string;
}

export type GatewayStatus =
  | (StatusBase & { state: 'stopped' })
  | (StatusBase & { state: 'starting'; containerId: string })
  | (StatusBase & { state: 'running'; containerId: string; image: string; startedAt: string; ports: GatewayPorts })
  | (StatusBase & {
      state: 'error';
      /** What went wrong, as a sentence for a tooltip or the CLI. */
      reason: string;
      problem: 'docker-unreachable' | 'exited' | 'restarting' | 'paused' | 'unknown';
      containerId?: string;
    });

export type GatewayState = GatewayStatus['state'];

/** One progress event of an image pull, as the engine sent it. */
export interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  current?: number;
  total?: number;
}

export type StartAction = 'created' | 'reloaded';

export interface StartResult {
  /** `created`: a new container was started; `reloaded`: it was running, the config was pushed. */
  action: StartAction;
  containerId: string;
  status: GatewayStatus;
}
