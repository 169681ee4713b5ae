// `node bench/profile.mjs [size] [edits]` — where our server's time goes: bundles
// server/src/server.ts unminified (names and module markers kept, whatever dist/ holds), runs it
// `--stdio` under `node --cpu-prof`, opens the generated input (default large), makes `edits`
// one-character edits (default 20) waiting for each version's diagnostics, then prints inclusive
// time by analysis phase, self time by bundled module and by function. The .cpuprofile stays.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { allInputs, lineOfServiceKey } from './inputs.mjs';
import { LspServer } from './lspDriver.mjs';
import * as esbuild from 'esbuild';
import { NANOKIT_SETTINGS, ROOT } from './servers.mjs';

const [size = 'large', editsArg = '20'] = process.argv.slice(2);
const edits = Number.parseInt(editsArg, 10);
const input = allInputs().find((i) => i.id === size);
if (!input) throw new Error(`unknown input ${size}: small, typical, large, huge (add " +1% errors" for the error variant)`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nanokit-profile-'));
// Inside the project (out/ is ignored by git and by the .vsix) so runtime requires resolve.
const bundleDir = fs.mkdtempSync(path.join(ROOT, 'out', 'bench-profile-'));
const OUR_SERVER = path.join(bundleDir, 'server.js');
await esbuild.build({ entryPoints: [path.join(ROOT, 'server', 'src', 'server.ts')], outfile: OUR_SERVER, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: false, logLevel: 'warning' });
const server = new LspServer({
  name: 'nanokit',
  args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, OUR_SERVER, '--stdio'],
  configuration: (section) => (section === 'nanokit' ? NANOKIT_SETTINGS : null),
  cwd: ROOT,
});
await server.initialize(pathToFileURL(os.tmpdir()).href);
const uri = pathToFileURL(path.join(dir, 'nanokit.yml')).href;
const opened = server.waitForDiagnostics(uri);
server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: input.text } });
await opened;
const line = lineOfServiceKey(input.text, Math.floor(input.services / 2), 'host');
const times = [];
for (let version = 2; version < edits + 2; version++) {
  const remove = version % 2 === 0;
  const change = { range: { start: { line, character: 7 }, end: { line, character: remove ? 8 : 7 } }, text: remove ? '' : 't' };
  const published = server.waitForDiagnostics(uri, (p) => p.version === version);
  const t0 = performance.now();
  server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  times.push((await published).at - t0);
}
await server.shutdown();

const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${dir} (the server did not exit cleanly?)`);
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const moduleOfLine = bundleModules(fs.readFileSync(OUR_SERVER, 'utf8'));
fs.rmSync(bundleDir, { recursive: true, force: true });
const self = new Map(profile.nodes.map((n) => [n.id, 0]));
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], self.get(profile.samples[i]) + (profile.timeDeltas[i] ?? 0) / 1000);
const byModule = new Map();
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = self.get(node.id);
  total += ms;
  const { functionName, url, lineNumber } = node.callFrame;
  const module = url.endsWith(`${path.basename(bundleDir)}/server.js`) ? moduleOfLine(lineNumber) : url ? path.basename(url) : `(${functionName || 'program'})`;
  byModule.set(module, (byModule.get(module) ?? 0) + ms);
  const key = `${functionName || '(anonymous)'}  [${module}:${lineNumber + 1}]`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
console.log(`input ${input.id}: ${edits} edits, median edit → diagnostics ${median.toFixed(1)} ms; profile ${total.toFixed(0)} ms in ${dir}/${file}`);
const PHASES = ['publish', 'analyzeDocument', 'NanokitDocument', 'tooDeepAt', 'LineIndex', 'findDuplicateKeys', 'buildValue', 'validateAgainstSchema', 'semanticProblems', 'mergeEnvironment', 'cloneData', 'checkHosts', 'checkReferences', 'pairIn', 'toDiagnostic', 'sendDiagnostics'];
console.log('\ninclusive time by phase (a frame and everything it calls; phases nest):');
for (const [name, ms] of phases(profile, self, PHASES)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log('\nself time by module (bundle section):');
for (const [name, ms] of sorted(byModule).slice(0, 20)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log('\nself time by function:');
for (const [name, ms] of sorted(byFunction).slice(0, 30)) console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);

/** Inclusive time of the phases of one analysis: self time of every node under a frame of that name. */
function phases(profile, self, names) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map(names.map((n) => [n, 0]));
  for (const node of profile.nodes) {
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (totals.has(name) && !seen.has(name)) {
        seen.add(name);
        totals.set(name, totals.get(name) + self.get(node.id));
      }
    }
  }
  return totals;
}

/** esbuild marks each bundled module with a `// path` comment line; maps a 0-based line to it. */
function bundleModules(bundle) {
  const starts = [];
  bundle.split('\n').forEach((text, index) => {
    const match = /^\/\/ ((?:node_modules|server|client)\/\S+)$/.exec(text);
    if (match) starts.push([index, match[1].replace(/^node_modules\//, '')]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) {
        found = starts[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}
