// Turns a parsed SELECT (sql/query-parser) into a logical plan through the same builder the DataFrame API uses.
import { BrookError, userError } from '../../common/errors.js';
import type { SourceSpan } from '../../common/errors.js';
import { atSpan, respan } from '../../sql/error-spans.js';
import { parseQuery } from '../../sql/query-parser.js';
import { rewriteWindowTvf } from '../../sql/window-tvf-rewrite.js';
import type { FromItem, SelectQuery } from '../../sql/query-parser.js';
import { alias, columnRef } from '../expr/expression.js';
import type { Expr } from '../expr/expression.js';
import { lookupFunction } from '../expr/function-catalog.js';
import { drop, filter, project, subqueryAlias } from './builder.js';
import { aggregate, deduplicate, join, limit, sort } from './stateful-builder.js';
import type { PlanContext } from './builder.js';
import type { JoinType, LogicalPlan } from './plan.js';

/** Looks up a table or view by name (temp views, memory tables, SQL tables); `span` is where the name is written. */
export type TableResolver = (name: string, span?: SourceSpan) => LogicalPlan;

/**
 * FROM → WHERE → SELECT, each step a builder call.
 * @example planSql('SELECT region, price * quantity AS total FROM sales WHERE price > 0', resolve, { timeZone: 'UTC' })
 */
export function planSql(text: string, resolveTable: TableResolver, ctx: PlanContext): LogicalPlan {
  return planSelect(parseQuery(text), resolveTable, ctx);
}

/**
 * Plans a parsed SELECT; a window table function in FROM is first rewritten to a window grouping key (sql/window-tvf-rewrite).
 * Errors the builder raises without a position get the span of the clause that caused them.
 * @example planSelect(parseQuery('SELECT region, count(*) AS n FROM sales GROUP BY region'), resolve, { timeZone: 'UTC' })
 */
export function planSelect(parsed: SelectQuery, resolveTable: TableResolver, ctx: PlanContext): LogicalPlan {
  const query = rewriteWindowTvf(parsed);
  const notYet = (what: string) => userError('UNSUPPORTED_SQL', `${what} is not supported yet`, { span: query.span });
  if (!query.from) throw userError('UNSUPPORTED_SQL', 'SELECT without FROM is not supported', { span: query.span });
  let plan = planFrom(query.from, resolveTable, ctx);
  const where = query.where;
  if (where) plan = atSpan(spanOf(where) ?? query.span, () => filter(plan, where, ctx));
  if (query.unionAll && query.unionAll.length > 0) throw notYet('UNION ALL');
  const having = query.having;
  if (query.groupBy.length > 0 || having || query.select.some(containsAggregate)) {
    // HAVING may use aggregates the select list does not: compute it as a hidden last column, filter, then drop it
    const outputs = having ? [...query.select, alias(inlineSelectAliases(having, query.select, plan), HAVING_COLUMN)] : query.select;
    const input = plan;
    plan = atSpan(query.span, () => aggregateAtItem(input, query.groupBy, outputs, ctx));
    if (having) {
      const aggregated = plan;
      plan = atSpan(spanOf(having) ?? query.span, () => drop(filter(aggregated, columnRef(HAVING_COLUMN), ctx), [HAVING_COLUMN]));
    }
  } else {
    const input = plan;
    plan = atSpan(query.span, () => project(input, query.select, ctx));
  }
  if (query.distinct) plan = deduplicate(plan, undefined, false);
  if (query.orderBy.length > 0) {
    const input = plan;
    plan = atSpan(query.span, () => sort(input, query.orderBy, ctx));
  }
  if (query.limit !== undefined) plan = limit(plan, query.limit);
  return plan;
}

/**
 * aggregate(), with a span-less error (a column neither grouped nor aggregated) placed at the first select item that
 * fails on its own.
 */
function aggregateAtItem(input: LogicalPlan, groupBy: readonly Expr[], outputs: readonly Expr[], ctx: PlanContext): LogicalPlan {
  try {
    return aggregate(input, groupBy, outputs, ctx);
  } catch (error) {
    if (!(error instanceof BrookError) || error.span !== undefined) throw error;
    for (const item of outputs) {
      const span = spanOf(item);
      if (span === undefined) continue;
      try {
        aggregate(input, groupBy, [item], ctx);
      } catch (itemError) {
        if (itemError instanceof BrookError && itemError.code === error.code) throw respan(error, span);
      }
    }
    throw error;
  }
}

