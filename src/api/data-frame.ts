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
import { explainText } from '../planner/explain.js';
import { executeBatch } from '../runtime/batch-execution.js';
import { kernelContext, planQuery } from '../runtime/query-planning.js';
import { formatTable } from '../sinks/index.js';
import { lookupSourceProvider } from '../sources/source.js';
import { parseSelectItem, parseExpression } from '../sql/expression-parser.js';
import { Column, columnArg } from './column.js';
import type { ColumnOrName } from './column.js';
import { DataStreamWriter } from './data-stream-writer.js';
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
