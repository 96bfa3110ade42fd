// Substitutes ${NAME} and ${NAME:-default} in a SQL script and maps positions of the result back to the original text.
//
// Substitution happens everywhere (strings, names, /*+ hints */) except inside `--` and ordinary `/* */` comments, so
// a commented-out line never needs its variables. `$${` writes a literal `${`.
import type { SourceSpan } from '../common/errors.js';
import { userError } from '../common/errors.js';
import { blockCommentEnd } from './sql-dialect.js';

/** Gives a variable's value, or undefined when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

/** One stretch of the substituted text: copied verbatim, or the value of one `${…}` reference. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly originalStart: number;
  readonly originalEnd: number;
  readonly verbatim: boolean;
}

/**
 * A script after substitution, with the way back to the original text.
 * @example
 * const s = substituteVariables("WITH ('topic' = '${T}')", (n) => (n === 'T' ? 'sales' : undefined));
 * s.text // "WITH ('topic' = 'sales')"
 */
export class SubstitutedText {
  private readonly lineStarts: number[];
  private readonly originalLineStarts: number[];

  constructor(readonly text: string, readonly original: string, private readonly segments: readonly Segment[]) {
    this.lineStarts = lineStartsOf(text);
    this.originalLineStarts = lineStartsOf(original);
  }

  /**
   * The original offset of an offset of `text`. Inside a substituted value, a start maps to the `$` of its reference
   * and an end to just after its `}`, so a span over a value underlines the whole `${…}`.
   */
  originalOffset(offset: number, side: 'start' | 'end'): number {
    const segment = this.segments.find((s) => (side === 'start' ? s.start <= offset && offset < s.end : s.start < offset && offset <= s.end))
      ?? this.segments.find((s) => s.start <= offset && offset <= s.end);
    if (segment === undefined) return Math.min(offset, this.original.length);
    if (segment.verbatim) return segment.originalStart + (offset - segment.start);
    return side === 'start' ? segment.originalStart : segment.originalEnd;
  }

  /** A span of `text` (as the parser made it) turned into the same place in the original text; other spans are kept. */
  remapSpan(span: SourceSpan): SourceSpan {
    if (span.text !== this.text) return span;
    const start = this.originalOffset(offsetOf(this.lineStarts, span.line, span.column), 'start');
    const endOffset = span.endLine === undefined || span.endColumn === undefined ? undefined : offsetOf(this.lineStarts, span.endLine, span.endColumn);
    const from = positionOf(this.originalLineStarts, start);
    if (endOffset === undefined) return { line: from.line, column: from.column, text: this.original };
    const to = positionOf(this.originalLineStarts, Math.max(start, this.originalOffset(endOffset, 'end')));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text: this.original };
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces every `${NAME}` / `${NAME:-default}` outside comments; an unset variable without a default is an error
 * pointing at its reference.
 * @example substituteVariables('SELECT ${COL:-price} FROM t', () => undefined).text // 'SELECT price FROM t'
 */
export function substituteVariables(original: string, lookup: VariableLookup): SubstitutedText {
  const segments: Segment[] = [];
  let out = '';
  let verbatimFrom = 0;
  const flush = (upTo: number) => {
    if (upTo > verbatimFrom) {
      segments.push({ start: out.length, end: out.length + (upTo - verbatimFrom), originalStart: verbatimFrom, originalEnd: upTo, verbatim: true });
      out += original.slice(verbatimFrom, upTo);
    }
  };
  let i = 0;
  let quote: string | undefined;
  while (i < original.length) {
    const c = original[i]!;
    if (quote !== undefined && c === '\\' && quote !== '`') {
      i += 2;
    } else if (quote !== undefined && c === quote) {
      quote = undefined;
      i++;
    } else if (quote === undefined && (c === "'" || c === '"' || c === '`')) {
      quote = c;
      i++;
    } else if (quote === undefined && original.startsWith('--', i)) {
      i = endOfLineComment(original, i);
    } else if (quote === undefined && original.startsWith('/*', i) && original[i + 2] !== '+') {
      i = endOfBlockComment(original, i);
    } else if (original.startsWith('$${', i)) {
      flush(i);
      segments.push({ start: out.length, end: out.length + 2, originalStart: i, originalEnd: i + 3, verbatim: false });
      out += '${';
      i += 3;
      verbatimFrom = i;
    } else if (original.startsWith('${', i)) {
      flush(i);
      const { value, end } = resolveReference(original, i, lookup);
      segments.push({ start: out.length, end: out.length + value.length, originalStart: i, originalEnd: end, verbatim: false });
      out += value;
      i = end;
      verbatimFrom = i;
    } else {
      i++;
    }
  }
  flush(original.length);
  return new SubstitutedText(out, original, segments);
}

function resolveReference(text: string, start: number, lookup: VariableLookup): { value: string; end: number } {
  const close = text.indexOf('}', start + 2);
  const newline = text.indexOf('\n', start + 2);
  const fail = (end: number, message: string, hint?: string): never => {
    const span = spanOf(text, start, end);
    throw userError('SQL_VARIABLE_ERROR', message, { span, hint });
  };
  if (close < 0 || (newline >= 0 && newline < close)) {
    return fail(start + 2, "Unterminated variable reference: expected '}' after '${'", 'write ${NAME} or ${NAME:-default}; write $${ for a literal ${');
  }
  const body = text.slice(start + 2, close);
  const separator = body.indexOf(':-');
  const name = separator < 0 ? body : body.slice(0, separator);
  if (!NAME.test(name)) {
    return fail(close + 1, `Invalid variable reference '\${${body}}': a variable name is letters, digits and '_', not starting with a digit`, 'write ${NAME} or ${NAME:-default}');
  }
  const value = lookup(name) ?? (separator < 0 ? undefined : body.slice(separator + 2));
  if (value === undefined) {
    return fail(close + 1, `Variable '${name}' is not set`, `pass --var ${name}=value, set ${name} in the environment, or give a default: \${${name}:-value}`);
  }
  return { value, end: close + 1 };
}

function endOfLineComment(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline;
}

/** Block comments nest, as in Spark; an unterminated one is reported by the tokenizer later. */
function endOfBlockComment(text: string, start: number): number {
  return blockCommentEnd(text, start) ?? text.length;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function offsetOf(lineStarts: readonly number[], line: number, column: number): number {
  const start = lineStarts[Math.min(Math.max(line, 1), lineStarts.length) - 1]!;
  return start + column - 1;
}

function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}

function spanOf(text: string, start: number, end: number): SourceSpan {
  const starts = lineStartsOf(text);
  const from = positionOf(starts, start);
  const to = positionOf(starts, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text };
}
