// DataFrame: an immutable builder of logical plans; batch DataFrames also run (collect, show, count, toArrow).
import { Table } from 'apache-arrow';
import { simpleString } from '../common/data-types.js';
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import { recordBatchToRows } from '../compute/arrow-bridge.js';
import type { Expr } from '../planner/expr/expression.js';
import { drop, filter, project, schemaOf, subqueryAlias, union, withColumnRenamed, withColumns } from '../planner/logical/builder.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import { isStreamingPlan, relationsOf } from '../planner/logical/plan.js';
import type { JoinType } from '../planner/logical/plan.js';
import { deduplicate, join, limit, sort, watermark } from '../planner/logical/stateful-builder.js';
import { explainText } from '../planner/explain.js';
import { executeBatch } from '../runtime/batch-execution.js';
import { kernelContext, planQuery } from '../runtime/query-planning.js';
import { formatTable } from '../sinks/index.js';
import { lookupSourceProvider } from '../sources/source.js';
import { parseSelectItem, parseExpression } from '../sql/expression-parser.js';
import { Column, columnArg } from './column.js';
import type { ColumnOrName } from './column.js';
import { DataStreamWriter } from './data-stream-writer.js';
import { GroupedData } from './grouped-data.js';
import type { Session } from './session.js';

/**
 * A query over a source, built step by step; every method returns a new DataFrame.
 * @example
 * const totals = df.select(fromJson(col('value'), schema).alias('data')).select('data.*')
 *   .withColumn('total_amount', col('price').multiply(col('quantity')))
 *   .filter('price > 0');
 */
export class DataFrame {
  constructor(readonly session: Session, readonly plan: LogicalPlan) {}

