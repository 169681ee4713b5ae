// Hover: the schema's documentation for the key under the cursor; on a `host` value, how each
// host's certificate is issued and which container it routes to.
import { MarkupKind } from 'vscode-languageserver-types';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { NanokitDocument, PathSegment } from './document';
import { resolve } from './environments';
import { hostIssuer, hostProblem, splitHosts } from './hosts';
import { DEFAULT_ENVIRONMENT } from './model';
import { nodeAt } from './nodeAt';
import { documentation, schemaAt } from './schema/navigate';

export function hover(doc: NanokitDocument, position: Position, environment = DEFAULT_ENVIRONMENT): Hover | null {
  const target = nodeAt(doc, doc.lines.offset(position));
  if (!target) return null;
  const range = doc.lines.range(target.span.start, target.span.end);
  const path = target.path;
  const parts: string[] = [];
  if (target.on === 'value' && isHostPath(path) && typeof target.scalar === 'string') {
    parts.push(hostHover(doc, path, target.scalar, environment));
  }
  const docs = documentation(schemaAt(path.map((s) => (typeof s === 'number' ? '0' : s))));
  if (docs && (target.on === 'key' || parts.length === 0)) parts.push(`**${String(path[path.length - 1])}**\n\n${docs}`);
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range };
}

function isHostPath(path: PathSegment[]): boolean {
  const rel = path[0] === 'environments' ? path.slice(2) : path;
  return rel.length === 3 && rel[0] === 'services' && rel[2] === 'host';
}

function hostHover(doc: NanokitDocument, path: PathSegment[], value: string, selected: string): string {
  const environment = path[0] === 'environments' ? String(path[1]) : selected;
  const serviceName = String(path[path[0] === 'environments' ? 3 : 1]);
  const resolved = resolve(doc.value, environment);
  const service = resolved.services.find((s) => s.name === serviceName);
  const upstream = service?.upstreamPort !== undefined ? `\`${service.containerName}:${service.upstreamPort}\`` : 'no upstream (set `expose` or `port`)';
  const lines = [`**Gateway routing** (environment \`${environment}\`)`, ''];
  for (const host of splitHosts(value)) {
    const problem = hostProblem(host);
    if (problem) {
      lines.push(`- \`${host}\`: not a valid host name (${problem})`);
      continue;
    }
    const tls = !resolved.gateway.https
      ? 'plain HTTP (gateway.https is off)'
      : hostIssuer(host) === 'internal'
        ? `HTTPS with a certificate from Caddy's internal CA (trust it with "Nanokit: Trust Local CA")${localNote(host)}`
        : `HTTPS with a certificate from Let's Encrypt (ZeroSSL as fallback) via ACME${resolved.gateway.adminEmail ? `, account ${resolved.gateway.adminEmail}` : ' — set gateway.adminEmail'}`;
    lines.push(`- \`${host}\` → ${upstream}: ${tls}`);
  }
  if (!service) lines.push('', `Service \`${serviceName}\` has \`instances: 0\` in \`${environment}\`: it gets no route.`);
  return lines.join('\n');
}

function localNote(host: string): string {
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (last === 'stage') return '. Note: `.stage` is also a real public TLD';
  if (last === 'local') return '. Note: `.local` is used by mDNS (Bonjour); add it to your hosts file';
  return '';
}
