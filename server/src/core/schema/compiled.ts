// The schema, compiled once per process. schemas/nanokit.schema.json is the single source of truth.
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schemaJson from '../../../../schemas/nanokit.schema.json';

export type JsonSchema = {
  [key: string]: unknown;
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  required?: string[];
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  patternErrorMessage?: string;
  format?: string;
  propertyNames?: JsonSchema;
  defaultSnippets?: { label?: string; description?: string; body?: unknown; bodyText?: string }[];
};

export const rootSchema = schemaJson as unknown as JsonSchema;

let validator: ValidateFunction | undefined;

export function schemaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, allowUnionTypes: true });
    addFormats(ajv);
    validator = ajv.compile(rootSchema);
  }
  return validator;
}

/** Follows a local `$ref` (`#/definitions/x`) to the schema it names. */
export function deref(schema: JsonSchema | undefined): JsonSchema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 32; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = rootSchema;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = target as JsonSchema | undefined;
  }
  return current;
}
