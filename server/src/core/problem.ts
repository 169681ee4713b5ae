// A problem found in a document, still in offsets; converted to an LSP Diagnostic at the edge.
import type { Span } from './document';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Problem {
  /** Stable identifier users and tests rely on (`unknown-key`, `duplicate-host`, …). */
  code: string;
  message: string;
  severity: Severity;
  span: Span;
  /** Machine-readable details for quick fixes (e.g. `{ replacement: "services" }`). */
  data?: ProblemData;
}

export interface ProblemData {
  /** Text that replaces the problem's span (a "did you mean" fix). */
  replacement?: string;
  /** Other fix hints, by kind. */
  [key: string]: unknown;
}
