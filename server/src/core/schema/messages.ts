// One ajv error → one Problem on the node it is about, in words a user acts on.
import type { ErrorObject } from 'ajv';
import type { NanokitDocument, PathSegment, Span } from '../document';
import type { Problem } from '../problem';
import { closest } from '../suggest';
import { deref, type JsonSchema } from './compiled';

export function describeError(doc: NanokitDocument, error: ErrorObject, path: PathSegment[]): Problem | undefined {
  if (error.propertyName !== undefined) return undefined; // reported once by its `propertyNames` error
  const where = displayPath(path);
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  const params = error.params as Record<string, unknown>;
  const valueSpan = (): Span => doc.valueSpan(path) ?? doc.firstLineSpan;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      const suggestion = closest(key, Object.keys(parent.properties ?? {}));
      const allowed = Object.keys(parent.properties ?? {});
      const hint = suggestion
        ? ` Did you mean "${suggestion}"?`
        : allowed.length
          ? ` Allowed here: ${allowed.slice(0, 12).join(', ')}${allowed.length > 12 ? ', …' : ''} (or prefix your own keys with "x-").`
          : ' Prefix your own keys with "x-".';
      return {
        code: 'unknown-key',
        severity: 'error',
        message: `Unknown key "${key}"${where ? ` in ${where}` : ''}.${hint}`,
        span: doc.keySpan(keyPath) ?? valueSpan(),
        data: suggestion ? { replacement: suggestion } : undefined,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        code: 'missing-key',
        severity: 'error',
        message: `Missing required key "${missing}"${where ? ` in ${where}` : ' at the top level'}.${describeKey(parent, missing)}`,
        span: path.length ? (doc.keySpan(path) ?? doc.firstLineSpan) : doc.firstLineSpan,
        data: { missingKey: missing },
      };
    }
    case 'type':
      return {
        code: 'type-mismatch',
        severity: 'error',
        message: typeMessage(where, String(params.type), error.data),
        span: valueSpan(),
      };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : undefined;
      return {
        code: 'invalid-value',
        severity: 'error',
        message: `${show(error.data)} is not a valid value for ${where || 'this key'}. ${suggestion ? `Did you mean "${suggestion}"? ` : ''}Allowed: ${allowed.map(String).join(', ')}.`,
        span: valueSpan(),
        data: suggestion ? { replacement: suggestion } : undefined,
      };
    }
    case 'const':
      return { code: 'invalid-value', severity: 'error', message: `${where || 'This value'} must be ${show(params.allowedValue)}.`, span: valueSpan() };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'out-of-range',
        severity: 'error',
        message: `${show(error.data)} is out of range for ${where || 'this value'}: ${rangeText(parent)}.`,
        span: valueSpan(),
      };
    case 'format':
      return {
        code: 'invalid-format',
        severity: 'error',
        message: `${show(error.data)} is not a valid ${formatName(String(params.format))} for ${where || 'this value'}.${exampleOf(parent)}`,
        span: valueSpan(),
      };
    case 'pattern':
      return {
        code: 'invalid-format',
        severity: 'error',
        message: `${show(error.data)} is not valid for ${where || 'this value'}: ${parent.patternErrorMessage ?? parent.description ?? `it must match ${String(params.pattern)}`}`,
        span: valueSpan(),
      };
    case 'propertyNames': {
      const name = String(params.propertyName);
      const rule = deref(parent.propertyNames);
      return {
        code: 'invalid-name',
        severity: 'error',
        message: `"${name}" is not a valid name${where ? ` in ${where}` : ''}: ${rule?.patternErrorMessage ?? rule?.description ?? 'use letters, digits, "-" and "_"'}.`,
        span: doc.keySpan([...path, name]) ?? valueSpan(),
      };
    }
    case 'anyOf':
    case 'oneOf':
      return {
        code: 'type-mismatch',
        severity: 'error',
        message: `${show(error.data)} is not valid for ${where || 'this value'}: expected ${lowerFirst(expectation(parent))}.`,
        span: valueSpan(),
      };
    case 'uniqueItems':
      return { code: 'duplicate-item', severity: 'warning', message: `${where} lists the same item twice (items ${params.j} and ${params.i}). Remove the duplicate.`, span: valueSpan() };
    default:
      return { code: 'schema', severity: 'error', message: `${where || 'Document'}: ${error.message ?? 'invalid value'}.`, span: valueSpan() };
  }
}

export function displayPath(path: PathSegment[]): string {
  return path.map((s, i) => (/^\d+$/.test(String(s)) ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('');
}

function describeKey(parent: JsonSchema, key: string): string {
  const property = parent.properties?.[key];
  const description = property?.description ?? deref(property)?.description;
  return description ? ` ${upperFirst(firstSentence(description))}` : '';
}

function typeMessage(where: string, expected: string, value: unknown): string {
  const wanted = expected.split(',').map(typeName).join(' or ');
  const hint =
    expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
      ? ` Quote it: "${String(value)}".`
      : expected === 'object' && value === null
        ? ' Give it at least one key, or write {} for an empty block.'
        : '';
  return `${where || 'The document'} must be ${wanted}, not ${kindOf(value)}.${hint}`;
}

function expectation(schema: JsonSchema): string {
  if (schema.description) return firstSentence(schema.description).replace(/\.$/, '');
  const alternatives = (schema.anyOf ?? schema.oneOf ?? []).map((s) => deref(s)?.description ?? typeName(String(deref(s)?.type ?? 'value')));
  return alternatives.join(' or ');
}

function exampleOf(schema: JsonSchema): string {
  const example = schema.examples?.[0];
  return typeof example === 'string' ? ` Write it like "${example}".` : '';
}

function rangeText(schema: JsonSchema): string {
  const min = schema.minimum ?? (schema.exclusiveMinimum as number | undefined);
  const max = schema.maximum ?? (schema.exclusiveMaximum as number | undefined);
  if (min !== undefined && max !== undefined) return `it must be between ${min} and ${max}`;
  if (min !== undefined) return `it must be at least ${min}`;
  return `it must be at most ${max}`;
}

function typeName(type: string): string {
  return ({ string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'a mapping (key: value)', array: 'a list', null: 'empty' } as Record<string, string>)[type] ?? type;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${show(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the decimal ${value}`;
  return `${String(value)}`;
}

function formatName(format: string): string {
  return ({ email: 'e-mail address', hostname: 'host name', uri: 'URL', ipv4: 'IPv4 address' } as Record<string, string>)[format] ?? format;
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  if (value === null || value === undefined) return 'An empty value';
  if (typeof value === 'object') return Array.isArray(value) ? 'A list' : 'A mapping';
  return String(value);
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text.replace(/\s+/g, ' '));
  return match ? match[1] : text;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
