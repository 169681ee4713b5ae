// A throw-away Nanokit project for gateway integration tests: a temp dir with nanokit.yml,
// ephemeral ports, busybox backends on nanokit-net, and a cleanup that removes everything it made.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GATEWAY_NETWORK, gatewayContainerName, serviceContainerName } from '../../server/src/core/model';
import { type DockerTestEnv, dockerApi, freePorts, removeContainer, requireDockerTestEnv, startBackend } from './docker';

export interface ServiceFixture {
  name: string;
  port: number;
}

export class GatewayProject {
  readonly dir: string;
  readonly file: string;
  private readonly containers: string[] = [];
  private createdNetwork = false;

  private constructor(
    readonly env: DockerTestEnv,
    readonly project: string,
    readonly httpPort: number,
    readonly httpsPort: number,
    readonly adminPort: number,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `nanokit-${project}-`));
    this.file = path.join(this.dir, 'nanokit.yml');
  }

  /** `suffix` keeps container names apart between test files running at the same time. */
  static async create(suffix: string): Promise<GatewayProject> {
    const env = await requireDockerTestEnv();
    const [http, https, admin] = await freePorts(3);
    return new GatewayProject(env, `nkt${suffix}${process.pid}`, http!, https!, admin!);
  }

  get gatewayName(): string {
    return gatewayContainerName(this.project, 'local');
  }

  cliOptions(extra: { yes?: boolean; env?: Record<string, string> } = {}) {
    return { file: this.file, image: this.env.image, adminPort: this.adminPort, ...extra };
  }

  /** Writes nanokit.yml with one `host: <name>.localhost` service per entry. */
  writeDocument(services: ServiceFixture[], ports: { http?: number; https?: number } = {}): void {
    const lines = [`name: ${this.project}`, 'version: "1"', `gatewayPort: ${ports.http ?? this.httpPort}`, `gatewayHttpsPort: ${ports.https ?? this.httpsPort}`, 'services:'];
    for (const s of services) lines.push(`  ${s.name}:`, '    image: busybox', `    port: ${s.port}`, `    host: ${s.name}.localhost`);
    fs.writeFileSync(this.file, lines.join('\n') + '\n');
  }

  async ensureNetwork(): Promise<void> {
    const existing = await dockerApi(this.env, 'GET', `/networks/${GATEWAY_NETWORK}`);
    if (existing.status === 200) return;
    const created = await dockerApi(this.env, 'POST', '/networks/create', { Name: GATEWAY_NETWORK, Driver: 'bridge', CheckDuplicate: true });
    if (created.status === 201) this.createdNetwork = true;
  }

  /** A busybox httpd container named like Nanokit's service, answering `service <name>`. */
  async startService(service: ServiceFixture): Promise<void> {
    await this.ensureNetwork();
    const name = serviceContainerName(this.project, 'local', service.name);
    this.containers.push(name);
    await startBackend(this.env, { name, network: GATEWAY_NETWORK, port: service.port, body: `service ${service.name}` });
  }

  async cleanup(): Promise<void> {
    for (const name of [this.gatewayName, ...this.containers]) await removeContainer(this.env, name);
    if (this.createdNetwork) {
      const net = await dockerApi(this.env, 'GET', `/networks/${GATEWAY_NETWORK}`);
      const attached = Object.keys((net.json as { Containers?: Record<string, unknown> } | undefined)?.Containers ?? {});
      if (attached.length === 0) await dockerApi(this.env, 'DELETE', `/networks/${GATEWAY_NETWORK}`);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
