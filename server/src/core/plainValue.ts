// The YAML tree as plain data in one walk: maps become objects, sequences arrays, aliases share the
// value of their anchor; duplicate keys are reported on the way, and aliases that would expand to
// more than a budget of nodes ("billion laughs") stop the walk.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';

export class AliasBudgetExceeded extends Error {
  constructor(readonly alias: Node, readonly expanded: number) {
    super(`the aliases expand to more than ${expanded.toLocaleString('en')} values`);
  }
}

export interface PlainValueOptions {
  /** Total values the aliases may add when expanded (each use counts its anchor's whole size). */
  maxAliasExpansion: number;
  onDuplicateKey: (key: string, first: Node, duplicate: Node) => void;
}

export function toPlainValue(doc: Document.Parsed, options: PlainValueOptions): unknown {
  const converted = new Map<Node, unknown>();
  const sizes = new Map<Node, number>();
  let budget = options.maxAliasExpansion;

  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) return sizeOf(node.resolve(doc));
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a cycle counts once
    let size = 1;
    if (isMap(node)) for (const pair of node.items) size += sizeOf(pair.value);
    else for (const item of node.items) size += sizeOf(item);
    sizes.set(node, size);
    return size;
  };

  const convert = (node: unknown): unknown => {
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return null;
      budget -= sizeOf(target);
      if (budget < 0) throw new AliasBudgetExceeded(node, options.maxAliasExpansion);
      return converted.has(target) ? converted.get(target) : convert(target);
    }
    if (isSeq(node)) {
      const list: unknown[] = [];
      converted.set(node, list);
      for (const item of node.items) list.push(convert(item));
      return list;
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      converted.set(node, object);
      const first = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyText(pair.key) ?? JSON.stringify(convert(pair.key));
        const keyNode = pair.key as Node;
        const earlier = first.get(key);
        if (earlier && keyNode) options.onDuplicateKey(key, earlier, keyNode);
        else if (keyNode) first.set(key, keyNode);
        const value = convert(pair.value);
        if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
      }
      return object;
    }
    return null;
  };

  return convert(doc.contents);
}

/** A mapping key as text (scalars only; collection keys have none). */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return typeof key === 'object' ? undefined : String(key);
}
