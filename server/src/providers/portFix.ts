// The edit behind "Use port N": replace the value where it is set, or add the key at the top level
// (after `name:`) when the port comes from the default.
import type { TextEdit } from 'vscode-languageserver';
import type { NanokitDocument } from '../core/document';
import type { PlannedPort } from '../core/portPlan';

export function portFixEdit(doc: NanokitDocument, fix: { key: PlannedPort['key']; port: number; origin: PlannedPort['origin']; environment: string }): TextEdit {
  if (fix.origin !== 'default') {
    const path = fix.origin === 'environment' ? ['environments', fix.environment, fix.key] : [fix.key];
    const span = doc.valueSpan(path);
    if (span) return { range: doc.lines.range(span.start, span.end), newText: String(fix.port) };
  }
  const namePair = doc.pair(['name']);
  const nameEnd = namePair && (namePair.value as { range?: number[] } | null)?.range?.[1];
  const line = nameEnd !== undefined ? doc.lines.position(nameEnd).line + 1 : 0;
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${fix.key}: ${fix.port}\n` };
}
