// Rewrites a SELECT over a window table function into Spark's form: GROUP BY window(ts, …) AS window, window_start → window.start.
//
//   SELECT product, window_start, window_end, sum(x) FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), slide, size))
//   GROUP BY product, window_start, window_end
// is planned as
//   SELECT product, window.start AS window_start, window.end AS window_end, sum(x) FROM t
//   GROUP BY product, window(ts, size, slide) AS window
// so SQL and the DataFrame API (groupBy(window(col('ts'), size, slide))) build the same plan.
import { userError } from '../common/errors.js';
import type { SourceSpan } from '../common/errors.js';
import { alias, call, extract, literal } from '../planner/expr/expression.js';
import type { Expr, SortOrderExpr } from '../planner/expr/expression.js';
import type { SelectQuery, TableRef } from './query-parser.js';
import type { WindowTvfRef } from './window-tvf.js';

/** The name of the window struct column the rewrite groups by (Spark's default name for window(...)). */
export const WINDOW_COLUMN = 'window';

type WindowColumn = 'window_start' | 'window_end' | 'window_time';

/**
 * The query with its window table function turned into a window grouping key; other queries are returned as they are.
 * @example rewriteWindowTvf(parseQuery("SELECT window_start, count(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end"))
 */
export function rewriteWindowTvf(query: SelectQuery): SelectQuery {
  const tvf = query.from;
  if (tvf === undefined || tvf.kind !== 'windowTvf') return query;
  const qualifier = (tvf.alias ?? tvf.table.split('.').pop()!).toLowerCase();
  const windowColumnOf = (e: Expr): WindowColumn | undefined => {
    if (e.kind !== 'column') return undefined;
    const parts = e.nameParts.map((p) => p.toLowerCase());
    const name = parts.length === 1 ? parts[0] : parts.length === 2 && parts[0] === qualifier ? parts[1] : undefined;
    return name === 'window_start' || name === 'window_end' || name === 'window_time' ? name : undefined;
  };
  const firstWindowKey = query.groupBy.findIndex((g) => windowColumnOf(g) !== undefined);
  if (firstWindowKey < 0) {
    throw userError('INVALID_WINDOW', `${tvf.window.toUpperCase()}(...) must be grouped by its window: add GROUP BY window_start, window_end`, {
      span: tvf.span, hint: 'brook runs window table functions as window aggregations (as Flink does for GROUP BY window_start, window_end)',
    });
  }
  const others = query.groupBy.filter((g) => windowColumnOf(g) === undefined);
  checkSessionPartitions(tvf, others);
  const groupBy = [...others];
  groupBy.splice(query.groupBy.slice(0, firstWindowKey).filter((g) => windowColumnOf(g) === undefined).length, 0, alias(windowCall(tvf), WINDOW_COLUMN));
  const replace = (e: Expr): Expr => mapColumns(e, (column) => {
    const which = windowColumnOf(column);
    return which === undefined ? undefined : windowValue(which, column.kind === 'column' ? column.span : undefined);
  });
  const select = query.select.map((item) => {
    const which = windowColumnOf(item);
    return which === undefined ? replace(item) : alias(replace(item), item.kind === 'column' ? item.nameParts[item.nameParts.length - 1]! : which);
  });
  const from: TableRef = { kind: 'table', name: tvf.table, span: tvf.tableSpan, ...(tvf.alias === undefined ? {} : { alias: tvf.alias }) };
  return {
    ...query,
    from,
    select,
    groupBy,
    ...(query.having === undefined ? {} : { having: replace(query.having) }),
    orderBy: query.orderBy.map((o) => replace(o) as SortOrderExpr),
  };
}

function windowCall(tvf: WindowTvfRef): Expr {
  const time: Expr = { kind: 'column', nameParts: [tvf.timeColumn], span: tvf.timeColumnSpan };
  const [first, second, third] = tvf.sizes;
  switch (tvf.window) {
    case 'tumble': return call('window', second === undefined ? [time, first!] : [time, first!, first!, second], { span: tvf.span });
    case 'hop': return call('window', third === undefined ? [time, second!, first!] : [time, second!, first!, third], { span: tvf.span });
    case 'session': return call('session_window', [time, first!], { span: tvf.span });
  }
}

function windowValue(which: WindowColumn, span: SourceSpan | undefined): Expr {
  const window: Expr = { kind: 'column', nameParts: [WINDOW_COLUMN], span };
  if (which === 'window_time') return call('window_time', [window], { span });
  return extract(window, literal(which === 'window_start' ? 'start' : 'end', undefined, span), span);
}

/**
 * Spark's session windows are per grouping key, Flink's per PARTITION BY key: they agree when PARTITION BY lists
 * exactly the other GROUP BY columns, so anything else is refused rather than computed differently.
 */
function checkSessionPartitions(tvf: WindowTvfRef, others: readonly Expr[]): void {
  if (tvf.window !== 'session') return;
  const keys = others.map((g) => (g.kind === 'column' ? g.nameParts[g.nameParts.length - 1]!.toLowerCase() : '?'));
  const partitions = tvf.partitionBy.map((p) => p.toLowerCase());
  const same = keys.length === partitions.length && keys.every((k) => partitions.includes(k));
  if (!same) {
    const wanted = others.map((g) => (g.kind === 'column' ? g.nameParts.join('.') : '<expression>')).join(', ');
    throw userError('INVALID_WINDOW', `SESSION windows are kept per GROUP BY key: PARTITION BY must list the other GROUP BY columns (${wanted || 'none'})`, {
      span: tvf.span, hint: wanted ? `write SESSION(TABLE ${tvf.table} PARTITION BY ${wanted}, DESCRIPTOR(${tvf.timeColumn}), …)` : 'remove PARTITION BY, or add its columns to GROUP BY',
    });
  }
}

/** Rebuilds an expression, replacing the columns for which `fn` returns a value. */
function mapColumns(e: Expr, fn: (column: Expr) => Expr | undefined): Expr {
  const m = (x: Expr) => mapColumns(x, fn);
  switch (e.kind) {
    case 'column': return fn(e) ?? e;
    case 'star': case 'literal': return e;
    case 'alias': return { ...e, child: m(e.child) };
    case 'call': return { ...e, args: e.args.map(m) };
    case 'cast': return { ...e, child: m(e.child) };
    case 'caseWhen': return {
      ...e,
      branches: e.branches.map((b) => ({ condition: m(b.condition), value: m(b.value) })),
      ...(e.otherwise === undefined ? {} : { otherwise: m(e.otherwise) }),
    };
    case 'extract': return { ...e, child: m(e.child), key: m(e.key) };
    case 'sortOrder': return { ...e, child: m(e.child) };
  }
}
