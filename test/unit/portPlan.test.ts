// Where each gateway host port comes from (environment override, top level, default) and the exact
// span a port diagnostic lands on. The default case cannot be tested end to end (80/443 may be
// taken or privileged on the test machine), so it is pinned here, with the ports the fixes propose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NanokitDocument } from '../../server/src/core/document';
import { portPlan, type PlannedPort } from '../../server/src/core/portPlan';
import type { PortStatus } from '../../server/src/ports';
import { suggestPortPair } from '../../server/src/ports/portDiagnostics';
import { portFixEdit } from '../../server/src/providers/portFix';

/** Each planned port as `key=port origin "text under its span"`. */
function describePlan(text: string, environment: string): string[] {
  const doc = new NanokitDocument(text);
  const plan = portPlan(doc, environment);
  assert.ok(plan, 'a plan for a mapping document');
  assert.equal(plan.environment, environment);
  return plan.ports.map((p: PlannedPort) => `${p.key}=${p.port} ${p.origin} "${text.slice(p.span.start, p.span.end)}"`);
}

void test('ports nobody sets default to 80/443, placed on the first line', () => {
  const text = 'name: shop\nservices:\n  web:\n    image: nginx:1\n';
  assert.deepEqual(describePlan(text, 'local'), ['gatewayPort=80 default "name: shop"', 'gatewayHttpsPort=443 default "name: shop"']);
});

void test('the first line of a document that starts with a comment is still where default ports are reported', () => {
  const text = '# my project\nname: shop\n';
  assert.deepEqual(describePlan(text, 'local'), ['gatewayPort=80 default "# my project"', 'gatewayHttpsPort=443 default "# my project"']);
});

void test('top-level ports are reported on their values', () => {
  const text = 'name: shop\ngatewayPort: 8081\ngatewayHttpsPort: "8444"\n';
  assert.deepEqual(describePlan(text, 'local'), ['gatewayPort=8081 top-level "8081"', 'gatewayHttpsPort=8444 top-level ""8444""']);
});

void test('an environment override wins over the top level, only in that environment', () => {
  const text = [
    'name: shop',
    'gatewayPort: 8081',
    'environments:',
    '  local:',
    '    gatewayHttpsPort: 9443',
    '  stage:',
    '    gatewayPort: 9080',
    '',
  ].join('\n');
  assert.deepEqual(describePlan(text, 'local'), ['gatewayPort=8081 top-level "8081"', 'gatewayHttpsPort=9443 environment "9443"']);
  assert.deepEqual(describePlan(text, 'stage'), ['gatewayPort=9080 environment "9080"', 'gatewayHttpsPort=443 default "name: shop"']);
  assert.deepEqual(describePlan(text, 'production'), ['gatewayPort=8081 top-level "8081"', 'gatewayHttpsPort=443 default "name: shop"']);
});

void test('the plan carries the resolved project, for recognising the own gateway container', () => {
  const plan = portPlan(new NanokitDocument('name: shop\ngatewayPort: 8081\n'), 'local');
  assert.equal(plan?.resolved.project, 'shop');
  assert.equal(plan?.resolved.gatewayPort, 8081);
});

void test('a document that is not a mapping has no port plan', () => {
  assert.equal(portPlan(new NanokitDocument('- a\n- b\n'), 'local'), undefined);
  assert.equal(portPlan(new NanokitDocument(''), 'local'), undefined);
});

const taken = (port: number): PortStatus => ({ port, state: 'taken', owner: { pid: 812, name: 'nginx' } });

/** suggestPortPair for `text` with `takenPorts` taken and every other port free. */
function suggest(text: string, takenPorts: number[]) {
  const plan = portPlan(new NanokitDocument(text), 'local');
  assert.ok(plan);
  const statusOf = (port: number): PortStatus => (takenPorts.includes(port) ? taken(port) : { port, state: 'free' });
  return suggestPortPair(plan, statusOf, async (port) => !takenPorts.includes(port));
}

void test('the fix proposes 8080/8443 first, never a taken port, and keeps the pair together next to a kept port', async () => {
  assert.equal(await suggest('name: shop\ngatewayPort: 8081\ngatewayHttpsPort: 8444\n', []), undefined, 'nothing to fix');
  assert.deepEqual(await suggest('name: shop\n', [80]), { http: 8080, https: 8443 });
  assert.deepEqual(await suggest('name: shop\ngatewayPort: 8080\n', [8080]), { http: 8081, https: 8444 }, 'the taken port itself');
  assert.deepEqual(await suggest('name: shop\ngatewayPort: 8080\n', [443]), { http: 8080, https: 8443 }, 'a kept 8080 is the partner of 8443');
  assert.deepEqual(await suggest('name: shop\ngatewayPort: 8443\n', [443]), { http: 8081, https: 8444 }, 'https must not become the kept http port');
  assert.deepEqual(await suggest('name: shop\n', [80, 8443, 8081]), { http: 8082, https: 8445 });
});

void test('the fix for a default port adds the key at the top level, after name', () => {
  const doc = new NanokitDocument('name: shop\nservices:\n  web:\n    image: nginx:1\n');
  assert.deepEqual(portFixEdit(doc, { key: 'gatewayHttpsPort', port: 8443, origin: 'default', environment: 'local' }), {
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
    newText: 'gatewayHttpsPort: 8443\n',
  });
  const nameless = new NanokitDocument('services: {}\n');
  assert.deepEqual(portFixEdit(nameless, { key: 'gatewayPort', port: 8080, origin: 'default', environment: 'local' }).range.start, { line: 0, character: 0 });
});
