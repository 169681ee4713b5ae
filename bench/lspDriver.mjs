// One minimal LSP client for both servers: spawns `node <server> --stdio`, frames JSON-RPC with
// Content-Length headers, answers the server's requests like VS Code would (configuration per
// section, registrations, progress), and lets the bench await diagnostics and responses.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

/** initialize capabilities the way VS Code 1.100 announces the ones that matter to these servers. */
export const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true, willSave: true, willSaveWaitUntil: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: { snippetSupport: true, commitCharactersSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true, preselectSupport: true, insertReplaceSupport: true, labelDetailsSupport: true },
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } } },
    formatting: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  general: { positionEncodings: ['utf-16'] },
};

export class LspServer {
  /**
   * @param {object} o
   * @param {string} o.name label for messages
   * @param {string[]} o.args argv after `node` (e.g. ['dist/server.js', '--stdio'])
   * @param {(section: string) => unknown} o.configuration answer for one `workspace/configuration` item
   */
  constructor({ name, args, configuration, cwd }) {
    this.name = name;
    this.configuration = configuration;
    this.nextId = 1;
    this.pending = new Map();
    this.diagnosticWaiters = new Set();
    this.lastDiagnostics = new Map();
    this.stderr = '';
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.buffer = Buffer.alloc(0);
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stdin.on('error', () => undefined);
    void this.exited.then(({ code, signal }) => {
      const error = new Error(`${this.name} exited (code ${code}, signal ${signal}) ${this.stderr.trim()}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      for (const waiter of this.diagnosticWaiters) waiter.reject(error);
      this.diagnosticWaiters.clear();
    });
  }

  get pid() {
    return this.child.pid;
  }

  /** Resident memory of the server process in MB (VmRSS from /proc). */
  rssMb() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kb / 1024;
  }

  send(message) {
    const json = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** Sends a request; resolves with { result, ms } where ms is the round trip. */
  request(method, params, timeoutMs = 120_000) {
    const id = this.nextId++;
    const sentAt = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result, at) => {
          clearTimeout(timer);
          resolve({ result, ms: at - sentAt, at });
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ id, method, params });
    });
  }

  /**
   * Resolves with { diagnostics, version, at } for the first publication on `uri` that satisfies
   * `accept` (default: any), received after this call.
   */
  waitForDiagnostics(uri, accept = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const waiter = {
        uri,
        accept,
        resolve: (value) => {
          clearTimeout(timer);
          this.diagnosticWaiters.delete(waiter);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.diagnosticWaiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.reject(new Error(`${this.name}: no matching diagnostics for ${uri} within ${timeoutMs} ms (last: ${JSON.stringify(this.lastDiagnostics.get(uri)?.diagnostics?.slice(0, 3))})`)), timeoutMs);
      this.diagnosticWaiters.add(waiter);
    });
  }

  async initialize(rootUri) {
    const { result, at } = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.100.3' },
      locale: 'en',
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: CLIENT_CAPABILITIES,
      trace: 'off',
    });
    /** Spawn → initialize result, in ms. */
    this.coldStartMs = at - this.spawnedAt;
    this.notify('initialized', {});
    return result;
  }

  async shutdown() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      await this.request('shutdown', null, 5_000);
      this.notify('exit', null);
    } catch {
      // already gone or stuck: killed below
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }

  onData(chunk) {
    const at = performance.now();
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body), at);
    }
  }

  onMessage(message, at) {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(`${this.name}: ${message.error.message}`));
      else pending.resolve(message.result, at);
      return;
    }
    if (message.id !== undefined) return this.answerServerRequest(message);
    if (message.method === 'textDocument/publishDiagnostics') {
      const publication = { diagnostics: message.params.diagnostics, version: message.params.version, at };
      this.lastDiagnostics.set(message.params.uri, publication);
      for (const waiter of [...this.diagnosticWaiters]) {
        if (waiter.uri === message.params.uri && waiter.accept(publication)) waiter.resolve(publication);
      }
    }
  }

  answerServerRequest(message) {
    let result = null;
    if (message.method === 'workspace/configuration') result = message.params.items.map((item) => this.configuration(item.section ?? ''));
    else if (message.method === 'workspace/workspaceFolders') result = [];
    this.send({ id: message.id, result });
  }
}

/** Signature of a diagnostics list, to recognise the publication for a given document state. */
export function signature(diagnostics) {
  return JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message]));
}
