// `npm run bench` — our language server vs yaml-language-server on generated nanokit.yml inputs,
// plus the parse+validate floor; `npm run bench -- --gateway` adds the gateway reload benchmark
// (real dockerd + Caddy from `eval "$(bash scripts/provision.sh all)"`). Writes bench/results.md.
// Options: --gateway, --gateway-only, --inputs small,typical (size names), --runs N (default 20).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allInputs, SIZES } from './inputs.mjs';
import { benchColdStart, benchInput } from './lspBench.mjs';
import { largeRatioLine, lspMarkdown, writeSection } from './report.mjs';
import { checkPrerequisites, ROOT, serverDefinitions, snapshotOurServer, yamlLanguageServerVersion } from './servers.mjs';

const RESULTS = path.join(ROOT, 'bench', 'results.md');

function parseArgs(argv) {
  const options = { gateway: false, lsp: true, sizes: SIZES.map((s) => s.name), runs: 20 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--gateway') options.gateway = true;
    else if (arg === '--gateway-only') Object.assign(options, { gateway: true, lsp: false });
    else if (arg === '--inputs') options.sizes = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--runs') options.runs = Math.max(1, Number.parseInt(argv[++i] ?? '', 10) || 20);
    else throw new Error(`unknown option ${arg}: use --gateway, --gateway-only, --inputs small,typical,large,huge, --runs N`);
  }
  return options;
}

/** Runs per input: the full count, or fewer when the slowest server's first open took over a second. */
function planFor(runs) {
  return (slowestFirstOpenMs) => {
    if (slowestFirstOpenMs <= 1_000) return { warmup: 3, runs, capped: false };
    const capped = Math.min(runs, Math.max(5, Math.floor(30_000 / slowestFirstOpenMs)));
    return { warmup: 1, runs: capped, capped: capped < runs };
  };
}

async function runLsp(options, log) {
  checkPrerequisites();
  const started = new Date().toISOString();
  const snapshot = snapshotOurServer();
  const servers = serverDefinitions(snapshot.file);
  const inputs = allInputs(SIZES.filter((s) => options.sizes.includes(s.name)));
  const results = [];
  let coldStart;
  try {
    for (const input of inputs) results.push(await benchInput(input, servers, planFor(options.runs), log));
    log('  cold start …');
    coldStart = await benchColdStart(servers, 10);
  } finally {
    snapshot.remove();
  }
  const versions = { ours: ourVersion(snapshot.built), theirs: yamlLanguageServerVersion() };
  const markdown = lspMarkdown({ results, coldStart, versions, started, finished: new Date().toISOString() });
  writeSection(RESULTS, 'lsp', markdown);
  return { markdown, ratioLine: largeRatioLine(results) };
}

/** Package version, the commit and when the measured dist/server.js was built (a snapshot taken at the start). */
function ourVersion(built) {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  let commit = 'unknown commit';
  try {
    commit = `commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}`;
  } catch {
    // not a git checkout
  }
  return `${version}, ${commit}, dist/server.js built ${built}`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (line) => process.stderr.write(`${line}\n`);
  let lsp;
  if (options.lsp) {
    log('bench: language servers (nanokit vs yaml-language-server) …');
    lsp = await runLsp(options, log);
  }
  if (options.gateway) {
    log('bench: gateway reload …');
    const { runGatewayBench } = await import('./gateway.mjs');
    const markdown = await runGatewayBench(log);
    writeSection(RESULTS, 'gateway', markdown);
    console.log(markdown);
  }
  if (lsp) {
    console.log(lsp.markdown);
    console.log(`\nWritten to ${path.relative(process.cwd(), RESULTS) || RESULTS}.`);
    console.log(lsp.ratioLine);
  } else {
    console.log(`\nWritten to ${path.relative(process.cwd(), RESULTS) || RESULTS}.`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
