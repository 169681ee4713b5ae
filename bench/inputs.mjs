// Deterministic nanokit.yml inputs for the benchmark: a seeded PRNG decides names, images and where
// the errors go, so every run (and both servers) sees byte-identical documents.

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SIZES = [
  { name: 'small', lines: 30, services: 2 },
  { name: 'typical', lines: 300, services: 29 },
  { name: 'large', lines: 10_000, services: 1_000 },
  { name: 'huge', lines: 100_000, services: 10_000 },
];

const HEADER = [
  'name: bench-platform',
  'version: "1"',
  'gatewayPort: 8080',
  'gatewayHttpsPort: 8443',
  'gateway:',
  '  https: true',
  'runtimes:',
  '  node:',
  '    image: node:22-slim',
  'services:',
];
const IMAGES = ['node:22-slim', 'python:3.12-slim', 'golang:1.23', 'nginx:1.27', 'redis:7', 'php:8.3-fpm'];
const STRATEGIES = ['recreate', 'rolling'];
const ENV_KEYS = ['NODE_ENV', 'LOG_LEVEL', 'FEATURE_FLAGS', 'CACHE_TTL', 'REGION', 'TIMEOUT_MS', 'WORKERS', 'TRACE'];

export function serviceName(i) {
  return `svc-${String(i).padStart(5, '0')}`;
}

/** The lines of one service: 8 fixed lines, then `extra` optional lines (more keys, then env vars). */
function serviceLines(i, extra, random) {
  const name = serviceName(i);
  const lines = [
    `  ${name}:`,
    `    image: ${IMAGES[Math.floor(random() * IMAGES.length)]}`,
    `    port: ${10_000 + i}`,
    `    expose: ${3000 + Math.floor(random() * 100)}`,
    `    host: ${name}.localhost`,
    `    instances: ${1 + Math.floor(random() * 3)}`,
    `    memory: ${(1 + Math.floor(random() * 8)) * 128}mb`,
    `    depends_on: [${i === 0 ? '' : serviceName(i - 1)}]`,
  ];
  const optional = [`    updateStrategy: ${STRATEGIES[Math.floor(random() * 2)]}`, `    cpu: ${(0.25 * (1 + Math.floor(random() * 8))).toFixed(2)}`, `    path: ./apps/${name}`];
  for (let k = 0; k < extra; k++) {
    if (k < optional.length) lines.push(optional[k]);
    else if (k === optional.length) lines.push('    env:');
    else lines.push(`      ${ENV_KEYS[(k - optional.length - 1) % ENV_KEYS.length]}_${k}: "${Math.floor(random() * 1000)}"`);
  }
  return lines;
}

/** One-line errors, each replacing the line of the same key in a service (so no duplicate keys appear). */
const ERRORS = [
  { key: 'image', line: (name) => `    imagee: ${name}:latest` }, // unknown key (schema)
  { key: 'port', line: () => '    port: eighty' }, // wrong type (schema)
  { key: 'updateStrategy', line: () => '    updateStrategy: sometimes' }, // not in the enum (schema)
  { key: 'instances', line: () => '    instances: -1' }, // below the minimum (schema)
  { key: 'memory', line: () => '    memory: [512mb]' }, // wrong type (schema)
];

/**
 * A valid document of exactly `lines` lines with `services` services, or (errors: true) the same
 * document with 1% of its lines replaced by an error (at least one), positions chosen by the PRNG.
 */
export function generateInput({ lines, services, errors = false, seed = 20261204 }) {
  const random = prng(seed);
  const body = lines - HEADER.length;
  const base = Math.floor(body / services);
  if (base < 8) throw new Error(`${lines} lines cannot hold ${services} services (8 lines each at least)`);
  const longer = body - base * services;
  const out = [...HEADER];
  const serviceStart = [];
  for (let i = 0; i < services; i++) {
    serviceStart.push(out.length);
    out.push(...serviceLines(i, base - 8 + (i < longer ? 1 : 0), random));
  }
  if (errors) injectErrors(out, serviceStart, Math.max(1, Math.round(lines / 100)), prng(seed ^ 0x5eed));
  return `${out.join('\n')}\n`;
}

function injectErrors(out, serviceStart, wanted, random) {
  const chosen = new Set();
  for (let k = 0; chosen.size < wanted; k++) {
    const i = Math.floor(random() * serviceStart.length);
    const kind = ERRORS[k % ERRORS.length];
    const end = serviceStart[i + 1] ?? out.length;
    const index = out.slice(serviceStart[i], end).findIndex((l) => l.startsWith(`    ${kind.key}:`)) + serviceStart[i];
    if (index < serviceStart[i] || chosen.has(index)) continue;
    chosen.add(index);
    out[index] = kind.line(serviceName(i));
  }
}

/** Line index (0-based) of `    <key>:` inside service `i` of a generated document. */
export function lineOfServiceKey(text, i, key) {
  const lines = text.split('\n');
  const start = lines.indexOf(`  ${serviceName(i)}:`);
  if (start < 0) throw new Error(`service ${serviceName(i)} not found`);
  for (let l = start + 1; l < lines.length && lines[l].startsWith('    '); l++) {
    if (lines[l].startsWith(`    ${key}:`)) return l;
  }
  throw new Error(`key ${key} not found in ${serviceName(i)}`);
}

/** Every benchmark input: { id, size, errors, text, services }. */
export function allInputs(sizes = SIZES) {
  const inputs = [];
  for (const size of sizes) {
    for (const errors of [false, true]) {
      inputs.push({ id: `${size.name}${errors ? ' +1% errors' : ''}`, size: size.name, errors, services: size.services, text: generateInput({ ...size, errors }) });
    }
  }
  return inputs;
}
