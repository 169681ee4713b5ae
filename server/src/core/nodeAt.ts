// The path of the key or value under an offset, found in the parsed tree.
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { NanokitDocument, PathSegment, Span } from './document';
import { keyText, spanOf } from './document';

export interface NodeAtOffset {
  path: PathSegment[];
  on: 'key' | 'value';
  span: Span;
  /** The scalar value under the offset, when it is one. */
  scalar?: unknown;
}

const MAX_DEPTH = 64;

export function nodeAt(doc: NanokitDocument, offset: number): NodeAtOffset | undefined {
  return search(doc.yaml.contents, offset, [], 0);
}

function contains(node: unknown, offset: number): node is Node {
  return isNode(node) && !!node.range && node.range[0] <= offset && offset <= node.range[1];
}

function search(node: unknown, offset: number, path: PathSegment[], depth: number): NodeAtOffset | undefined {
  if (depth > MAX_DEPTH || !contains(node, offset)) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined) continue;
      if (contains(pair.key, offset)) return { path: [...path, key], on: 'key', span: spanOf(pair.key) };
      const inner = search(pair.value, offset, [...path, key], depth + 1);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const inner = search(node.items[i], offset, [...path, i], depth + 1);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isScalar(node)) return { path, on: 'value', span: spanOf(node), scalar: node.value };
  return undefined;
}
