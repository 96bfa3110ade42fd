// Reads a SQL table: the streaming DataFrame a CREATE TABLE declares, built with the same DataFrame calls a user would write.
//
//   readStream.format(f).options(o)[.schema(columns)].load()
//   [.select(from_json(value, columns).alias('data'), metadata…).select('data.*', metadata…)]   ('format' = 'json')
//   [.withColumn(computed, expr)…] [.select(declared order)] [.withWatermark(column, delay)]
import { StringType, StructField, StructType, simpleString } from '../common/data-types.js';
import type { DataType } from '../common/data-types.js';
import { BrookError, userError } from '../common/errors.js';
import { MapTypeOf } from '../common/data-types.js';
import { alias, call, cast, literal, star } from '../planner/expr/expression.js';
import type { Expr } from '../planner/expr/expression.js';
import { atSpan, plainMessage } from '../sql/error-spans.js';
import type { CreateTableStatement, TableColumn, WatermarkClause } from '../sql/statements.js';
import { lookupSourceProvider } from '../sources/source.js';
import { Column } from './column.js';
import type { DataFrame } from './data-frame.js';
import { MemoryStream } from './memory-stream.js';
import type { Session } from './session.js';
import { tableConnector } from './sql-connectors.js';
import type { TableConnector } from './sql-connectors.js';

type Physical = Extract<TableColumn, { kind: 'physical' }>;
type Metadata = Extract<TableColumn, { kind: 'metadata' }>;

/**
 * The streaming DataFrame of a table; a 'memory' table's MemoryStream is put in `streams` under the table's name.
 * @example tableSource(session, createTableStatement, new Map()).columns // ['event_id', 'price', …]
 */
export function tableSource(session: Session, table: CreateTableStatement, streams: Map<string, MemoryStream>): DataFrame {
  const connector = tableConnector(table);
  const connectorSpan = connector.option('connector')!.valueSpan;
  if (connector.sourceFormat === undefined) {
    throw userError('NOT_A_SOURCE', `Table '${table.name}' cannot be read: connector '${connector.connector}' only writes`, {
      span: connectorSpan, hint: 'read from a table with a source connector (kafka, file, memory, rate, sales, ...)',
    });
  }
  const physical = table.columns.filter((c): c is Physical => c.kind === 'physical');
  const metadata = table.columns.filter((c): c is Metadata => c.kind === 'metadata');
  const parseValue = connector.valueFormat === 'json';
  let df = parseValue || physical.length === 0
    ? load(session, table, connector, undefined, streams)
    : load(session, table, connector, physical, streams);
  if (parseValue) {
    df = parseJsonValue(df, table, connector, physical, metadata);
  } else if (!sameColumns(df, physical) || metadata.length > 0) {
    // without declared physical columns the source's own columns are kept, followed by the metadata columns
    const raw = df;
    const kept = physical.length === 0 ? [new Column(star())] : physical.map((p) => atSpan(p.span, () => fieldColumn(raw, p.name, p.name, p.dataType)));
    df = raw.select(...kept, ...metadata.map((m) => atSpan(m.span, () => fieldColumn(raw, m.from, m.name, m.dataType))));
  }
  for (const column of table.columns) {
    if (column.kind !== 'computed') continue;
    const input = df;
    df = atSpan(column.span, () => input.withColumn(column.name, new Column(column.expr)));
  }
  const declared = table.columns.map((c) => c.name);
  if ((physical.length > 0 || parseValue) && declared.join('\u0000').toLowerCase() !== df.columns.join('\u0000').toLowerCase()) {
    const input = df;
    df = atSpan(table.nameSpan, () => input.select(...declared));
  }
  const watermark = table.watermark;
  if (watermark) {
    const input = df;
    df = declareWatermark(watermark, () => input.withWatermark(watermark.column, watermark.delay));
  }
  return df;
}

/**
 * Applies a WATERMARK FOR clause: errors point at its column, and a non-timestamp column gets a hint in SQL terms.
 * @example declareWatermark(clause, () => df.withWatermark(clause.column, clause.delay))
 */
export function declareWatermark<T>(clause: WatermarkClause, apply: () => T): T {
  try {
    return atSpan(clause.columnSpan, apply);
  } catch (error) {
    if (!(error instanceof BrookError) || error.code !== 'EVENT_TIME_NOT_TIMESTAMP') throw error;
    throw userError(error.code, plainMessage(error), {
      span: error.span, cause: error,
      hint: `declare a timestamp column and put the watermark on it: event_time AS CAST(${clause.column} AS TIMESTAMP), WATERMARK FOR event_time AS event_time - INTERVAL '${clause.delay}'`,
    });
  }
}

