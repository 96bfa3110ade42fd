// Signatures of Spark 3.5 date/time functions (from_unixtime, unix_timestamp, to_timestamp, date_format, year…second, date_add, …): implicit casts and result types.
//
// Argument typing follows Spark's ImplicitCastInputTypes: where a DATE is expected a TIMESTAMP or STRING is cast to
// DATE (in the session time zone), where a TIMESTAMP is expected a DATE or STRING is cast to TIMESTAMP, numbers and
// strings are cast to INT/BIGINT where a count is expected. Defaults are filled in as literals, so names read like
// Spark's: `from_unixtime(ts, yyyy-MM-dd HH:mm:ss)`, `unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)`.
import { DateType, DoubleType, IntegerType, LongType, StringType, TimestampType, ddlTypeString, isNumeric } from '../../../common/data-types.js';
import type { DataType } from '../../../common/data-types.js';
import { assertNever, userError } from '../../../common/errors.js';
import { boundLiteral } from '../bound-expression.js';
import type { BoundCall, BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { renderExpression } from '../render-expression.js';
import { coerceTo, typeMismatch } from '../type-coercion.js';

/** The pattern used when none is given (Spark's TimestampFormatter.defaultPattern). */
const DEFAULT_PATTERN = 'yyyy-MM-dd HH:mm:ss';

/**
 * string: any atomic value as STRING; date / timestamp: DATE, TIMESTAMP or STRING converted; int / long: numbers and
 * strings converted; number: any numeric kept, a STRING as DOUBLE; datetimeText: DATE, TIMESTAMP and STRING kept as they are.
 */
type Param = 'string' | 'date' | 'timestamp' | 'int' | 'long' | 'number' | 'datetimeText';

const callText = (name: string) => (a: readonly string[]): string => `${name}(${a.join(', ')})`;

const isComplex = (t: DataType): boolean => t.kind === 'array' || t.kind === 'map' || t.kind === 'struct';

function mismatch(name: string, args: readonly BoundExpr[], position: number, expected: string, ctx: ResolveContext) {
  const arg = args[position]!;
  return typeMismatch(
    callText(name)(args.map(renderExpression)),
    `parameter ${position + 1} of ${name} requires the ${expected} type, however '${renderExpression(arg)}' has the type ${ddlTypeString(arg.dataType)}`,
    ctx.span,
  );
}

function coerceParam(name: string, args: readonly BoundExpr[], position: number, param: Param, ctx: ResolveContext): BoundExpr {
  const arg = args[position]!;
  const t = arg.dataType;
  const text = t.kind === 'string' || t.kind === 'null';
  switch (param) {
    case 'string':
      if (isComplex(t)) throw mismatch(name, args, position, 'STRING', ctx);
      return coerceTo(arg, StringType);
    case 'date':
      if (t.kind === 'date' || t.kind === 'timestamp' || text) return coerceTo(arg, DateType);
      throw mismatch(name, args, position, 'DATE', ctx);
    case 'timestamp':
      if (t.kind === 'date' || t.kind === 'timestamp' || text) return coerceTo(arg, TimestampType);
      throw mismatch(name, args, position, 'TIMESTAMP', ctx);
    case 'int': case 'long':
      if (isNumeric(t) || text) return coerceTo(arg, param === 'int' ? IntegerType : LongType);
      throw mismatch(name, args, position, param === 'int' ? 'INT' : 'BIGINT', ctx);
    case 'number':
      if (isNumeric(t)) return arg;
      if (text) return coerceTo(arg, DoubleType);
      throw mismatch(name, args, position, 'NUMERIC', ctx);
    case 'datetimeText':
      if (t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'string') return arg;
      if (isComplex(t)) throw mismatch(name, args, position, 'STRING, DATE or TIMESTAMP', ctx);
      return coerceTo(arg, StringType);
    default: return assertNever(param, 'parameter kind');
  }
}

interface Spec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly params: readonly Param[];
  /** Literal values of the trailing optional parameters (their count sets minArgs). */
  readonly defaults?: readonly unknown[];
  readonly result: DataType;
  /** Whether a non-null input can still give null (a parse that fails). */
  readonly mayBeNull?: boolean;
  readonly deterministic?: boolean;
}

function fn(spec: Spec): FunctionSignature {
  const defaults = spec.defaults ?? [];
  const required = spec.params.length - defaults.length;
  return {
    name: spec.name,
    aliases: spec.aliases,
    kind: 'scalar',
    minArgs: required,
    maxArgs: spec.params.length,
    deterministic: spec.deterministic,
    render: callText(spec.name),
    resolve(given, ctx): ResolvedCall {
      const full = [...given];
      for (let k = given.length; k < spec.params.length; k++) {
        full.push(boundLiteral(defaults[k - required], spec.params[k] === 'int' ? IntegerType : StringType));
      }
      const args = full.map((_, k) => coerceParam(spec.name, full, k, spec.params[k]!, ctx));
      return { args, dataType: spec.result, nullable: spec.mayBeNull === true || args.some((a) => a.nullable) };
    },
  };
}

const CURRENT_TIMESTAMP_CALL: BoundCall = { kind: 'call', name: 'current_timestamp', args: [], dataType: TimestampType, nullable: false };

