// Golden Caddy configs: one expected JSON per fixture in test/fixtures/valid/*.yml and per
// environment (each declared one plus `local`), at test/fixtures/golden/<name>.<env>.json where
// <name> is the fixture file name without `.yml`/`.yaml` (e.g. shop.nanokit.production.json).
// A fixture whose configuration cannot be generated gets `{"errors": [...]}` as its golden.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { declaredEnvironments, resolve } from '../../server/src/core/environments';
import { generateCaddyConfig, generationProblems, stableStringify } from '../../server/src/core/caddy';

/** The repository root (tests run from out/test/<tier>/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const VALID_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'valid');
export const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'golden');

export interface GoldenCase {
  fixture: string;
  environment: string;
  goldenPath: string;
  /** What the generator produces now: the config, or `{ errors }` when generation is impossible. */
  actual: Record<string, unknown>;
}

function environmentsOf(raw: unknown): string[] {
  return [...new Set([...declaredEnvironments(raw), 'local'])];
}

export function goldenCases(): GoldenCase[] {
  const fixtures = fs.readdirSync(VALID_FIXTURES).filter((name) => /\.ya?ml$/.test(name)).sort();
  return fixtures.flatMap((fixture) => {
    const raw: unknown = parse(fs.readFileSync(path.join(VALID_FIXTURES, fixture), 'utf8'));
    const name = fixture.replace(/\.ya?ml$/, '');
    return environmentsOf(raw).map((environment) => {
      const config = resolve(raw, environment);
      const errors = generationProblems(config);
      const actual = errors.length > 0 ? { errors } : generateCaddyConfig(config);
      return { fixture, environment, goldenPath: path.join(GOLDEN_DIR, `${name}.${environment}.json`), actual };
    });
  });
}

export function goldenText(value: unknown): string {
  return `${stableStringify(value)}\n`;
}

/** Golden files whose fixture or environment no longer exists. */
export function staleGoldens(cases: GoldenCase[]): string[] {
  const expected = new Set(cases.map((c) => path.basename(c.goldenPath)));
  return fs.readdirSync(GOLDEN_DIR).filter((name) => name.endsWith('.json') && !expected.has(name)).sort();
}
