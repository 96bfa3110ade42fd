// INTERVAL literals (`call('interval', ['1 minute'])`): a constant of microseconds (LONG) usable only as TIMESTAMP/DATE ± INTERVAL.
//
// brook has no INTERVAL data type. The SQL parser turns `INTERVAL '1' MINUTE` / `INTERVAL 1 MINUTE` into
// call('interval', [literal('1 minute')]); resolving it gives a LONG constant with options { intervalMicros, startField,
// endField }. add/subtract (operator-functions.ts) hand calls with an interval operand to resolveIntervalArithmetic:
//   TIMESTAMP ± INTERVAL, INTERVAL + TIMESTAMP → TIMESTAMP (µs arithmetic, kernel in compute/kernels/interval-kernels.ts)
//   DATE ± INTERVAL of whole days only ('1 day')  → DATE;  DATE ± other intervals → TIMESTAMP (the date is cast first)
//   anything else (BIGINT + INTERVAL, INTERVAL - TIMESTAMP, INTERVAL * 2, …) → DATATYPE_MISMATCH naming both types.
// Like Spark 3.5's ANSI day-time intervals a day is 24 hours; months and years are rejected (they are not a fixed length).
import { DateType, TimestampType, LongType, ddlTypeString } from '../../../common/data-types.js';
import { parseDuration } from '../../../common/duration.js';
import { userError } from '../../../common/errors.js';
import type { SourceSpan } from '../../../common/errors.js';
import type { BoundExpr } from '../bound-expression.js';
import type { FunctionSignature, ResolveContext, ResolvedCall } from '../function-catalog.js';
import { registerFunctions } from '../function-catalog.js';
import { coerceTo, typeMismatch } from '../type-coercion.js';

/** Spark's day-time interval fields, from the largest to the smallest. */
export type DayTimeField = 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

const FIELD_ORDER: readonly DayTimeField[] = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

const FIELD_OF_UNIT: Readonly<Record<string, DayTimeField>> = {
  week: 'DAY', weeks: 'DAY', day: 'DAY', days: 'DAY', d: 'DAY',
  hour: 'HOUR', hours: 'HOUR', h: 'HOUR',
  minute: 'MINUTE', minutes: 'MINUTE', m: 'MINUTE', min: 'MINUTE', mins: 'MINUTE',
  second: 'SECOND', seconds: 'SECOND', s: 'SECOND', sec: 'SECOND', secs: 'SECOND',
  millisecond: 'SECOND', milliseconds: 'SECOND', ms: 'SECOND', msec: 'SECOND', msecs: 'SECOND',
  microsecond: 'SECOND', microseconds: 'SECOND', us: 'SECOND',
};

const MICRO_UNITS = new Set(['microsecond', 'microseconds', 'us']);
const CALENDAR_UNITS = new Set(['year', 'years', 'month', 'months']);
const GROUP = /(-?\d+(?:\.\d+)?)\s*([A-Za-z]+)/g;

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
/** Microseconds in a day (an interval day is 24 hours). */
const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** An interval literal: its length and the fields it was written with (for its type name and SQL text). */
export interface ParsedInterval {
  readonly micros: number;
  readonly startField: DayTimeField;
  readonly endField: DayTimeField;
}

/**
 * Parses interval text as the SQL parser leaves it ('10 seconds', '1 day 2 hours', '-5 minutes', '250 microseconds').
 * @example parseInterval('1 minute') // { micros: 60_000_000, startField: 'MINUTE', endField: 'MINUTE' }
 */
export function parseInterval(text: string, span?: SourceSpan): ParsedInterval {
  const body = text.trim().replace(/^interval\s+/i, '');
  const fields: DayTimeField[] = [];
  let micros = 0;
  const leftover = body.replace(GROUP, (group: string, amount: string, unitText: string) => {
    const unit = unitText.toLowerCase();
    if (CALENDAR_UNITS.has(unit)) {
      throw userError('UNSUPPORTED_INTERVAL', `The interval '${text}' uses ${unit}: intervals of months or years are not supported`, {
        span,
        hint: "write the interval in weeks, days, hours, minutes or seconds, e.g. INTERVAL '30' DAY",
      });
    }
    const field = FIELD_OF_UNIT[unit];
    if (field === undefined) {
      throw userError('INVALID_INTERVAL', `Invalid interval '${text}': unknown unit '${unitText}'`, {
        span,
        hint: 'units are weeks, days, hours, minutes, seconds, milliseconds and microseconds',
      });
    }
    fields.push(field);
    micros += MICRO_UNITS.has(unit) ? Math.round(Number(amount)) : parseDuration(group, 'interval') * 1000;
    return '';
  });
  if (fields.length === 0 || leftover.trim().length > 0) {
    throw userError('INVALID_INTERVAL', `Invalid interval '${text}'`, { span, hint: "write it like INTERVAL '10' SECOND or INTERVAL 1 MINUTE" });
  }
  const order = fields.map((f) => FIELD_ORDER.indexOf(f));
  return { micros, startField: FIELD_ORDER[Math.min(...order)]!, endField: FIELD_ORDER[Math.max(...order)]! };
}

/**
 * Spark's SQL text of a day-time interval (IntervalUtils.toDayTimeIntervalString, ANSI style).
 * @example intervalSql({ micros: 60_000_000, startField: 'MINUTE', endField: 'MINUTE' }) // "INTERVAL '01' MINUTE"
 */
