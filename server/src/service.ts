// Wires the language server: capabilities, document events, diagnostics and features.
import { DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import type { Connection, InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from './documentCache';
import { RecheckPortsNotification } from './protocol';
import type { ServerContext } from './providers/context';
import { DiagnosticsPublisher } from './providers/diagnostics';
import { registerFeatures } from './providers/features';
import { SettingsCache } from './settings';
import { readFileSync } from 'node:fs';
import { GitIgnoreCheck } from './providers/gitIgnoreCheck';
import { PortDiagnostics } from './providers/portDiagnostics';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let canPullSettings = false;
  let canRegisterConfig = false;
  const ctx: ServerContext = { connection, documents, cache: new DocumentCache(), settings: new SettingsCache(connection, () => canPullSettings) };
  const diagnostics = new DiagnosticsPublisher(ctx);
  const ports = new PortDiagnostics(ctx, (uri) => diagnostics.republish(uri));
  diagnostics.addSource(ports);
  const gitIgnore = new GitIgnoreCheck((uri) => diagnostics.republish(uri));
  diagnostics.addSource(gitIgnore);

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = !!params.capabilities.workspace?.configuration;
    canRegisterConfig = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', ':', '-', '[', ','] },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'nanokit-language-server', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (canRegisterConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'nanokit' });
  });
  connection.onDidChangeConfiguration(() => {
    ctx.settings.clear();
    ports.invalidate();
    for (const uri of diagnostics.all()) diagnostics.schedule(uri);
  });
  connection.onNotification(RecheckPortsNotification.type, (params) => {
    ports.invalidate();
    for (const uri of params.uri ? [params.uri] : diagnostics.all()) diagnostics.refreshSources(uri);
  });

  documents.onDidOpen((e) => diagnostics.schedule(e.document.uri));
  documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri));
  documents.onDidSave((e) => {
    ports.invalidate();
    gitIgnore.invalidate();
    // Every open document: checks in flight for the others were just made stale.
    for (const uri of new Set([e.document.uri, ...diagnostics.all()])) diagnostics.refreshSources(uri);
  });
  documents.onDidClose((e) => {
    ctx.cache.delete(e.document.uri);
    ctx.settings.clear(e.document.uri);
    ports.forget(e.document.uri);
    diagnostics.forget(e.document.uri);
  });

  // The client watches **/.gitignore: an edit there re-runs the check.
  connection.onDidChangeWatchedFiles(() => {
    gitIgnore.invalidate();
    for (const uri of diagnostics.all()) diagnostics.schedule(uri);
  });
  registerFeatures(ctx, (params) => [...ports.codeActions(params), ...gitIgnore.codeActions(params, readText)]);
  documents.listen(connection);
  connection.listen();
}
