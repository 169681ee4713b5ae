// Schema validation: ajv's errors mapped onto the exact YAML nodes they are about, with anyOf/oneOf
// noise collapsed into one readable message per value and duplicates removed.
import type { ErrorObject } from 'ajv';
import type { NanokitDocument, PathSegment } from '../document';
import type { Problem } from '../problem';
import { schemaValidator } from './compiled';
import { describeError } from './messages';

export function validateAgainstSchema(doc: NanokitDocument): Problem[] {
  if (doc.value === undefined || doc.value === null) return [];
  const validate = schemaValidator();
  if (validate(doc.value)) return [];
  const errors = pruneAlternatives(validate.errors ?? []);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describeError(doc, error, pointerToPath(error.instancePath));
    if (!problem) continue;
    const key = `${problem.code}|${problem.span.start}|${problem.span.end}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

export function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * For every anyOf/oneOf that failed: when exactly one alternative has the value's type, keep that
 * alternative's own errors (they say what is really wrong inside it); otherwise keep only the
 * anyOf/oneOf error itself, which describeError turns into one "expected …" message.
 */
export function pruneAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const alt of errors) {
    if (alt.keyword !== 'anyOf' && alt.keyword !== 'oneOf') continue;
    if (alt.keyword === 'oneOf' && (alt.params as { passingSchemas?: unknown }).passingSchemas) continue;
    const branches = Array.isArray(alt.schema) ? (alt.schema as { $ref?: string }[]) : [];
    const byBranch = new Map<number, ErrorObject[]>();
    for (const e of errors) {
      if (e === alt || !isWithin(e.instancePath, alt.instancePath)) continue;
      const branch = branches.findIndex((b, i) => belongsTo(e.schemaPath, `${alt.schemaPath}/${i}`) || (b.$ref !== undefined && belongsTo(e.schemaPath, b.$ref)));
      if (branch >= 0) byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const typeMatched = [...byBranch.values()].filter(
      (branchErrors) => !branchErrors.some((e) => e.keyword === 'type' && e.instancePath === alt.instancePath),
    );
    // A plain string where a number/boolean or a ${VAR} reference is allowed is a wrong value, not a bad reference.
    const onlyReferencePattern = (branchErrors: ErrorObject[]) =>
      typeof alt.data === 'string' && !/\$\{|:\/\//.test(alt.data) && branchErrors.every((e) => e.keyword === 'pattern' && e.instancePath === alt.instancePath);
    const keep = typeMatched.length === 1 && !onlyReferencePattern(typeMatched[0]) ? typeMatched[0] : [];
    for (const branchErrors of byBranch.values()) {
      for (const e of branchErrors) if (!keep.includes(e)) drop.add(e);
    }
    if (keep.length) drop.add(alt);
  }
  return errors.filter((e) => !drop.has(e) && e.keyword !== 'if' && !(e.keyword === 'format' && isExpansion(e.data)));
}

/** `${VAR}`, `${VAR:-default}`, `vault://…`, `env://…`: resolved by Nanokit at run time, so formats (e-mail, …) cannot be checked. */
function isExpansion(value: unknown): boolean {
  return typeof value === 'string' && /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}|(?:vault|env):\/\/\S+)$/.test(value);
}

function isWithin(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function belongsTo(schemaPath: string, prefix: string): boolean {
  return schemaPath === prefix || schemaPath.startsWith(`${prefix}/`);
}