/** The source as the reader loads it; declared columns are its schema when the format takes one (file, memory). */
function load(session: Session, table: CreateTableStatement, connector: TableConnector, physical: readonly Physical[] | undefined, streams: Map<string, MemoryStream>): DataFrame {
  const connectorSpan = connector.option('connector')!.valueSpan;
  const declared = physical === undefined ? undefined : new StructType(physical.map((p) => new StructField(p.name, p.dataType, true)));
  if (connector.sourceFormat === 'memory') {
    const schema = connector.valueFormat === 'json' ? new StructType([new StructField('value', StringType, true)]) : declared;
    if (schema === undefined) {
      throw userError('MISSING_COLUMNS', `The memory table '${table.name}' needs declared columns: they are the schema of its MemoryStream`, {
        span: table.nameSpan, hint: `write CREATE TABLE ${table.name} (name STRING, price INT, ...) WITH ('connector' = 'memory')`,
      });
    }
    const stream = MemoryStream.create(session, schema);
    streams.set(table.name.toLowerCase(), stream);
    return stream.toDF();
  }
  return atSpan(connectorSpan, () => {
    const reader = session.readStream.format(connector.sourceFormat!).options(connector.options);
    if (declared !== undefined && takesSchema(connector)) reader.schema(declared);
    return reader.load();
  });
}

/** Whether the source format accepts a user schema (file formats do; rate, sales and kafka have their own). */
function takesSchema(connector: TableConnector): boolean {
  const provider = lookupSourceProvider(connector.sourceFormat!);
  if (provider === undefined) return false;
  try {
    provider.resolveSchema(connector.options, new StructType([new StructField('probe', StringType, true)]), connector.options.path);
    return true;
  } catch (error) {
    if (error instanceof BrookError && error.code === 'USER_SCHEMA_NOT_SUPPORTED') return false;
    return true;
  }
}

/** 'format' = 'json': the declared columns are parsed out of the source's `value` (cast to STRING when binary, as for Kafka). */
function parseJsonValue(df: DataFrame, table: CreateTableStatement, connector: TableConnector, physical: readonly Physical[], metadata: readonly Metadata[]): DataFrame {
  const formatSpan = connector.option('format')!.valueSpan;
  const value = df.schema.fields.find((f) => f.name.toLowerCase() === 'value');
  if (value === undefined) {
    throw userError('NO_VALUE_COLUMN', `'format' = 'json' parses the 'value' column, but connector '${connector.connector}' gives ${df.columns.join(', ')}`, {
      span: formatSpan, hint: "remove 'format' and declare the source's own columns",
    });
  }
  if (physical.length === 0) {
    throw userError('MISSING_COLUMNS', `Table '${table.name}' declares 'format' = 'json' but no columns to parse`, {
      span: formatSpan, hint: `declare them: CREATE TABLE ${table.name} (event_id STRING, price INT, ...) WITH (...)`,
    });
  }
  const schema = new StructType(physical.map((p) => new StructField(p.name, p.dataType, true))).toDDL();
  const text: Expr = value.dataType.kind === 'string' ? { kind: 'column', nameParts: [value.name] } : cast({ kind: 'column', nameParts: [value.name] }, StringType);
  const options = Object.entries(connector.jsonOptions);
  const optionArgs = options.length === 0 ? [] : [literal(new Map(options), MapTypeOf(StringType, StringType))];
  const parsed = alias(call('from_json', [text, literal(schema), ...optionArgs]), 'data');
  const withData = atSpan(formatSpan, () => df.select(new Column(parsed), ...metadata.map((m) => atSpan(m.span, () => fieldColumn(df, m.from, m.name, m.dataType)))));
  return withData.select(new Column(star(['data'])), ...metadata.map((m) => m.name));
}

/** A source column under a declared name and type (cast only when the type differs). */
function fieldColumn(df: DataFrame, from: string, name: string, dataType: DataType): Column {
  const field = df.schema.fields.find((f) => f.name.toLowerCase() === from.toLowerCase());
  if (field === undefined) {
    throw userError('UNRESOLVED_COLUMN', `Column '${from}' does not exist in the source. Available columns: ${df.columns.join(', ')}`);
  }
  const ref: Expr = { kind: 'column', nameParts: [field.name] };
  const typed = simpleString(field.dataType) === simpleString(dataType) ? ref : cast(ref, dataType);
  return new Column(field.name === name && typed === ref ? ref : alias(typed, name));
}

function sameColumns(df: DataFrame, physical: readonly Physical[]): boolean {
  if (physical.length === 0) return true;
  const fields = df.schema.fields;
  return fields.length === physical.length && fields.every((f, i) => f.name === physical[i]!.name && simpleString(f.dataType) === simpleString(physical[i]!.dataType));
}
