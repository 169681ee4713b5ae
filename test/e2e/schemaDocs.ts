// Reads documentation out of the extension's schemas/nanokit.schema.json, the single source of
// truth for the format, so hover tests compare against the real text. Node only (no vscode):
// used by the extension-host suite and by the UI test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface SchemaNode {
  $ref?: string;
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  patternProperties?: Record<string, SchemaNode>;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

function loadSchema(extensionPath: string): SchemaNode {
  const file = path.join(extensionPath, 'schemas', 'nanokit.schema.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaNode;
}

function resolveRef(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  assert.ok(node.$ref.startsWith('#/'), `only local $refs are supported here, got ${node.$ref}`);
  let target: unknown = root;
  for (const part of node.$ref.slice(2).split('/')) target = (target as Record<string, unknown>)[decodeURIComponent(part)];
  assert.ok(target, `unresolved $ref ${node.$ref}`);
  return resolveRef(root, target as SchemaNode);
}

function child(root: SchemaNode, node: SchemaNode, key: string): SchemaNode | undefined {
  const resolved = resolveRef(root, node);
  const direct = resolved.properties?.[key];
  if (direct) return direct;
  for (const [pattern, sub] of Object.entries(resolved.patternProperties ?? {})) if (new RegExp(pattern).test(key)) return sub;
  if (typeof resolved.additionalProperties === 'object') return resolved.additionalProperties;
  for (const sub of [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) {
    const found = child(root, sub, key);
    if (found) return found;
  }
  return undefined;
}

/**
 * The first paragraph of the documentation of the value at `keys` (e.g. ['services', 'web', 'host']),
 * as a reader sees it (see plainText): markdownDescription, else description.
 */
export function schemaDocs(extensionPath: string, keys: string[]): string {
  const root = loadSchema(extensionPath);
  let node: SchemaNode = root;
  for (const key of keys) {
    const next = child(root, node, key);
    assert.ok(next, `schema has no entry for ${keys.join('.')}`);
    node = next;
  }
  const resolved = resolveRef(root, node);
  const text = node.markdownDescription ?? node.description ?? resolved.markdownDescription ?? resolved.description;
  assert.ok(text, `schema entry ${keys.join('.')} has no description`);
  return plainText(text.split(/\n\s*\n/)[0]);
}

/** Text as a reader sees it: markdown escapes and emphasis dropped, whitespace collapsed. */
export function plainText(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!<>|])/g, '$1').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
}
