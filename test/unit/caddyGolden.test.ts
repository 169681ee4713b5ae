// Golden tests: the generated config (default options) of every valid fixture and environment
// equals the checked-in JSON. `UPDATE_GOLDEN=1` rewrites the files; review the diff before committing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goldenCases, goldenText, staleGoldens } from '../helpers/caddyGolden';

const update = process.env.UPDATE_GOLDEN === '1';
const cases = goldenCases();

for (const { fixture, environment, goldenPath, actual } of cases) {
  void test(`${fixture} [${environment}] matches ${path.basename(goldenPath)}`, () => {
    const text = goldenText(actual);
    if (update) {
      fs.writeFileSync(goldenPath, text);
    }
    assert.ok(fs.existsSync(goldenPath), `${goldenPath} is missing: run the test with UPDATE_GOLDEN=1, then review the new file`);
    assert.equal(text, fs.readFileSync(goldenPath, 'utf8'), 'generated config differs from the golden (UPDATE_GOLDEN=1 rewrites it; review the diff)');
  });
}

void test('there is no golden file without a fixture and environment', () => {
  assert.deepEqual(staleGoldens(cases), []);
});

void test('the three shared examples are among the golden cases', () => {
  const fixtures = new Set(cases.map((c) => c.fixture));
  for (const name of ['hello.nanokit.yml', 'shop.nanokit.yml', 'platform.nanokit.yml']) {
    assert.ok(fixtures.has(name), name);
  }
});
