// The one error type of brook (BrookError) and the factory functions that build it; nothing else throws.

/** Where a user error sits in the text it came from (1-based line and column). */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The whole text the span points into, used to print the caret line. */
  readonly text?: string;
}

export type ErrorDomain = 'user' | 'external' | 'internal';

/**
 * Every failure brook reports. `code` is stable and machine-readable, `message` is for people.
 * @example
 * try { df.select('nope') } catch (e) { if (e instanceof BrookError) console.log(e.code) } // UNRESOLVED_COLUMN
 */
export class BrookError extends Error {
  readonly code: string;
  readonly domain: ErrorDomain;
  readonly span?: SourceSpan;
  readonly hint?: string;

  constructor(options: { code: string; message: string; domain: ErrorDomain; span?: SourceSpan; hint?: string; cause?: unknown }) {
    super(renderMessage(options.message, options.span, options.hint), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrookError';
    this.code = options.code;
    this.domain = options.domain;
    this.span = options.span;
    this.hint = options.hint;
  }
}

function renderMessage(message: string, span?: SourceSpan, hint?: string): string {
  let out = message;
  if (span) {
    out += ` (line ${span.line}, column ${span.column})`;
    const caret = caretLines(span);
    if (caret) out += `\n${caret}`;
  }
  if (hint) out += `\nHint: ${hint}`;
  return out;
}

/** The source line of a span with a caret under the column, or '' when the span carries no text. */
export function caretLines(span: SourceSpan): string {
  if (span.text === undefined) return '';
  const line = span.text.split(/\r?\n/)[span.line - 1];
  if (line === undefined) return '';
  const width = span.endLine === span.line && span.endColumn !== undefined ? Math.max(1, span.endColumn - span.column) : 1;
  return `  ${line}\n  ${' '.repeat(Math.max(0, span.column - 1))}${'^'.repeat(width)}`;
}

/** A mistake in what the user wrote or called: a query, an option, a schema. */
export function userError(code: string, message: string, extra: { span?: SourceSpan; hint?: string; cause?: unknown } = {}): BrookError {
  return new BrookError({ code, message, domain: 'user', ...extra });
}

/** A failure outside brook: a broker, a file system, malformed input data. */
export function externalError(code: string, message: string, extra: { hint?: string; cause?: unknown } = {}): BrookError {
  return new BrookError({ code, message, domain: 'external', ...extra });
}

/** A broken invariant inside brook: a bug to report. */
export function internalError(message: string, cause?: unknown): BrookError {
  return new BrookError({ code: 'INTERNAL_ERROR', message: `internal error: ${message}`, domain: 'internal', cause });
}

/** Exhaustiveness check for switches over `kind` discriminants. */
export function assertNever(value: never, what = 'value'): never {
  throw internalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Turns anything caught into a BrookError, keeping BrookErrors as they are. */
export function asBrookError(error: unknown): BrookError {
  if (error instanceof BrookError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BrookError({ code: 'UNEXPECTED_ERROR', message, domain: 'internal', cause: error });
}
