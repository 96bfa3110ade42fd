// Date/time functions through the catalog and the kernels: Spark 3.5 results in UTC and other zones, nulls, coercion and names.
import { describe, expect, it } from 'vitest';
import { DateType, DoubleType, IntegerType, LongType, StringType, TimestampType } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { constantVector, valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import type { KernelContext } from '../../src/compute/kernel-registry.js';
import { lookupKernel } from '../../src/compute/kernel-registry.js';
import '../../src/compute/kernels/datetime-kernels.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/datetime-functions.js';
import { renderExpression } from '../../src/planner/expr/render-expression.js';

const T = 1_700_000_000; // 2023-11-14 22:13:20 UTC, a Tuesday
const BATCH_MS = T * 1000 + 123;
const utcMs = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s);

interface Lit { readonly literal: unknown; readonly type: DataType }
const lit = (literal: unknown, type: DataType = typeof literal === 'number' ? IntegerType : StringType): Lit => ({ literal, type });
const strings = (...values: (string | null)[]): ColumnVector => vectorFromValues(StringType, values);
const longs = (...values: (number | null)[]): ColumnVector => vectorFromValues(LongType, values);
const ints = (...values: (number | null)[]): ColumnVector => vectorFromValues(IntegerType, values);
const dates = (...values: (string | null)[]): ColumnVector => vectorFromValues(DateType, values);
/** TIMESTAMP values given in µs (null for a null row). */
const micros = (...values: (number | null)[]): ColumnVector => ({
  dataType: TimestampType,
  length: values.length,
  values: Float64Array.from(values, (v) => v ?? 0),
  nulls: values.includes(null) ? Uint8Array.from(values, (v) => (v === null ? 1 : 0)) : null,
});

function bind(name: string, args: readonly (ColumnVector | Lit)[], timeZone = 'UTC'): BoundCall {
  const bound: BoundExpr[] = args.map((a, index) => ('literal' in a
    ? boundLiteral(a.literal, a.type)
    : { kind: 'ref', index, name: `c${index}`, dataType: a.dataType, nullable: a.nulls !== null }));
  const sig = lookupFunction(name)!;
  const r = sig.resolve(bound, { timeZone, functionName: sig.name });
  return { kind: 'call', name: sig.name, args: r.args, dataType: r.dataType, nullable: r.nullable, options: r.options };
}

function evaluate(e: BoundExpr, inputs: readonly (ColumnVector | Lit)[], n: number, ctx: KernelContext): ColumnVector {
  switch (e.kind) {
    case 'ref': return inputs[e.index] as ColumnVector;
    case 'literal': return constantVector(e.dataType, e.value, n);
    case 'call': return lookupKernel(e.name)!(e, ctx)(e.args.map((a) => evaluate(a, inputs, n, ctx)), n);
    default: throw new Error(`test helper cannot evaluate ${e.kind}`);
  }
}

/** Evaluates `name(args)` in a zone with the batch started at BATCH_MS; values as collect() returns them. */
function runIn(timeZone: string, name: string, ...args: (ColumnVector | Lit)[]): unknown[] {
  const n = args.find((a): a is ColumnVector => !('literal' in a))?.length ?? 1;
  const out = evaluate(bind(name, args, timeZone), args, n, { timeZone, batchTimestampMs: () => BATCH_MS });
  return Array.from({ length: n }, (_, i) => valueAt(out, i));
}

const run = (name: string, ...args: (ColumnVector | Lit)[]): unknown[] => runIn('UTC', name, ...args);

