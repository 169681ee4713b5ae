import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declaredEnvironments, mergeEnvironment, resolve, toPort } from '../../server/src/core/environments';

void describe('mergeEnvironment', () => {
  const raw = {
    name: 'shop',
    gatewayPort: 80,
    deploy: { target: 'a@b', prune: ['dist'] },
    services: { api: { expose: 3000, env: { LOG: 'info', KEEP: 'yes' }, depends_on: ['db', 'cache'] } },
    environments: {
      stage: {
        gatewayPort: 8080,
        deploy: { prune: ['dist', '.next'] },
        services: { api: { host: 'api.stage', env: { LOG: 'debug' }, depends_on: ['db'] }, web: { expose: 3001 } },
      },
    },
  };

  void it('merges maps recursively and the environment wins', () => {
    const merged = mergeEnvironment(raw, 'stage');
    assert.deepEqual(merged, {
      name: 'shop',
      gatewayPort: 8080,
      deploy: { target: 'a@b', prune: ['dist', '.next'] },
      services: {
        api: { expose: 3000, host: 'api.stage', env: { LOG: 'debug', KEEP: 'yes' }, depends_on: ['db'] },
        web: { expose: 3001 },
      },
    });
  });

  void it('replaces lists instead of concatenating them', () => {
    const merged = mergeEnvironment(raw, 'stage') as { services: { api: { depends_on: string[] } } };
    assert.deepEqual(merged.services.api.depends_on, ['db']);
  });

  void it('lets null in the environment replace a value', () => {
    const merged = mergeEnvironment({ services: { api: { host: 'a.com' } }, environments: { x: { services: { api: { host: null } } } } }, 'x');
    assert.deepEqual(merged, { services: { api: { host: null } } });
  });

  void it('lets a scalar replace a map and a map replace a scalar', () => {
    const merged = mergeEnvironment({ a: { b: 1 }, c: 2, environments: { x: { a: 'flat', c: { d: 3 } } } }, 'x');
    assert.deepEqual(merged, { a: 'flat', c: { d: 3 } });
  });

  void it('removes the environments key and resolves undeclared environments to the top level', () => {
    const top: Record<string, unknown> = { ...raw };
    delete top.environments;
    assert.deepEqual(mergeEnvironment(raw, 'preview'), top);
    assert.deepEqual(mergeEnvironment(raw, 'toString'), top);
  });

  void it('does not modify its input', () => {
    const before = JSON.stringify(raw);
    const merged = mergeEnvironment(raw, 'stage') as { services: { api: { env: Record<string, string> } } };
    merged.services.api.env.LOG = 'changed';
    assert.equal(JSON.stringify(raw), before);
  });

  void it('ignores an environment block that is not a map', () => {
    assert.deepEqual(mergeEnvironment({ name: 'a', environments: { x: null, y: ['list'] } }, 'x'), { name: 'a' });
    assert.deepEqual(mergeEnvironment({ name: 'a', environments: { x: null, y: ['list'] } }, 'y'), { name: 'a' });
  });

  void it('never copies __proto__ keys', () => {
    const raw = JSON.parse('{"name":"a","__proto__":{"polluted":true},"environments":{"x":{"__proto__":{"polluted":true}}}}') as Record<string, unknown>;
    const merged = mergeEnvironment(raw, 'x');
    assert.equal((merged as { polluted?: boolean }).polluted, undefined);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });
});

void describe('declaredEnvironments', () => {
  void it('lists environment names in document order', () => {
    assert.deepEqual(declaredEnvironments({ environments: { production: {}, local: {}, stage: null } }), ['production', 'local', 'stage']);
  });
  void it('gives [] without an environments map', () => {
    for (const raw of [undefined, null, 'x', [], {}, { environments: ['local'] }, { environments: 'local' }]) {
      assert.deepEqual(declaredEnvironments(raw), []);
    }
  });
});

void describe('toPort', () => {
  void it('accepts integers 1-65535 and digit strings', () => {
    assert.equal(toPort(8080), 8080);
    assert.equal(toPort('3000'), 3000);
    assert.equal(toPort(65535), 65535);
  });
  void it('uses the default of a ${VAR:-port} reference', () => {
    assert.equal(toPort('${PORT:-80}'), 80);
    assert.equal(toPort('${HTTPS_PORT:-8443}'), 8443);
    assert.equal(toPort('${PORT:-99999}'), undefined);
  });
  void it('rejects placeholders, references, out-of-range and fractional values', () => {
    for (const value of ['${PORT}', '${PORT:-}', '${PORT:-http}', 'vault://x', 0, -1, 65536, 80.5, '', null, true, [80]]) {
      assert.equal(toPort(value), undefined, JSON.stringify(value));
    }
  });
});

