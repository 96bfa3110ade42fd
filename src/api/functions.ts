// Spark's functions module in camelCase: builders of unresolved Expr call nodes named by their snake_case catalog names.
// schema-parser.js before data-types.js: the two import each other and the parser's type table must see initialised types.
import { parseDataType, parseSchema } from '../common/schema-parser.js';
import type { DataType } from '../common/data-types.js';
import { ddlTypeString, MapTypeOf, StringType } from '../common/data-types.js';
import type { Expr } from '../planner/expr/expression.js';
import { call, caseWhen, literal } from '../planner/expr/expression.js';
import { parseSelectItem } from '../sql/expression-parser.js';
import { Column, columnArg, conditionArg, toExpr, valueArg } from './column.js';
import type { ColumnOrName } from './column.js';

/** Options of from_json / to_json; non-string values are written as strings like pyspark does (true → 'true'). @example { mode: 'FAILFAST' } */
export type JsonOptions = Readonly<Record<string, string | number | boolean>>;

/** Spark's default pattern of from_unixtime / unix_timestamp. */
const DEFAULT_TIMESTAMP_FORMAT = 'yyyy-MM-dd HH:mm:ss';

function fn(name: string, ...cols: readonly ColumnOrName[]): Column {
  return new Column(call(name, cols.map((c) => columnArg(c, name))));
}

function spread(cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): readonly ColumnOrName[] {
  if (cols.length === 1 && Array.isArray(cols[0])) return cols[0] as readonly ColumnOrName[];
  return cols as readonly ColumnOrName[];
}

function optionsLiteral(options: JsonOptions | undefined): Expr[] {
  if (options === undefined || Object.keys(options).length === 0) return [];
  const map = new Map(Object.entries(options).map(([k, v]) => [k, String(v)]));
  return [literal(map, MapTypeOf(StringType, StringType))];
}

/** The schema text handed to from_json; a string is checked now (like Spark's Scala API) so a bad schema fails at the call. */
function schemaText(schema: string | DataType): string {
  if (typeof schema !== 'string') return schema.kind === 'struct' ? schema.toDDL() : ddlTypeString(schema);
  try {
    parseSchema(schema);
  } catch (schemaError) {
    try {
      parseDataType(schema); // 'array<struct<…>>' and 'map<string,int>' are valid from_json schemas too
    } catch {
      throw schemaError;
    }
  }
  return schema;
}

// ---- columns, literals and SQL text ----

/** A column by name; 'data.price' reaches into a struct, '*' and 'data.*' are stars. @example col('price') */
export function col(name: string): Column {
  return new Column(columnArg(name, 'col'));
}

/** Same as col. @example column('price') */
export function column(name: string): Column {
  return col(name);
}

/** A literal value (a Column is returned as it is). @example lit(100) */
export function lit(value: unknown): Column {
  return value instanceof Column ? value : new Column(valueArg(value, 'lit'));
}

/** Parses a SQL expression. @example expr("price * quantity AS total") */
export function expr(sqlText: string): Column {
  return new Column(parseSelectItem(sqlText));
}

/** Starts a CASE WHEN chain; continue with .when(...) and .otherwise(...). @example when(col('a').gt(1), 'big').otherwise('small') */
export function when(condition: Column, value: unknown): Column {
  return new Column(caseWhen([{ condition: conditionArg(condition, 'when'), value: valueArg(value, 'when') }]));
}

/** Ascending sort order of a column. @example df.orderBy(asc('price')) */
export function asc(c: ColumnOrName): Column {
  return new Column(columnArg(c, 'asc')).asc();
}

/** Descending sort order of a column. @example df.orderBy(desc('price')) */
export function desc(c: ColumnOrName): Column {
  return new Column(columnArg(c, 'desc')).desc();
}

// ---- JSON and complex types ----

/**
 * Parses a JSON string column with a schema (DDL string or DataType) and optional JSON options.
 * @example fromJson(col('value').cast('string'), 'event_id STRING, price INT', { mode: 'PERMISSIVE' })
 */
export function fromJson(c: ColumnOrName, schema: string | DataType, options?: JsonOptions): Column {
  return new Column(call('from_json', [columnArg(c, 'from_json'), literal(schemaText(schema)), ...optionsLiteral(options)]));
}

/** Writes a struct, array or map column as a JSON string. @example toJson(struct('a', 'b')) */
export function toJson(c: ColumnOrName, options?: JsonOptions): Column {
  return new Column(call('to_json', [columnArg(c, 'to_json'), ...optionsLiteral(options)]));
}

