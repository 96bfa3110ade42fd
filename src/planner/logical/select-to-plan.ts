// Turns a parsed SELECT (sql/query-parser) into a logical plan through the same builder the DataFrame API uses.
import { userError } from '../../common/errors.js';
import { parseQuery } from '../../sql/query-parser.js';
import type { FromItem, SelectQuery } from '../../sql/query-parser.js';
import { alias, columnRef } from '../expr/expression.js';
import type { Expr } from '../expr/expression.js';
import { lookupFunction } from '../expr/function-catalog.js';
import { drop, filter, project, subqueryAlias } from './builder.js';
import { aggregate, deduplicate, join, limit, sort } from './stateful-builder.js';
import type { PlanContext } from './builder.js';
import type { JoinType, LogicalPlan } from './plan.js';

/** Looks up a table or view by name (temp views, memory tables, SQL tables). */
export type TableResolver = (name: string) => LogicalPlan;

/**
 * FROM → WHERE → SELECT, each step a builder call.
 * @example planSql('SELECT region, price * quantity AS total FROM sales WHERE price > 0', resolve, { timeZone: 'UTC' })
 */
export function planSql(text: string, resolveTable: TableResolver, ctx: PlanContext): LogicalPlan {
  return planSelect(parseQuery(text), resolveTable, ctx);
}

export function planSelect(query: SelectQuery, resolveTable: TableResolver, ctx: PlanContext): LogicalPlan {
  const notYet = (what: string) => userError('UNSUPPORTED_SQL', `${what} is not supported yet`, { span: query.span });
  if (!query.from) throw userError('UNSUPPORTED_SQL', 'SELECT without FROM is not supported', { span: query.span });
  let plan = planFrom(query.from, resolveTable, ctx);
  if (query.where) plan = filter(plan, query.where, ctx);
  if (query.unionAll && query.unionAll.length > 0) throw notYet('UNION ALL');
  if (query.groupBy.length > 0 || query.having || query.select.some(containsAggregate)) {
    // HAVING may use aggregates the select list does not: compute it as a hidden last column, filter, then drop it
    const outputs = query.having ? [...query.select, alias(query.having, HAVING_COLUMN)] : query.select;
    plan = aggregate(plan, query.groupBy, outputs, ctx);
    if (query.having) plan = drop(filter(plan, columnRef(HAVING_COLUMN), ctx), [HAVING_COLUMN]);
  } else {
    plan = project(plan, query.select, ctx);
  }
  if (query.distinct) plan = deduplicate(plan, undefined, false);
  if (query.orderBy.length > 0) plan = sort(plan, query.orderBy, ctx);
  if (query.limit !== undefined) plan = limit(plan, query.limit);
  return plan;
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
      const plan = resolveTable(item.name);
      return item.alias ? subqueryAlias(plan, item.alias) : plan;
    }
    case 'subquery': {
      const plan = planSelect(item.query, resolveTable, ctx);
      return item.alias ? subqueryAlias(plan, item.alias) : plan;
    }
    case 'join': {
      const left = planFrom(item.left, resolveTable, ctx);
      const right = planFrom(item.right, resolveTable, ctx);
      const joinType: JoinType = item.joinType === 'left' ? 'left_outer' : item.joinType === 'right' ? 'right_outer' : item.joinType === 'full' ? 'full_outer' : item.joinType;
      return join(left, right, joinType, item.using ?? item.condition, ctx);
    }
  }
}
