// The LSP features, each a thin call into core/.
import type { CodeAction, CodeActionParams, CodeLens, CodeLensParams, CompletionItem, CompletionParams, DocumentSymbol, DocumentSymbolParams, Hover, HoverParams } from 'vscode-languageserver';
import { quickFixes } from '../core/codeActions';
import { completions } from '../core/completion';
import { hover } from '../core/hover';
import { documentSymbols } from '../core/symbols';
import { caddyConfigForDocument } from '../core/analyze';
import { CaddyConfigRequest, ClientCommands, type CaddyConfigParams, type CaddyConfigResult } from '../protocol';
import { onDocument, type ServerContext } from './context';

export function registerFeatures(ctx: ServerContext, extraActions: (params: CodeActionParams) => CodeAction[] = () => []): void {
  const { connection } = ctx;
  connection.onCompletion(onDocument<CompletionParams, CompletionItem[]>(ctx, 'completion', [], (doc, params) => completions(doc, params.position)));
  connection.onHover(onDocument<HoverParams, Hover | null>(ctx, 'hover', null, (doc, params, settings) => hover(doc, params.position, settings.environment)));
  connection.onDocumentSymbol(onDocument<DocumentSymbolParams, DocumentSymbol[]>(ctx, 'documentSymbol', [], (doc) => documentSymbols(doc)));
  connection.onCodeAction(onDocument<CodeActionParams, CodeAction[]>(ctx, 'codeAction', [], (_doc, params) => [
    ...quickFixes(params.textDocument.uri, params.context.diagnostics),
    ...extraActions(params),
  ]));
  connection.onCodeLens(onDocument<CodeLensParams, CodeLens[]>(ctx, 'codeLens', [], (_doc, params, settings) =>
    settings.codeLens.enabled
      ? [{
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          command: { title: `Preview Caddy config (${settings.environment})`, command: ClientCommands.previewCaddyConfig, arguments: [params.textDocument.uri] },
        }]
      : []));
  connection.onRequest(CaddyConfigRequest.type, async (params: CaddyConfigParams, token): Promise<CaddyConfigResult> => {
    const handler = onDocument<{ textDocument: { uri: string } }, CaddyConfigResult>(ctx, 'caddyConfig',
      { environment: params.environment ?? 'local', config: null, errors: [`${params.uri} is not open in the language server.`] },
      (doc, _p, settings) => {
        const { environment, config, errors } = caddyConfigForDocument(doc, params.environment ?? settings.environment);
        return { environment, config, errors };
      });
    return handler({ textDocument: { uri: params.uri } }, token);
  });
}
