// What the cursor is on, read from the text by indentation, so it works while the user is typing
// (half-written YAML that the parser cannot place yet).
import type { PathSegment } from './document';
import type { LineIndex } from './positions';
import type { Position } from 'vscode-languageserver-types';

export type CursorContext =
  | { kind: 'key'; parentPath: PathSegment[]; prefix: string; indent: number; replaceStart: number }
  | { kind: 'value'; path: PathSegment[]; prefix: string; replaceStart: number; inFlowList: boolean }
  | { kind: 'item'; path: PathSegment[]; prefix: string; replaceStart: number };

const KEY_LINE = /^(\s*)(?:-\s+)?("[^"]*"|'[^']*'|[^\s#"'][^:#]*?)\s*:(?:\s|$)/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * Keys of the mappings (and list items) enclosing a line whose content starts at column `indent`.
 * `siblingDash`: the column of the cursor's own list dash; earlier items at that column are siblings, not parents.
 */
export function enclosingPath(lines: LineIndex, line: number, indent: number, siblingDash?: number): PathSegment[] {
  const path: PathSegment[] = [];
  let limit = indent;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = lines.lineText(l);
    const trimmed = text.trimStart();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const lineIndent = indentOf(text);
    const dash = /^(\s*)-(\s+|$)/.exec(text);
    if (dash && path.length === 0 && lineIndent === siblingDash) continue;
    const match = KEY_LINE.exec(text);
    const keyColumn = match ? text.indexOf(match[2], dash ? dash[0].length : 0) : -1;
    if (match && keyColumn < limit) {
      path.unshift(unquote(match[2].trim()));
      if (dash) path.unshift(0);
      limit = dash ? lineIndent : keyColumn;
    } else if (dash && lineIndent < limit) {
      path.unshift(0);
      limit = lineIndent;
    }
  }
  return path;
}

export function cursorContext(lines: LineIndex, position: Position): CursorContext {
  const lineText = lines.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const lineStart = lines.offset({ line: position.line, character: 0 });
  const valueMatch = /^(\s*)(?:-\s+)?("[^"]*"|'[^']*'|[^\s#"'][^:#]*?)\s*:\s+(.*)$/.exec(before);
  if (valueMatch) {
    const keyIndent = before.indexOf(valueMatch[2]);
    const key = unquote(valueMatch[2].trim());
    const rest = valueMatch[3];
    const flow = /^\[/.test(rest);
    const prefix = flow ? (/[^\s,[]*$/.exec(rest)?.[0] ?? '') : rest.replace(/^["']/, '');
    const path = [...enclosingPath(lines, position.line, keyIndent), key];
    return { kind: 'value', path, prefix, replaceStart: lineStart + before.length - prefix.length, inFlowList: flow };
  }
  const itemMatch = /^(\s*)-\s+([^:#]*)$/.exec(before);
  if (itemMatch && !/:/.test(itemMatch[2])) {
    const path = enclosingPath(lines, position.line, itemMatch[1].length + 1, itemMatch[1].length);
    const prefix = itemMatch[2].trimStart();
    return { kind: 'item', path, prefix, replaceStart: lineStart + before.length - prefix.length };
  }
  const keyMatch = /^(\s*)(?:-\s+)?([^\s:#]*)$/.exec(before) ?? ['', before.replace(/\S.*$/, ''), ''];
  const dashPrefix = /^\s*-\s+/.exec(before)?.[0];
  const indent = dashPrefix ? dashPrefix.length : keyMatch[1].length;
  const prefix = keyMatch[2];
  const parentPath = enclosingPath(lines, position.line, indent);
  return { kind: 'key', parentPath, prefix, indent, replaceStart: lineStart + before.length - prefix.length };
}
