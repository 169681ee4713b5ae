// `ca-key-not-ignored`: with persistenceMode `project`, .nanokit/gateway/ holds the local CA's
// private key and must not end up in git. Checked with `git check-ignore`, cached per folder.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../core/analyze';
import type { NanokitDocument } from '../core/document';
import { resolve } from '../core/environments';
import { Locator } from '../core/semantic/locate';
import { isNanokitDirGitIgnored } from '../platform/gitIgnore';
import type { ServerSettings } from '../protocol';

const TTL_MS = 10_000;
export const CODE = 'ca-key-not-ignored';

export class GitIgnoreCheck {
  private readonly known = new Map<string, { ignored: boolean | undefined; at: number }>();
  private readonly running = new Set<string>();

  constructor(private readonly onChange: (uri: string) => void) {}

  diagnostics(uri: string, doc: NanokitDocument, settings: ServerSettings): Diagnostic[] {
    const root = projectRoot(uri);
    if (!root || this.known.get(root)?.ignored !== false) return [];
    if (resolve(doc.value, settings.environment).gateway.persistenceMode !== 'project') return [];
    const span = new Locator(doc, settings.environment).value(['gateway', 'persistenceMode']) ?? doc.firstLineSpan;
    return [{
      range: doc.lines.range(span.start, span.end), severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: CODE,
      message: '.nanokit/gateway/ holds the local CA\'s private key but is not git-ignored: add ".nanokit/" to .gitignore so it is never committed.',
      data: { gitignore: path.join(root, '.gitignore') },
    }];
  }

  refresh(uri: string): void {
    const root = projectRoot(uri);
    if (!root || this.running.has(root)) return;
    const cached = this.known.get(root);
    if (cached && Date.now() - cached.at < TTL_MS) return;
    this.running.add(root);
    void isNanokitDirGitIgnored(root).then((ignored) => {
      this.running.delete(root);
      this.known.set(root, { ignored, at: Date.now() });
      if (cached?.ignored !== ignored) this.onChange(uri);
    });
  }

  invalidate(): void {
    this.known.clear();
  }

  codeActions(params: CodeActionParams, gitignoreText: (file: string) => string | undefined): CodeAction[] {
    return params.context.diagnostics.filter((d) => d.code === CODE && d.source === DIAGNOSTIC_SOURCE).map((diagnostic) => {
      const file = (diagnostic.data as { gitignore: string }).gitignore;
      const uri = `file://${file}`;
      const existing = gitignoreText(file);
      const prefix = existing && !existing.endsWith('\n') ? '\n' : '';
      const lastLine = existing === undefined ? 0 : existing.split('\n').length - 1;
      const at = { line: lastLine, character: existing === undefined ? 0 : existing.split('\n')[lastLine].length };
      return {
        title: 'Add ".nanokit/" to .gitignore',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: {
          documentChanges: [
            ...(existing === undefined ? [{ kind: 'create' as const, uri, options: { ignoreIfExists: true } }] : []),
            { textDocument: { uri, version: null }, edits: [{ range: { start: at, end: at }, newText: `${prefix}# Nanokit gateway data (local CA private key, certificates)\n.nanokit/\n` }] },
          ],
        },
      };
    });
  }
}

function projectRoot(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
