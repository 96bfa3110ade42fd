// GroupedData (df.groupBy(...)): aggregations over groups — agg, count, sum, avg, min, max.
import { userError } from '../common/errors.js';
import { call, columnRef, literal } from '../planner/expr/expression.js';
import type { Expr } from '../planner/expr/expression.js';
import { aggregate } from '../planner/logical/stateful-builder.js';
import { Column } from './column.js';
import { DataFrame } from './data-frame.js';

/**
 * The result of groupBy: say which aggregates to compute.
 * @example df.groupBy('region').agg(sum('total_amount').alias('total_sales'), count('*').alias('order_count'))
 */
export class GroupedData {
  constructor(private readonly df: DataFrame, private readonly groupings: readonly Expr[]) {}

  /** Aggregate columns, or a map of column name → aggregate function name ({ price: 'max' }). */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const aggregates: Expr[] = exprs.flatMap((e) => (e instanceof Column
      ? [e.expr]
      : Object.entries(e).map(([column, fn]) => call(fn.toLowerCase() === 'mean' ? 'avg' : fn.toLowerCase(), [column === '*' ? literal(1) : columnRef(column)]))));
    if (aggregates.length === 0) throw userError('INVALID_AGGREGATION', 'agg() needs at least one aggregate expression');
    const plan = aggregate(this.df.plan, this.groupings, [...this.groupings, ...aggregates], { timeZone: this.df.session.timeZone });
    return new DataFrame(this.df.session, plan);
  }

  /** The number of rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.simple('count', ['*'], 'count');
  }

  sum(...columns: string[]): DataFrame {
    return this.simple('sum', columns);
  }

  avg(...columns: string[]): DataFrame {
    return this.simple('avg', columns);
  }

  mean(...columns: string[]): DataFrame {
    return this.simple('avg', columns);
  }

  min(...columns: string[]): DataFrame {
    return this.simple('min', columns);
  }

  max(...columns: string[]): DataFrame {
    return this.simple('max', columns);
  }

  private simple(fn: string, columns: readonly string[], name?: string): DataFrame {
    const numeric = columns.length > 0 ? columns : this.df.schema.fields.filter((f) => ['int', 'long', 'float', 'double', 'decimal'].includes(f.dataType.kind)).map((f) => f.name);
    const aggregates: Expr[] = numeric.map((c) => {
      const e = call(fn, [c === '*' ? literal(1) : columnRef(c)]);
      return name ? { kind: 'alias', child: e, name } : e;
    });
    const plan = aggregate(this.df.plan, this.groupings, [...this.groupings, ...aggregates], { timeZone: this.df.session.timeZone });
    return new DataFrame(this.df.session, plan);
  }
}
