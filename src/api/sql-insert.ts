// INSERT INTO: the query shaped to the sink table, its output mode, trigger and name, and the writeStream that starts it.
import { join } from 'node:path';
import { MapTypeOf, StringType, simpleString } from '../common/data-types.js';
import type { SourceSpan } from '../common/errors.js';
import { BrookError, userError } from '../common/errors.js';
import { alias, call, cast, literal } from '../planner/expr/expression.js';
import type { Expr } from '../planner/expr/expression.js';
import { planSelect } from '../planner/logical/select-to-plan.js';
import type { TriggerSpec } from '../runtime/trigger.js';
import { parseTrigger } from '../runtime/trigger.js';
import type { StreamingQuery } from '../runtime/streaming-query.js';
import type { OutputMode } from '../sinks/sink.js';
import { atSpan, atSpanAsync, plainMessage } from '../sql/error-spans.js';
import type { InsertStatement, SqlOption, TableColumn } from '../sql/statements.js';
import { Column } from './column.js';
import { DataFrame } from './data-frame.js';
import { checkOutputMode } from './output-mode-check.js';
import type { Session } from './session.js';
import type { SqlCatalog } from './sql-catalog.js';
import { tableConnector } from './sql-connectors.js';
import type { TableConnector } from './sql-connectors.js';

const MODES: readonly OutputMode[] = ['append', 'update', 'complete'];
/** Hint keys that configure the query rather than the sink. */
const QUERY_KEYS = ['outputmode', 'trigger', 'queryname'];

/** An INSERT ready to start: the DataFrame to write and how. */
export interface PlannedInsert {
  readonly statement: InsertStatement;
  readonly dataFrame: DataFrame;
  readonly sinkFormat: string;
  readonly sinkOptions: Readonly<Record<string, string>>;
  readonly outputMode: OutputMode;
  /** true when the script named the mode; false when brook chose it (append when allowed, else update, else complete). */
  readonly outputModeGiven: boolean;
  readonly trigger: TriggerSpec | undefined;
  readonly queryName: string;
}

/** What the runner decides for every INSERT (command-line flags). */
export interface InsertDefaults {
  readonly trigger?: TriggerSpec;
  readonly checkpointDir?: string;
  /** Query names already taken by earlier INSERTs of the script. */
  readonly usedNames: Set<string>;
}

/**
 * Plans an INSERT without starting it (what `brook check` and `brook explain` need).
 * @example planInsert(session, catalog, insertStatement, { usedNames: new Set() }).outputMode // 'update'
 */
export function planInsert(session: Session, catalog: SqlCatalog, statement: InsertStatement, defaults: InsertDefaults): PlannedInsert {
  const table = catalog.table(statement.table);
  if (table === undefined) {
    if (catalog.isView(statement.table)) {
      throw userError('NOT_A_TABLE', `Cannot INSERT INTO view '${statement.table}': INSERT writes to a table declared with CREATE TABLE ... WITH ('connector' = ...)`, { span: statement.tableSpan });
    }
    throw userError('TABLE_OR_VIEW_NOT_FOUND', `The sink table '${statement.table}' cannot be found`, {
      span: statement.tableSpan, hint: `declare it first: CREATE TABLE ${statement.table} WITH ('connector' = 'console')`,
    });
  }
  const connector = tableConnector(table);
  if (connector.sinkFormat === undefined) {
    throw userError('NOT_A_SINK', `Cannot INSERT INTO '${table.name}': connector '${connector.connector}' only reads`, {
      span: statement.tableSpan, hint: 'write to a table with a sink connector (kafka, file, memory, console, noop)',
    });
  }
  const plan = planSelect(statement.query, catalog.resolver, { timeZone: session.timeZone });
  let df = new DataFrame(session, plan);
  if (!df.isStreaming) {
    throw userError('NOT_STREAMING', `INSERT INTO '${table.name}' reads no streaming table: brook runs every INSERT as a streaming query`, { span: statement.query.span });
  }
  df = shapeForSink(df, statement, table.columns, connector);
  const hints = new Map(statement.hints.map((h) => [h.key.toLowerCase(), h]));
  const queryName = uniqueName(hints.get('queryname')?.value ?? table.name, defaults.usedNames);
  const { outputMode, given } = chooseOutputMode(df, statement, hints.get('outputmode'));
  const trigger = defaults.trigger ?? triggerOf(hints.get('trigger'));
  const sinkOptions: Record<string, string> = { ...connector.options };
  for (const h of statement.hints) if (!QUERY_KEYS.includes(h.key.toLowerCase())) sinkOptions[h.key] = h.value;
  const checkpointBase = defaults.checkpointDir ?? session.conf.get('spark.sql.streaming.checkpointLocation');
  if (!Object.keys(sinkOptions).some((k) => k.toLowerCase() === 'checkpointlocation') && checkpointBase !== undefined) {
    sinkOptions.checkpointLocation = join(checkpointBase, queryName);
  }
  return { statement, dataFrame: df, sinkFormat: connector.sinkFormat, sinkOptions, outputMode, outputModeGiven: given, trigger, queryName };
}

/**
 * Starts a planned INSERT with df.writeStream; start-time errors (a sink refusing an option or mode) point at the table name.
 * @example const query = await startInsert(planned)
 */
export async function startInsert(planned: PlannedInsert): Promise<StreamingQuery> {
  const writer = planned.dataFrame.writeStream.format(planned.sinkFormat).options(planned.sinkOptions)
    .outputMode(planned.outputMode).queryName(planned.queryName);
  if (planned.trigger !== undefined) writer.trigger(planned.trigger);
  return atSpanAsync(planned.statement.tableSpan, () => writer.start());
}

