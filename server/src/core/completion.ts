// Completion: keys valid at the cursor (minus those already there), enum values and booleans, and
// the names of services, runtimes, networks and databases where a reference is expected.
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq } from 'yaml';
import { cursorContext } from './cursor';
import type { NanokitDocument, PathSegment } from './document';
import { keyText } from './document';
import type { JsonSchema } from './schema/compiled';
import { documentation, isArraySchema, isObjectSchema, propertiesOf, scalarChoices, schemaAt } from './schema/navigate';
import { AUTO_RUNTIMES } from './semantic/checks';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

export function completions(doc: NanokitDocument, position: Position): CompletionItem[] {
  const context = cursorContext(doc.lines, position);
  const range = { start: doc.lines.position(context.replaceStart), end: position };
  if (context.kind === 'key') {
    return [...keyCompletions(doc, context.parentPath, range), ...newEntrySnippets(context.parentPath, range)];
  }
  const path = context.path;
  const refs = referenceNames(doc, path);
  if (refs) {
    const listed = listedNames(doc, path);
    return refs
      .filter((name) => !listed.has(name) || name === context.prefix)
      .map((name) => ({ label: name, kind: CompletionItemKind.Reference, textEdit: { range, newText: name }, detail: refs.detail }));
  }
  if (context.kind === 'item') return isObjectSchema(schemaAt(normalise([...path, 0]))) ? keyCompletions(doc, [...path, 0], range, false) : [];
  return scalarChoices(schemaAt(normalise(path))).map((value) => ({
    label: String(value),
    kind: typeof value === 'boolean' ? CompletionItemKind.Value : CompletionItemKind.EnumMember,
    textEdit: { range, newText: String(value) },
  }));
}

/** Names a list at `path` already holds (so completion does not offer them twice). */
function listedNames(doc: NanokitDocument, path: PathSegment[]): Set<string> {
  const node = doc.node(path);
  const names = new Set<string>();
  if (isSeq(node)) for (const item of node.items) if (isScalar(item) && typeof item.value === 'string') names.add(item.value);
  return names;
}

/** environments.<env>.<rest> is described like <rest> at the top level for references. */
function normalise(path: PathSegment[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' ? '0' : s));
}

/** `inExisting` false: the cursor starts a new list item, so no key is present yet. */
function keyCompletions(doc: NanokitDocument, parentPath: PathSegment[], range: { start: Position; end: Position }, inExisting = true): CompletionItem[] {
  const schema = schemaAt(normalise(parentPath));
  if (!schema) return [];
  const present = inExisting ? presentKeys(doc, parentPath) : new Set<string>();
  const items: CompletionItem[] = [];
  for (const [name, sub] of propertiesOf(schema)) {
    if (present.has(name)) continue;
    items.push({
      label: name,
      kind: isObjectSchema(sub) ? CompletionItemKind.Module : CompletionItemKind.Property,
      documentation: docOf(sub),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: keySnippet(name, sub) },
      sortText: `0${name}`,
    });
  }
  return items;
}

function keySnippet(name: string, schema: JsonSchema): string {
  if (isObjectSchema(schema) && !isArraySchema(schema)) return `${name}:\n  $0`;
  if (isArraySchema(schema) && !isObjectSchema(schema)) return `${name}: [$0]`;
  const choices = scalarChoices(schema).map(String);
  if (choices.length) return `${name}: \${1|${choices.join(',')}|}`;
  return `${name}: $0`;
}

function newEntrySnippets(parentPath: PathSegment[], range: { start: Position; end: Position }): CompletionItem[] {
  const last = parentPath[parentPath.length - 1];
  if (last !== 'services' || !(parentPath.length === 1 || (parentPath.length === 3 && parentPath[0] === 'environments'))) return [];
  return [{
    label: 'new service',
    kind: CompletionItemKind.Snippet,
    detail: 'A service routed by the gateway',
    documentation: { kind: MarkupKind.Markdown, value: 'Adds a service with a runtime, a container port and a host the gateway routes to it.' },
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: '${1:web}:\n  runtime: ${2|node,python,go,php,ruby,static|}\n  path: ${3:./}\n  expose: ${4:3000}\n  host: ${5:${1:web}.localhost}\n$0' },
    sortText: '1new service',
  }];
}

function presentKeys(doc: NanokitDocument, path: PathSegment[]): Set<string> {
  const node = doc.node(path);
  const keys = new Set<string>();
  if (isMap(node)) for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

function docOf(schema: JsonSchema): { kind: 'markdown'; value: string } | undefined {
  const text = documentation(schema);
  return text ? { kind: MarkupKind.Markdown, value: text } : undefined;
}

/** Names that may fill a reference at `path`, or undefined when the path is not a reference. */
function referenceNames(doc: NanokitDocument, path: PathSegment[]): (string[] & { detail?: string }) | undefined {
  const rel = path[0] === 'environments' ? path.slice(2) : path;
  const key = String(rel[rel.length - 1] === 0 ? rel[rel.length - 2] : rel[rel.length - 1]);
  const inService = rel[0] === 'services' && rel.length >= 3;
  const names = (block: string) => collectNames(doc.value, block);
  let result: string[] | undefined;
  let detail: string | undefined;
  if (inService && key === 'runtime') [result, detail] = [[...new Set([...names('runtimes'), ...AUTO_RUNTIMES])], 'runtime'];
  else if (inService && key === 'depends_on') [result, detail] = [[...names('services').filter((n) => n !== rel[1]), ...names('databases')], 'service or database'];
  else if (inService && key === 'networks') [result, detail] = [names('networks'), 'network'];
  else if (rel[0] === 'cron' && key === 'service') [result, detail] = [names('services'), 'service'];
  else if (rel[0] === 'databases' && key === 'parentEnv') [result, detail] = [collectEnvironments(doc.value), 'environment'];
  else if (rel[0] === 'git' && rel[1] === 'environments' && rel.length === 3) [result, detail] = [collectEnvironments(doc.value), 'environment'];
  if (!result) return undefined;
  return Object.assign(result, { detail });
}

function collectNames(value: unknown, block: string): string[] {
  if (!isDict(value)) return [];
  const names = new Set(Object.keys(isDict(value[block]) ? value[block] : {}));
  if (isDict(value.environments)) {
    for (const env of Object.values(value.environments)) {
      if (isDict(env) && isDict(env[block])) for (const name of Object.keys(env[block])) names.add(name);
    }
  }
  return [...names];
}

function collectEnvironments(value: unknown): string[] {
  return isDict(value) && isDict(value.environments) ? Object.keys(value.environments) : ['local'];
}
