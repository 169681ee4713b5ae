// schemas/nanokit.schema.json: valid against the draft-07 meta-schema, accepts every example and
// valid fixture with zero errors, and rejects the mistakes users make with exact ajv paths.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/out/server/src/languageservice/yamlLanguageService';

// Compiled file: out/test/unit/schema.test.js → repo root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const schemaPath = path.join(repoRoot, 'schemas', 'nanokit.schema.json');
const validDir = path.join(repoRoot, 'test', 'fixtures', 'valid');
const invalidDir = path.join(repoRoot, 'test', 'fixtures', 'invalid');
const sharedExamplesDir = path.resolve(repoRoot, '..', 'shared', 'examples');

type Json = Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Json;

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}
const validate: ValidateFunction = newAjv().compile(schema);

function errorsOf(document: unknown): ErrorObject[] {
  return validate(document) ? [] : [...(validate.errors ?? [])];
}
function errorsOfYaml(text: string): ErrorObject[] {
  return errorsOf(parse(text));
}
/** `<instancePath> <keyword>` lines, the shape the lead's diagnostics map onto YAML nodes. */
function summary(errors: ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath} ${e.keyword}`);
}
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}
function readYaml(file: string): unknown {
  return parse(fs.readFileSync(file, 'utf8'));
}
/** A minimal valid document with `extra` lines appended (top-level YAML). */
function withBase(extra: string): string {
  return `name: shop\nversion: "1"\n${extra}\n`;
}

void describe('nanokit schema: meta', () => {
  void test('is a valid draft-07 schema with an $id', () => {
    const ajv = newAjv();
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(typeof schema.$id, 'string');
  });

  void test('covers exactly the top-level keys of the spec and requires name', () => {
    const keys = Object.keys(schema.properties as Json).sort();
    assert.deepEqual(keys, [
      'component', 'cron', 'databases', 'deploy', 'environments', 'gateway', 'gatewayHttpsPort',
      'gatewayPort', 'git', 'infra', 'name', 'networks', 'runtimes', 'secrets', 'services',
      'version', 'volumes',
    ]);
    assert.deepEqual(schema.required, ['name']);
  });

  void test('environments accept exactly the overridable blocks', () => {
    const env = (schema.definitions as Json).environment as Json;
    assert.deepEqual(Object.keys(env.properties as Json).sort(), [
      'deploy', 'gateway', 'gatewayHttpsPort', 'gatewayPort', 'infra', 'runtimes', 'secrets', 'services',
    ]);
  });

  void test('every documented key has a description and a markdownDescription', () => {
    const missing: string[] = [];
    const defs = schema.definitions as Record<string, Json>;
    const resolve = (node: Json): Json => {
      const ref = node.$ref;
      return typeof ref === 'string' ? { ...defs[ref.replace('#/definitions/', '')], ...node } : node;
    };
    const walk = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as Json).properties as Record<string, Json> | undefined;
      for (const [key, child] of Object.entries(props ?? {})) {
        const resolved = resolve(child);
        if (typeof resolved.description !== 'string' || typeof resolved.markdownDescription !== 'string') {
          missing.push(`${where}/properties/${key}`);
        }
      }
      for (const [key, child] of Object.entries(node as Json)) walk(child, `${where}/${key}`);
    };
    walk(schema, '#');
    assert.deepEqual(missing, []);
  });
});

void describe('nanokit schema: valid files have zero errors', () => {
  const files = yamlFiles(validDir);
  if (fs.existsSync(sharedExamplesDir)) files.push(...yamlFiles(sharedExamplesDir));

  void test('the fixtures include the three shared examples and the extra ones', () => {
    const names = files.map((f) => path.basename(f));
    for (const expected of ['hello.nanokit.yml', 'shop.nanokit.yml', 'platform.nanokit.yml',
      'expansions.nanokit.yml', 'many-environments.nanokit.yml', 'every-key.nanokit.yml']) {
      assert.ok(names.includes(expected), `missing fixture ${expected} in ${validDir}`);
    }
  });

  for (const file of files) {
    void test(path.relative(path.resolve(repoRoot, '..'), file), () => {
      assert.deepEqual(errorsOf(readYaml(file)), []);
    });
  }
});

void describe('nanokit schema: invalid fixtures', () => {
  void test('gateway-errors: every wrong gateway key is reported at its own path', () => {
    const errors = errorsOf(readYaml(path.join(invalidDir, 'gateway-errors.nanokit.yml')));
    assert.deepEqual([...new Set(summary(errors).filter((s) => !s.endsWith(' type') && !s.endsWith(' pattern')))], [
      '/gatewayPort minimum',
      '/gatewayPort anyOf',
      '/gatewayHttpsPort anyOf',
      '/gateway additionalProperties',
      '/gateway/https anyOf',
      '/gateway/adminEmail format',
      '/gateway/persistenceMode enum',
      '/environments/stage/gatewayPort maximum',
      '/environments/stage/gatewayPort anyOf',
      '/environments/stage/gateway/persistenceMode enum',
    ]);
    const unknown = errors.find((e) => e.keyword === 'additionalProperties');
    assert.deepEqual(unknown?.params, { additionalProperty: 'tls' });
  });

  void test('typos: each misspelled key is an unknown key at the right depth', () => {
    const errors = errorsOf(readYaml(path.join(invalidDir, 'typos.nanokit.yml')));
    assert.deepEqual(errors.map((e) => [e.instancePath, e.keyword, e.params.additionalProperty]), [
      ['', 'additionalProperties', 'servces'],
      ['/services/api', 'additionalProperties', 'runtme'],
      ['/services/api/hooks', 'additionalProperties', 'pre_start'],
      ['/databases/main-db/branching', 'additionalProperties', 'enable'],
      ['/environments/production', 'additionalProperties', 'databases'],
      ['/environments/production/deploy', 'additionalProperties', 'targt'],
    ]);
  });
});

void describe('nanokit schema: targeted cases', () => {
  void test('unknown top-level key servces → additionalProperties at the root', () => {
    const errors = errorsOfYaml(withBase('servces:\n  api: {}'));
    assert.deepEqual(summary(errors), [' additionalProperties']);
    assert.equal(errors[0]?.params.additionalProperty, 'servces');
  });

  void test('gatewayPort 70000 is out of range', () => {
    const errors = errorsOfYaml(withBase('gatewayPort: 70000'));
    assert.ok(errors.length > 0);
    assert.ok(errors.every((e) => e.instancePath === '/gatewayPort'), summary(errors).join('; '));
    assert.ok(summary(errors).includes('/gatewayPort maximum'));
  });

  void test('ports accept ${VAR}, ${VAR:-default}, vault:// and env:// but not other strings', () => {
    for (const value of ['"${HTTP_PORT}"', '${HTTP_PORT:-8080}', 'vault://ports/http', 'env://HTTP_PORT', '1', '65535']) {
      assert.deepEqual(errorsOfYaml(withBase(`gatewayPort: ${value}`)), [], value);
    }
    for (const value of ['"8080"', 'http', '"${HTTP PORT}"', '"x${HTTP_PORT}"', '0', '80.5']) {
      assert.ok(errorsOfYaml(withBase(`gatewayPort: ${value}`)).length > 0, value);
    }
  });

  void test('gateway.https must be a boolean', () => {
    assert.deepEqual(errorsOfYaml(withBase('gateway:\n  https: false')), []);
    const errors = errorsOfYaml(withBase('gateway:\n  https: "yes"'));
    assert.ok(summary(errors).includes('/gateway/https anyOf'));
  });

  void test('gateway.adminEmail must be an e-mail address', () => {
    assert.deepEqual(errorsOfYaml(withBase('gateway:\n  adminEmail: ops@shop.example')), []);
    assert.deepEqual(summary(errorsOfYaml(withBase('gateway:\n  adminEmail: not-an-email'))), ['/gateway/adminEmail format']);
  });

  void test('gateway.persistenceMode is project or global', () => {
    const errors = errorsOfYaml(withBase('gateway:\n  persistenceMode: local'));
    assert.deepEqual(summary(errors), ['/gateway/persistenceMode enum']);
    assert.deepEqual(errors[0]?.params, { allowedValues: ['project', 'global'] });
  });

  void test('x- keys are allowed at the top level, in a service and in the gateway', () => {
    const text = withBase('x-anything: {a: 1}\ngateway:\n  x-note: hi\nservices:\n  api:\n    runtime: node\n    x-owner: team');
    assert.deepEqual(errorsOfYaml(text), []);
  });

  void test('an environment may override gateway, gatewayPort and gatewayHttpsPort', () => {
    const text = withBase('environments:\n  stage:\n    gateway: {https: false}\n    gatewayPort: 8080\n    gatewayHttpsPort: 8443');
    assert.deepEqual(errorsOfYaml(text), []);
  });

  void test('service and deploy overrides inside an environment are partial', () => {
    const text = withBase('environments:\n  prod:\n    services:\n      api: {instances: 2}\n    deploy: {method: git}');
    assert.deepEqual(errorsOfYaml(text), []);
  });

  void test('version must be a string: version 1 is an error at /version', () => {
    assert.deepEqual(summary(errorsOf({ name: 'shop', version: 1 })), ['/version type']);
  });

  void test('name is required and container-safe', () => {
    assert.deepEqual(summary(errorsOf({ version: '1' })), [' required']);
    assert.ok(errorsOf({ name: 'My Shop' }).some((e) => e.instancePath === '/name'));
  });

  void test('a database without engine is reported on the database', () => {
    const errors = errorsOfYaml(withBase('databases:\n  main-db:\n    version: "16"'));
    assert.deepEqual(summary(errors), ['/databases/main-db required']);
    assert.deepEqual(errors[0]?.params, { missingProperty: 'engine' });
  });

  void test('a cron job without command is reported on the job', () => {
    const errors = errorsOfYaml(withBase('cron:\n  backup:\n    schedule: "0 2 * * *"'));
    assert.deepEqual(summary(errors), ['/cron/backup required']);
    assert.deepEqual(errors[0]?.params, { missingProperty: 'command' });
  });

  void test('a cron schedule needs 5 or 6 fields', () => {
    assert.deepEqual(errorsOfYaml(withBase('cron:\n  j: {schedule: "*/5 * * * * *", command: x}')), []);
    const errors = errorsOfYaml(withBase('cron:\n  j: {schedule: "0 2 * *", command: x}'));
    assert.ok(summary(errors).includes('/cron/j/schedule anyOf'));
  });

  void test('deploy.method ftp is not a method; top-level deploy needs a target', () => {
    const errors = errorsOfYaml(withBase('deploy:\n  target: root@203.0.113.10\n  method: ftp'));
    assert.deepEqual(summary(errors), ['/deploy/method enum']);
    assert.deepEqual(summary(errorsOfYaml(withBase('deploy:\n  method: rsync'))), ['/deploy required']);
  });

  void test('service value shapes: memory, cpu_threshold, volumes, instances, updateStrategy', () => {
    const good = 'services:\n  api:\n    memory: 512MB\n    instances: 0\n    volumes: ["data:/data", "./c:/etc/c:ro"]\n    scale: {cpu_threshold: "70%"}';
    assert.deepEqual(errorsOfYaml(withBase(good)), []);
    const bad = 'services:\n  api:\n    memory: lots\n    instances: -1\n    volumes: ["just-a-name"]\n    scale: {cpu_threshold: 70}\n    updateStrategy: blue-green';
    const paths = new Set(errorsOfYaml(withBase(bad)).map((e) => e.instancePath));
    assert.deepEqual([...paths].sort(), [
      '/services/api/instances', '/services/api/memory', '/services/api/scale/cpu_threshold',
      '/services/api/updateStrategy', '/services/api/volumes/0',
    ]);
  });

  void test('service and network names: letters, digits, - and _', () => {
    const errors = errorsOfYaml(withBase('services:\n  "my api": {}\nnetworks:\n  -edge: {}'));
    const names = errors.filter((e) => e.keyword === 'propertyNames').map((e) => [e.instancePath, e.params.propertyName]);
    assert.deepEqual(names, [['/services', 'my api'], ['/networks', '-edge']]);
  });

  void test('top-level secrets accept {from} objects and reference strings only', () => {
    assert.deepEqual(errorsOfYaml(withBase('secrets:\n  A: {from: env}\n  B: vault://x/y')), []);
    assert.deepEqual(summary(errorsOfYaml(withBase('secrets:\n  A: {from: file}'))), ['/secrets/A/from enum']);
    assert.deepEqual(summary(errorsOfYaml(withBase('secrets:\n  A: 42'))), ['/secrets/A type']);
  });
});

// The same schema drives Red Hat's YAML extension (yaml-language-server): it must understand it too.
function redHatYamlService(): ReturnType<typeof getLanguageService> {
  const service = getLanguageService({
    schemaRequestService: async () => fs.readFileSync(schemaPath, 'utf8'),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: 'file:///nanokit.schema.json', fileMatch: ['*.yml'] }] });
  return service;
}
async function redHatDiagnostics(file: string): Promise<string[]> {
  const document = TextDocument.create(`file:///project/${path.basename(file)}`, 'yaml', 1, fs.readFileSync(file, 'utf8'));
  const diagnostics = await redHatYamlService().doValidation(document, false);
  return diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

void describe('nanokit schema: yaml-language-server', () => {
  void test('reports nothing on the valid fixtures', async () => {
    for (const file of yamlFiles(validDir)) assert.deepEqual(await redHatDiagnostics(file), [], path.basename(file));
  });

  void test('reports each gateway mistake on its line', async () => {
    const lines = await redHatDiagnostics(path.join(invalidDir, 'gateway-errors.nanokit.yml'));
    assert.deepEqual(lines.map((l) => Number(l.split(':')[0])).sort((a, b) => a - b), [4, 5, 7, 8, 9, 10, 18, 20]);
    assert.ok(lines.includes('8: String is not an e-mail address.'), lines.join('\n'));
    assert.ok(lines.includes('10: Property tls is not allowed.'), lines.join('\n'));
  });
});
