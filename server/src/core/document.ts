// A nanokit.yml document parsed once per version: the YAML tree with source offsets, the plain
// value the schema and the generator work on, and the problems found while parsing.
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { LineIndex } from './positions';
import { AliasBudgetExceeded, keyText, toPlainValue } from './plainValue';

export { keyText };

export type PathSegment = string | number;
export interface Span {
  start: number;
  end: number;
}

export type ParseProblemCode = 'yaml-syntax' | 'duplicate-key' | 'alias-limit' | 'too-large' | 'too-deep';
export interface ParseProblem {
  code: ParseProblemCode;
  message: string;
  span: Span;
}

/** Documents larger than this are not analysed (a nanokit.yml is a few KB; 10,000 lines are ~200 KB). */
export const MAX_CHECKED_LENGTH = 2 * 1024 * 1024;
/** Deeper nesting is not parsed: the parser and the checks recurse per level (a nanokit.yml nests fewer than 10). */
export const MAX_NESTING = 100;
/** Values that aliases may add when the plain value is built ("billion laughs" guard). */
export const MAX_ALIAS_EXPANSION = 100_000;

export class NanokitDocument {
  readonly yaml: Document.Parsed;
  readonly lines: LineIndex;
  readonly parseProblems: ParseProblem[] = [];
  /** The document as plain data; undefined when it could not be built safely. */
  readonly value: unknown;
  private readonly pairIndex = new WeakMap<YAMLMap<unknown, unknown>, Map<string, Pair<unknown, unknown>>>();

  constructor(readonly text: string, readonly version = 0) {
    this.lines = new LineIndex(text);
    if (text.length > MAX_CHECKED_LENGTH) {
      this.yaml = parseDocument('');
      this.parseProblems.push({
        code: 'too-large',
        message: `This file is ${(text.length / 1048576).toFixed(1)} MB; nanokit checks files up to ${MAX_CHECKED_LENGTH / 1048576} MB, so it was not checked. A nanokit.yml is normally a few KB: remove generated content or split the project.`,
        span: this.firstLineSpan,
      });
      this.value = undefined;
      return;
    }
    const deep = tooDeepAt(text, MAX_NESTING);
    if (deep !== undefined) {
      this.yaml = parseDocument('');
      this.parseProblems.push({
        code: 'too-deep',
        message: `Blocks here are nested more than ${MAX_NESTING} levels deep; nanokit checks files nested up to ${MAX_NESTING} levels, so it was not checked. A nanokit.yml nests a few levels: flatten this block.`,
        span: deep,
      });
      this.value = undefined;
      return;
    }
    // uniqueKeys is checked below in one pass: the parser's own check is quadratic in the size of a mapping.
    this.yaml = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    for (const error of this.yaml.errors) {
      const [start, end] = error.pos;
      this.parseProblems.push({ code: 'yaml-syntax', message: syntaxMessage(error.message), span: { start, end: Math.max(end, start + 1) } });
    }
    this.value = this.buildValue();
  }

  /** True when YAML could not be read well enough to trust the checks below it. */
  get hasSyntaxErrors(): boolean {
    return this.parseProblems.some((p) => p.code === 'yaml-syntax');
  }

  /** The value node at `path` (through maps and sequences; aliases are followed). */
  node(path: readonly PathSegment[]): Node | undefined {
    let current: unknown = this.yaml.contents;
    for (const segment of path) {
      current = this.deref(current);
      if (isMap(current)) current = this.pairIn(current, segment)?.value;
      else if (isSeq(current) && /^\d+$/.test(String(segment))) current = current.items[Number(segment)];
      else return undefined;
    }
    const node = this.deref(current);
    return isNode(node) ? node : undefined;
  }

  /** The key/value pair whose key is the last segment of `path`. */
  pair(path: readonly PathSegment[]): Pair<unknown, unknown> | undefined {
    if (path.length === 0) return undefined;
    const parent = this.deref(this.node(path.slice(0, -1)));
    return isMap(parent) ? this.pairIn(parent, path[path.length - 1]) : undefined;
  }