  private with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.session, plan);
  }

  private get planContext() {
    return { timeZone: this.session.timeZone };
  }

  /** The output columns and their types. */
  get schema(): StructType {
    return schemaOf(this.plan);
  }

  get columns(): string[] {
    return this.plan.output.map((a) => a.name);
  }

  /** [name, type] pairs, type as Spark's simpleString. */
  get dtypes(): [string, string][] {
    return this.schema.fields.map((f) => [f.name, simpleString(f.dataType)]);
  }

  /** True when the DataFrame reads a streaming source. */
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan);
  }

  /** Prints the schema tree, like Spark; returns the text too. */
  printSchema(): string {
    const text = this.schema.treeString();
    process.stdout.write(text);
    return text;
  }

  /** A column of this DataFrame, for expressions. */
  col(name: string): Column {
    return new Column(columnArg(name));
  }

  select(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    const exprs = cols.flat().map((c) => columnArg(c));
    return this.with(project(this.plan, exprs, this.planContext));
  }

  /** select with SQL expression strings: `selectExpr('price * quantity AS total', 'upper(region)')`. */
  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    return this.with(project(this.plan, exprs.flat().map((e) => parseSelectItem(e)), this.planContext));
  }

  /** Keeps the rows where the condition (a Column or SQL text) is true. */
  filter(condition: Column | string): DataFrame {
    const expr: Expr = typeof condition === 'string' ? parseExpression(condition) : condition.expr;
    return this.with(filter(this.plan, expr, this.planContext));
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** Adds a column, or replaces the one of that name. */
  withColumn(name: string, column: Column): DataFrame {
    return this.with(withColumns(this.plan, [{ name, expr: column.expr }], this.planContext));
  }

  withColumns(columns: Readonly<Record<string, Column>>): DataFrame {
    return this.with(withColumns(this.plan, Object.entries(columns).map(([name, c]) => ({ name, expr: c.expr })), this.planContext));
  }

  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.with(withColumnRenamed(this.plan, existing, newName));
  }

  drop(...names: string[]): DataFrame {
    return this.with(drop(this.plan, names));
  }

  /** Rows of both, by column position (Spark's union = UNION ALL). */
  union(other: DataFrame): DataFrame {
    return this.with(union(this.plan, other.plan));
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /**
   * Declares the event-time column and how late its rows may arrive: watermark = max event time − delay.
   * @example df.withWatermark('event_time', '10 seconds')
   */
  withWatermark(eventTime: string, delay: string): DataFrame {
    return this.with(watermark(this.plan, eventTime, delay));
  }

  /** Groups rows by columns or expressions (including window(...) and sessionWindow(...)) for agg(). */
  groupBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): GroupedData {
    return new GroupedData(this, cols.flat().map((c) => columnArg(c)));
  }

  /** Drops rows whose values in `columns` (all columns when none) were seen before; state is bounded by a watermark. */
  dropDuplicates(columns?: readonly string[]): DataFrame {
    return this.with(deduplicate(this.plan, columns, false));
  }

  /** Like dropDuplicates, but a key is remembered only until the watermark passes its event time + the delay. */
  dropDuplicatesWithinWatermark(columns?: readonly string[]): DataFrame {
    return this.with(deduplicate(this.plan, columns, true));
  }

  /**
   * Joins with another DataFrame on a condition or on columns of the same name.
   * @example impressions.join(clicks, expr('ad_id = click_ad_id AND click_time >= imp_time'), 'inner')
   */
  join(other: DataFrame, on?: Column | string | readonly string[], how = 'inner'): DataFrame {
    const condition = on === undefined ? undefined : typeof on === 'string' ? [on] : Array.isArray(on) ? (on as readonly string[]) : (on as Column).expr;
    return this.with(join(this.plan, other.plan, joinTypeOf(how), condition, this.planContext));
  }

  crossJoin(other: DataFrame): DataFrame {
    return this.with(join(this.plan, other.plan, 'cross', undefined, this.planContext));
  }

  /** Sorts (on streams: only after an aggregation in complete mode, like Spark). */
  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    return this.with(sort(this.plan, cols.flat().map((c) => columnArg(c)), this.planContext));
  }

  sort(...cols: (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    return this.orderBy(...cols);
  }

  limit(n: number): DataFrame {
    return this.with(limit(this.plan, n));
  }

  /** Names this DataFrame so its columns can be qualified (`t.price`). */
  alias(name: string): DataFrame {
    return this.with(subqueryAlias(this.plan, name));
  }

  /** Makes the DataFrame available to session.sql and session.table under `name`. */
  createOrReplaceTempView(name: string): void {
    this.session.registerView(name, this.plan);
  }

  /** The plan as text; `extended` adds the analyzed and optimized logical plans. Printed and returned. */
  explain(extended = false): string {
    const text = this.explainString(extended);
    process.stdout.write(`${text}\n`);
    return text;
  }

  /** The EXPLAIN text without printing it. */
  explainString(extended = false): string {
    return explainText(planQuery(this.plan, kernelContext(this.session.timeZone)), extended);
  }

  /** The writer that starts a streaming query over this DataFrame. */
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) {
      throw userError('WRITE_STREAM_NOT_ALLOWED', "'writeStream' can be called only on a streaming DataFrame", { hint: 'read with session.readStream, or use collect()/show() for batch data' });
    }
    return new DataStreamWriter(this);
  }

  /** Runs a batch DataFrame and returns its rows as plain objects (see README for how types come back). */
  async collect(): Promise<Record<string, unknown>[]> {
    const schema = this.schema;
    return (await this.executeBatches()).flatMap((b) => recordBatchToRows(b, schema));
  }

  async count(): Promise<number> {
    return (await this.executeBatches()).reduce((n, b) => n + b.numRows, 0);
  }

  /** The first `n` rows. */
  async take(n: number): Promise<Record<string, unknown>[]> {
    return (await this.collect()).slice(0, n);
  }

  /** The result as an Arrow Table. */
  async toArrow(): Promise<Table> {
    const batches = await this.executeBatches();
    return batches.length > 0 ? new Table(batches) : new Table();
  }

  /** Prints the first rows as a table, like Spark; returns the text too. */
  async show(numRows = 20, truncate: boolean | number = true): Promise<string> {
    const rows = await this.collect();
    const text = formatTable(rows.slice(0, numRows), this.columns, {
      numRows, truncate, totalRows: rows.length, types: this.schema.fields.map((f) => f.dataType), timeZone: this.session.timeZone,
    });
    process.stdout.write(text);
    return text;
  }

  private async executeBatches() {
    if (this.isStreaming) {
      throw userError('STREAMING_QUERY_NEEDS_START', 'Queries with streaming sources must be executed with writeStream.start()');
    }
    const ctx = kernelContext(this.session.timeZone);
    const stages = planQuery(this.plan, ctx);
    const sources = relationsOf(stages.optimized).map((r) => {
      const provider = lookupSourceProvider(r.source.format)!;
      return provider.createSource(r.source, { queryId: 'batch', timeZone: this.session.timeZone, conf: this.session.conf.asMap() });
    });
    return executeBatch(stages, sources, ctx);
  }
}

const JOIN_TYPES: Readonly<Record<string, JoinType>> = {
  inner: 'inner', cross: 'cross',
  left: 'left_outer', leftouter: 'left_outer', left_outer: 'left_outer',
  right: 'right_outer', rightouter: 'right_outer', right_outer: 'right_outer',
  full: 'full_outer', fullouter: 'full_outer', full_outer: 'full_outer', outer: 'full_outer',
  semi: 'left_semi', leftsemi: 'left_semi', left_semi: 'left_semi',
  anti: 'left_anti', leftanti: 'left_anti', left_anti: 'left_anti',
};

function joinTypeOf(how: string): JoinType {
  const t = JOIN_TYPES[how.toLowerCase()];
  if (!t) {
    throw userError('UNSUPPORTED_JOIN_TYPE', `Unsupported join type '${how}'. Supported join types include: ${Object.keys(JOIN_TYPES).join(', ')}`);
  }
  return t;
}
