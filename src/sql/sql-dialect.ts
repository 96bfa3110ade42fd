// The Spark SQL dialect at the lexical level: tokens with exact source positions, keywords, and a cursor that reports syntax errors.
//
// Why not node-sql-parser here: its ASTs carry positions only on a few node kinds (functions, some columns), it reads
// `123L` as `123 AS L`, and none of its dialects accepts `<=>`, `CAST(x AS STRUCT<...>)` and `INTERVAL 10 SECONDS`
// together. Spans on every node are a requirement (errors show a caret under the text), so brook lexes and parses
// Spark SQL itself; the grammar is small.
import type { SourceSpan } from '../common/errors.js';
import { userError } from '../common/errors.js';

/** Where a piece of SQL text starts inside a bigger original text (1-based line and column). */
export interface SqlOrigin {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/**
 * `word`: a bare identifier or keyword, as written. `quoted`: a `backquoted` identifier (value unescaped).
 * `string`: a '…' or "…" literal (value unescaped). `number`: a numeric literal (value = raw text).
 * `symbol`: an operator or punctuation. `end`: the end of the input.
 */
export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'symbol' | 'end';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The raw source text of the token. */
  readonly text: string;
  /** Identifier or string content after unescaping; the raw text for the other kinds. */
  readonly value: string;
  /** Offsets into the parsed text: [start, end). */
  readonly start: number;
  readonly end: number;
}

/**
 * Keywords that never name a column or start an expression (a stricter set than Spark's non-ANSI mode, which
 * reserves only join keywords; documented gap: a column named e.g. `end` must be backquoted).
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'ANTI', 'AS', 'BETWEEN', 'BY', 'CASE', 'CROSS', 'DISTINCT', 'ELSE', 'END', 'EXCEPT', 'FALSE', 'FROM',
  'FULL', 'GROUP', 'HAVING', 'ILIKE', 'IN', 'INNER', 'INTERSECT', 'IS', 'JOIN', 'LEFT', 'LIKE', 'LIMIT', 'MINUS',
  'NATURAL', 'NOT', 'NULL', 'ON', 'OR', 'ORDER', 'OUTER', 'REGEXP', 'RIGHT', 'RLIKE', 'SELECT', 'SEMI', 'THEN', 'TRUE',
  'UNION', 'USING', 'WHEN', 'WHERE', 'WITH',
]);

/** Words that may name a column but are not taken as an alias written without AS (they start a clause). */
export const NON_ALIAS_WORDS: ReadonlySet<string> = new Set([
  'CLUSTER', 'DISTRIBUTE', 'LATERAL', 'OFFSET', 'PIVOT', 'QUALIFY', 'SORT', 'TABLESAMPLE', 'UNPIVOT', 'WINDOW',
]);

const SYMBOLS = ['<=>', '<>', '<=', '>=', '!=', '==', '||', '->', '=>', '::', '+', '-', '*', '/', '%', '=', '<', '>',
  '!', '(', ')', '[', ']', ',', '.', ';', ':', '&', '|', '^', '~'];

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_]/u;
const NUMBER = /^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?(?:[bB][dD]|[lLsSyYdDfF])?/;

/** Maps offsets of the parsed text to 1-based lines and columns of the original text. */
export class SqlTextPositions {
  readonly text: string;
  private readonly origin: SqlOrigin;
  private readonly lineStarts: number[] = [0];

  constructor(text: string, origin?: SqlOrigin) {
    this.text = text;
    this.origin = origin ?? { text, line: 1, column: 1 };
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const column = offset - this.lineStarts[low]! + 1;
    if (low === 0) return { line: this.origin.line, column: this.origin.column + column - 1 };
    return { line: this.origin.line + low, column };
  }

  /** The span of [start, end) in the original text; endColumn is exclusive. */
  span(start: number, end: number): SourceSpan {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text: this.origin.text };
  }
}

/**
 * Splits Spark SQL text into tokens; the last token is always `end`.
 * @example tokenizeSql("price * 2 AS `total`").map((t) => t.text) // ['price', '*', '2', 'AS', '`total`', '']
 */
export function tokenizeSql(text: string, positions: SqlTextPositions = new SqlTextPositions(text)): SqlToken[] {
  const tokens: SqlToken[] = [];
  const fail = (start: number, end: number, message: string): never => {
    throw userError('SQL_PARSE_ERROR', message, { span: positions.span(start, end) });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (text.startsWith('--', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('/*', i)) {
      i = skipBlockComment(text, i, fail);
      continue;
    }
    const start = i;
    if ((c === 'r' || c === 'R') && (text[i + 1] === "'" || text[i + 1] === '"')) {
      const end = text.indexOf(text[i + 1]!, i + 2);
      if (end < 0) fail(start, i + 2, 'Unterminated string literal');
      tokens.push({ kind: 'string', text: text.slice(start, end + 1), value: text.slice(i + 2, end), start, end: end + 1 });
      i = end + 1;
    } else if (WORD_START.test(c)) {
      i++;
      while (i < text.length && WORD_PART.test(text[i]!)) i++;
      const word = text.slice(start, i);
      tokens.push({ kind: 'word', text: word, value: word, start, end: i });
    } else if (c === '`') {
      const { value, end } = readQuoted(text, i, '`', false, fail);
      tokens.push({ kind: 'quoted', text: text.slice(start, end), value, start, end });
      i = end;
    } else if (c === "'" || c === '"') {
      const { value, end } = readQuoted(text, i, c, true, fail);
      tokens.push({ kind: 'string', text: text.slice(start, end), value, start, end });
      i = end;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? '') && !followsOperand(tokens))) {
      const match = NUMBER.exec(text.slice(i))!;
      i += match[0].length;
      if (i < text.length && WORD_PART.test(text[i]!)) {
        while (i < text.length && WORD_PART.test(text[i]!)) i++;
        fail(start, i, `Syntax error at or near '${text.slice(start, i)}': invalid number`);
      }
      tokens.push({ kind: 'number', text: match[0], value: match[0], start, end: i });
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (symbol === undefined) fail(start, start + 1, `Syntax error at or near '${c}': unexpected character`);
      else {
        tokens.push({ kind: 'symbol', text: symbol, value: symbol, start, end: start + symbol.length });
        i += symbol.length;
      }
    }
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}

