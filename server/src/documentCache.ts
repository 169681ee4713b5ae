// Parses each version of a document at most once.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { NanokitDocument } from './core/document';

export class DocumentCache {
  private readonly parsed = new Map<string, NanokitDocument>();

  get(document: TextDocument): NanokitDocument {
    const cached = this.parsed.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const fresh = new NanokitDocument(document.getText(), document.version);
    this.parsed.set(document.uri, fresh);
    return fresh;
  }

  delete(uri: string): void {
    this.parsed.delete(uri);
  }
}
