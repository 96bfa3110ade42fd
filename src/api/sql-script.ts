// runSqlScript: runs a .sql script in a Session — tables, views, SET, EXPLAIN, and INSERT INTO as streaming queries.
//
//   text ─ substitute ${VAR} ─ parse statements ─ for each: CREATE → catalog, SET → session.conf,
//   EXPLAIN → df.explainString, INSERT → plan (+ start in 'run' mode); every user error is moved back to the original text.
import { BrookError } from '../common/errors.js';
import type { SourceSpan } from '../common/errors.js';
import { watermark } from '../planner/logical/stateful-builder.js';
import { withColumnRenamed } from '../planner/logical/builder.js';
import type { LogicalPlan } from '../planner/logical/plan.js';
import { planSelect } from '../planner/logical/select-to-plan.js';
import type { StreamingQuery } from '../runtime/streaming-query.js';
import type { TriggerSpec } from '../runtime/trigger.js';
import { formatTable } from '../sinks/index.js';
import type { OutputMode } from '../sinks/sink.js';
import { atSpan, respan } from '../sql/error-spans.js';
import { substituteVariables } from '../sql/script-variables.js';
import type { SubstitutedText } from '../sql/script-variables.js';
import { parseScript } from '../sql/statement-parser.js';
import type { CreateViewStatement, InsertStatement, SelectStatement, Statement } from '../sql/statements.js';
import { userError } from '../common/errors.js';
import { DataFrame } from './data-frame.js';
import type { MemoryStream } from './memory-stream.js';
import type { Session } from './session.js';
import { SqlCatalog } from './sql-catalog.js';
import { defaultOutputMode, planInsert, startInsert } from './sql-insert.js';
import { declareWatermark } from './sql-table-source.js';
import type { PlannedInsert } from './sql-insert.js';

/** How to run a script. */
export interface SqlScriptOptions {
  /** `--var KEY=VALUE` values; they win over `env`. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Where other `${VAR}`s come from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** 'run' starts every INSERT; 'check' only plans; 'explain' plans and prints each INSERT's plan. Default 'run'. */
  readonly mode?: 'run' | 'check' | 'explain';
  /** A trigger for every INSERT, over what the script says (`--once`, `--available-now`). */
  readonly trigger?: TriggerSpec;
  /** Each INSERT's checkpointLocation is <checkpointDir>/<query name> unless the script gives one. */
  readonly checkpointDir?: string;
  /** 'explain' mode: print the analyzed and optimized plans too. */
  readonly verbose?: boolean;
  /** Where EXPLAIN, SET listings and batch SELECT results are written (default process.stdout). */
  readonly out?: { write(text: string): unknown };
}

/** One INSERT (or streaming SELECT) of the script. */
export interface SqlScriptQuery {
  /** The query name (the sink table's name unless the script says otherwise). */
  readonly name: string;
  readonly sinkTable: string;
  readonly outputMode: OutputMode;
  readonly outputModeGiven: boolean;
  readonly trigger: TriggerSpec | undefined;
  /** The writer options: the table's WITH options (less 'connector', 'format', …), hint overrides, checkpointLocation. */
  readonly sinkOptions: Readonly<Record<string, string>>;
  readonly dataFrame: DataFrame;
  /** 1-based line of the statement in the original file. */
  readonly line: number;
  /** The running query ('run' mode only). */
  readonly query?: StreamingQuery;
}

export interface SqlScriptResult {
  readonly statements: readonly Statement[];
  readonly queries: readonly SqlScriptQuery[];
  /** The MemoryStream behind each 'memory' table that a query reads, by lower-case table name: add rows with addData. */
  readonly memoryStreams: ReadonlyMap<string, MemoryStream>;
}

/**
 * Runs a SQL script. In 'run' mode every INSERT INTO starts a streaming query (they keep running when this resolves);
 * when a statement fails, the queries already started are stopped and the error (a BrookError whose span points into
 * the original text, after variable substitution is undone) is thrown.
 * @example
 * const { queries } = await runSqlScript(session, `
 *   CREATE TABLE events (value STRING) WITH ('connector' = 'rate', 'rowsPerSecond' = '10');
 *   CREATE TABLE out WITH ('connector' = 'console');
 *   INSERT INTO out SELECT * FROM events;`);
 * await queries[0]!.query!.stop();
 */
export async function runSqlScript(session: Session, text: string, options: SqlScriptOptions = {}): Promise<SqlScriptResult> {
  const env = options.env ?? process.env;
  let substituted: SubstitutedText | undefined;
  const runner = new ScriptRunner(session, options);
  try {
    substituted = substituteVariables(text, (name) => options.variables?.[name] ?? env[name]);
    const source = substituted;
    const statements = parseScript(source.text);
    for (const statement of statements) {
      await runner.run(statement, (span) => source.remapSpan(span).line);
    }
    return { statements, queries: runner.queries, memoryStreams: runner.catalog.memoryStreams };
  } catch (error) {
    await runner.stopAll();
    throw toOriginalText(error, substituted);
  }
}

/** Moves a user error's span from the substituted text to the original one. */
function toOriginalText(error: unknown, substituted: SubstitutedText | undefined): unknown {
  if (!(error instanceof BrookError) || error.span === undefined || substituted === undefined) return error;
  return respan(error, substituted.remapSpan(error.span));
}

class ScriptRunner {
  readonly catalog: SqlCatalog;
  readonly queries: SqlScriptQuery[] = [];
  private readonly usedNames = new Set<string>();
  private readonly setKeys = new Set<string>();
  private readonly mode: 'run' | 'check' | 'explain';
  private readonly out: { write(text: string): unknown };

