// Gateway reload benchmark against the real dockerd + the local Caddy image from
// `eval "$(bash scripts/provision.sh all)"`: POST /load round trips for 5/50/500 services, requests
// failed during 20 reloads, and the same traffic during a `docker restart` for contrast.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { machineLine } from './report.mjs';
import { ROOT } from './servers.mjs';
import { summary } from './stats.mjs';
import { runTraffic } from './traffic.mjs';

const require = createRequire(import.meta.url);
const HINT = 'run `eval "$(bash scripts/provision.sh all)"` first (private dockerd + local Caddy image)';
const BACKEND_PORT = 8080;

function compiled(relative) {
  const file = path.join(ROOT, 'out', relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build with \`npx tsc -b\` first.`);
  return require(file);
}

function dockerApi(socketPath, method, apiPath, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ socketPath, method, path: apiPath, agent: false, timeout: 60_000, headers: payload ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : undefined }));
    });
    req.on('timeout', () => req.destroy(new Error(`docker ${method} ${apiPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Retries until it resolves (the test helpers' own, compiled). */
function eventually(fn, timeoutMs = 20_000) {
  return compiled('test/helpers/docker.js').eventually(fn, timeoutMs);
}

/** nanokit.yml with `count` services, every one proxied to the one busybox backend. */
function documentFor(project, count, ports, variant) {
  const lines = [`name: ${project}`, 'version: "1"', `gatewayPort: ${ports.http}`, `gatewayHttpsPort: ${ports.https}`, 'services:'];
  for (let i = 0; i < count; i++) {
    const host = i === count - 1 && variant === 'b' ? `s${i}-b.localhost` : `s${i}.localhost`;
    lines.push(`  s${i}:`, '    image: busybox', `    port: ${BACKEND_PORT}`, `    host: ${host}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runGatewayBench(log) {
  if (!process.env.DOCKER_HOST || !process.env.NANOKIT_TEST_IMAGE) throw new Error(`DOCKER_HOST and NANOKIT_TEST_IMAGE are not set: ${HINT}.`);
  const { DockerGatewayController } = compiled('client/src/gateway/dockerController.js');
  const { CaddyAdminClient } = compiled('client/src/gateway/adminClient.js');
  const { prepareForContainer } = compiled('client/src/gateway/containerConfig.js');
  const { caddyConfigForText } = compiled('server/src/core/analyze.js');
  const { resolveDockerEndpoint } = compiled('server/src/platform/dockerEndpoint.js');
  const { GATEWAY_NETWORK, gatewayContainerName, serviceContainerName } = compiled('server/src/core/model.js');

  const endpoint = resolveDockerEndpoint({ env: process.env });
  if (!endpoint.socketPath) throw new Error(`DOCKER_HOST=${process.env.DOCKER_HOST} is not a unix socket: ${HINT}.`);
  const socket = endpoint.socketPath;
  const ping = await dockerApi(socket, 'GET', '/_ping').catch((e) => ({ status: 0, body: e.message }));
  if (ping.status !== 200) throw new Error(`No dockerd answers at ${process.env.DOCKER_HOST} (${ping.body}): ${HINT}.`);
  const image = process.env.NANOKIT_TEST_IMAGE;
  if ((await dockerApi(socket, 'GET', `/images/${encodeURIComponent(image)}/json`)).status !== 200) throw new Error(`The image ${image} is missing: ${HINT}.`);

  const project = `nkbench${process.pid}`;
  const ports = { http: await freePort(), https: await freePort(), admin: await freePort() };
  const persistenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-bench-gateway-'));
  const controller = new DockerGatewayController({ endpoint });
  const backend = serviceContainerName(project, 'local', 'backend');
  const upstream = () => `${backend}:${BACKEND_PORT}`;
  const configs = {};
  for (const count of [5, 50, 500]) {
    for (const variant of ['a', 'b']) {
      const result = caddyConfigForText(documentFor(project, count, ports, variant), 'local', { upstream });
      if (!result.config) throw new Error(`no Caddy config for ${count} services: ${result.errors.join('; ')}`);
      configs[`${count}${variant}`] = prepareForContainer(result.config);
    }
  }
  const started = new Date().toISOString();
  try {
    await controller.ensureNetwork();
    await startBackend(socket, image, backend, GATEWAY_NETWORK);
    log(`  gateway ${gatewayContainerName(project, 'local')} on https ${ports.https}, admin ${ports.admin}`);
    const spec = { project, environment: 'local', image, httpPort: ports.http, httpsPort: ports.https, adminPort: ports.admin, persistenceDir };
    await controller.start(spec, configs['50a']);
    const admin = new CaddyAdminClient({ port: ports.admin });
    const ca = await admin.waitForLocalCaRoot(10_000);
    const hosts = Array.from({ length: 50 }, (_, i) => `s${i}.localhost`).slice(0, 49);
    await eventually(() => runTraffic({ protocol: 'h1', port: ports.https, ca, hosts: [hosts[0]], workers: 1, minimum: 1, done: () => true }).then((s) => {
      if (s.ok !== 1) throw new Error(`gateway not serving yet: ${JSON.stringify(s.failures)}`);
    }));

    const reload = {};
    for (const count of [5, 50, 500]) {
      reload[count] = await timeLoads(admin, configs[`${count}a`], configs[`${count}b`], 3, 20);
      log(`  /load ${count} services: median ${reload[count].median.toFixed(1)} ms`);
    }
    await admin.load(configs['50a']);
    await warmCertificates(ports.https, ca, hosts);

    const duringReloads = {};
    for (const protocol of ['h1', 'h2']) {
      duringReloads[protocol] = await trafficDuring(protocol, ports.https, ca, hosts, async (progress) => {
        const times = [];
        for (let i = 0; i < 20; i++) {
          await progress(50);
          const t0 = performance.now();
          await admin.load(configs[i % 2 === 0 ? '50b' : '50a']);
          times.push(performance.now() - t0);
        }
        return times;
      });
      log(`  traffic during 20 reloads (${protocol}): ${JSON.stringify(duringReloads[protocol].stats)}`);
    }
    await admin.load(configs['50a']);
    const gatewayId = (await dockerApi(socket, 'GET', `/containers/${gatewayContainerName(project, 'local')}/json`)).json.Id;
    const duringRestart = await trafficDuring('h1', ports.https, ca, hosts, async (progress) => {
      await progress(100);
      const t0 = performance.now();
      const res = await dockerApi(socket, 'POST', `/containers/${gatewayId}/restart?t=10`);
      if (res.status !== 204) throw new Error(`docker restart failed: ${res.status} ${res.body}`);
      return [performance.now() - t0];
    }, 1_000);
    log(`  traffic during docker restart: ${JSON.stringify(duringRestart.stats)}`);
    return gatewayMarkdown({ reload, duringReloads, duringRestart, started, finished: new Date().toISOString(), image });
  } finally {
    await controller.stop(project, 'local').catch((e) => log(`  cleanup: ${e.message}`));
    await dockerApi(socket, 'DELETE', `/containers/${encodeURIComponent(backend)}?force=1&v=1`).catch(() => undefined);
    fs.rmSync(persistenceDir, { recursive: true, force: true });
  }
}

async function startBackend(socket, image, name, network) {
  const created = await dockerApi(socket, 'POST', `/containers/create?name=${encodeURIComponent(name)}`, {
    Image: image,
    Cmd: ['sh', '-c', `mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p ${BACKEND_PORT} -h /www`],
    Labels: { 'nanokit.bench': 'backend' },
    HostConfig: { NetworkMode: network },
  });
  if (created.status !== 201) throw new Error(`creating the backend container failed: ${created.status} ${created.body}`);
  const start = await dockerApi(socket, 'POST', `/containers/${created.json.Id}/start`);
  if (start.status !== 204) throw new Error(`starting the backend container failed: ${start.status} ${start.body}`);
}

/** Alternates two different configs (Caddy skips a /load of an identical one) and times each POST /load. */
async function timeLoads(admin, a, b, warmup, runs) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    await admin.load(i % 2 === 0 ? b : a);
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return summary(samples);
}

/** One request per host, so the internal CA has issued every certificate before the traffic runs. */
async function warmCertificates(port, ca, hosts) {
  await eventually(async () => {
    const stats = await runTraffic({ protocol: 'h1', port, ca, hosts, workers: 4, minimum: hosts.length, done: () => true });
    if (stats.failed) throw new Error(`certificates not ready: ${JSON.stringify(stats.failures)}`);
  });
}

/** Runs traffic (≥ minimum requests) while `action(progress)` runs; progress(n) waits for n more responses. */
async function trafficDuring(protocol, port, ca, hosts, action, minimum = 1_000) {
  let responses = 0;
  const waiters = [];
  const onResponse = () => {
    responses++;
    for (const w of [...waiters]) {
      if (responses < w.target) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const progress = (n) => new Promise((resolve) => waiters.push({ target: responses + n, resolve }));
  let finished = false;
  const traffic = runTraffic({ protocol, port, ca, hosts, workers: 4, minimum, done: () => finished, onResponse });
  const times = await action(progress).finally(() => (finished = true));
  const stats = await traffic;
  return { stats, actionMs: summary(times) };
}

function gatewayMarkdown({ reload, duringReloads, duringRestart, started, finished, image }) {
  const lines = ['## Gateway: reload round trip and requests during reloads', ''];
  lines.push(`Run ${started} → ${finished}. Machine: ${machineLine()}`, '');
  lines.push(`Gateway = DockerGatewayController.start with image \`${image}\` (Caddy 2.6.2), ephemeral host ports; every service proxies to one busybox httpd container on nanokit-net. Each /load alternates two configs that differ in one host (Caddy skips identical ones).`, '');
  lines.push('| measure | median | p95 | runs |', '|---|---:|---:|---:|');
  for (const [count, s] of Object.entries(reload)) lines.push(`| POST /load round trip, ${count} services (ms) | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.runs} |`);
  lines.push('');
  lines.push('| traffic | requests sent | ok | retries (kinds) | failed | failure kinds | wall time |', '|---|---:|---:|---|---:|---|---:|');
  const kinds = (o) => Object.entries(o).map(([k, n]) => `${k} ×${n}`).join(', ') || '—';
  const trafficRow = (label, t) => `| ${label} | ${t.stats.sent} | ${t.stats.ok} | ${t.stats.retried} (${kinds(t.stats.retriedKinds)}) | ${t.stats.failed} | ${kinds(t.stats.failures)} | ${(t.stats.ms / 1000).toFixed(1)} s |`;
  for (const [protocol, t] of Object.entries(duringReloads)) lines.push(trafficRow(`during 20 reloads (50 services), HTTP/${protocol === 'h2' ? '2' : '1.1'} keep-alive, 4 workers`, t));
  lines.push(trafficRow(`during \`docker restart\` of the gateway (contrast, HTTP/1.1, restart took ${duringRestart.actionMs.median.toFixed(0)} ms)`, duringRestart));
  lines.push('', 'Retried only: a connection reset before any response (HTTP/1.1 keep-alive socket closed by the reload), an HTTP/2 stream refused (REFUSED_STREAM), or a request never sent because its HTTP/2 session had received GOAWAY. Anything else counts as failed. The 20 reloads are spread over the traffic (one every 50 responses).', '', '### Budgets', '');
  const r50 = reload[50].median;
  lines.push(`- ${r50 < 100 ? 'MET' : 'MISSED'}: reload round trip at 50 services ${r50.toFixed(1)} ms (goal < 100 ms).`);
  const failed = Object.values(duringReloads).reduce((n, t) => n + t.stats.failed, 0);
  const sent = Object.values(duringReloads).reduce((n, t) => n + t.stats.sent, 0);
  lines.push(`- ${failed === 0 ? 'MET' : 'MISSED'}: ${failed} failed requests among ${sent} sent during reloads, retrying only what is retryable (goal: zero).`);
  return lines.join('\n');
}
