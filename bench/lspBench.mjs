// Measures both language servers on one input, alternating between them run by run so that drift
// on this shared machine hits both alike: didOpen → diagnostics, one-character didChange →
// diagnostics for that version, hover on a key, completion at a service key position, memory.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { floorValidator } from './floor.mjs';
import { lineOfServiceKey } from './inputs.mjs';
import { signature } from './lspDriver.mjs';
import { startServer } from './servers.mjs';

const BENCH_DIR = '/tmp/nanokit-bench';
export const ROOT_URI = pathToFileURL(BENCH_DIR).href;
let uriCounter = 0;

function freshUri(tag) {
  return pathToFileURL(path.join(BENCH_DIR, `${tag}-${++uriCounter}`, 'nanokit.yml')).href;
}

/** Resolves once no publication for `uri` arrived for `quietMs` (after at least one did). */
async function settled(server, uri, quietMs = 400) {
  for (;;) {
    const before = server.lastDiagnostics.get(uri)?.at;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const after = server.lastDiagnostics.get(uri)?.at;
    if (after !== undefined && after === before) return server.lastDiagnostics.get(uri);
  }
}

function open(server, uri, text) {
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
}

/** A document with an unknown key must get a schema diagnostic, or the comparison means nothing. */
export async function verifySchemaDiagnostics(server, deadlineMs = 20_000) {
  const text = 'name: verify\nservices:\n  web:\n    imagee: nginx\n';
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const uri = freshUri('verify');
    const waiting = server.waitForDiagnostics(uri);
    open(server, uri, text);
    const publication = await waiting;
    server.notify('textDocument/didClose', { textDocument: { uri } });
    const hit = publication.diagnostics.find((d) => d.range.start.line === 3);
    if (hit) return hit.message;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} reported no schema diagnostic for the unknown key "imagee": the schema is not associated to nanokit.yml, so the comparison would be meaningless.`);
}

/** An open document that the bench edits; tracks its version and its known diagnostics states. */
class EditedDocument {
  constructor(server, text) {
    this.server = server;
    this.uri = freshUri('edit');
    this.version = 1;
    this.text = text;
  }

  async open() {
    open(this.server, this.uri, this.text);
    this.original = signature((await settled(this.server, this.uri)).diagnostics);
  }

  /** Applies one change; resolves with the ms until diagnostics for that version satisfy `accept`. */
  async change(edit, accept) {
    const version = ++this.version;
    const waiting = this.server.waitForDiagnostics(this.uri, (p) => (p.version === undefined || p.version === version) && accept(signature(p.diagnostics)));
    const t0 = performance.now();
    this.server.notify('textDocument/didChange', { textDocument: { uri: this.uri, version }, contentChanges: [edit] });
    const publication = await waiting;
    return { ms: publication.at - t0, sig: signature(publication.diagnostics), count: publication.diagnostics.length };
  }
}

const at = (line, character) => ({ line, character });

/**
 * Runs `measure(side)` for each side, `warmup` times untimed then `runs` times, alternating sides.
 * Returns { [side.key]: number[] }.
 */
async function alternate(sides, warmup, runs, measure) {
  const samples = Object.fromEntries(sides.map((s) => [s.key, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const side of sides) {
      const value = await measure(side, i);
      if (i >= warmup) samples[side.key].push(value);
    }
  }
  return samples;
}

/**
 * Benchmarks one input on both servers. `plan(warmupOpenMs)` returns { warmup, runs } once the
 * first open showed how slow the slowest server is on this input.
 */
export async function benchInput(input, serverDefs, plan, log) {
  const sides = [];
  for (const def of serverDefs) {
    const server = await startServer(def, ROOT_URI);
    sides.push({ key: def.key, def, server });
    sides.at(-1).schemaCheck = await verifySchemaDiagnostics(server);
  }
  try {
    return await measureAll(input, sides, plan, log);
  } finally {
    for (const side of sides) await side.server.shutdown();
  }
}

async function measureAll(input, sides, plan, log) {
  const result = { id: input.id, diagnosticsCount: {}, memory: {}, firstOpenMemory: {}, schemaCheck: Object.fromEntries(sides.map((s) => [s.key, s.schemaCheck])) };
  // First open of each server: learns the diagnostics it publishes for this document and how slow it is.
  const firstOpen = {};
  for (const side of sides) {
    const uri = freshUri('open');
    const first = side.server.waitForDiagnostics(uri);
    const t0 = performance.now();
    open(side.server, uri, input.text);
    firstOpen[side.key] = (await first).at - t0;
    const publication = await settled(side.server, uri);
    side.expected = signature(publication.diagnostics);
    result.diagnosticsCount[side.key] = publication.diagnostics.length;
    result.firstOpenMemory[side.key] = [side.server.rssMb()];
    side.server.notify('textDocument/didClose', { textDocument: { uri } });
  }
  const { warmup, runs, capped } = plan(Math.max(...Object.values(firstOpen)));
  Object.assign(result, { runs, warmup, capped, firstOpen });
  log(`  ${input.id}: first open ${Object.entries(firstOpen).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}; ${warmup} warm-up + ${runs} runs`);

  const memorySamples = Object.fromEntries(sides.map((s) => [s.key, []]));
  result.open = await alternate(sides, warmup, runs, async (side, i) => {
    const uri = freshUri('open');
    const waiting = side.server.waitForDiagnostics(uri, (p) => signature(p.diagnostics) === side.expected);
    const t0 = performance.now();
    open(side.server, uri, input.text);
    const publication = await waiting;
    if (i >= warmup) memorySamples[side.key].push(side.server.rssMb());
    side.server.notify('textDocument/didClose', { textDocument: { uri } });
    return publication.at - t0;
  });
  result.memory = memorySamples;

  const middle = Math.floor(input.services / 2);
  const hostLine = lineOfServiceKey(input.text, middle, 'host');
  const portLine = lineOfServiceKey(input.text, middle, 'port');
  const portLineLength = input.text.split('\n')[portLine].length;
  for (const side of sides) {
    side.doc = new EditedDocument(side.server, input.text);
    await side.doc.open();
  }

  // One-character edit: delete the "t" of the middle service's `host:` key, then type it again.
  // The two states have different diagnostics (an unknown key "hos"), so each version is recognisable.
  const deleteT = { range: { start: at(hostLine, 7), end: at(hostLine, 8) }, text: '' };
  const insertT = { range: { start: at(hostLine, 7), end: at(hostLine, 7) }, text: 't' };
  for (const side of sides) {
    const edited = await side.doc.change(deleteT, (sig) => sig !== side.doc.original);
    side.doc.edited = edited.sig;
    await side.doc.change(insertT, (sig) => sig === side.doc.original);
  }
  const floor = floorValidator();
  const withFloor = [...sides, { key: 'floor' }];
  result.change = await alternate(withFloor, warmup, runs, async (side, i) => {
    if (side.key === 'floor') {
      const t0 = performance.now();
      floor(input.text);
      return performance.now() - t0;
    }
    const removing = i % 2 === 0;
    const target = removing ? side.doc.edited : side.doc.original;
    return (await side.doc.change(removing ? deleteT : insertT, (sig) => sig === target)).ms;
  });
  if ((warmup + runs) % 2 === 1) for (const side of sides) await side.doc.change(insertT, (sig) => sig === side.doc.original);

  result.hover = await alternate(sides, warmup, runs, async (side) => {
    const { result: hover, ms } = await side.server.request('textDocument/hover', { textDocument: { uri: side.doc.uri }, position: at(hostLine, 5) });
    if (!hover?.contents) throw new Error(`${side.def.label} returned no hover on the "host" key (line ${hostLine + 1})`);
    return ms;
  });

  // Completion on a new, empty line inside the middle service (as after pressing Enter there).
  const newLine = { range: { start: at(portLine, portLineLength), end: at(portLine, portLineLength) }, text: '\n    ' };
  for (const side of sides) {
    await side.doc.change(newLine, () => true);
    await settled(side.server, side.doc.uri);
  }
  result.completionItems = {};
  result.completion = await alternate(sides, warmup, runs, async (side) => {
    const { result: list, ms } = await side.server.request('textDocument/completion', { textDocument: { uri: side.doc.uri }, position: at(portLine + 1, 4), context: { triggerKind: 1 } });
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    if (!items.some((item) => item.label === 'expose' || item.label === 'runtime')) throw new Error(`${side.def.label} offered no service keys at line ${portLine + 2}: ${items.slice(0, 5).map((item) => item.label).join(', ')}`);
    result.completionItems[side.key] = items.length;
    return ms;
  });
  return result;
}

/** Spawn → initialize result, `runs` times per server (alternating), after one warm-up spawn. */
export async function benchColdStart(serverDefs, runs) {
  const sides = serverDefs.map((def) => ({ key: def.key, def }));
  return alternate(sides, 1, runs, async (side) => {
    const server = await startServer(side.def, ROOT_URI);
    const ms = server.coldStartMs;
    await server.shutdown();
    return ms;
  });
}
