// The gateway's host ports for one environment and where in the document each one is set.
import type { NanokitDocument, Span } from './document';
import { resolve } from './environments';
import type { ResolvedConfig } from './model';
import { Locator } from './semantic/locate';

export type PortKey = 'gatewayPort' | 'gatewayHttpsPort';

export interface PlannedPort {
  key: PortKey;
  port: number;
  /** Where the value is written: the environment override, the top level, or nowhere (the default). */
  origin: 'environment' | 'top-level' | 'default';
  /** The value's span, or the document's first line when the port comes from the default. */
  span: Span;
}

export interface PortPlan {
  environment: string;
  resolved: ResolvedConfig;
  ports: PlannedPort[];
}

export function portPlan(doc: NanokitDocument, environment: string): PortPlan | undefined {
  if (typeof doc.value !== 'object' || doc.value === null || Array.isArray(doc.value)) return undefined;
  const resolved = resolve(doc.value, environment);
  const at = new Locator(doc, environment);
  const ports = (['gatewayPort', 'gatewayHttpsPort'] as const).map((key): PlannedPort => {
    const source = at.sourcePath([key]);
    const port = key === 'gatewayPort' ? resolved.gatewayPort : resolved.gatewayHttpsPort;
    if (!source) return { key, port, origin: 'default', span: doc.firstLineSpan };
    return { key, port, origin: source[0] === 'environments' ? 'environment' : 'top-level', span: doc.valueSpan(source) ?? doc.firstLineSpan };
  });
  return { environment, resolved, ports };
}
