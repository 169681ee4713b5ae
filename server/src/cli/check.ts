// `check` and `preview`: the editor's diagnostics and the generator, for terminals and CI.
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDocument, caddyConfigForDocument } from '../core/analyze';
import { stableStringify } from '../core/caddy';
import { NanokitDocument } from '../core/document';
import { declaredEnvironments } from '../core/environments';
import { DEFAULT_ENVIRONMENT } from '../core/model';
import { portPlan } from '../core/portPlan';
import { resolveDockerEndpoint } from '../platform/dockerEndpoint';
import { portDiagnostics, PortChecker, type PortStatus } from '../ports';
import { suggestPortPair } from '../ports/portDiagnostics';
import type { CliArgs } from './args';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** Editors do not count a UTF-8 byte order mark as a column; neither do we. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `--env prod` in a file that declares `production`: say so on stderr instead of silently using the top level. */
function noteUndeclaredEnvironment(args: CliArgs, doc: NanokitDocument, io: Io): void {
  const declared = declaredEnvironments(doc.value);
  if (declared.length === 0 || declared.includes(args.environment) || args.environment === DEFAULT_ENVIRONMENT) return;
  io.err(`nanokit-gateway: note: environment "${args.environment}" is not declared under environments (declared: ${declared.join(', ')}); using the top-level settings.`);
}

export async function checkFile(args: CliArgs, text: string, io: Io): Promise<number> {
  const doc = new NanokitDocument(withoutBom(text));
  noteUndeclaredEnvironment(args, doc, io);
  const diagnostics = [...analyzeDocument(doc), ...(args.portCheck ? await hostPortDiagnostics(doc, args.environment) : [])]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const errors = diagnostics.filter((d) => d.severity === 1).length;
  if (args.format === 'json') io.out(JSON.stringify(diagnostics, null, 2));
  else {
    for (const d of diagnostics) io.out(formatDiagnostic(args.file, d));
    const warnings = diagnostics.filter((d) => d.severity === 2).length;
    io.err(diagnostics.length ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${args.file}` : `${args.file}: no problems`);
  }
  return errors ? 1 : 0;
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 1]} ${String(d.code)} ${d.message}`;
}

export async function hostPortDiagnostics(doc: NanokitDocument, environment: string): Promise<Diagnostic[]> {
  const plan = portPlan(doc, environment);
  if (!plan) return [];
  const checker = new PortChecker({ dockerEndpoint: () => {
    try {
      return resolveDockerEndpoint();
    } catch {
      return undefined;
    }
  } });
  const statuses = new Map<number, PortStatus>();
  for (const p of plan.ports) statuses.set(p.port, await checker.check(p.port));
  const statusOf = (port: number) => statuses.get(port);
  const pair = await suggestPortPair(plan, statusOf, async (port) => (await checker.check(port)).state === 'free');
  return portDiagnostics(doc, plan, statusOf, pair);
}

export function previewFile(args: CliArgs, text: string, io: Io): number {
  const doc = new NanokitDocument(withoutBom(text));
  noteUndeclaredEnvironment(args, doc, io);
  const result = caddyConfigForDocument(doc, args.environment);
  if (!result.config) {
    io.err(`${args.file}: no Caddy config for environment "${args.environment}" because of these errors:`);
    for (const e of result.errors) io.err(`  ${e}`);
    return 1;
  }
  io.out(stableStringify(result.config));
  return 0;
}
