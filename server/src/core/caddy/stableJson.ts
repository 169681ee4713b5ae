// Deterministic JSON: object keys sorted by UTF-16 code unit (locale-independent), arrays kept in
// order, 2-space indentation. The same data gives byte-identical text whatever the key insertion
// order was, which keeps golden files, previews and reload diffs stable.

/** 2-space indented JSON with object keys in a stable (sorted) order; `undefined` values are dropped like JSON.stringify does. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}
