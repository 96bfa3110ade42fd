// Kernels for Spark 3.5 date/time functions over DATE (Int32 days) and TIMESTAMP (Float64 µs UTC) columns, in the session time zone.
import { DateType, IntegerType, LongType, StringType, TimestampType } from '../../common/data-types.js';
import type { DataType } from '../../common/data-types.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';
import { constantVector } from '../column-vector.js';
import {
  MICROS_PER_DAY, MICROS_PER_SECOND, civilFromDays, compileFormatter, compileParser, daysFromCivil, daysInMonth, daysToMicros,
  fromLocalMicros, microsToDays, timeZoneRules, toLocalMicros,
} from '../datetime-format.js';
import { binaryKernel, unaryKernel } from '../kernel-helpers.js';
import type { Kernel, KernelFactory } from '../kernel-registry.js';
import { registerKernels } from '../kernel-registry.js';

const MICROS_PER_MILLI = 1000;
const MICROS_PER_MINUTE = 60_000_000;
const MICROS_PER_HOUR = 3_600_000_000;

/** Scratch [year, month, day] for civilFromDays (kernels run one at a time). */
const ymd = new Int32Array(3);

/** A compiled pattern per argument: once for a literal, else a small cache keyed by the row's pattern. */
function patternSource<T>(call: BoundCall, argIndex: number, compile: (pattern: string) => T): (pattern: string) => T {
  const arg = call.args[argIndex];
  if (arg?.kind === 'literal' && typeof arg.value === 'string') {
    const compiled = compile(arg.value);
    return () => compiled;
  }
  const cache = new Map<string, T>();
  return (pattern) => {
    let compiled = cache.get(pattern);
    if (compiled === undefined) {
      if (cache.size >= 64) cache.clear();
      compiled = compile(pattern);
      cache.set(pattern, compiled);
    }
    return compiled;
  };
}

const identity: Kernel = (args) => args[0]!;

// ---------------------------------------------------------------- text ⇄ time

const fromUnixtime: KernelFactory = (call, ctx) => {
  const format = patternSource(call, 1, (p) => compileFormatter(p, ctx.timeZone));
  return binaryKernel(StringType, (seconds, pattern) => format(pattern as string)((seconds as number) * MICROS_PER_SECOND));
};

const dateFormat: KernelFactory = (call, ctx) => {
  const format = patternSource(call, 1, (p) => compileFormatter(p, ctx.timeZone));
  return binaryKernel(StringType, (micros, pattern) => format(pattern as string)(micros as number));
};

/** Whole seconds of µs truncated toward zero, like Spark's `micros / MICROS_PER_SECOND` on longs (never -0). */
function truncatedSeconds(micros: number): number {
  return Math.trunc(micros / MICROS_PER_SECOND) || 0;
}

// unix_timestamp(x, fmt): text is parsed with fmt (null when it does not match); DATE is local midnight
const unixTimestamp: KernelFactory = (call, ctx) => {
  const zone = timeZoneRules(ctx.timeZone);
  switch (call.args[0]!.dataType.kind) {
    case 'timestamp': return unaryKernel(LongType, (m) => truncatedSeconds(m as number));
    case 'date': return unaryKernel(LongType, (d) => truncatedSeconds(daysToMicros(d as number, zone)));
    default: {
      const parse = patternSource(call, 1, (p) => compileParser(p, ctx.timeZone));
      return binaryKernel(LongType, (text, pattern) => {
        const micros = parse(pattern as string)(text as string);
        return micros === null ? null : truncatedSeconds(micros);
      });
    }
  }
};

// to_timestamp(x) arrives as CAST(x AS TIMESTAMP); to_timestamp(x, fmt) parses text, passes a TIMESTAMP, widens a DATE
const toTimestamp: KernelFactory = (call, ctx) => {
  if (call.args.length === 1) return identity;
  const zone = timeZoneRules(ctx.timeZone);
  switch (call.args[0]!.dataType.kind) {
    case 'timestamp': return identity;
    case 'date': return unaryKernel(TimestampType, (d) => daysToMicros(d as number, zone));
    default: {
      const parse = patternSource(call, 1, (p) => compileParser(p, ctx.timeZone));
      return binaryKernel(TimestampType, (text, pattern) => parse(pattern as string)(text as string));
    }
  }
};