/** Extracts a value from a JSON string by a JSONPath like '$.a.b'. @example getJsonObject('value', '$.price') */
export function getJsonObject(c: ColumnOrName, path: string): Column {
  return new Column(call('get_json_object', [columnArg(c, 'get_json_object'), literal(path)]));
}

/** A struct of the given columns (names or Columns, or one array of them). @example struct('event_id', col('price')) */
export function struct(...cols: ColumnOrName[]): Column;
export function struct(cols: readonly ColumnOrName[]): Column;
export function struct(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn('struct', ...spread(cols));
}

/** An array of the given columns (or of one array of them). @example array('a', 'b') */
export function array(...cols: ColumnOrName[]): Column;
export function array(cols: readonly ColumnOrName[]): Column;
export function array(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn('array', ...spread(cols));
}

/** A map from alternating key and value columns. @example createMap(lit('price'), col('price')) */
export function createMap(...cols: ColumnOrName[]): Column;
export function createMap(cols: readonly ColumnOrName[]): Column;
export function createMap(...cols: (ColumnOrName | readonly ColumnOrName[])[]): Column {
  return fn('map', ...spread(cols));
}

// ---- null handling and logic ----

/** The first non-null argument. @example coalesce('nickname', 'name') */
export function coalesce(...cols: ColumnOrName[]): Column {
  return fn('coalesce', ...cols);
}

/** True where the value is null. @example isnull('price') */
export function isnull(c: ColumnOrName): Column {
  return fn('isnull', c);
}

/** True where the value is NaN. @example isnan('ratio') */
export function isnan(c: ColumnOrName): Column {
  return fn('isnan', c);
}

/** col1 unless it is NaN, else col2. @example nanvl('ratio', lit(0)) */
export function nanvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn('nanvl', col1, col2);
}

/** Null where col1 equals col2, else col1. @example nullif('region', lit('')) */
export function nullif(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn('nullif', col1, col2);
}

/** Logical negation. @example not(col('is_test')) */
export function not(c: ColumnOrName): Column {
  return fn('not', c);
}

// ---- strings ----

/** Concatenates strings (or arrays). @example concat('first', lit(' '), 'last') */
export function concat(...cols: ColumnOrName[]): Column {
  return fn('concat', ...cols);
}

/** Concatenates with a separator, skipping nulls. @example concatWs('-', 'year', 'month') */
export function concatWs(sep: string, ...cols: ColumnOrName[]): Column {
  return new Column(call('concat_ws', [literal(sep), ...cols.map((c) => columnArg(c, 'concat_ws'))]));
}

/** Upper case. @example upper('region') */
export function upper(c: ColumnOrName): Column {
  return fn('upper', c);
}

/** Lower case. @example lower('region') */
export function lower(c: ColumnOrName): Column {
  return fn('lower', c);
}

/** Removes leading and trailing spaces. @example trim('name') */
export function trim(c: ColumnOrName): Column {
  return fn('trim', c);
}

/** Removes leading spaces. @example ltrim('name') */
export function ltrim(c: ColumnOrName): Column {
  return fn('ltrim', c);
}

/** Removes trailing spaces. @example rtrim('name') */
export function rtrim(c: ColumnOrName): Column {
  return fn('rtrim', c);
}

/** `len` characters from 1-based `pos`. @example substring('name', 1, 3) */
export function substring(c: ColumnOrName, pos: number | Column, len: number | Column): Column {
  return new Column(call('substring', [columnArg(c, 'substring'), valueArg(pos, 'substring'), valueArg(len, 'substring')]));
}

/** Character length of a string (byte length of binary). @example length('name') */
export function length(c: ColumnOrName): Column {
  return fn('length', c);
}

/** Splits around a regular expression; limit -1 (the default) keeps all parts. @example split('tags', ',') */
export function split(c: ColumnOrName, pattern: string, limit = -1): Column {
  return new Column(call('split', [columnArg(c, 'split'), literal(pattern), literal(limit)]));
}

/** Group `idx` of the first match of a regular expression ('' when none). @example regexpExtract('url', '/item/(\\d+)', 1) */
export function regexpExtract(c: ColumnOrName, pattern: string, idx: number): Column {
  return new Column(call('regexp_extract', [columnArg(c, 'regexp_extract'), literal(pattern), literal(idx)]));
}

/** Replaces every match; strings are literals, Columns are allowed. @example regexpReplace('phone', '[^0-9]', '') */
export function regexpReplace(c: ColumnOrName, pattern: string | Column, replacement: string | Column): Column {
  return new Column(call('regexp_replace', [
    columnArg(c, 'regexp_replace'), valueArg(pattern, 'regexp_replace'), valueArg(replacement, 'regexp_replace'),
  ]));
}

// ---- math ----

