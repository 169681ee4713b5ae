// Starts the language server for nanokit.yml files; restarts it after a crash, but not in a loop.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol';
import { DOCUMENT_SELECTOR } from './nanokitFiles';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

class RestartPolicy implements ErrorHandler {
  private readonly crashes: number[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.log.error(`language server connection error: ${error.message}`);
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      const message = `The Nanokit language server crashed ${this.crashes.length} times in 3 minutes and will not be restarted. See the "Nanokit" output for details, then run "Developer: Reload Window".`;
      this.log.error(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.log.warn(`language server stopped unexpectedly; restarting (${this.crashes.length}/${MAX_RESTARTS})`);
    return { action: CloseAction.Restart, handled: true };
  }
}

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    traceOutputChannel: log,
    errorHandler: new RestartPolicy(log),
    initializationFailedHandler: (error) => {
      log.error(`language server failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      log.show(true);
      return false;
    },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.gitignore') },
  };
  // Client id `nanokit` = settings prefix, so `nanokit.trace.server` works.
  return new LanguageClient('nanokit', 'Nanokit Language Server', serverOptions, clientOptions);
}
