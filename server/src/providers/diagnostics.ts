// Publishes diagnostics: the document's own problems (computed once per version) plus the problems
// of extra sources that change without an edit (host ports).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { analyzeDocument, DIAGNOSTIC_SOURCE } from '../core/analyze';
import type { NanokitDocument } from '../core/document';
import type { ServerSettings } from '../protocol';
import type { ServerContext } from './context';

export interface DiagnosticSource {
  /** Current diagnostics of this source for a document (synchronous, from its own cache). */
  diagnostics(uri: string, doc: NanokitDocument, settings: ServerSettings): Diagnostic[];
  /** Called after every publication: the source may refresh itself and call `republish` later. */
  refresh?(uri: string, doc: NanokitDocument, settings: ServerSettings): void;
}

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private readonly own = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private readonly sources: DiagnosticSource[] = [];

  constructor(private readonly ctx: ServerContext) {}

  addSource(source: DiagnosticSource): void {
    this.sources.push(source);
  }

  /** Coalesces bursts of changes: validation runs once, after the messages already received. */
  schedule(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    setImmediate(() => {
      this.pending.delete(uri);
      this.publish(uri, true).catch((error: Error) => this.ctx.connection.console.error(`diagnostics failed for ${uri}: ${error.stack ?? error.message}`));
    });
  }

  /** Publishes again without re-analysing the document (a source's results changed). */
  republish(uri: string): void {
    this.publish(uri, false).catch((error: Error) => this.ctx.connection.console.error(`diagnostics failed for ${uri}: ${error.stack ?? error.message}`));
  }

  /** Lets the sources re-check (ports, .gitignore) without publishing first; they republish on change. */
  refreshSources(uri: string): void {
    const text = this.ctx.documents.get(uri);
    if (!text) return;
    const doc = this.ctx.cache.get(text);
    this.ctx.settings.get(uri).then((settings) => {
      for (const source of this.sources) source.refresh?.(uri, doc, settings);
    }, (error: Error) => this.ctx.connection.console.error(`refresh failed for ${uri}: ${error.message}`));
  }

  forget(uri: string): void {
    this.own.delete(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  all(): string[] {
    return this.ctx.documents.keys();
  }

  /** The document's own diagnostics; a failure of the checks is shown on line 1 rather than leaving stale results. */
  private analyze(uri: string, doc: NanokitDocument): Diagnostic[] {
    try {
      return analyzeDocument(doc);
    } catch (error) {
      const err = error as Error;
      this.ctx.connection.console.error(`checking ${uri} failed: ${err.stack ?? err.message}`);
      return [{
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'internal-error',
        message: `nanokit could not check this file (${err.message}). This is a bug: the details are in the "Nanokit" output channel.`,
      }];
    }
  }

  private async publish(uri: string, refresh: boolean): Promise<void> {
    const text = this.ctx.documents.get(uri);
    if (!text) return;
    const doc = this.ctx.cache.get(text);
    let own = this.own.get(uri);
    if (!own || own.version !== text.version) {
      own = { version: text.version, diagnostics: this.analyze(uri, doc) };
      this.own.set(uri, own);
    }
    const settings = await this.ctx.settings.get(uri);
    // Closed or edited while the settings were fetched: forget() cleared it, or the newer version publishes.
    if (this.ctx.documents.get(uri)?.version !== text.version) return;
    const extra = this.sources.flatMap((s) => s.diagnostics(uri, doc, settings));
    await this.ctx.connection.sendDiagnostics({ uri, version: text.version, diagnostics: [...own.diagnostics, ...extra] });
    if (refresh) for (const source of this.sources) source.refresh?.(uri, doc, settings);
  }
}