void describe('resolve', () => {
  void it('applies the defaults: ports 80/443, https on, project persistence for local', () => {
    const config = resolve({ name: 'hello' }, 'local');
    assert.equal(config.project, 'hello');
    assert.equal(config.environment, 'local');
    assert.equal(config.gatewayPort, 80);
    assert.equal(config.gatewayHttpsPort, 443);
    assert.deepEqual(config.gateway, { https: true, persistenceMode: 'project' });
    assert.deepEqual(config.services, []);
    assert.deepEqual(config.merged, { name: 'hello' });
  });

  void it('defaults persistenceMode to global outside local', () => {
    assert.equal(resolve({ name: 'a' }, 'production').gateway.persistenceMode, 'global');
    assert.equal(resolve({ name: 'a' }, 'stage').gateway.persistenceMode, 'global');
  });

  void it('takes gateway settings and ports from the environment', () => {
    const raw = {
      name: 'shop',
      gatewayPort: 80,
      gateway: { https: true, adminEmail: ' ops@shop.example ', persistenceMode: 'project' },
      environments: { stage: { gatewayPort: 8080, gatewayHttpsPort: '8443', gateway: { https: false, persistenceMode: 'global' } } },
    };
    const config = resolve(raw, 'stage');
    assert.equal(config.gatewayPort, 8080);
    assert.equal(config.gatewayHttpsPort, 8443);
    assert.deepEqual(config.gateway, { https: false, adminEmail: 'ops@shop.example', persistenceMode: 'global' });
  });

  void it('treats unresolvable or wrong-typed gateway values as absent', () => {
    const config = resolve({ name: 'a', gatewayPort: '${HTTP_PORT}', gatewayHttpsPort: 0, gateway: { https: 'no', adminEmail: 7, persistenceMode: 'cloud' } }, 'local');
    assert.equal(config.gatewayPort, 80);
    assert.equal(config.gatewayHttpsPort, 443);
    assert.deepEqual(config.gateway, { https: true, persistenceMode: 'project' });
  });

  void it('resolves services: hosts, upstream port (expose, else port), container name', () => {
    const raw = {
      name: 'shop',
      services: {
        api: { expose: 3000, port: 8080, host: 'API.shop.localhost, www.shop.localhost' },
        web: { port: '3001', host: 'shop.localhost' },
        worker: { image: 'w' },
      },
    };
    const [api, web, worker] = resolve(raw, 'local').services;
    assert.deepEqual(api, { name: 'api', hosts: ['api.shop.localhost', 'www.shop.localhost'], upstreamPort: 3000, containerName: 'nk-shop-local-api', raw: raw.services.api });
    assert.equal(web?.upstreamPort, 3001);
    assert.deepEqual(worker?.hosts, []);
    assert.equal(worker?.upstreamPort, undefined);
    assert.equal(worker?.containerName, 'nk-shop-local-worker');
  });

  void it('leaves upstreamPort undefined for an unresolved ${VAR} expose, even when port is set', () => {
    const [api] = resolve({ name: 'a', services: { api: { expose: '${API_PORT}', port: 3000 } } }, 'local').services;
    assert.equal(api?.upstreamPort, undefined);
  });

  void it('drops services with instances: 0 (also per environment) and keeps document order', () => {
    const raw = {
      name: 'p',
      services: { a: { host: 'a.localhost' }, b: { instances: 0 }, c: { instances: 2 }, d: {} },
      environments: { production: { services: { a: { instances: 0 }, b: { instances: 1 }, d: { instances: '0' } } } },
    };
    assert.deepEqual(resolve(raw, 'local').services.map((s) => s.name), ['a', 'c', 'd']);
    assert.deepEqual(resolve(raw, 'production').services.map((s) => s.name), ['b', 'c']);
  });

  void it('resolves an undeclared environment to the top level with its own container names', () => {
    const raw = { name: 'p', services: { a: { host: 'a.localhost', expose: 1 } }, environments: { production: { services: { a: { host: 'a.com' } } } } };
    const config = resolve(raw, 'preview');
    assert.deepEqual(config.services[0]?.hosts, ['a.localhost']);
    assert.equal(config.services[0]?.containerName, 'nk-p-preview-a');
  });

  void it('never throws on garbage input', () => {
    const garbage: unknown[] = [
      undefined, null, 0, 'text', [], [1, 2], true,
      { name: 5, services: 'x' }, { services: [{ a: 1 }] }, { services: { a: null, b: 'x', c: [1] } },
      { gateway: [], environments: 'x' }, { environments: { local: 'x' } }, { environments: { local: [] } },
      { services: { a: { host: 42, expose: {}, instances: 'many' } } },
    ];
    for (const raw of garbage) {
      const config = resolve(raw, 'local');
      assert.equal(typeof config.project, 'string');
      assert.equal(config.gatewayPort, 80);
      assert.ok(Array.isArray(config.services));
    }
    assert.deepEqual(resolve({ services: { a: null, b: 'x' } }, 'local').services.map((s) => [s.name, s.hosts, s.raw]), [['a', [], {}], ['b', [], {}]]);
  });
});
