// What every provider gets: the connection, the open documents, the parse cache and the settings;
// and the one wrapper every request goes through.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { NanokitDocument } from '../core/document';
import type { DocumentCache } from '../documentCache';
import type { ServerSettings } from '../protocol';
import type { SettingsCache } from '../settings';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: DocumentCache;
  settings: SettingsCache;
}

export type DocumentHandler<P, R> = (doc: NanokitDocument, params: P, settings: ServerSettings, token: CancellationToken) => R | Promise<R>;

const SLOW_MS = 250;

/** Looks up the document, parses it (once per version), runs `handler`, turns exceptions into ResponseErrors and logs slow calls. */
export function onDocument<P extends { textDocument: { uri: string } }, R>(
  ctx: ServerContext, name: string, empty: R, handler: DocumentHandler<P, R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    const text = ctx.documents.get(params.textDocument.uri);
    if (!text) return empty;
    const started = performance.now();
    try {
      const settings = await ctx.settings.get(text.uri);
      if (token.isCancellationRequested) return empty;
      return await handler(ctx.cache.get(text), params, settings, token);
    } catch (error) {
      const err = error as Error;
      ctx.connection.console.error(`${name} failed for ${text.uri}: ${err.stack ?? err.message}`);
      throw new ResponseError(ErrorCodes.InternalError, `nanokit: ${name} failed: ${err.message}`);
    } finally {
      const ms = performance.now() - started;
      if (ms > SLOW_MS) ctx.connection.console.warn(`${name} took ${ms.toFixed(0)} ms for ${text.uri}`);
    }
  };
}