export function intervalSql(interval: ParsedInterval): string {
  const { startField, endField } = interval;
  const start = FIELD_ORDER.indexOf(startField);
  const end = FIELD_ORDER.indexOf(endField);
  let rest = Math.abs(interval.micros);
  let text = interval.micros < 0 ? '-' : '';
  const two = (n: number) => String(n).padStart(2, '0');
  const seconds = (us: number) => (us < 10 * MICROS_PER_SECOND ? '0' : '') + String(Number((us / MICROS_PER_SECOND).toFixed(6)));
  const units: readonly [DayTimeField, number][] = [['DAY', MICROS_PER_DAY], ['HOUR', MICROS_PER_HOUR], ['MINUTE', MICROS_PER_MINUTE]];
  for (let f = start; f <= end; f++) {
    const separator = f === start ? '' : f === 1 ? ' ' : ':';
    if (f === 3) {
      text += separator + seconds(rest);
      break;
    }
    const size = units[f]![1];
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    text += separator + (f === 0 ? String(amount) : two(amount));
  }
  return `INTERVAL '${text}' ${startField === endField ? startField : `${startField} TO ${endField}`}`;
}

/** The type name Spark gives an interval (`INTERVAL MINUTE`, `INTERVAL DAY TO HOUR`), for error messages. */
function intervalTypeName(e: BoundExpr): string {
  const start = e.kind === 'call' ? (e.options?.startField as DayTimeField | undefined) : undefined;
  const end = e.kind === 'call' ? (e.options?.endField as DayTimeField | undefined) : undefined;
  if (start === undefined || end === undefined) return 'INTERVAL';
  return start === end ? `INTERVAL ${start}` : `INTERVAL ${start} TO ${end}`;
}

/**
 * Whether a resolved expression is an INTERVAL literal (a resolved `interval` call).
 * @example isIntervalCall(resolve(parseExpression('INTERVAL 1 MINUTE'))) // true
 */
export function isIntervalCall(e: BoundExpr): boolean {
  return e.kind === 'call' && e.name === 'interval';
}

/**
 * The interval's length in µs (a resolved `interval` call, or a BIGINT literal left after constant folding).
 * @example intervalMicrosOf(resolve(parseExpression("INTERVAL '10' SECOND"))) // 10_000_000
 */
export function intervalMicrosOf(e: BoundExpr): number | undefined {
  if (e.kind === 'call' && e.name === 'interval') return e.options?.intervalMicros as number | undefined;
  if (e.kind === 'literal' && e.dataType.kind === 'long' && typeof e.value === 'number') return e.value;
  return undefined;
}

function resolveInterval(args: readonly BoundExpr[], ctx: ResolveContext): ResolvedCall {
  const text = args[0]!;
  if (text.kind !== 'literal' || typeof text.value !== 'string') {
    throw userError('INVALID_INTERVAL', 'An INTERVAL must be a constant such as INTERVAL 1 MINUTE or INTERVAL \'10\' SECOND', { span: ctx.span });
  }
  const parsed = parseInterval(text.value, ctx.span);
  return {
    args,
    dataType: LongType,
    nullable: false,
    options: { intervalMicros: parsed.micros, startField: parsed.startField, endField: parsed.endField },
  };
}

/**
 * Types `a + b` / `a - b` (and rejects `*`, `/`, `%`) when an operand is an INTERVAL; undefined when none is.
 * @example resolveIntervalArithmetic('add', [tsRef, interval1Minute], ctx, sql) // { dataType: TimestampType, … }
 */
export function resolveIntervalArithmetic(op: string, args: readonly BoundExpr[], ctx: ResolveContext, sql: () => string): ResolvedCall | undefined {
  const [l, r] = args as [BoundExpr, BoundExpr];
  const leftInterval = isIntervalCall(l);
  const rightInterval = isIntervalCall(r);
  if (!leftInterval && !rightInterval) return undefined;
  const allowed = !(leftInterval && rightInterval) && (op === 'add' || (op === 'subtract' && rightInterval));
  const other = rightInterval ? l : r;
  const interval = rightInterval ? r : l;
  const withOther = (e: BoundExpr) => (rightInterval ? [e, r] : [l, e]);
  if (allowed) {
    const base = other.dataType.kind === 'null' ? coerceTo(other, TimestampType) : other;
    if (base.dataType.kind === 'timestamp') return { args: withOther(base), dataType: TimestampType, nullable: base.nullable };
    if (base.dataType.kind === 'date') {
      const wholeDays = interval.kind === 'call' && interval.options?.endField === 'DAY';
      if (wholeDays) return { args: withOther(base), dataType: DateType, nullable: base.nullable };
      const asTimestamp = coerceTo(base, TimestampType);
      return { args: withOther(asTimestamp), dataType: TimestampType, nullable: asTimestamp.nullable };
    }
  }
  const typeName = (e: BoundExpr, isInterval: boolean) => (isInterval ? intervalTypeName(e) : ddlTypeString(e.dataType));
  throw typeMismatch(sql(), `the left and right operands of the binary operator have incompatible types ("${typeName(l, leftInterval)}" and "${typeName(r, rightInterval)}")`, ctx.span);
}

/**
 * The `interval` signature, registered in the catalog when this module loads.
 * @example lookupFunction('interval')!.resolve([literal('1 minute')], ctx).options // { intervalMicros: 60000000, … }
 */
export const INTERVAL_FUNCTIONS: readonly FunctionSignature[] = [
  {
    name: 'interval',
    kind: 'scalar',
    minArgs: 1,
    maxArgs: 1,
    resolve: resolveInterval,
    render: (args, options) => {
      const micros = options?.intervalMicros;
      const startField = options?.startField as DayTimeField | undefined;
      const endField = options?.endField as DayTimeField | undefined;
      if (typeof micros !== 'number' || startField === undefined || endField === undefined) return `INTERVAL '${args[0] ?? ''}'`;
      return intervalSql({ micros, startField, endField });
    },
  },
];

registerFunctions(INTERVAL_FUNCTIONS);