  constructor(private readonly session: Session, private readonly options: SqlScriptOptions) {
    this.catalog = new SqlCatalog(session);
    this.mode = options.mode ?? 'run';
    this.out = options.out ?? process.stdout;
  }

  async run(statement: Statement, lineOf: (span: SourceSpan) => number): Promise<void> {
    switch (statement.kind) {
      case 'createTable': return atSpan(statement.span, () => this.catalog.createTable(statement));
      case 'createView': return atSpan(statement.span, () => this.catalog.createView(statement, this.viewPlan(statement)));
      case 'set': return atSpan(statement.valueSpan ?? statement.span, () => this.set(statement.key, statement.value));
      case 'reset': return this.reset(statement.key);
      case 'explain': {
        const df = statement.target.kind === 'insert' ? this.plan(statement.target, new Set(this.usedNames)).dataFrame : this.select(statement.target);
        this.out.write(`${atSpan(statement.span, () => df.explainString(statement.verbose))}\n`);
        return;
      }
      case 'insert': return this.insert(statement, lineOf(statement.span));
      case 'select': return this.runSelect(statement, lineOf(statement.span));
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.queries.map((q) => q.query?.stop()));
  }

  private viewPlan(statement: CreateViewStatement): LogicalPlan {
    let plan = planSelect(statement.query, this.catalog.resolver, { timeZone: this.session.timeZone });
    if (statement.columnNames.length > 0) {
      if (statement.columnNames.length !== plan.output.length) {
        throw userError('COLUMN_COUNT_MISMATCH', `View '${statement.name}' names ${statement.columnNames.length} columns but its query gives ${plan.output.length} (${plan.output.map((a) => a.name).join(', ')})`, {
          span: statement.nameSpan,
        });
      }
      const from = plan.output.map((a) => a.name);
      statement.columnNames.forEach((c, i) => { plan = withColumnRenamed(plan, from[i]!, c.name); });
    }
    const clause = statement.watermark;
    if (clause) {
      const input = plan;
      plan = declareWatermark(clause, () => watermark(input, clause.column, clause.delay));
    }
    return plan;
  }

  private set(key: string | undefined, value: string | undefined): void {
    if (key === undefined || value === undefined) {
      const all = this.session.conf.getAll();
      this.out.write(Object.keys(all).sort().map((k) => `${k}=${all[k]}\n`).join(''));
      return;
    }
    const name = key === 'table.local-time-zone' ? 'spark.sql.session.timeZone' : key;
    this.session.conf.set(name, value);
    this.setKeys.add(name);
  }

  private reset(key: string | undefined): void {
    const keys = key === undefined ? [...this.setKeys] : [key === 'table.local-time-zone' ? 'spark.sql.session.timeZone' : key];
    for (const k of keys) this.session.conf.unset(k);
  }

  private plan(statement: InsertStatement, usedNames: Set<string> = this.usedNames): PlannedInsert {
    return atSpan(statement.span, () => planInsert(this.session, this.catalog, statement, {
      trigger: this.options.trigger, checkpointDir: this.options.checkpointDir, usedNames,
    }));
  }

  private async insert(statement: InsertStatement, line: number): Promise<void> {
    const planned = this.plan(statement);
    if (this.mode === 'explain') {
      const how = `outputMode=${planned.outputMode}${planned.outputModeGiven ? '' : ' (chosen)'}, trigger=${describe(planned.trigger)}`;
      this.out.write(`-- INSERT INTO ${statement.table} (line ${line}): query ${planned.queryName}, ${how}\n${planned.dataFrame.explainString(this.options.verbose ?? false)}\n\n`);
    }
    const query = this.mode === 'run' ? await startInsert(planned) : undefined;
    this.queries.push({
      name: planned.queryName, sinkTable: statement.table, outputMode: planned.outputMode, outputModeGiven: planned.outputModeGiven,
      trigger: planned.trigger, sinkOptions: planned.sinkOptions, dataFrame: planned.dataFrame, line, ...(query ? { query } : {}),
    });
  }

  private select(statement: SelectStatement): DataFrame {
    return atSpan(statement.span, () => new DataFrame(this.session, planSelect(statement.query, this.catalog.resolver, { timeZone: this.session.timeZone })));
  }

  /** A streaming SELECT runs as a query printing to the console; a batch SELECT prints its rows. */
  private async runSelect(statement: SelectStatement, line: number): Promise<void> {
    const df = this.select(statement);
    if (this.mode === 'explain') this.out.write(`-- SELECT (line ${line})\n${df.explainString(this.options.verbose ?? false)}\n\n`);
    if (this.mode !== 'run') return;
    if (!df.isStreaming) {
      const rows = await df.collect();
      this.out.write(formatTable(rows, df.columns, { numRows: 20, truncate: true, types: df.schema.fields.map((f) => f.dataType), timeZone: this.session.timeZone }));
      return;
    }
    const name = `select_line_${line}`;
    const mode = atSpan(statement.span, () => defaultOutputMode(df));
    const writer = df.writeStream.format('console').outputMode(mode).queryName(name);
    if (this.options.trigger) writer.trigger(this.options.trigger);
    const query = await atSpan(statement.span, () => writer.start());
    this.queries.push({ name, sinkTable: 'console', outputMode: mode, outputModeGiven: false, trigger: this.options.trigger, sinkOptions: {}, dataFrame: df, line, query });
  }
}

function describe(trigger: TriggerSpec | undefined): string {
  if (trigger === undefined) return 'as fast as possible';
  if ('once' in trigger) return 'once';
  if ('availableNow' in trigger) return 'availableNow';
  return `processingTime ${String(trigger.processingTime)}`;
}