/** Absolute value. @example abs('delta') */
export function abs(c: ColumnOrName): Column {
  return fn('abs', c);
}

/** Rounds half up to `scale` decimal places. @example round('price', 2) */
export function round(c: ColumnOrName, scale = 0): Column {
  return new Column(call('round', [columnArg(c, 'round'), literal(scale)]));
}

/** Rounds half to even to `scale` decimal places. @example bround('price', 2) */
export function bround(c: ColumnOrName, scale = 0): Column {
  return new Column(call('bround', [columnArg(c, 'bround'), literal(scale)]));
}

/** Largest integer not above the value. @example floor('price') */
export function floor(c: ColumnOrName): Column {
  return fn('floor', c);
}

/** Smallest integer not below the value. @example ceil('price') */
export function ceil(c: ColumnOrName): Column {
  return fn('ceil', c);
}

/** Square root. @example sqrt('area') */
export function sqrt(c: ColumnOrName): Column {
  return fn('sqrt', c);
}

/** `base` to the power `exponent`; strings are column names, numbers literals. @example pow('x', 2) */
export function pow(base: ColumnOrName | number, exponent: ColumnOrName | number): Column {
  return new Column(call('pow', [toExpr(base, 'pow'), toExpr(exponent, 'pow')]));
}

/** e to the power of the value. @example exp('x') */
export function exp(c: ColumnOrName): Column {
  return fn('exp', c);
}

/** Natural log of one argument, or log(base, value) with two. @example log('x'); log(10, 'x') */
export function log(baseOrValue: ColumnOrName | number, value?: ColumnOrName): Column {
  if (value === undefined) return new Column(call('log', [toExpr(baseOrValue, 'log')]));
  return new Column(call('log', [toExpr(baseOrValue, 'log'), columnArg(value, 'log')]));
}

/** The largest argument, skipping nulls. @example greatest('a', 'b', 'c') */
export function greatest(...cols: ColumnOrName[]): Column {
  return fn('greatest', ...cols);
}

/** The smallest argument, skipping nulls. @example least('a', 'b', 'c') */
export function least(...cols: ColumnOrName[]): Column {
  return fn('least', ...cols);
}

// ---- dates and times ----

/** Seconds since the epoch as a formatted string in the session time zone. @example fromUnixtime('ts_seconds') */
export function fromUnixtime(c: ColumnOrName, format = DEFAULT_TIMESTAMP_FORMAT): Column {
  return new Column(call('from_unixtime', [columnArg(c, 'from_unixtime'), literal(format)]));
}

/** Seconds since the epoch of a time (or of now, without arguments). @example unixTimestamp('event_time') */
export function unixTimestamp(c?: ColumnOrName, format = DEFAULT_TIMESTAMP_FORMAT): Column {
  if (c === undefined) return new Column(call('unix_timestamp', []));
  return new Column(call('unix_timestamp', [columnArg(c, 'unix_timestamp'), literal(format)]));
}

/** Converts to a timestamp, with a datetime pattern when given. @example toTimestamp('ts', 'yyyy-MM-dd HH:mm:ss') */
export function toTimestamp(c: ColumnOrName, format?: string): Column {
  const args = [columnArg(c, 'to_timestamp')];
  return new Column(call('to_timestamp', format === undefined ? args : [...args, literal(format)]));
}

/** Converts to a date, with a datetime pattern when given. @example toDate('day', 'dd/MM/yyyy') */
export function toDate(c: ColumnOrName, format?: string): Column {
  const args = [columnArg(c, 'to_date')];
  return new Column(call('to_date', format === undefined ? args : [...args, literal(format)]));
}

/** Formats a date or timestamp with a datetime pattern. @example dateFormat('event_time', 'yyyy-MM-dd') */
export function dateFormat(c: ColumnOrName, format: string): Column {
  return new Column(call('date_format', [columnArg(c, 'date_format'), literal(format)]));
}

/** The time the query (micro-batch) started. @example currentTimestamp() */
export function currentTimestamp(): Column {
  return new Column(call('current_timestamp', []));
}

/** The date the query (micro-batch) started, in the session time zone. @example currentDate() */
export function currentDate(): Column {
  return new Column(call('current_date', []));
}

/** The year. @example year('event_time') */
export function year(c: ColumnOrName): Column {
  return fn('year', c);
}

/** The month, 1–12. @example month('event_time') */
export function month(c: ColumnOrName): Column {
  return fn('month', c);
}

/** The day of the month. @example dayofmonth('event_time') */
export function dayofmonth(c: ColumnOrName): Column {
  return fn('dayofmonth', c);
}

/** The day of the week, 1 = Sunday … 7 = Saturday. @example dayofweek('event_time') */
export function dayofweek(c: ColumnOrName): Column {
  return fn('dayofweek', c);
}

