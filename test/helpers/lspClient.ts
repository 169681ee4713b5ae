// A small LSP test client. `LspTestClient.inProcess()` joins it to the real server in this process
// over two PassThrough streams; `LspTestClient.spawn()` talks to `node dist/server.js --stdio`.
// The client answers workspace/configuration with the settings it is given and collects
// textDocument/publishDiagnostics so tests await them (an event with a timeout, never a sleep).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, ConfigurationRequest, DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, LogMessageNotification, MessageType, PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest,
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, InitializeResult, Position,
  ProtocolConnection, PublishDiagnosticsParams, Range, SymbolInformation, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../server/src/service';
import { CaddyConfigRequest, type CaddyConfigResult, type ServerSettings } from '../../server/src/protocol';

/** Compiled file: out/test/helpers/lspClient.js → repo root is three levels up. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const TEST_SETTINGS: ServerSettings = {
  environment: 'local',
  portCheck: { enabled: false, interval: 30 },
  codeLens: { enabled: true },
  docker: { host: '' },
};

export interface ClientOptions {
  /** Merged over TEST_SETTINGS (port check off). */
  settings?: Partial<ServerSettings>;
}

interface Waiter {
  uri: string;
  version: number | undefined;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export class LspTestClient {
  readonly initializeResult: Promise<InitializeResult>;
  settings: ServerSettings;
  /** Every publication received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** window/logMessage errors and warnings of the server ("completion failed …", "uncaught: …"). */
  readonly problemsLogged: string[] = [];
  private readonly versions = new Map<string, number>();
  private gate: { requested: () => void; released: Promise<void> } | undefined;
  private waiters: Waiter[] = [];

  private constructor(readonly connection: ProtocolConnection, options: ClientOptions, private readonly cleanup: () => Promise<number | null>) {
    this.settings = { ...TEST_SETTINGS, ...options.settings };
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      const gate = this.gate;
      if (gate) {
        gate.requested();
        await gate.released;
      }
      return params.items.map((item) => (item.section === 'nanokit' ? this.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.received(params));
    connection.onNotification(LogMessageNotification.type, (params) => {
      if (params.type === MessageType.Error || params.type === MessageType.Warning) this.problemsLogged.push(params.message);
    });
    connection.listen();
    this.initializeResult = connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: null,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    }).then((result) => {
      void connection.sendNotification(InitializedNotification.type, {});
      return result;
    });
  }

  /** Client and the real server in this process, joined by two PassThrough streams. */
  static async inProcess(options: ClientOptions = {}): Promise<LspTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Message readers/writers, not raw streams: given a stream, the library exits the process when it ends.
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(server);
    const client = new LspTestClient(createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), options, async () => {
      server.dispose();
      toServer.end();
      toClient.end();
      return null;
    });
    await client.initializeResult;
    return client;
  }

  /** `node dist/server.js --stdio` as a child process. `close()` resolves with its exit code. */
  static async spawn(options: ClientOptions = {}): Promise<LspTestClient & { child: ChildProcess }> {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(connection, options, async () => {
      await connection.sendNotification(ExitNotification.type);
      const code = await withTimeout(exited, 5000, 'the spawned server to exit after "exit"');
      connection.dispose();
      return code;
    });
    await client.initializeResult;
    return Object.assign(client, { child });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** Sends edits as the next version; returns that version. */
  async change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  closeDocument(uri: string): Promise<void> {
    this.versions.delete(uri);
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The diagnostics published for `uri` at `version` (default: the last version sent); fails after `timeoutMs`. */
  diagnostics(uri: string, options: { version?: number; timeoutMs?: number } = {}): Promise<Diagnostic[]> {
    const version = options.version ?? this.versions.get(uri);
    const already = [...this.published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
    if (already) return Promise.resolve(already.diagnostics);
    const arrived = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, version, resolve }));
    return withTimeout(arrived, options.timeoutMs ?? 2000, `diagnostics for ${uri} (version ${String(version)})`).then((p) => p.diagnostics);
  }

  /** Holds the answers to workspace/configuration until `release()`; `requested` resolves when the server asks. */
  holdConfiguration(): { requested: Promise<void>; release: () => void } {
    let requested!: () => void;
    let release!: () => void;
    const asked = new Promise<void>((resolve) => { requested = resolve; });
    this.gate = { requested, released: new Promise<void>((resolve) => { release = resolve; }) };
    return { requested: withTimeout(asked, 2000, 'a workspace/configuration request'), release: () => { this.gate = undefined; release(); } };
  }

  /** The next publication for `uri` from now on, whatever its version (e.g. the empty one after didClose). */
  nextDiagnostics(uri: string, timeoutMs = 2000): Promise<PublishDiagnosticsParams> {
    const arrived = new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ uri, version: undefined, resolve }));
    return withTimeout(arrived, timeoutMs, `the next diagnostics for ${uri}`);
  }

  /** Opens a document and awaits its diagnostics. */
  async openAndCheck(uri: string, text: string, timeoutMs = 2000): Promise<Diagnostic[]> {
    await this.open(uri, text);
    return this.diagnostics(uri, { timeoutMs });
  }

  completion(uri: string, position: Position): Promise<CompletionItem[]> {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })
      .then((r: CompletionItem[] | CompletionList | null) => (Array.isArray(r) ? r : r?.items ?? []));
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  symbols(uri: string): Promise<DocumentSymbol[]> {
    return this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })
      .then((r: DocumentSymbol[] | SymbolInformation[] | null) => (r ?? []) as DocumentSymbol[]);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })
      .then((r) => (r ?? []).filter((a): a is CodeAction => 'kind' in a || 'edit' in a));
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }).then((r) => r ?? []);
  }

  caddyConfig(uri: string, environment?: string): Promise<CaddyConfigResult> {
    return this.connection.sendRequest(CaddyConfigRequest.type, environment === undefined ? { uri } : { uri, environment });
  }

  /** shutdown, then (spawned only) exit; resolves with the child's exit code, or null in process. */
  async close(): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 2000, 'the shutdown response');
    return this.cleanup();
  }

  private received(params: PublishDiagnosticsParams): void {
    this.published.push(params);
    const ready = this.waiters.filter((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(params);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A document URI for a test (the server serves any uri it is sent). */
export function docUri(name: string): string {
  return `file:///work/test/${name}/nanokit.yml`;
}

/** The caret marker of fixtures: `‸` where the cursor is. */
export const CARET = '‸';

/** Removes the one caret marker from `marked` and returns the text and the marker's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CARET);
  if (offset < 0 || marked.indexOf(CARET, offset + 1) >= 0) throw new Error(`Fixture needs exactly one ${CARET} marker.`);
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** A range written compactly: r(line, startChar, endChar) on one line, or r(l1, c1, l2, c2). */
export function r(line: number, start: number, endOrLine: number, endChar?: number): Range {
  return endChar === undefined
    ? { start: { line, character: start }, end: { line, character: endOrLine } }
    : { start: { line, character: start }, end: { line: endOrLine, character: endChar } };
}