describe('from_unixtime, unix_timestamp, to_timestamp, to_date, date_format', () => {
  it('from_unixtime formats epoch seconds, by default as yyyy-MM-dd HH:mm:ss (text a CAST to TIMESTAMP reads back)', () => {
    expect(run('from_unixtime', longs(T, 0, null, -1))).toEqual(['2023-11-14 22:13:20', '1970-01-01 00:00:00', null, '1969-12-31 23:59:59']);
    expect(runIn('America/New_York', 'from_unixtime', longs(T), lit('yyyy/MM/dd HH:mm'))).toEqual(['2023/11/14 17:13']);
    expect(run('from_unixtime', longs(T, T), strings('yyyy', "HH 'h'"))).toEqual(['2023', '22 h']);
  });

  it('unix_timestamp parses text (null when it does not match), and reads dates and timestamps', () => {
    expect(run('unix_timestamp', strings('2023-11-14 22:13:20', '2023-11-14', null))).toEqual([T, null, null]);
    expect(run('unix_timestamp', strings('14/11/2023'), lit('dd/MM/yyyy'))).toEqual([1699920000]);
    expect(run('to_unix_timestamp', micros(T * 1e6 + 999_999, -1))).toEqual([T, 0]);
    expect(runIn('America/New_York', 'unix_timestamp', dates('2023-11-14'))).toEqual([1699938000]);
    expect(run('unix_timestamp')).toEqual([T]);
  });

  it('to_timestamp and to_date parse with a custom pattern', () => {
    expect(run('to_timestamp', strings('14/11/2023 22:13', 'nope', null), lit('dd/MM/yyyy HH:mm'))).toEqual([
      new Date(utcMs(2023, 11, 14, 22, 13)), null, null,
    ]);
    expect(runIn('Asia/Kolkata', 'to_timestamp', strings('2023-11-15 03:43:20'), lit('yyyy-MM-dd HH:mm:ss'))).toEqual([new Date(T * 1000)]);
    expect(run('to_timestamp', micros(T * 1e6))).toEqual([new Date(T * 1000)]);
    expect(run('to_date', strings('11/14/2023', '02/30/2023'), lit('MM/dd/yyyy'))).toEqual(['2023-11-14', null]);
    expect(runIn('America/New_York', 'to_date', strings('2023-11-15 02:00 +0000'), lit('yyyy-MM-dd HH:mm Z'))).toEqual(['2023-11-14']);
    expect(runIn('Asia/Tokyo', 'to_date', micros(T * 1e6), lit('yyyy'))).toEqual(['2023-11-15']);
  });

  it('date_format formats in the session zone across DST (America/New_York)', () => {
    const ts = micros(utcMs(2023, 3, 12, 6, 59, 59) * 1000, utcMs(2023, 3, 12, 7) * 1000, utcMs(2023, 11, 5, 5, 30) * 1000, utcMs(2023, 11, 5, 6, 30) * 1000, null);
    expect(runIn('America/New_York', 'date_format', ts, lit('yyyy-MM-dd HH:mm:ss z'))).toEqual([
      '2023-03-12 01:59:59 EST', '2023-03-12 03:00:00 EDT', '2023-11-05 01:30:00 EDT', '2023-11-05 01:30:00 EST', null,
    ]);
    expect(run('date_format', micros(T * 1e6 + 5000), lit("EEEE, MMM d ''yy 'at' h:mm:ss.SSS a"))).toEqual(["Tuesday, Nov 14 '23 at 10:13:20.005 PM"]);
  });

  it('rejects invalid patterns and zones when the kernel is built', () => {
    expect(() => run('from_unixtime', longs(T), lit('YYYY-MM'))).toThrow(
      "Invalid datetime pattern 'YYYY-MM': all week-based patterns are unsupported since Spark 3.0, detected: Y, please use the SQL function EXTRACT instead",
    );
    expect(() => runIn('Nowhere/Land', 'hour', micros(0))).toThrow("Invalid time zone 'Nowhere/Land'");
  });
});

describe('current_timestamp and current_date', () => {
  it('are the batch timestamp, the date in the session zone', () => {
    expect(run('current_timestamp')).toEqual([new Date(BATCH_MS)]);
    expect(run('now')).toEqual([new Date(BATCH_MS)]);
    expect(run('current_date')).toEqual(['2023-11-14']);
    expect(runIn('Asia/Tokyo', 'current_date')).toEqual(['2023-11-15']);
    expect(lookupFunction('current_timestamp')!.deterministic).toBe(false);
    expect(lookupFunction('current_date')!.deterministic).toBe(false);
  });
});

describe('date and time fields', () => {
  it('extracts calendar fields of dates', () => {
    const d = dates('2023-11-14', '2021-01-01', '2024-12-30', '1969-12-31', null);
    expect(run('year', d)).toEqual([2023, 2021, 2024, 1969, null]);
    expect(run('month', d)).toEqual([11, 1, 12, 12, null]);
    expect(run('dayofmonth', d)).toEqual([14, 1, 30, 31, null]);
    expect(run('day', d)).toEqual([14, 1, 30, 31, null]);
    expect(run('dayofweek', d)).toEqual([3, 6, 2, 4, null]);
    expect(run('dayofyear', d)).toEqual([318, 1, 365, 365, null]);
    expect(run('weekofyear', d)).toEqual([46, 53, 1, 1, null]);
    expect(run('quarter', d)).toEqual([4, 1, 4, 4, null]);
  });

  it('extracts hour, minute and second in the session zone', () => {
    const ts = micros(T * 1e6, -1, null);
    expect(run('hour', ts)).toEqual([22, 23, null]);
    expect(run('minute', ts)).toEqual([13, 59, null]);
    expect(run('second', ts)).toEqual([20, 59, null]);
    expect(runIn('America/New_York', 'hour', ts)).toEqual([17, 18, null]);
    expect(runIn('+05:30', 'minute', ts)).toEqual([43, 29, null]);
  });
});