/** The day of the year. @example dayofyear('event_time') */
export function dayofyear(c: ColumnOrName): Column {
  return fn('dayofyear', c);
}

/** The hour. @example hour('event_time') */
export function hour(c: ColumnOrName): Column {
  return fn('hour', c);
}

/** The minute. @example minute('event_time') */
export function minute(c: ColumnOrName): Column {
  return fn('minute', c);
}

/** The second. @example second('event_time') */
export function second(c: ColumnOrName): Column {
  return fn('second', c);
}

/** The ISO week of the year. @example weekofyear('event_time') */
export function weekofyear(c: ColumnOrName): Column {
  return fn('weekofyear', c);
}

/** The date `days` after start; a string is a column name, a number a literal. @example dateAdd('day', 7) */
export function dateAdd(start: ColumnOrName, days: ColumnOrName | number): Column {
  return new Column(call('date_add', [columnArg(start, 'date_add'), toExpr(days, 'date_add')]));
}

/** The date `days` before start; a string is a column name, a number a literal. @example dateSub('day', 7) */
export function dateSub(start: ColumnOrName, days: ColumnOrName | number): Column {
  return new Column(call('date_sub', [columnArg(start, 'date_sub'), toExpr(days, 'date_sub')]));
}

/** Days from start to end. @example datediff('shipped', 'ordered') */
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return fn('datediff', end, start);
}

// ---- event-time windows ----

/**
 * Tumbling (no slide) or sliding event-time window struct<start, end>; slide defaults to the length, start time to '0 seconds'.
 * @example window('event_time', '10 minutes', '5 minutes')
 */
export function window(timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string): Column {
  return new Column(call('window', [
    columnArg(timeColumn, 'window'), literal(windowDuration), literal(slideDuration ?? windowDuration), literal(startTime ?? '0 seconds'),
  ]));
}

/** Session window that closes after `gapDuration` without events; a string is a duration literal. @example sessionWindow('event_time', '5 minutes') */
export function sessionWindow(timeColumn: ColumnOrName, gapDuration: string | Column): Column {
  return new Column(call('session_window', [columnArg(timeColumn, 'session_window'), valueArg(gapDuration, 'session_window')]));
}

/** The event time of a window column (its end minus one microsecond). @example windowTime('window') */
export function windowTime(windowColumn: ColumnOrName): Column {
  return fn('window_time', windowColumn);
}

// ---- aggregates ----

/** Number of rows where the value is not null; count('*') counts all rows. @example count('*') */
export function count(c: ColumnOrName): Column {
  return fn('count', c);
}

/** Number of distinct non-null value combinations. @example countDistinct('user_id') */
export function countDistinct(c: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return new Column(call('count', [c, ...cols].map((x) => columnArg(x, 'count_distinct')), { distinct: true }));
}

/** Approximate distinct count (HyperLogLog++), with an optional maximum relative standard deviation. @example approxCountDistinct('user_id', 0.05) */
export function approxCountDistinct(c: ColumnOrName, rsd?: number): Column {
  const args = [columnArg(c, 'approx_count_distinct')];
  return new Column(call('approx_count_distinct', rsd === undefined ? args : [...args, literal(rsd)]));
}

/** Sum. @example sum('amount') */
export function sum(c: ColumnOrName): Column {
  return fn('sum', c);
}

/** Average. @example avg('price') */
export function avg(c: ColumnOrName): Column {
  return fn('avg', c);
}

/** Same as avg. @example mean('price') */
export function mean(c: ColumnOrName): Column {
  return fn('avg', c);
}

/** Minimum. @example min('price') */
export function min(c: ColumnOrName): Column {
  return fn('min', c);
}

/** Maximum. @example max('price') */
export function max(c: ColumnOrName): Column {
  return fn('max', c);
}

/** The first value seen (skipping nulls when ignoreNulls). @example first('price', true) */
export function first(c: ColumnOrName, ignoreNulls = false): Column {
  return new Column(call('first', [columnArg(c, 'first'), literal(ignoreNulls)]));
}

/** The last value seen (skipping nulls when ignoreNulls). @example last('price', true) */
export function last(c: ColumnOrName, ignoreNulls = false): Column {
  return new Column(call('last', [columnArg(c, 'last'), literal(ignoreNulls)]));
}

/** All values as an array, duplicates kept. @example collectList('item') */
export function collectList(c: ColumnOrName): Column {
  return fn('collect_list', c);
}

/** Distinct values as an array. @example collectSet('item') */
export function collectSet(c: ColumnOrName): Column {
  return fn('collect_set', c);
}
