// Turns the measurements into the markdown the bench prints and writes to bench/results.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { median, p95 } from './stats.mjs';

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);

export function machineLine() {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  return `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}; load average (1/5/15 min) ${load}. A shared machine: absolute times drift with other work, the ratios (measured alternately, run by run) are what holds.`;
}

function row(input, measure, unit, ours, theirs, floor, runs) {
  const om = median(ours);
  const tm = median(theirs);
  const fm = floor ? median(floor) : Number.NaN;
  const digits = unit === 'MB' ? 0 : unit === 'ms' && om < 10 && tm < 10 ? 2 : 1;
  return `| ${input} | ${measure} (${unit}) | ${fmt(om, digits)} | ${fmt(p95(ours), digits)} | ${fmt(tm, digits)} | ${fmt(p95(theirs), digits)} | ${fmt(ratio(om, tm), 2)} | ${floor ? fmt(fm, digits) : ''} | ${floor ? fmt(ratio(om, fm), 2) : ''} | ${runs} |`;
}

/** The LSP part: one table, the budgets, and notes. */
export function lspMarkdown({ results, coldStart, versions, started, finished }) {
  const lines = [];
  lines.push('## Language servers: nanokit vs yaml-language-server', '');
  lines.push(`Run ${started} → ${finished}. Machine: ${machineLine()}`, '');
  lines.push(`Servers: ours = \`node dist/server.js --stdio\` (nanokit ${versions.ours}); theirs = \`yaml-language-server --stdio\` ${versions.theirs} configured as Red Hat's YAML extension would, with \`schemas/nanokit.schema.json\` associated to \`nanokit.yml\` (verified first: both report the unknown key of a test document). Same client, same documents, same sequence; the two servers are measured alternately run by run.`, '');
  lines.push('| input | measure | nanokit median | nanokit p95 | yaml-ls median | yaml-ls p95 | ours/theirs | floor median | ours/floor | runs |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    lines.push(row(r.id, 'didOpen → diagnostics', 'ms', r.open.ours, r.open.theirs, r.change.floor, r.runs));
    lines.push(row(r.id, 'edit → diagnostics', 'ms', r.change.ours, r.change.theirs, r.change.floor, r.runs));
    lines.push(row(r.id, 'hover on a key', 'ms', r.hover.ours, r.hover.theirs, undefined, r.hover.ours.length));
    lines.push(row(r.id, 'completion in a service', 'ms', r.completion.ours, r.completion.theirs, undefined, r.completion.ours.length));
    lines.push(row(r.id, 'memory, fresh server, one file open (VmRSS)', 'MB', r.firstOpenMemory.ours, r.firstOpenMemory.theirs, undefined, 1));
    lines.push(row(r.id, 'memory after each timed open (VmRSS)', 'MB', r.memory.ours, r.memory.theirs, undefined, r.memory.ours.length));
  }
  lines.push(row('—', 'cold start: spawn → initialize result', 'ms', coldStart.ours, coldStart.theirs, undefined, coldStart.ours.length));
  lines.push('');
  lines.push(...budgetLines(results), '');
  lines.push(...noteLines(results));
  return lines.join('\n');
}

function budgetLines(results) {
  const large = results.find((r) => r.id === 'large');
  const typical = results.find((r) => r.id === 'typical');
  const out = ['### Budgets', ''];
  const check = (met, text) => out.push(`- ${met ? 'MET' : 'MISSED'}: ${text}`);
  if (large) {
    const edit = median(large.change.ours);
    const theirs = median(large.change.theirs);
    const floor = median(large.change.floor);
    check(edit <= theirs / 3, `edit → diagnostics, large file: ours/theirs = ${fmt(edit / theirs, 2)} (goal ≤ 0.33; ${fmt(edit)} vs ${fmt(theirs)} ms).`);
    check(edit <= 1.5 * floor, `edit → diagnostics, large file: ours/floor = ${fmt(edit / floor, 2)} (goal ≤ 1.5; floor ${fmt(floor)} ms).`);
    const mem = median(large.firstOpenMemory.ours);
    const memTheirs = median(large.firstOpenMemory.theirs);
    check(mem < memTheirs, `memory, large file open in a fresh server: ${fmt(mem, 0)} MB vs ${fmt(memTheirs, 0)} MB (goal: below theirs; after ${large.runs} timed opens: ${fmt(median(large.memory.ours), 0)} vs ${fmt(median(large.memory.theirs), 0)} MB).`);
    check(mem < 100, `memory, large file open in a fresh server: ${fmt(mem, 0)} MB (language-server issue budget: < 100 MB).`);
    check(median(large.open.ours) < 150 && edit < 150, `diagnostics, large file: open ${fmt(median(large.open.ours))} ms, edit ${fmt(edit)} ms (language-server issue budget: < 150 ms).`);
  }
  if (typical) {
    const edit = median(typical.change.ours);
    check(edit < 20, `edit → diagnostics, typical (300 lines): ${fmt(edit, 2)} ms (language-server issue budget: < 20 ms).`);
  }
  return out;
}