/** unix_timestamp / to_unix_timestamp: (STRING | DATE | TIMESTAMP [, fmt]) → seconds; unix_timestamp() reads current_timestamp(). */
function unixTimestamp(name: string, minArgs: number): FunctionSignature {
  const base = fn({ name, params: ['datetimeText', 'string'], defaults: [DEFAULT_PATTERN], result: LongType, mayBeNull: true });
  return {
    ...base,
    minArgs,
    resolve(given, ctx) {
      const resolved = base.resolve(given.length === 0 ? [CURRENT_TIMESTAMP_CALL] : given, ctx);
      const time = resolved.args[0]!.dataType.kind;
      // only text is parsed: a DATE or TIMESTAMP cannot fail
      return time === 'string' ? resolved : { ...resolved, nullable: resolved.args.some((a) => a.nullable) };
    },
  };
}

/**
 * to_timestamp(x) is CAST(x AS TIMESTAMP) (numbers are seconds); to_timestamp(x, fmt) parses text with the pattern.
 * to_date likewise with DATE.
 */
function parseTo(name: string, result: DataType): FunctionSignature {
  const withFormat = fn({ name, params: ['datetimeText', 'string'], result, mayBeNull: true });
  return {
    ...withFormat,
    minArgs: 1,
    resolve(given, ctx) {
      if (given.length === 2) return withFormat.resolve(given, ctx);
      const x = given[0]!;
      const t = x.dataType;
      if (isComplex(t)) throw mismatch(name, given, 0, 'STRING, DATE or TIMESTAMP', ctx);
      // Spark 3.5 accepts numbers (seconds) for to_timestamp only; other atomic values go through STRING
      const keep = t.kind === 'date' || t.kind === 'timestamp' || (result.kind === 'timestamp' && isNumeric(t));
      const text = keep ? x : coerceTo(x, StringType);
      const arg = coerceTo(text, result);
      return { args: [arg], dataType: result, nullable: arg.nullable };
    },
  };
}

/** date_add/date_sub: a STRING literal for the days must be an integer (Spark's SECOND_FUNCTION_ARGUMENT_NOT_INTEGER). */
function dayShift(name: string, aliases: readonly string[] = []): FunctionSignature {
  const base = fn({ name, aliases, params: ['date', 'int'], result: DateType });
  return {
    ...base,
    resolve(given, ctx) {
      const days = given[1];
      if (days?.kind === 'literal' && typeof days.value === 'string' && !/^\s*[+-]?\d+\s*$/.test(days.value)) {
        throw userError('SECOND_FUNCTION_ARGUMENT_NOT_INTEGER', `The second argument of ${name} function needs to be an integer, got '${days.value}'`, { span: ctx.span });
      }
      return base.resolve(given, ctx);
    },
  };
}

const dateField = (name: string, aliases: readonly string[] = []): FunctionSignature => fn({ name, aliases, params: ['date'], result: IntegerType });
const timeField = (name: string): FunctionSignature => fn({ name, params: ['timestamp'], result: IntegerType });

registerFunctions([
  fn({ name: 'from_unixtime', params: ['long', 'string'], defaults: [DEFAULT_PATTERN], result: StringType }),
  unixTimestamp('unix_timestamp', 0),
  unixTimestamp('to_unix_timestamp', 1),
  parseTo('to_timestamp', TimestampType),
  parseTo('to_date', DateType),
  fn({ name: 'date_format', params: ['timestamp', 'string'], result: StringType }),
  fn({ name: 'current_timestamp', aliases: ['now'], params: [], result: TimestampType, deterministic: false }),
  fn({ name: 'current_date', aliases: ['curdate'], params: [], result: DateType, deterministic: false }),
  dateField('year'),
  dateField('month'),
  dateField('dayofmonth', ['day']),
  dateField('dayofweek'),
  dateField('dayofyear'),
  dateField('weekofyear'),
  dateField('quarter'),
  timeField('hour'),
  timeField('minute'),
  timeField('second'),
  dayShift('date_add', ['dateadd']),
  dayShift('date_sub'),
  fn({ name: 'datediff', aliases: ['date_diff'], params: ['date', 'date'], result: IntegerType }),
  fn({ name: 'add_months', params: ['date', 'int'], result: DateType }),
  fn({ name: 'last_day', params: ['date'], result: DateType }),
  fn({ name: 'trunc', params: ['date', 'string'], result: DateType, mayBeNull: true }),
  fn({ name: 'date_trunc', params: ['string', 'timestamp'], result: TimestampType, mayBeNull: true }),
  fn({ name: 'unix_seconds', params: ['timestamp'], result: LongType }),
  fn({ name: 'unix_millis', params: ['timestamp'], result: LongType }),
  fn({ name: 'unix_micros', params: ['timestamp'], result: LongType }),
  fn({ name: 'unix_date', params: ['date'], result: IntegerType }),
  fn({ name: 'timestamp_seconds', params: ['number'], result: TimestampType, mayBeNull: true }),
  fn({ name: 'timestamp_millis', params: ['long'], result: TimestampType }),
  fn({ name: 'timestamp_micros', params: ['long'], result: TimestampType }),
  fn({ name: 'date_from_unix_date', params: ['int'], result: DateType }),
]);
