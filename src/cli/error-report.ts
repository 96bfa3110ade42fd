// Formats an error for the terminal: `file:line:column: message`, the source line with a caret, and the hint.
import { BrookError, caretLines } from '../common/errors.js';
import { plainMessage } from '../sql/error-spans.js';

/**
 * Compiler-style text of an error that ended a command.
 * @example formatError(error, 'queries/sales.sql') // "queries/sales.sql:3:14: Column 'prize' does not exist…\n  …\n  ^^^^^"
 */
export function formatError(error: unknown, file: string | undefined): string {
  if (!(error instanceof BrookError)) {
    return `brook: ${error instanceof Error ? error.message : String(error)}\n`;
  }
  const where = error.span ? `${file ?? '<sql>'}:${error.span.line}:${error.span.column}: ` : file ? `${file}: ` : '';
  const caret = error.span ? caretLines(error.span) : '';
  const lines = [`${where}${error.domain === 'internal' ? '' : 'error: '}${plainMessage(error)}`];
  if (caret) lines.push(caret);
  if (error.hint) lines.push(`Hint: ${error.hint}`);
  return `${lines.join('\n')}\n`;
}
