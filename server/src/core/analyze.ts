// The whole check of one document: YAML problems, schema problems and cross-field problems, as LSP
// diagnostics; and the Caddy config the gateway would run, from the one generator.
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { generateCaddyConfig, generationProblems } from './caddy';
import type { CaddyConfig, CaddyGeneratorOptions } from './caddy';
import { NanokitDocument } from './document';
import { resolve } from './environments';
import type { ResolvedConfig } from './model';
import { DEFAULT_ENVIRONMENT } from './model';
import type { Problem, Severity } from './problem';
import { validateAgainstSchema } from './schema/validate';
import { semanticProblems } from './semantic';

export const MAX_DIAGNOSTICS = 200;
export const DIAGNOSTIC_SOURCE = 'nanokit';

export interface AnalyzeOptions {
  maxDiagnostics?: number;
  isCancelled?: () => boolean;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Every problem of the document, YAML first, in document order. */
export function documentProblems(doc: NanokitDocument, options: AnalyzeOptions = {}): Problem[] {
  const problems: Problem[] = doc.parseProblems.map((p) => ({ ...p, severity: 'error' }));
  const syntaxLines = new Set(doc.parseProblems.filter((p) => p.code === 'yaml-syntax').map((p) => doc.lines.position(p.span.start).line));
  const recovered = (p: Problem) => !syntaxLines.has(doc.lines.position(p.span.start).line);
  if ((doc.value === null || doc.value === undefined) && problems.length === 0) {
    problems.push({
      code: 'empty-document', severity: 'information', span: doc.firstLineSpan,
      message: 'This nanokit.yml is empty. Start with "name: <project>" and a "services:" block (completion offers every key).',
    });
  }
  // A loop, not push(...list): a hostile file yields hundreds of thousands of problems, more than a call's arguments.
  for (const p of validateAgainstSchema(doc)) if (recovered(p)) problems.push(p);
  if (!options.isCancelled?.()) for (const p of semanticProblems(doc, options.isCancelled)) if (recovered(p)) problems.push(p);
  return problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

export function toDiagnostic(doc: NanokitDocument, problem: Problem): Diagnostic {
  const diagnostic: Diagnostic = {
    range: doc.lines.range(problem.span.start, problem.span.end),
    severity: SEVERITY[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
  if (problem.data) diagnostic.data = problem.data;
  return diagnostic;
}

export function analyzeDocument(doc: NanokitDocument, options: AnalyzeOptions = {}): Diagnostic[] {
  const problems = documentProblems(doc, options);
  const cap = options.maxDiagnostics ?? MAX_DIAGNOSTICS;
  const diagnostics = problems.slice(0, cap).map((p) => toDiagnostic(doc, p));
  if (problems.length > cap) {
    diagnostics.push(toDiagnostic(doc, {
      code: 'too-many-problems', severity: 'information', span: doc.firstLineSpan,
      message: `${problems.length - cap} more problems are not shown (${problems.length} in all). Fix the ones above first.`,
    }));
  }
  return diagnostics;
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): { diagnostics: Diagnostic[] } {
  return { diagnostics: analyzeDocument(new NanokitDocument(text), options) };
}

export interface CaddyConfigResult {
  environment: string;
  config: CaddyConfig | null;
  errors: string[];
  resolved?: ResolvedConfig;
}

/** The Caddy JSON for one environment, or null with the reasons when the document has errors. */
export function caddyConfigForDocument(doc: NanokitDocument, environment = DEFAULT_ENVIRONMENT, options?: CaddyGeneratorOptions): CaddyConfigResult {
  const errors = documentProblems(doc)
    .filter((p) => p.severity === 'error')
    .map((p) => {
      const at = doc.lines.position(p.span.start);
      return `${at.line + 1}:${at.character + 1} ${p.message} [${p.code}]`;
    });
  if (errors.length) return { environment, config: null, errors };
  const resolved = resolve(doc.value, environment);
  const problems = generationProblems(resolved);
  if (problems.length) return { environment, config: null, errors: problems, resolved };
  return { environment, config: generateCaddyConfig(resolved, options), errors: [], resolved };
}

export function caddyConfigForText(text: string, environment = DEFAULT_ENVIRONMENT, options?: CaddyGeneratorOptions): CaddyConfigResult {
  return caddyConfigForDocument(new NanokitDocument(text), environment, options);
}