type Fail = (start: number, end: number, message: string) => never;

/** `.5` is a number only where an operand may start; after a name, `)` or `]` the dot is member access. */
function followsOperand(tokens: readonly SqlToken[]): boolean {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return false;
  if (last.kind === 'word') return !RESERVED_WORDS.has(last.text.toUpperCase());
  return last.kind === 'quoted' || last.text === ')' || last.text === ']';
}

/** Bracketed comments nest in Spark: `/* a /* b *\/ c *\/`. */
function skipBlockComment(text: string, start: number, fail: Fail): number {
  return blockCommentEnd(text, start) ?? fail(start, start + 2, 'Unterminated comment: missing */');
}

/** The offset just past the (nested) block comment that starts at `start`, or null when it never ends. */
export function blockCommentEnd(text: string, start: number): number | null {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) { depth++; i += 2; continue; }
    if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
      continue;
    }
    i++;
  }
  return null;
}

/**
 * Reads a quoted token starting at `start`. Strings unescape like Spark (\n, \t, \', \uXXXX, …; `\%` and `\_` stay
 * as written for LIKE); backquoted names use a doubled backquote as the only escape.
 */
function readQuoted(text: string, start: number, quote: string, escapes: boolean, fail: Fail): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) {
      if (!escapes && text[i + 1] === quote) { value += quote; i += 2; continue; }
      return { value, end: i + 1 };
    }
    if (escapes && c === '\\' && i + 1 < text.length) {
      const { decoded, length } = unescape(text, i);
      value += decoded;
      i += length;
      continue;
    }
    value += c;
    i++;
  }
  const what = quote === '`' ? 'Unterminated quoted identifier' : 'Unterminated string literal';
  return fail(start, start + 1, what);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\u0000', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\u001A', '\\': '\\', "'": "'", '"': '"', '%': '\\%', _: '\\_',
};

function unescape(text: string, backslash: number): { decoded: string; length: number } {
  const next = text[backslash + 1]!;
  const unicode = /^u([0-9a-fA-F]{4})/.exec(text.slice(backslash + 1, backslash + 6));
  if (unicode) return { decoded: String.fromCharCode(parseInt(unicode[1]!, 16)), length: 6 };
  const octal = /^[0-3][0-7]{2}/.exec(text.slice(backslash + 1, backslash + 4));
  if (octal) return { decoded: String.fromCharCode(parseInt(octal[0], 8)), length: 4 };
  return { decoded: SIMPLE_ESCAPES[next] ?? next, length: 2 };
}

/**
 * A position in a token list with the checks a recursive-descent parser needs; every failure is a
 * `SQL_PARSE_ERROR` pointing at the offending token.
 * @example const c = new SqlTokenCursor('SELECT 1'); c.expectKeyword('SELECT'); c.next().text // '1'
 */
export class SqlTokenCursor {
  readonly positions: SqlTextPositions;
  private readonly tokens: SqlToken[];
  private index = 0;

  constructor(text: string, origin?: SqlOrigin) {
    this.positions = new SqlTextPositions(text, origin);
    this.tokens = tokenizeSql(text, this.positions);
  }

  peek(ahead = 0): SqlToken {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  /** The last token consumed (the first token before anything was consumed). */
  previous(): SqlToken {
    return this.tokens[Math.max(0, this.index - 1)]!;
  }

  next(): SqlToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  /** Whether the token `ahead` is the bare word `word` (case-insensitive). */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  /** Consumes the words in order when they are all next. */
  acceptKeywords(...words: string[]): boolean {
    if (!words.every((w, i) => this.isKeyword(w, i))) return false;
    this.index += words.length;
    return true;
  }

  expectKeyword(word: string): SqlToken {
    if (!this.isKeyword(word)) this.fail(word);
    return this.next();
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'symbol' && token.text === symbol;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  expectSymbol(symbol: string): SqlToken {
    if (!this.isSymbol(symbol)) this.fail(`'${symbol}'`);
    return this.next();
  }

  /** Fails unless all input was consumed. */
  expectEnd(): void {
    if (!this.atEnd()) this.fail('end of input');
  }

  /** The span from the start of `first` to the end of `last` (default: the last consumed token). */
  span(first: SqlToken | number, last: SqlToken | number = this.previous()): SourceSpan {
    const start = typeof first === 'number' ? first : first.start;
    const end = typeof last === 'number' ? last : last.end;
    return this.positions.span(start, end);
  }

  /** Throws `Syntax error at or near '<token>'`, naming what was expected when given. */
  fail(expected?: string, token: SqlToken = this.peek()): never {
    const near = token.kind === 'end' ? 'end of input' : `'${shorten(token.text)}'`;
    const message = `Syntax error at or near ${near}${expected === undefined ? '' : `: expected ${expected}`}`;
    throw userError('SQL_PARSE_ERROR', message, { span: this.positions.span(token.start, token.end) });
  }

  /** Throws `SQL_UNSUPPORTED` for valid Spark SQL that brook does not support, pointing at `token`. */
  unsupported(what: string, token: SqlToken = this.peek(), hint?: string): never {
    throw userError('SQL_UNSUPPORTED', `${what} is not supported`, { span: this.positions.span(token.start, token.end), hint });
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