/**
 * Declared sink columns take the query's columns by position (cast to the declared type, as Spark's INSERT does);
 * 'format' = 'json' (not for files) writes each row as JSON text in `value`, with `key` from 'key.fields'.
 */
function shapeForSink(df: DataFrame, statement: InsertStatement, columns: readonly TableColumn[], connector: TableConnector): DataFrame {
  let shaped = df;
  const physical = columns.filter((c) => c.kind === 'physical');
  if (physical.length > 0) {
    const names = df.columns;
    if (names.length !== physical.length) {
      throw userError('COLUMN_COUNT_MISMATCH', `INSERT INTO '${connector.table}': the query gives ${names.length} column${names.length === 1 ? '' : 's'} (${names.join(', ')}) but the table declares ${physical.length} (${physical.map((p) => p.name).join(', ')})`, {
        span: statement.query.span, hint: 'select the columns in the order the table declares them',
      });
    }
    const fields = df.schema.fields;
    const same = physical.every((p, i) => p.name === fields[i]!.name && simpleString(p.dataType) === simpleString(fields[i]!.dataType));
    if (!same) {
      shaped = atSpan(statement.query.span, () => df.select(...physical.map((p, i) => {
        const ref: Expr = { kind: 'column', nameParts: [fields[i]!.name] };
        const typed = simpleString(p.dataType) === simpleString(fields[i]!.dataType) ? ref : cast(ref, p.dataType);
        return new Column(alias(typed, p.name));
      })));
    }
  }
  if (connector.valueFormat !== 'json' || connector.sinkFormat === 'json') return shaped;
  const options = Object.entries(connector.jsonOptions);
  const optionArgs = options.length === 0 ? [] : [literal(new Map(options), MapTypeOf(StringType, StringType))];
  const fields: Expr[] = shaped.columns.map((name) => ({ kind: 'column', nameParts: [name] }));
  const value = new Column(alias(call('to_json', [call('struct', fields), ...optionArgs]), 'value'));
  if (connector.keyFields.length === 0) return atSpan(statement.tableSpan, () => shaped.select(value));
  const keyColumns: Expr[] = connector.keyFields.map((k) => ({ kind: 'column', nameParts: [k] }));
  const keyExpr = keyColumns.length === 1 ? cast(keyColumns[0]!, StringType) : call('to_json', [call('struct', keyColumns)]);
  const keySpan = connector.option('key.fields')!.valueSpan;
  return atSpan(keySpan, () => shaped.select(new Column(alias(keyExpr, 'key')), value));
}

/** The mode the script names (checked against the query), or the first of append, update, complete the query allows. */
function chooseOutputMode(df: DataFrame, statement: InsertStatement, hint: SqlOption | undefined): { outputMode: OutputMode; given: boolean } {
  const failure = (mode: OutputMode): BrookError | undefined => {
    try {
      checkOutputMode(df.plan, mode);
      return undefined;
    } catch (error) {
      if (error instanceof BrookError) return error;
      throw error;
    }
  };
  if (hint !== undefined) {
    const mode = hint.value.toLowerCase() as OutputMode;
    if (!MODES.includes(mode)) {
      throw userError('INVALID_OUTPUT_MODE', `Unknown output mode '${hint.value}'. Accepted output modes are 'append', 'update', 'complete'`, { span: hint.valueSpan });
    }
    const error = failure(mode);
    if (error === undefined) return { outputMode: mode, given: true };
    throw modeError(error, hint.valueSpan, statement, MODES.filter((m) => failure(m) === undefined));
  }
  for (const mode of MODES) if (failure(mode) === undefined) return { outputMode: mode, given: false };
  throw modeError(failure('append')!, statement.tableSpan, statement, []);
}

/**
 * The output mode brook picks for a streaming DataFrame: append when allowed, else update, else complete; when none
 * is allowed, the append-mode error is thrown.
 * @example defaultOutputMode(df.groupBy('region').count()) // 'update'
 */
export function defaultOutputMode(df: DataFrame): OutputMode {
  for (const mode of MODES) {
    try {
      checkOutputMode(df.plan, mode);
      return mode;
    } catch (error) {
      if (!(error instanceof BrookError)) throw error;
    }
  }
  checkOutputMode(df.plan, 'append');
  return 'append';
}

function modeError(error: BrookError, span: SourceSpan, statement: InsertStatement, allowed: readonly OutputMode[]): BrookError {
  // the analyzer's hints speak the DataFrame API: outputMode('x') is written /*+ OPTIONS('outputMode' = 'x') */ in SQL
  const hint = allowed.length > 0
    ? `this query runs in ${allowed.join(' or ')} mode: write INSERT INTO ${statement.table} /*+ OPTIONS('outputMode' = '${allowed[0]}') */ SELECT ...`
    : error.hint?.replace(/outputMode\('(\w+)'\)/g, "/*+ OPTIONS('outputMode' = '$1') */");
  return userError(error.code, plainMessage(error), { span, hint, cause: error });
}

/** 'once', 'availableNow' or an interval such as '10 seconds' (processing time; '0' = as fast as possible). */
function triggerOf(option: SqlOption | undefined): TriggerSpec | undefined {
  if (option === undefined) return undefined;
  const value = option.value.trim();
  const key = value.toLowerCase().replace(/[-_\s]/g, '');
  const spec: TriggerSpec = key === 'once' ? { once: true } : key === 'availablenow' ? { availableNow: true } : { processingTime: value };
  atSpan(option.valueSpan, () => parseTrigger(spec));
  return spec;
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}_${k}`;
  used.add(name.toLowerCase());
  return name;
}