// to_date(x) arrives as CAST(x AS DATE); to_date(x, fmt) parses text to a timestamp and takes its date in the session zone
const toDate: KernelFactory = (call, ctx) => {
  if (call.args.length === 1) return identity;
  const zone = timeZoneRules(ctx.timeZone);
  switch (call.args[0]!.dataType.kind) {
    case 'date': return identity;
    case 'timestamp': return unaryKernel(DateType, (m) => microsToDays(m as number, zone));
    default: {
      const parse = patternSource(call, 1, (p) => compileParser(p, ctx.timeZone));
      return binaryKernel(DateType, (text, pattern) => {
        const micros = parse(pattern as string)(text as string);
        return micros === null ? null : microsToDays(micros, zone);
      });
    }
  }
};

// current_timestamp()/current_date(): read once per call, so constant within a micro-batch
const currentTimestamp: KernelFactory = (_call, ctx) => (_args, n) => constantVector(TimestampType, ctx.batchTimestampMs() * MICROS_PER_MILLI, n);

const currentDate: KernelFactory = (_call, ctx) => {
  const zone = timeZoneRules(ctx.timeZone);
  return (_args, n) => constantVector(DateType, microsToDays(ctx.batchTimestampMs() * MICROS_PER_MILLI, zone), n);
};

// ---------------------------------------------------------------- fields

function dateField(fn: (days: number) => number): KernelFactory {
  return () => unaryKernel(IntegerType, (d) => fn(d as number));
}

/** 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
function isoDayOfWeek(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week of the week-based year (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeekOfYear(days: number): number {
  const thursday = days - isoDayOfWeek(days) + 4;
  civilFromDays(thursday, ymd);
  return Math.floor((thursday - daysFromCivil(ymd[0]!, 1, 1)) / 7) + 1;
}

function dayOfYear(days: number): number {
  civilFromDays(days, ymd);
  return days - daysFromCivil(ymd[0]!, 1, 1) + 1;
}

function civilPart(index: 0 | 1 | 2): (days: number) => number {
  return (days) => {
    civilFromDays(days, ymd);
    return ymd[index]!;
  };
}

/** hour/minute/second of a timestamp in the session zone: a unit of the local time of day. */
function timeField(unit: number, modulo: number): KernelFactory {
  return (_call, ctx) => {
    const zone = timeZoneRules(ctx.timeZone);
    return unaryKernel(IntegerType, (m) => {
      const local = toLocalMicros(m as number, zone);
      const ofDay = local - Math.floor(local / MICROS_PER_DAY) * MICROS_PER_DAY;
      return Math.floor(ofDay / unit) % modulo;
    });
  };
}

// ---------------------------------------------------------------- arithmetic and truncation

/** add_months: the same day of the target month, or its last day when the month is shorter (java.time plusMonths). */
function addMonths(days: number, months: number): number {
  civilFromDays(days, ymd);
  const total = ymd[0]! * 12 + (ymd[1]! - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(ymd[2]!, daysInMonth(year, month)));
}

function lastDay(days: number): number {
  civilFromDays(days, ymd);
  return daysFromCivil(ymd[0]!, ymd[1]!, daysInMonth(ymd[0]!, ymd[1]!));
}

type DateLevel = 'year' | 'quarter' | 'month' | 'week';

const DATE_LEVELS: Readonly<Record<string, DateLevel>> = {
  YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MM: 'month', MON: 'month', WEEK: 'week',
};

const TIME_UNITS: Readonly<Record<string, number>> = {
  DAY: MICROS_PER_DAY, DD: MICROS_PER_DAY, HOUR: MICROS_PER_HOUR, MINUTE: MICROS_PER_MINUTE, SECOND: MICROS_PER_SECOND,
  MILLISECOND: MICROS_PER_MILLI, MICROSECOND: 1,
};

function truncDays(days: number, level: DateLevel): number {
  if (level === 'week') return days - isoDayOfWeek(days) + 1;
  civilFromDays(days, ymd);
  if (level === 'year') return daysFromCivil(ymd[0]!, 1, 1);
  if (level === 'quarter') return daysFromCivil(ymd[0]!, Math.floor((ymd[1]! - 1) / 3) * 3 + 1, 1);
  return daysFromCivil(ymd[0]!, ymd[1]!, 1);
}

