// Gives user errors a place in the SQL text: attaches a span to errors thrown without one, and moves spans between texts.
import type { SourceSpan } from '../common/errors.js';
import { BrookError, caretLines, userError } from '../common/errors.js';

/**
 * The message a BrookError was built with, without the position, caret and hint that its `message` renders.
 * @example plainMessage(userError('X', 'Column a is bad', { hint: 'fix it' })) // 'Column a is bad'
 */
export function plainMessage(error: BrookError): string {
  let message = error.message;
  if (error.hint !== undefined && message.endsWith(`\nHint: ${error.hint}`)) message = message.slice(0, -`\nHint: ${error.hint}`.length);
  if (error.span) {
    const caret = caretLines(error.span);
    const suffix = ` (line ${error.span.line}, column ${error.span.column})${caret ? `\n${caret}` : ''}`;
    if (message.endsWith(suffix)) message = message.slice(0, -suffix.length);
  }
  return message;
}

/**
 * The same user error at another place (external and internal errors do not point into SQL and are returned as they are).
 * @example respan(error, { line: 3, column: 7, text }) // message rendered with the new line, column and caret
 */
export function respan(error: BrookError, span: SourceSpan): BrookError {
  if (error.domain !== 'user') return error;
  return userError(error.code, plainMessage(error), { span, hint: error.hint, cause: error.cause });
}

/**
 * Runs `fn`; a user error it throws without a span gets `span` (errors that already point somewhere keep their place).
 * @example atSpan(clause.span, () => watermark(plan, 'ts', '10 seconds'))
 */
export function atSpan<T>(span: SourceSpan | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw withSpanIfMissing(error, span);
  }
}

/** The async form of atSpan. */
export async function atSpanAsync<T>(span: SourceSpan | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw withSpanIfMissing(error, span);
  }
}

function withSpanIfMissing(error: unknown, span: SourceSpan | undefined): unknown {
  if (span === undefined || !(error instanceof BrookError) || error.span !== undefined) return error;
  return respan(error, span);
}