describe('date arithmetic and truncation', () => {
  it('date_add, date_sub and datediff count days', () => {
    expect(run('date_add', dates('2023-11-14', '2023-11-14', null), ints(1, -20, 5))).toEqual(['2023-11-15', '2023-10-25', null]);
    expect(run('date_sub', dates('2024-03-01'), lit(1))).toEqual(['2024-02-29']);
    expect(run('datediff', dates('2023-11-14', '2023-01-01', null), dates('2023-01-01', '2023-11-14', '2023-01-01'))).toEqual([317, -317, null]);
    expect(run('date_add', dates('2023-11-14'), ints(null))).toEqual([null]);
  });

  it('add_months clamps to the end of the month; last_day', () => {
    expect(run('add_months', dates('2023-01-31', '2024-01-31', '2023-03-31', '2023-11-14'), ints(1, 1, -1, 14))).toEqual([
      '2023-02-28', '2024-02-29', '2023-02-28', '2025-01-14',
    ]);
    expect(run('last_day', dates('2024-02-10', '2023-12-01', null))).toEqual(['2024-02-29', '2023-12-31', null]);
  });

  it('trunc and date_trunc', () => {
    const d = dates('2023-11-14');
    expect(['YEAR', 'QUARTER', 'MM', 'week', 'DD'].map((unit) => run('trunc', d, lit(unit))[0])).toEqual(['2023-01-01', '2023-10-01', '2023-11-01', '2023-11-13', null]);
    const ts = micros(T * 1e6 + 123_456);
    expect(run('date_trunc', lit('HOUR'), ts)).toEqual([new Date(utcMs(2023, 11, 14, 22))]);
    expect(run('date_trunc', lit('second'), ts)).toEqual([new Date(T * 1000)]);
    expect(runIn('America/New_York', 'date_trunc', lit('DAY'), ts)).toEqual([new Date(utcMs(2023, 11, 14, 5))]);
    expect(runIn('America/New_York', 'date_trunc', lit('MONTH'), ts)).toEqual([new Date(utcMs(2023, 11, 1, 4))]);
    expect(run('date_trunc', lit('FORTNIGHT'), ts)).toEqual([null]);
  });

  it('unix_* and timestamp_* convert between instants and numbers', () => {
    const ts = micros(T * 1e6 + 123_456, -1);
    expect(run('unix_seconds', ts)).toEqual([T, -1]);
    expect(run('unix_millis', ts)).toEqual([T * 1000 + 123, -1]);
    expect(run('unix_micros', ts)).toEqual([T * 1e6 + 123_456, -1]);
    expect(run('timestamp_seconds', longs(T, null))).toEqual([new Date(T * 1000), null]);
    expect(run('timestamp_seconds', vectorFromValues(DoubleType, [1.5, Number.NaN]))).toEqual([new Date(1500), null]);
    expect(run('timestamp_millis', longs(T * 1000 + 123))).toEqual([new Date(T * 1000 + 123)]);
  });
});

describe('resolution', () => {
  it('casts timestamps and strings to DATE, dates and strings to TIMESTAMP, and fills in defaults', () => {
    expect(bind('year', [micros(0)]).args[0]).toMatchObject({ kind: 'cast', dataType: DateType });
    expect(bind('hour', [strings('2023-11-14 22:13:20')]).args[0]).toMatchObject({ kind: 'cast', dataType: TimestampType });
    expect(bind('date_add', [strings('2023-11-14'), longs(1)]).args.map((a) => [a.kind, a.dataType.kind])).toEqual([['cast', 'date'], ['cast', 'int']]);
    expect(renderExpression(bind('from_unixtime', [longs(T)]))).toBe('from_unixtime(c0, yyyy-MM-dd HH:mm:ss)');
    expect(renderExpression(bind('unix_timestamp', []))).toBe('unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)');
    expect(renderExpression(bind('to_timestamp', [strings('x')]))).toBe('to_timestamp(CAST(c0 AS TIMESTAMP))');
    expect(renderExpression(bind('to_date', [micros(0)]))).toBe('to_date(CAST(c0 AS DATE))');
    expect(bind('to_timestamp', [longs(T)]).args[0]).toMatchObject({ kind: 'cast', dataType: TimestampType, child: { kind: 'ref' } });
    expect(bind('from_unixtime', [lit(T)]).args[0]).toMatchObject({ kind: 'literal', value: T, dataType: LongType });
    expect(bind('unix_timestamp', [micros(0)]).nullable).toBe(false);
    expect(bind('unix_timestamp', [strings('x')]).nullable).toBe(true);
  });

  it('rejects arguments Spark rejects', () => {
    expect(() => bind('year', [ints(1)])).toThrow(
      "Cannot resolve 'year(c0)' due to data type mismatch: parameter 1 of year requires the DATE type, however 'c0' has the type INT",
    );
    expect(() => bind('date_add', [dates('2023-11-14'), lit('1.5')])).toThrow("The second argument of date_add function needs to be an integer, got '1.5'");
  });
});