// trunc(date, fmt): YEAR/YYYY/YY, QUARTER, MONTH/MM/MON, WEEK (Monday); any other unit gives null
const trunc: KernelFactory = () => binaryKernel(DateType, (d, fmt) => {
  const level = DATE_LEVELS[(fmt as string).toUpperCase()];
  return level === undefined ? null : truncDays(d as number, level);
});

// date_trunc(fmt, ts) in the session zone: day and coarser units restart at local midnight; finer units keep the offset
const dateTrunc: KernelFactory = (_call, ctx) => {
  const zone = timeZoneRules(ctx.timeZone);
  return binaryKernel(TimestampType, (fmt, m) => {
    const unit = (fmt as string).toUpperCase();
    const micros = m as number;
    const local = toLocalMicros(micros, zone);
    const level = DATE_LEVELS[unit];
    if (level !== undefined) return daysToMicros(truncDays(Math.floor(local / MICROS_PER_DAY), level), zone);
    const size = TIME_UNITS[unit];
    if (size === undefined) return null;
    const truncated = Math.floor(local / size) * size;
    return size === MICROS_PER_DAY ? fromLocalMicros(truncated, zone) : micros - (local - truncated);
  });
};

// timestamp_seconds: integral seconds exactly, fractional ones truncated to µs like Spark's (d * 1e6).toLong; NaN/Inf → null
const timestampSeconds: KernelFactory = (call) => {
  const kind = call.args[0]!.dataType.kind;
  if (kind === 'int' || kind === 'long') return unaryKernel(TimestampType, (s) => (s as number) * MICROS_PER_SECOND);
  if (kind === 'decimal') return unaryKernel(TimestampType, (s) => Math.round((s as number) * MICROS_PER_SECOND));
  return unaryKernel(TimestampType, (s) => (Number.isFinite(s) ? Math.trunc((s as number) * MICROS_PER_SECOND) || 0 : null));
};

function scale(outType: DataType, fn: (x: number) => number): KernelFactory {
  return () => unaryKernel(outType, (x) => fn(x as number));
}

registerKernels({
  from_unixtime: fromUnixtime,
  unix_timestamp: unixTimestamp,
  to_unix_timestamp: unixTimestamp,
  to_timestamp: toTimestamp,
  to_date: toDate,
  date_format: dateFormat,
  current_timestamp: currentTimestamp,
  current_date: currentDate,
  year: dateField(civilPart(0)),
  month: dateField(civilPart(1)),
  dayofmonth: dateField(civilPart(2)),
  dayofweek: dateField((d) => (isoDayOfWeek(d) % 7) + 1),
  dayofyear: dateField(dayOfYear),
  weekofyear: dateField(isoWeekOfYear),
  quarter: dateField((d) => Math.floor((civilPart(1)(d) - 1) / 3) + 1),
  hour: timeField(MICROS_PER_HOUR, 24),
  minute: timeField(MICROS_PER_MINUTE, 60),
  second: timeField(MICROS_PER_SECOND, 60),
  date_add: () => binaryKernel(DateType, (d, n) => (d as number) + (n as number)),
  date_sub: () => binaryKernel(DateType, (d, n) => (d as number) - (n as number)),
  datediff: () => binaryKernel(IntegerType, (end, start) => (end as number) - (start as number)),
  add_months: () => binaryKernel(DateType, (d, n) => addMonths(d as number, n as number)),
  last_day: () => unaryKernel(DateType, (d) => lastDay(d as number)),
  trunc,
  date_trunc: dateTrunc,
  unix_seconds: scale(LongType, (m) => Math.floor(m / MICROS_PER_SECOND)),
  unix_millis: scale(LongType, (m) => Math.floor(m / MICROS_PER_MILLI)),
  unix_micros: scale(LongType, (m) => m),
  unix_date: scale(IntegerType, (d) => d),
  timestamp_seconds: timestampSeconds,
  timestamp_millis: scale(TimestampType, (ms) => ms * MICROS_PER_MILLI),
  timestamp_micros: scale(TimestampType, (us) => us),
  date_from_unix_date: scale(DateType, (d) => d),
});
