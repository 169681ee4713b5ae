// Outline: top-level blocks, the entries of named blocks (services, environments, …), and the
// blocks an environment overrides.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import type { NanokitDocument } from './document';
import { keyText } from './document';

const NAMED_BLOCKS: Record<string, SymbolKind> = {
  services: SymbolKind.Class,
  databases: SymbolKind.Struct,
  runtimes: SymbolKind.Interface,
  cron: SymbolKind.Event,
  networks: SymbolKind.Namespace,
  volumes: SymbolKind.Object,
  environments: SymbolKind.Module,
};

export function documentSymbols(doc: NanokitDocument): DocumentSymbol[] {
  const root = doc.yaml.contents;
  return isMap(root) ? blockSymbols(doc, root.items, true) : [];
}

/** Symbols of a mapping's keys; named blocks list their entries, and (at the top) environments their overrides. */
function blockSymbols(doc: NanokitDocument, items: Pair<unknown, unknown>[], topLevel: boolean): DocumentSymbol[] {
  return items.flatMap((pair) => {
    const name = keyText(pair.key);
    if (name === undefined) return [];
    const symbol = symbolFor(doc, pair, name, blockKind(pair.value));
    const entryKind = NAMED_BLOCKS[name];
    if (entryKind !== undefined && isMap(pair.value)) {
      symbol.children = pair.value.items.flatMap((entry) => {
        const entryName = keyText(entry.key);
        if (entryName === undefined) return [];
        const child = symbolFor(doc, entry, entryName, entryKind);
        if (topLevel && name === 'environments' && isMap(entry.value)) child.children = blockSymbols(doc, entry.value.items, false);
        return [coverChildren(child)];
      });
    }
    return [coverChildren(symbol)];
  });
}

/** Where the parser recovered from broken YAML, a child's node can end after its parent's: widen the parent. */
function coverChildren(symbol: DocumentSymbol): DocumentSymbol {
  for (const { range: { end } } of symbol.children ?? []) {
    const current = symbol.range.end;
    if (end.line > current.line || (end.line === current.line && end.character > current.character)) symbol.range = { start: symbol.range.start, end };
  }
  return symbol;
}

function blockKind(value: unknown): SymbolKind {
  if (isMap(value)) return SymbolKind.Module;
  if (isSeq(value)) return SymbolKind.Array;
  if (isScalar(value) && typeof value.value === 'number') return SymbolKind.Number;
  if (isScalar(value) && typeof value.value === 'boolean') return SymbolKind.Boolean;
  return SymbolKind.Property;
}

function symbolFor(doc: NanokitDocument, pair: Pair<unknown, unknown>, name: string, kind: SymbolKind): DocumentSymbol {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const start = key.range?.[0] ?? 0;
  const end = Math.max(value?.range?.[1] ?? 0, key.range?.[1] ?? start);
  const symbol: DocumentSymbol = {
    name: name || '""',
    kind,
    range: doc.lines.range(start, end),
    selectionRange: doc.lines.range(start, key.range?.[1] ?? start),
  };
  if (isScalar(value) && value.value !== null) symbol.detail = String(value.value).slice(0, 80);
  return symbol;
}
