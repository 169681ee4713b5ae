// Runs the cross-field checks once per environment and merges the results: a problem found in every
// environment is reported once as is; one found in only some says which.
import type { NanokitDocument } from '../document';
import { declaredEnvironments } from '../environments';
import type { Problem } from '../problem';
import { checkEnvironment } from './checks';

export function semanticProblems(doc: NanokitDocument, isCancelled: () => boolean = () => false): Problem[] {
  const raw = doc.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  // `local` is what the gateway and the editor use by default: it is checked even when not declared.
  const declared = declaredEnvironments(raw);
  const environments: (string | undefined)[] = declared.length === 0 ? [undefined] : declared.includes('local') ? declared : ['local', ...declared];
  const found = new Map<string, { problem: Problem; environments: string[] }>();
  for (const environment of environments) {
    if (isCancelled()) break;
    for (const problem of checkEnvironment(doc, raw as Record<string, unknown>, environment)) {
      const key = `${problem.code}|${problem.span.start}|${problem.span.end}|${problem.message}`;
      const entry = found.get(key) ?? { problem, environments: [] };
      if (environment !== undefined) entry.environments.push(environment);
      found.set(key, entry);
    }
  }
  const all = environments.length;
  return [...found.values()].map(({ problem, environments: where }) =>
    where.length === 0 || where.length === all
      ? problem
      : { ...problem, message: `${problem.message} (environment${where.length > 1 ? 's' : ''} ${where.join(', ')})` },
  );
}
