// Where a merged value came from: the environment override when it sets the value, else the top level.
import { isScalar } from 'yaml';
import type { NanokitDocument, PathSegment, Span } from '../document';

export class Locator {
  constructor(private readonly doc: NanokitDocument, private readonly environment: string | undefined) {}

  /** Path of the value in the document: under environments.<env> when overridden there. */
  sourcePath(path: PathSegment[]): PathSegment[] | undefined {
    if (this.environment !== undefined) {
      const overridden = ['environments', this.environment, ...path];
      if (this.doc.node(overridden) !== undefined || this.doc.pair(overridden) !== undefined) return overridden;
    }
    if (this.doc.node(path) !== undefined || this.doc.pair(path) !== undefined) return path;
    return undefined;
  }

  value(path: PathSegment[]): Span | undefined {
    const source = this.sourcePath(path);
    return source ? this.doc.valueSpan(source) : undefined;
  }

  key(path: PathSegment[]): Span | undefined {
    const source = this.sourcePath(path);
    return source ? this.doc.keySpan(source) : undefined;
  }

  /** Each comma-separated entry of the scalar at `path`, with its exact span (quotes excluded). */
  listEntries(path: PathSegment[]): { text: string; span: Span }[] {
    const source = this.sourcePath(path);
    const node = source ? this.doc.node(source) : undefined;
    if (!node || !isScalar(node) || !node.range || typeof node.value !== 'string') return [];
    let [start, end] = node.range;
    const raw = this.doc.text.slice(start, end);
    if (/^["']/.test(raw) && raw.length >= 2) {
      start += 1;
      end -= 1;
    }
    const entries: { text: string; span: Span }[] = [];
    let cursor = start;
    for (const piece of this.doc.text.slice(start, end).split(',')) {
      const lead = piece.length - piece.trimStart().length;
      const text = piece.trim();
      if (text) entries.push({ text, span: { start: cursor + lead, end: cursor + lead + text.length } });
      cursor += piece.length + 1;
    }
    return entries;
  }
}
