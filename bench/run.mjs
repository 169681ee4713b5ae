// `npm run bench` — our language server vs yaml-language-server on generated nanokit.yml inputs,
// plus the parse+validate floor; `npm run bench -- --gateway` adds the gateway reload benchmark
// (real dockerd + Caddy from `eval "$(bash scripts/provision.sh all)"`). Writes bench/results.md.
// Options: --gateway, --gateway-only, --inputs small,typical (size names), --runs N (default 20).
import * as path from 'node:path';
import { allInputs, SIZES } from './inputs.mjs';
import { benchColdStart, benchInput } from './lspBench.mjs';
import { largeRatioLine, lspMarkdown, writeSection } from './report.mjs';
import { checkPrerequisites, ROOT, SERVERS, yamlLanguageServerVersion } from './servers.mjs';

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
  const inputs = allInputs(SIZES.filter((s) => options.sizes.includes(s.name)));
  const results = [];
  for (const input of inputs) results.push(await benchInput(input, SERVERS, planFor(options.runs), log));
  log('  cold start …');
  const coldStart = await benchColdStart(SERVERS, Math.max(10, Math.min(options.runs, 10)));
  const versions = { ours: '0.1.0', theirs: yamlLanguageServerVersion() };
  const markdown = lspMarkdown({ results, coldStart, versions, started, finished: new Date().toISOString() });
  writeSection(RESULTS, 'lsp', markdown);
  return { markdown, ratioLine: largeRatioLine(results) };
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
