// Finding the schema that describes a path of the document (for completion and hover).
import type { PathSegment } from '../document';
import { deref, rootSchema, type JsonSchema } from './compiled';

/** Alternatives of a schema with anyOf/oneOf/allOf flattened (refs followed). */
export function alternatives(schema: JsonSchema | undefined): JsonSchema[] {
  const resolved = deref(schema);
  if (!resolved) return [];
  const nested = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])];
  if (nested.length === 0) return [resolved];
  return [resolved, ...nested.flatMap((s) => alternatives(s))];
}

/** The schema of the child `segment` of a value described by `schema`. */
export function childSchema(schema: JsonSchema | undefined, segment: PathSegment): JsonSchema | undefined {
  for (const alt of alternatives(schema)) {
    const key = String(segment);
    if (/^\d+$/.test(key) && alt.items && !Array.isArray(alt.items)) return deref(alt.items);
    const direct = alt.properties?.[key];
    if (direct) return withOwnDocs(direct);
    for (const [pattern, sub] of Object.entries(alt.patternProperties ?? {})) {
      if (safeRegExp(pattern)?.test(key)) return deref(sub);
    }
    if (typeof alt.additionalProperties === 'object') return deref(alt.additionalProperties);
  }
  return undefined;
}

/** A property schema with its `$ref` followed, keeping the property's own description (it says more than the shared definition's). */
export function withOwnDocs(schema: JsonSchema): JsonSchema | undefined {
  const target = deref(schema);
  if (!schema.$ref || !target || (schema.description === undefined && schema.markdownDescription === undefined)) return target;
  const docs: JsonSchema = {};
  if (schema.description !== undefined) docs.description = schema.description;
  if (schema.markdownDescription !== undefined) docs.markdownDescription = schema.markdownDescription;
  return { ...target, ...docs };
}

export function schemaAt(path: readonly PathSegment[]): JsonSchema | undefined {
  let schema: JsonSchema | undefined = rootSchema;
  for (const segment of path) {
    schema = childSchema(schema, segment);
    if (!schema) return undefined;
  }
  return schema;
}

/** Named properties a mapping at this schema may have (from every alternative), with their schemas. */
export function propertiesOf(schema: JsonSchema | undefined): Map<string, JsonSchema> {
  const result = new Map<string, JsonSchema>();
  for (const alt of alternatives(schema)) {
    for (const [name, sub] of Object.entries(alt.properties ?? {})) {
      if (!result.has(name)) result.set(name, deref(sub) ?? {});
    }
  }
  return result;
}

/** Enum values and booleans allowed for a scalar at this schema. */
export function scalarChoices(schema: JsonSchema | undefined): unknown[] {
  const values: unknown[] = [];
  for (const alt of alternatives(schema)) {
    for (const v of alt.enum ?? []) if (!values.includes(v)) values.push(v);
    const types = Array.isArray(alt.type) ? alt.type : [alt.type];
    if (types.includes('boolean')) for (const v of [true, false]) if (!values.includes(v)) values.push(v);
  }
  return values;
}

export function documentation(schema: JsonSchema | undefined): string | undefined {
  for (const alt of alternatives(schema)) {
    const text = alt.markdownDescription ?? alt.description;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

export function isObjectSchema(schema: JsonSchema | undefined): boolean {
  return alternatives(schema).some((s) => s.type === 'object' || s.properties !== undefined || (Array.isArray(s.type) && s.type.includes('object')));
}

export function isArraySchema(schema: JsonSchema | undefined): boolean {
  return alternatives(schema).some((s) => s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array')));
}

const regexCache = new Map<string, RegExp | undefined>();
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, undefined);
    }
  }
  return regexCache.get(pattern);
}
