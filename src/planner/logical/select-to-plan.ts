// Turns a parsed SELECT (sql/query-parser) into a logical plan through the same builder the DataFrame API uses.
import { userError } from '../../common/errors.js';
import { parseQuery } from '../../sql/query-parser.js';
import type { FromItem, SelectQuery } from '../../sql/query-parser.js';
import { filter, project, subqueryAlias } from './builder.js';
import type { PlanContext } from './builder.js';
import type { LogicalPlan } from './plan.js';

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
  if (query.groupBy.length > 0 || query.having) throw notYet('GROUP BY / HAVING');
  if (query.distinct) throw notYet('SELECT DISTINCT');
  if (query.orderBy.length > 0) throw notYet('ORDER BY');
  if (query.limit !== undefined) throw notYet('LIMIT');
  return project(plan, query.select, ctx);
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
    case 'join': throw userError('UNSUPPORTED_SQL', 'JOIN is not supported yet', { span: item.condition && 'span' in item.condition ? (item.condition as { span?: never }).span : undefined });
  }
}
