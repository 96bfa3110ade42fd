// Flink's window table functions in FROM: TUMBLE / HOP / SESSION(TABLE t, DESCRIPTOR(ts), INTERVAL …), parsed with spans.
import type { SourceSpan } from '../common/errors.js';
import { userError } from '../common/errors.js';
import type { Expr } from '../planner/expr/expression.js';
import { parseExpressionAt } from './expression-parser.js';
import { RESERVED_WORDS } from './sql-dialect.js';
import type { SqlTokenCursor } from './sql-dialect.js';

export type WindowTvfKind = 'tumble' | 'hop' | 'session';

/**
 * A window table function: the rows of `table` with window_start, window_end and window_time columns.
 * `sizes` are the interval arguments as written: TUMBLE (size [, offset]), HOP (slide, size [, offset]), SESSION (gap).
 */
export interface WindowTvfRef {
  readonly kind: 'windowTvf';
  readonly window: WindowTvfKind;
  readonly table: string;
  readonly tableSpan: SourceSpan;
  readonly partitionBy: readonly string[];
  readonly timeColumn: string;
  readonly timeColumnSpan: SourceSpan;
  readonly sizes: readonly Expr[];
  readonly alias?: string;
  readonly span: SourceSpan;
}

const ARITY: Readonly<Record<WindowTvfKind, { min: number; max: number; form: string }>> = {
  tumble: { min: 1, max: 2, form: 'TUMBLE(TABLE t, DESCRIPTOR(time_column), size [, offset])' },
  hop: { min: 2, max: 3, form: 'HOP(TABLE t, DESCRIPTOR(time_column), slide, size [, offset])' },
  session: { min: 1, max: 1, form: 'SESSION(TABLE t [PARTITION BY key, ...], DESCRIPTOR(time_column), gap)' },
};

/** Whether `name(` in FROM starts a window table function brook knows (CUMULATE is recognised to say it is unsupported). */
export function isWindowTableFunction(name: string): boolean {
  return ['TUMBLE', 'HOP', 'SESSION', 'CUMULATE'].includes(name.toUpperCase());
}

/**
 * Parses `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)` (the cursor at the function name), without alias.
 * @example parseWindowTvfAt(new SqlTokenCursor("HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '1' MINUTE)"))
 */
export function parseWindowTvfAt(c: SqlTokenCursor): Omit<WindowTvfRef, 'alias'> {
  const nameToken = c.next();
  const upper = nameToken.text.toUpperCase();
  if (upper === 'CUMULATE') c.unsupported('The CUMULATE window function', nameToken, 'use HOP (sliding windows) or TUMBLE');
  const window = upper.toLowerCase() as WindowTvfKind;
  c.expectSymbol('(');
  if (c.peek(1).kind === 'symbol' && c.peek(1).text === '=>') c.unsupported('Named arguments (name => value) of a window function', c.peek());
  c.expectKeyword('TABLE');
  const tableToken = c.peek();
  const parts = [nameOf(c, 'a table name')];
  while (c.acceptSymbol('.')) parts.push(nameOf(c, 'a table name'));
  const tableSpan = c.span(tableToken);
  const partitionBy: string[] = [];
  if (c.acceptKeywords('PARTITION', 'BY')) {
    if (window !== 'session') c.unsupported(`PARTITION BY in ${upper}`, c.previous(), 'only SESSION takes PARTITION BY');
    do partitionBy.push(nameOf(c, 'a column name')); while (c.isSymbol(',') && !(c.isKeyword('DESCRIPTOR', 1) && c.isSymbol('(', 2)) && c.acceptSymbol(','));
  }
  c.expectSymbol(',');
  c.expectKeyword('DESCRIPTOR');
  c.expectSymbol('(');
  const timeToken = c.peek();
  const timeColumn = nameOf(c, 'the time column');
  const timeColumnSpan = c.span(timeToken);
  c.expectSymbol(')');
  const sizes: Expr[] = [];
  while (c.acceptSymbol(',')) sizes.push(parseExpressionAt(c));
  c.expectSymbol(')');
  const span = c.span(nameToken);
  const arity = ARITY[window];
  if (sizes.length < arity.min || sizes.length > arity.max) {
    throw userError('INVALID_WINDOW', `${upper} takes ${arity.min === arity.max ? arity.min : `${arity.min} or ${arity.max}`} interval argument${arity.max === 1 ? '' : 's'} after the DESCRIPTOR, but ${sizes.length} ${sizes.length === 1 ? 'was' : 'were'} given`, {
      span, hint: `write ${arity.form}`,
    });
  }
  return { kind: 'windowTvf', window, table: parts.join('.'), tableSpan, partitionBy, timeColumn, timeColumnSpan, sizes, span };
}

function nameOf(c: SqlTokenCursor, what: string): string {
  const t = c.peek();
  if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED_WORDS.has(t.text.toUpperCase()))) return c.next().value;
  return c.fail(what);
}
