// Typed errors of the gateway modules. Every message says what is wrong and what to do next,
// so callers (CLI, VS Code UI) can show `error.message` as it is.

export class GatewayError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Caddy's admin API did not answer (connection refused, reset twice, timeout). */
export class AdminUnreachableError extends GatewayError {
  constructor(
    readonly address: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Caddy's admin API at ${address} is not reachable (${reason}). Is the gateway running? Start it, or check the admin port.`, options);
  }
}

/** Caddy refused a config (HTTP 400 from /load). The previous config keeps serving. */
export class ConfigRejectedError extends GatewayError {
  constructor(
    readonly caddyMessage: string,
    readonly status = 400,
  ) {
    super(`Caddy rejected the config: ${caddyMessage}. The previous config keeps serving.`);
  }
}

/** HTTP 412: the config changed since it was read (ETag mismatch). */
export class ConflictError extends GatewayError {
  constructor(readonly caddyMessage: string) {
    super(`The gateway's config changed meanwhile (${caddyMessage}). Read it again and retry.`);
  }
}

/** Any other unexpected answer from the admin API. */
export class AdminApiError extends GatewayError {
  constructor(
    readonly status: number,
    readonly caddyMessage: string,
    readonly path: string,
  ) {
    super(`Caddy's admin API answered ${status} for ${path}: ${caddyMessage}`);
  }
}

/** The Docker Engine did not answer at the resolved endpoint. */
export class DockerUnreachableError extends GatewayError {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Docker is not reachable at ${endpoint} (${reason}). Start Docker, or point nanokit.docker.host / DOCKER_HOST at a running engine.`,
      options,
    );
  }
}

/** A host port the gateway needs is already taken. */
export class PortTakenError extends GatewayError {
  constructor(
    readonly port: number,
    readonly detail: string,
    owner?: string,
    /** Which of the gateway's ports, e.g. `HTTP, gatewayPort`; picks the remedy. */
    role?: string,
  ) {
    const remedy = /admin/i.test(role ?? '')
      ? 'choose another admin port (nanokit.gateway.adminPort, or --admin-port)'
      : role
        ? 'choose another port (gatewayPort / gatewayHttpsPort in nanokit.yml, per environment if needed)'
        : 'choose another port (gatewayPort / gatewayHttpsPort in nanokit.yml, or nanokit.gateway.adminPort)';
    super(`Port ${port}${role ? ` (${role})` : ''} is already in use${owner ? ` by ${owner}` : ''}. Stop what holds it, or ${remedy}.`);
  }
}

/** The gateway image is missing locally and could not be pulled. */
export class ImagePullError extends GatewayError {
  constructor(
    readonly image: string,
    readonly detail: string,
  ) {
    super(`Could not pull the gateway image ${image}: ${detail}. Check the image name (nanokit.gateway.image) and your registry access.`);
  }
}

/** The container started but Caddy's admin API never answered; `logTail` holds its last output. */
export class GatewayStartError extends GatewayError {
  constructor(
    readonly containerName: string,
    readonly detail: string,
    readonly logTail: string,
  ) {
    super(`The gateway ${containerName} did not come up: ${detail}. See its logs (Nanokit: Show Gateway Logs).`);
  }
}