  /** Pair of a mapping by key, through an index built once per mapping (lookups stay O(1) in big files). */
  private pairIn(map: YAMLMap<unknown, unknown>, segment: PathSegment): Pair<unknown, unknown> | undefined {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = keyText(pair.key);
        if (key !== undefined && !index.has(key)) index.set(key, pair);
      }
      this.pairIndex.set(map, index);
    }
    return index.get(String(segment));
  }

  /** Span of the key at `path`, or of the element for a sequence index. */
  keySpan(path: readonly PathSegment[]): Span | undefined {
    const pair = this.pair(path);
    if (pair && isNode(pair.key)) return spanOf(pair.key);
    const node = this.node(path);
    return node ? spanOf(node) : undefined;
  }

  /** Span of the value at `path`; falls back to the key when the value is empty. */
  valueSpan(path: readonly PathSegment[]): Span | undefined {
    const pair = path.length ? this.pair(path) : undefined;
    const value = pair ? pair.value : this.node(path);
    if (isNode(value) && value.range && !(isScalar(value) && value.value === null && value.range[0] === value.range[1])) {
      return spanOf(value);
    }
    return this.keySpan(path);
  }

  /** Span where the document starts (first line), for problems with no better place. */
  get firstLineSpan(): Span {
    const end = this.lines.lineCount > 1 ? this.lines.offset({ line: 1, character: 0 }) - 1 : this.text.length;
    return { start: 0, end: Math.max(0, end) };
  }

  private deref(value: unknown): unknown {
    return isAlias(value) ? value.resolve(this.yaml) : value;
  }

  private buildValue(): unknown {
    try {
      return toPlainValue(this.yaml, {
        maxAliasExpansion: MAX_ALIAS_EXPANSION,
        onDuplicateKey: (key, first, duplicate) => {
          const line = this.lines.position(spanOf(first).start).line + 1;
          this.parseProblems.push({
            code: 'duplicate-key',
            message: `Duplicate key "${key}": it is already set on line ${line}, and only one of them would take effect. Remove or rename one.`,
            span: spanOf(duplicate),
          });
        },
      });
    } catch (error) {
      if (!(error instanceof AliasBudgetExceeded)) throw error;
      this.parseProblems.push({
        code: 'alias-limit',
        message: `Aliases expand to too much data (${error.message}): nanokit stops there and checks nothing else. Reduce the nested aliases (*name).`,
        span: this.firstAliasSpan() ?? spanOf(error.alias),
      });
      return undefined;
    }
  }

  private firstAliasSpan(): Span | undefined {
    let found: Span | undefined;
    visit(this.yaml, {
      Alias: (_key, node) => {
        found = spanOf(node);
        return visit.BREAK;
      },
    });
    return found;
  }

}

export function spanOf(node: Node): Span {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: range[1] };
}

/**
 * The line where block indentation levels plus open flow brackets first exceed `limit`, read from
 * the text in one pass (no recursion), so that deep input never reaches the recursive parser.
 */
export function tooDeepAt(text: string, limit: number): Span | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const content = /^[ \t]*((?:-[ \t]+)*)(.*)$/.exec(line) ?? ['', '', ''];
    if (content[2] && !content[2].startsWith('#')) {
      const indent = line.length - line.trimStart().length;
      if (flow === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
      const [after, deepest] = flowDepths(content[2], flow);
      flow = after;
      const depth = indents.length + (content[1].match(/-/g)?.length ?? 0) + deepest;
      if (depth > limit) return { start: lineStart + indent, end: Math.max(lineStart + indent + 1, lineEnd) };
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return undefined;
}

/** Open flow brackets after one line and the most open within it, ignoring quoted text and comments. */
function flowDepths(line: string, depth: number): [number, number] {
  let deepest = depth;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if ((ch === '"' || ch === "'") && (i === 0 || /[\s:[{,]/.test(line[i - 1]))) quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
    else if (ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return [depth, deepest];
}

function syntaxMessage(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  return `YAML syntax error: ${first}`;
}
