// Parses `('key' = 'value', …)` option lists (CREATE TABLE … WITH) and `/*+ OPTIONS(…) *\/` hints, keeping spans.
import { userError } from '../common/errors.js';
import { SqlTokenCursor } from './sql-dialect.js';
import type { SqlToken } from './sql-dialect.js';
import type { SqlOption } from './statements.js';

/**
 * `( 'key' = 'value' [, …] )`: keys are strings or dotted names (kafka.bootstrap.servers); values are strings,
 * numbers or TRUE/FALSE, kept as text. A key given twice (in any case) is an error.
 * @example parseOptionListAt(new SqlTokenCursor("('connector' = 'rate', 'rowsPerSecond' = 10)"))
 */
export function parseOptionListAt(c: SqlTokenCursor): SqlOption[] {
  c.expectSymbol('(');
  const options: SqlOption[] = [];
  if (!c.isSymbol(')')) {
    do options.push(parseOption(c, options)); while (c.acceptSymbol(','));
  }
  c.expectSymbol(')');
  return options;
}

function parseOption(c: SqlTokenCursor, earlier: readonly SqlOption[]): SqlOption {
  const keyStart = c.peek();
  let key: string;
  if (keyStart.kind === 'string') {
    key = c.next().value;
  } else if (keyStart.kind === 'word' || keyStart.kind === 'quoted') {
    const parts = [c.next().value];
    while (c.isSymbol('.') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'quoted')) {
      c.next();
      parts.push(c.next().value);
    }
    key = parts.join('.');
  } else {
    return c.fail("an option name such as 'connector'");
  }
  const keySpan = c.span(keyStart);
  if (earlier.some((o) => o.key.toLowerCase() === key.toLowerCase())) {
    throw userError('DUPLICATE_OPTION', `Option '${key}' is given twice`, { span: keySpan });
  }
  c.expectSymbol('=');
  const valueStart = c.peek();
  const value = parseOptionValue(c, valueStart);
  return { key, value, keySpan, valueSpan: c.span(valueStart) };
}

function parseOptionValue(c: SqlTokenCursor, t: SqlToken): string {
  if (t.kind === 'string') {
    let value = '';
    while (c.peek().kind === 'string') value += c.next().value;
    return value;
  }
  if (t.kind === 'number') return c.next().text;
  if (c.isSymbol('-') && c.peek(1).kind === 'number') {
    c.next();
    return `-${c.next().text}`;
  }
  if (c.isKeyword('TRUE') || c.isKeyword('FALSE')) return c.next().text.toLowerCase();
  return c.fail("an option value in quotes, e.g. 'json'");
}

/**
 * Reads the `/*+ OPTIONS('k' = 'v', …) *\/` hints written between the last consumed token and the next one
 * (Flink's dynamic table options). Returns [] when there is no hint there.
 * @example // after `INSERT INTO sink`: /*+ OPTIONS('outputMode' = 'update') *\/ → [{ key: 'outputMode', value: 'update', … }]
 */
export function parseHintsBefore(c: SqlTokenCursor): SqlOption[] {
  const gapStart = c.previous().end;
  const gapEnd = c.peek().start;
  const text = c.positions.text;
  const gap = text.slice(gapStart, gapEnd);
  const at = findHint(gap);
  if (at < 0) return [];
  const bodyStart = gapStart + at + 3;
  const close = text.indexOf('*/', bodyStart);
  const bodyEnd = close < 0 || close > gapEnd ? gapEnd : close;
  const where = c.positions.position(bodyStart);
  const origin = { text: c.positions.span(0, 0).text ?? text, line: where.line, column: where.column };
  const hint = new SqlTokenCursor(text.slice(bodyStart, bodyEnd), origin);
  const options: SqlOption[] = [];
  do {
    if (!hint.isKeyword('OPTIONS')) hint.fail("OPTIONS('key' = 'value', ...) in the hint");
    hint.next();
    for (const option of parseOptionListAt(hint)) {
      if (options.some((o) => o.key.toLowerCase() === option.key.toLowerCase())) {
        throw userError('DUPLICATE_OPTION', `Option '${option.key}' is given twice`, { span: option.keySpan });
      }
      options.push(option);
    }
  } while (hint.acceptSymbol(','));
  hint.expectEnd();
  return options;
}

/** The offset of `/*+` in whitespace-and-comments text that is not inside a `--` comment; -1 when none. */
function findHint(gap: string): number {
  let i = 0;
  while (i < gap.length) {
    if (gap.startsWith('--', i)) {
      const newline = gap.indexOf('\n', i);
      if (newline < 0) return -1;
      i = newline + 1;
    } else if (gap.startsWith('/*+', i)) {
      return i;
    } else {
      i++;
    }
  }
  return -1;
}