function noteLines(results) {
  const out = ['### How it was measured', ''];
  out.push('- Inputs (bench/inputs.mjs, seeded PRNG, byte-identical every run): small 30 lines / 2 services, typical 300 / 29, large 10,000 / 1,000, huge 100,000 / 10,000 (2.0 MB, just under our 2 MB analysis limit); each also with 1% of its lines replaced by an error (unknown key, wrong type, value outside an enum, below a minimum), at least one.');
  out.push('- didOpen → diagnostics: a fresh `file:///tmp/nanokit-bench/…/nanokit.yml` per run (closed after), until the publication with the diagnostics that document gets. Memory is VmRSS of the server process (/proc/<pid>/status): once in a fresh server after its first open of the input had settled (one file open: what a user has), and after each timed open (shows what stays behind after many opened and closed files).');
  const check = results[0]?.schemaCheck;
  if (check) out.push(`- Schema association checked in every server process before timing, with a document holding the unknown key "imagee": nanokit says "${check.ours}", yaml-language-server says "${check.theirs}".`);
  out.push('- edit → diagnostics: in the middle service, the "t" of `host:` is deleted, then typed again, alternately (one character per didChange). The two states have different diagnostics (an unknown key "hos"), so the clock stops at the publication for that exact version, not a stale one.');
  out.push('- yaml-language-server waits 200 ms after a change or open before validating (its `validationDelayMs`, not configurable); its times include that wait because a user sees it. Without those 200 ms its large-file edit would be: ' + debounceNote(results));
  out.push('- hover: on the `host` key of the middle service. completion: on a new, empty line (4 spaces) inserted after that service\'s `port:` line; both servers must offer service keys (checked).');
  out.push('- floor: `yaml` parseDocument (options our server uses) → toJS → `ajv` (compiled once, allErrors) in the bench process, timed alternately with the servers\' edit runs; it is the same for open and edit.');
  out.push('- ours runs with the host port check disabled (`nanokit.portCheck.enabled: false`): the bench measures the language work, not port probes.');
  const counts = results.map((r) => `${r.id} ${r.diagnosticsCount.ours}/${r.diagnosticsCount.theirs}`).join(', ');
  out.push(`- diagnostics per document, ours/theirs: ${counts} (ours shows at most 200 plus one "N more problems" line).`);
  out.push(`- Runs: ${results.map((r) => `${r.id} ${r.warmup} warm-up + ${r.runs}`).join(', ')}. Hover and completion use the same counts.`);
  const capped = results.filter((r) => r.capped);
  if (capped.length) out.push(`- Capped to keep the whole bench near 10 minutes: ${capped.map((r) => `${r.id} (first open: ${Object.entries(r.firstOpen).map(([k, v]) => `${k === 'ours' ? 'nanokit' : 'yaml-ls'} ${(v / 1000).toFixed(1)} s`).join(', ')})`).join('; ')} — when the slowest server's first open takes over 1 s, runs = 30 s / that time (at least 5) after 1 warm-up.`);
  return out;
}

function debounceNote(results) {
  const large = results.find((r) => r.id === 'large');
  if (!large) return 'n/a.';
  const theirs = median(large.change.theirs) - 200;
  return `${fmt(theirs)} ms of work, ours/theirs ${fmt(median(large.change.ours) / theirs, 2)}.`;
}

export function largeRatioLine(results) {
  const large = results.find((r) => r.id === 'large');
  const value = large ? median(large.change.ours) / median(large.change.theirs) : Number.NaN;
  return `ratio diagnostics large: ${fmt(value, 2)}`;
}

/** Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` (or appends it). */
export function writeSection(file, name, markdown) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results (`npm run bench`)\n\nWritten by bench/run.mjs.\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}
