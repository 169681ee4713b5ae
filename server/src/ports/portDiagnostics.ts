// Port statuses → diagnostics on the values that set the gateway's host ports. Shared by the
// language server and `nanokit-gateway check`.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../core/analyze';
import type { NanokitDocument } from '../core/document';
import { gatewayContainerName } from '../core/model';
import type { PlannedPort, PortPlan } from '../core/portPlan';
import { describeOwner, privilegedPortRemedy } from './describeOwner';
import { nextFreePortPair, type PortPair } from './freePortPair';
import type { PortStatus } from './types';

export interface PortFixData {
  portFix?: { key: PlannedPort['key']; port: number; origin: PlannedPort['origin']; environment: string };
  container?: string;
}

export function portDiagnostics(doc: NanokitDocument, plan: PortPlan, statusOf: (port: number) => PortStatus | undefined, pair?: PortPair): Diagnostic[] {
  return plan.ports.flatMap((planned) => {
    const status = statusOf(planned.port);
    return status ? diagnosticsFor(doc, plan, planned, status, pair) : [];
  });
}

export function isOwnGateway(plan: PortPlan, status: PortStatus): boolean {
  const container = status.owner?.container;
  if (!container) return false;
  return container.name === gatewayContainerName(plan.resolved.project, plan.environment)
    || (container.labels['nanokit.role'] === 'gateway' && container.labels['nanokit.project'] === plan.resolved.project && container.labels['nk-env'] === plan.environment);
}

/** True when some port of the plan is taken by something other than this project's gateway. */
export function hasConflict(plan: PortPlan, statusOf: (port: number) => PortStatus | undefined): boolean {
  return plan.ports.some((p) => isConflict(plan, statusOf(p.port)));
}

function isConflict(plan: PortPlan, status: PortStatus | undefined): boolean {
  return status?.state === 'taken' && !isOwnGateway(plan, status);
}

/**
 * The pair the "use port N" fixes propose (each taken key gets its half), or undefined when nothing
 * conflicts or no pair is free. The taken ports are never proposed; a port the document keeps is
 * not proposed for the other key (gatewayPort 8080 kept + gatewayHttpsPort taken → 8080/8443).
 */
export async function suggestPortPair(
  plan: PortPlan, statusOf: (port: number) => PortStatus | undefined, isFree: (port: number) => Promise<boolean>, maxAttempts = 100,
): Promise<PortPair | undefined> {
  const replaced = plan.ports.filter((p) => isConflict(plan, statusOf(p.port)));
  if (replaced.length === 0) return undefined;
  const kept = plan.ports.filter((p) => !replaced.includes(p));
  const half = (pair: PortPair, key: PlannedPort['key']) => (key === 'gatewayPort' ? pair.http : pair.https);
  const collides = (pair: PortPair) => replaced.some((r) => kept.some((k) => half(pair, r.key) === k.port));
  let first: PortPair = { http: 8080, https: 8443 };
  for (let left = maxAttempts; left > 0;) {
    const pair = await nextFreePortPair(isFree, { first, maxAttempts: left, exclude: replaced.map((p) => p.port) });
    if (!pair || !collides(pair)) return pair;
    left -= pair.http - first.http + 1;
    first = { http: pair.http + 1, https: pair.https + 1 };
  }
  return undefined;
}

function diagnosticsFor(doc: NanokitDocument, plan: PortPlan, planned: PlannedPort, status: PortStatus, pair: PortPair | undefined): Diagnostic[] {
  const range = doc.lines.range(planned.span.start, planned.span.end);
  const where = planned.origin === 'default' ? ` (${planned.key} defaults to ${planned.port})` : '';
  if (status.state === 'taken' && isOwnGateway(plan, status)) {
    return [{ range, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: 'port-held-by-gateway',
      message: `Port ${planned.port} is held by this project's gateway (${status.owner?.container?.name}).` }];
  }
  if (status.state === 'taken') {
    const known = status.owner && (status.owner.pid !== undefined || status.owner.name || status.owner.container);
    const owner = known ? ` by ${describeOwner(status.owner)}` : '';
    const unknown = known ? '' : status.error ? ` (its owner could not be found: ${status.error})` : '';
    const next = pair ? (planned.key === 'gatewayPort' ? pair.http : pair.https) : undefined;
    const data: PortFixData = {};
    if (next !== undefined) data.portFix = { key: planned.key, port: next, origin: planned.origin, environment: plan.environment };
    if (status.owner?.container) data.container = status.owner.container.name;
    return [{ range, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'port-in-use', data,
      message: `Port ${planned.port} is already in use${owner}${unknown}${where}. The gateway will not be able to start${next !== undefined ? `: use a free port such as ${next}` : ''}.` }];
  }
  if (status.state === 'privileged') {
    return [{ range, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: 'port-privileged',
      message: `Port ${planned.port} is privileged on this machine${where}: ${privilegedPortRemedy(planned.port)}` }];
  }
  return [];
}
