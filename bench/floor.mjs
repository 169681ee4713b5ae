// The floor: the same document parsed by `yaml` and validated by `ajv` (compiled once, allErrors) in
// this one process, with nothing else — no positions, no messages, no protocol. The physical limit
// of our pipeline, which does exactly this plus mapping errors to ranges and semantic checks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { ROOT } from './servers.mjs';

const require = createRequire(import.meta.url);

/** A validate(text) function: parseDocument (the parser options our server uses) → toJS → ajv. */
export function floorValidator() {
  const { parseDocument } = require('yaml');
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'nanokit.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (text) => {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    const ok = validate(doc.toJS({ maxAliasCount: 1000 }));
    return ok ? 0 : validate.errors.length;
  };
}

/** ms per parse+validate of `text`: `warmup` untimed, then `runs` timed. */
export function benchFloor(text, { warmup = 3, runs = 20 } = {}) {
  const validate = floorValidator();
  const samples = [];
  let errors = 0;
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    errors = validate(text);
    const ms = performance.now() - t0;
    if (i >= warmup) samples.push(ms);
  }
  return { samples, errors };
}
