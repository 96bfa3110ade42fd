// Session: the entry point (Spark's SparkSession): readers, settings, temp views, memory tables, streaming queries.
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import { parseSchema } from '../common/schema-parser.js';
import { rowsToRecordBatch } from '../compute/arrow-bridge.js';
import { relation, subqueryAlias } from '../planner/logical/builder.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import { StreamingQueryManager } from '../runtime/query-manager.js';
import type { MemoryTable } from '../sinks/sink.js';
import '../sources/index.js';
import '../sources/memory/memory-table-source.js';
import '../sinks/index.js';
import { DataFrame } from './data-frame.js';
import { DataFrameReader, DataStreamReader } from './data-stream-reader.js';
import { RuntimeConfig, checkTimeZone } from './runtime-config.js';
import { planSql } from '../planner/logical/select-to-plan.js';

let activeSession: Session | null = null;

/**
 * Builds or returns the session.
 * @example const session = Session.builder().appName('sales').config('spark.sql.session.timeZone', 'UTC').getOrCreate();
 */
export class SessionBuilder {
  private name = 'brook';
  private readonly settings: Record<string, string> = {};

  appName(name: string): SessionBuilder {
    this.name = name;
    return this;
  }

  /** Accepted for Spark compatibility; brook always runs in-process. */
  master(_master: string): SessionBuilder {
    return this;
  }

  config(key: string, value: string | number | boolean): SessionBuilder {
    this.settings[key] = String(value);
    return this;
  }

  /** The active session (its settings updated with this builder's), or a new one. */
  getOrCreate(): Session {
    const zone = this.settings['spark.sql.session.timeZone'];
    if (zone !== undefined) checkTimeZone(zone);
    if (activeSession) {
      for (const [k, v] of Object.entries(this.settings)) activeSession.conf.set(k, v);
      return activeSession;
    }
    activeSession = new Session(this.name, this.settings);
    return activeSession;
  }
}

/**
 * A brook session.
 * @example
 * const session = Session.builder().appName('demo').getOrCreate();
 * const df = session.readStream.format('rate').option('rowsPerSecond', 10).load();
 */
export class Session {
  readonly appName: string;
  readonly conf: RuntimeConfig;
  /** The streaming queries of this session. */
  readonly streams = new StreamingQueryManager();
  /** Output of memory sinks, by query name. */
  readonly memoryTables = new Map<string, MemoryTable>();
  private readonly views = new Map<string, LogicalPlan>();
  private stopped = false;

  constructor(appName: string, settings: Readonly<Record<string, string>> = {}) {
    this.appName = appName;
    this.conf = new RuntimeConfig(settings);
  }

  static builder(): SessionBuilder {
    return new SessionBuilder();
  }

  /** The session time zone (spark.sql.session.timeZone, default UTC). */
  get timeZone(): string {
    return this.conf.get('spark.sql.session.timeZone') ?? 'UTC';
  }

  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** A temp view or a memory sink's table, as a batch DataFrame (views keep their streaming-ness). */
  table(name: string): DataFrame {
    return new DataFrame(this, this.resolveTable(name));
  }

  /** Runs a SELECT over temp views and memory tables. */
  sql(text: string): DataFrame {
    return new DataFrame(this, planSql(text, (name) => this.resolveTable(name), { timeZone: this.timeZone }));
  }

  /** A batch DataFrame over rows given in memory. */
  createDataFrame(rows: readonly Record<string, unknown>[], schema: StructType | string): DataFrame {
    const struct = typeof schema === 'string' ? parseSchema(schema) : schema;
    const table: MemoryTable = { name: 'LocalRelation', schema: struct, batches: rows.length > 0 ? [rowsToRecordBatch(struct, rows)] : [] };
    return new DataFrame(this, relation({ format: 'memoryTable', options: {}, schema: struct, handle: table, description: 'LocalRelation' }, false));
  }

  /** Stops every running query of the session. */
  async stop(): Promise<void> {
    await this.streams.stopAll();
    this.stopped = true;
    if (activeSession === this) activeSession = null;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Registers a temp view (DataFrame.createOrReplaceTempView). */
  registerView(name: string, plan: LogicalPlan): void {
    this.views.set(name.toLowerCase(), plan);
  }

  /** Drops a temp view; true when it existed. */
  dropTempView(name: string): boolean {
    return this.views.delete(name.toLowerCase());
  }

  private resolveTable(name: string): LogicalPlan {
    const view = this.views.get(name.toLowerCase());
    if (view) return subqueryAlias(view, name);
    const table = [...this.memoryTables.values()].find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (table) {
      return subqueryAlias(relation({ format: 'memoryTable', options: { name: table.name }, schema: table.schema, handle: table, description: `MemoryTable[${table.name}]` }, false), name);
    }
    const known = [...this.views.keys(), ...this.memoryTables.keys()];
    throw userError('TABLE_OR_VIEW_NOT_FOUND', `The table or view '${name}' cannot be found. Known: ${known.length > 0 ? known.join(', ') : '(none)'}`, {
      hint: 'register a DataFrame with createOrReplaceTempView(name), or start a memory sink with queryName(name)',
    });
  }
}