/**
 * HAVING may name a select-list alias (`SELECT count(*) AS n … HAVING n > 1`, as Spark allows): such a name, when it is
 * not a column of the aggregated input, stands for the aliased expression.
 */
function inlineSelectAliases(having: Expr, select: readonly Expr[], input: LogicalPlan): Expr {
  const inputNames = new Set(input.output.map((a) => a.name.toLowerCase()));
  const aliases = new Map(select.filter((e) => e.kind === 'alias').map((e) => [e.name.toLowerCase(), e.child] as const));
  const inline = (e: Expr): Expr => {
    switch (e.kind) {
      case 'column': {
        const name = e.nameParts.length === 1 ? e.nameParts[0]!.toLowerCase() : undefined;
        return name !== undefined && !inputNames.has(name) ? (aliases.get(name) ?? e) : e;
      }
      case 'star': case 'literal': return e;
      case 'alias': case 'cast': case 'sortOrder': return { ...e, child: inline(e.child) };
      case 'call': return { ...e, args: e.args.map(inline) };
      case 'extract': return { ...e, child: inline(e.child), key: inline(e.key) };
      case 'caseWhen': return {
        ...e,
        branches: e.branches.map((b) => ({ condition: inline(b.condition), value: inline(b.value) })),
        ...(e.otherwise === undefined ? {} : { otherwise: inline(e.otherwise) }),
      };
    }
  };
  return aliases.size === 0 ? having : inline(having);
}

/** The span an unresolved expression carries, if its kind has one. */
function spanOf(e: Expr): SourceSpan | undefined {
  switch (e.kind) {
    case 'alias': return spanOf(e.child);
    case 'sortOrder': return spanOf(e.child);
    case 'caseWhen': return undefined;
    default: return e.span;
  }
}

const HAVING_COLUMN = '__having';

/** Whether an unresolved expression calls an aggregate function (outside a nested query). */
export function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'call': return lookupFunction(e.name)?.kind === 'aggregate' || e.args.some(containsAggregate);
    case 'alias': return containsAggregate(e.child);
    case 'cast': return containsAggregate(e.child);
    case 'extract': return containsAggregate(e.child) || containsAggregate(e.key);
    case 'caseWhen': return e.branches.some((b) => containsAggregate(b.condition) || containsAggregate(b.value)) || (e.otherwise !== undefined && containsAggregate(e.otherwise));
    case 'sortOrder': return containsAggregate(e.child);
    default: return false;
  }
}

function planFrom(item: FromItem, resolveTable: TableResolver, ctx: PlanContext): LogicalPlan {
  switch (item.kind) {
    case 'table': {
      const plan = resolveTable(item.name, item.span);
      return item.alias ? subqueryAlias(plan, item.alias) : plan;
    }
    case 'windowTvf':
      throw userError('UNSUPPORTED_SQL', `${item.window.toUpperCase()}(...) must be the whole FROM clause of its query`, {
        span: item.span, hint: `aggregate it in a subquery: (SELECT ..., window_start, window_end FROM TABLE(${item.window.toUpperCase()}(...)) GROUP BY ..., window_start, window_end)`,
      });
    case 'subquery': {
      const plan = planSelect(item.query, resolveTable, ctx);
      return item.alias ? subqueryAlias(plan, item.alias) : plan;
    }
    case 'join': {
      const left = planFrom(item.left, resolveTable, ctx);
      const right = planFrom(item.right, resolveTable, ctx);
      const joinType: JoinType = item.joinType === 'left' ? 'left_outer' : item.joinType === 'right' ? 'right_outer' : item.joinType === 'full' ? 'full_outer' : item.joinType;
      const condition = item.condition;
      return atSpan(condition ? spanOf(condition) : undefined, () => join(left, right, joinType, item.using ?? condition, ctx));
    }
  }
}
