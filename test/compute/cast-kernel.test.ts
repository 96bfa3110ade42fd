// castVector: Spark 3.5 non-ANSI CAST semantics for numbers, text, booleans, dates, timestamps, binary and nested types.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapTypeOf,
  NullType, StringType, StructType, TimestampType,
} from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import { timeZoneRules } from '../../src/compute/datetime-format.js';
import {
  castVector, doubleText, floatText, formatTimestampText, parseDateText, parseTimestampText,
} from '../../src/compute/kernels/cast-kernel.js';
import type { KernelContext } from '../../src/compute/kernel-registry.js';

function ctxIn(timeZone: string): KernelContext {
  return { timeZone, batchTimestampMs: () => 0 };
}

function cast(from: DataType, values: readonly unknown[], to: DataType, timeZone = 'UTC'): unknown[] {
  const out = castVector(vectorFromValues(from, values), to, ctxIn(timeZone));
  expect(out.dataType).toEqual(to);
  return Array.from({ length: out.length }, (_, i) => valueAt(out, i));
}

const utc = (iso: string) => new Date(iso);

describe('text to numbers', () => {
  it('parses ints: trims, drops a fraction, null when invalid or out of range', () => {
    expect(cast(StringType, ['42', ' -7 ', '+3', '1.9', '-1.9', '2147483647', '2147483648', '-2147483648', 'abc', '', '1e3', '1.x', null], IntegerType))
      .toEqual([42, -7, 3, 1, -1, 2147483647, null, -2147483648, null, null, null, null, null]);
  });

  it('parses bigints with the exact 64-bit range check', () => {
    expect(cast(StringType, ['10000000000', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '12x'], LongType))
      .toEqual([10000000000, 2 ** 63, null, -(2 ** 63), null]); // BIGINT is a double: Long.MAX_VALUE reads as 2^63
  });

  it('parses doubles with Java syntax and Spark special values', () => {
    expect(cast(StringType, ['1.5', ' 1e3 ', '.5', '2.', '1.5d', '-2F', 'Infinity', '-inf', 'NaN', 'nan', 'INF', '1,5', '0x10', ''], DoubleType))
      .toEqual([1.5, 1000, 0.5, 2, 1.5, -2, Infinity, -Infinity, Number.NaN, Number.NaN, Infinity, null, null, null]);
    expect(cast(StringType, ['0.1'], FloatType)).toEqual([Math.fround(0.1)]);
  });

  it('parses decimals HALF_UP and gives null on overflow', () => {
    expect(cast(StringType, ['2.675', '-2.675', '1e2', '123.4', '1000', 'x'], DecimalType(5, 2)))
      .toEqual([2.68, -2.68, 100, 123.4, null, null]);
  });
});

describe('numbers to numbers', () => {
  it('narrows doubles to int like Java: truncate, saturate, NaN → 0', () => {
    expect(cast(DoubleType, [1.9, -1.9, 3e9, -3e9, Number.NaN, Infinity, null], IntegerType))
      .toEqual([1, -1, 2147483647, -2147483648, 0, 2147483647, null]);
  });

  it('wraps bigints narrowed to int', () => {
    expect(cast(LongType, [4294967297, 2147483648, -1], IntegerType)).toEqual([1, -2147483648, -1]);
  });

  it('saturates doubles narrowed to bigint', () => {
    expect(cast(DoubleType, [1e20, -1e20, -2.5, Number.NaN], LongType)).toEqual([2 ** 63, -(2 ** 63), -2, 0]);
  });

  it('widens with a plain copy and rounds to float', () => {
    expect(cast(IntegerType, [1, null, -3], LongType)).toEqual([1, null, -3]);
    expect(cast(IntegerType, [16777217], FloatType)).toEqual([16777216]);
    expect(cast(DecimalType(10, 2), [1.25], DoubleType)).toEqual([1.25]);
  });

  it('rounds into decimals HALF_UP and nulls overflow, NaN and infinity', () => {
    expect(cast(DoubleType, [1.005, -0.125, 999.995, 12.3, Number.NaN, Infinity], DecimalType(5, 2)))
      .toEqual([1.01, -0.13, null, 12.3, null, null]);
    expect(cast(DecimalType(10, 3), [1.2345, 9.9999], DecimalType(3, 1))).toEqual([1.2, 10]);
    expect(cast(IntegerType, [123, 1234], DecimalType(3, 0))).toEqual([123, null]);
  });

  it('truncates decimals to integral types', () => {
    expect(cast(DecimalType(10, 2), [12.99, -12.99], IntegerType)).toEqual([12, -12]);
    expect(cast(DecimalType(10, 2), [12.99, -12.99], LongType)).toEqual([12, -12]);
  });
});

describe('booleans', () => {
  it('reads Spark true/false words case-insensitively', () => {
    expect(cast(StringType, ['true', 'T', ' yes ', 'y', '1', 'FALSE', 'f', 'no', 'N', '0', 'maybe', '2', ''], BooleanType))
      .toEqual([true, true, true, true, true, false, false, false, false, false, null, null, null]);
  });

  it('converts numbers to booleans (non-zero) and back (1/0)', () => {
    expect(cast(IntegerType, [0, 5, -1], BooleanType)).toEqual([false, true, true]);
    expect(cast(DoubleType, [0, 0.1, Number.NaN], BooleanType)).toEqual([false, true, true]);
    expect(cast(BooleanType, [true, false, null], IntegerType)).toEqual([1, 0, null]);
    expect(cast(BooleanType, [true], DoubleType)).toEqual([1]);
    expect(cast(BooleanType, [true, false], DecimalType(3, 1))).toEqual([1, 0]);
  });
});

describe('dates and timestamps', () => {
  it('parses dates in Spark forms', () => {
    expect(cast(StringType, ['2024-01-31', ' 2024-2-9 ', '2024', '2024-03', '2024-01-31T10:00:00', '2024-01-31 anything', '2023-02-29', '2024-13-01', '24-01-01', 'x', '2024-01-31x'], DateType))
      .toEqual(['2024-01-31', '2024-02-09', '2024-01-01', '2024-03-01', '2024-01-31', '2024-01-31', null, null, null, null, null]);
  });

  it('parses timestamps with and without zones', () => {
    expect(cast(StringType, [
      '2024-01-31 12:34:56', '2024-01-31T12:34:56.123456', '2024-01-31 12:34', '2024-01-31', '2024-01-31 12:34:56Z',
      '2024-01-31 12:34:56+02:00', '2024-01-31T12:34:56-0530', '2024-01-31 12:34:56 UTC+1', '2024-01-31 12:34:56 America/New_York',
      '2024-01-31 25:00:00', '2024-01-31 12:34:56 Nowhere/Land', 'garbage',
    ], TimestampType)).toEqual([
      utc('2024-01-31T12:34:56Z'), utc('2024-01-31T12:34:56.123Z'), utc('2024-01-31T12:34:00Z'), utc('2024-01-31T00:00:00Z'), utc('2024-01-31T12:34:56Z'),
      utc('2024-01-31T10:34:56Z'), utc('2024-01-31T18:04:56Z'), utc('2024-01-31T11:34:56Z'), utc('2024-01-31T17:34:56Z'),
      null, null, null,
    ]);
    expect(parseTimestampText('2024-01-31 12:34:56.1234567', timeZoneRules('UTC'))).toBe(Date.UTC(2024, 0, 31, 12, 34, 56) * 1000 + 123456);
  });

  it('reads zone-less text in the session time zone (gaps move forward)', () => {
    expect(cast(StringType, ['2024-07-01 12:00:00', '2024-03-10 02:30:00'], TimestampType, 'America/New_York'))
      .toEqual([utc('2024-07-01T16:00:00Z'), utc('2024-03-10T07:30:00Z')]);
    expect(cast(StringType, ['2024-01-31 12:00:00'], TimestampType, '+05:30')).toEqual([utc('2024-01-31T06:30:00Z')]);
  });

  it('writes timestamps as text in the session zone, fraction only when non-zero', () => {
    const ts = [utc('2024-01-31T12:34:56Z'), utc('2024-01-31T12:34:56.120Z'), utc('1969-12-31T23:59:59.999Z'), null];
    expect(cast(TimestampType, ts, StringType)).toEqual(['2024-01-31 12:34:56', '2024-01-31 12:34:56.12', '1969-12-31 23:59:59.999', null]);
    expect(cast(TimestampType, [utc('2024-07-01T16:00:00Z')], StringType, 'America/New_York')).toEqual(['2024-07-01 12:00:00']);
    expect(formatTimestampText(1, timeZoneRules('UTC'))).toBe('1970-01-01 00:00:00.000001');
  });

  it('converts between timestamps and numbers as seconds', () => {
    expect(cast(LongType, [1706704496, -1], TimestampType)).toEqual([utc('2024-01-31T12:34:56Z'), utc('1969-12-31T23:59:59Z')]);
    expect(cast(DoubleType, [1.5, Number.NaN], TimestampType)).toEqual([utc('1970-01-01T00:00:01.500Z'), null]);
    expect(cast(DecimalType(10, 2), [4.35], TimestampType)).toEqual([utc('1970-01-01T00:00:04.350Z')]);
    expect(cast(TimestampType, [utc('1970-01-01T00:00:01.500Z'), utc('1969-12-31T23:59:59.500Z')], LongType)).toEqual([1, -1]);
    expect(cast(TimestampType, [utc('1970-01-01T00:00:01.500Z')], DoubleType)).toEqual([1.5]);
    expect(cast(TimestampType, [utc('1970-01-01T00:00:01.500Z')], IntegerType)).toEqual([1]);
    expect(cast(TimestampType, [utc('1970-01-01T00:00:00Z'), utc('1970-01-01T00:00:01Z')], BooleanType)).toEqual([false, true]);
  });

  it('converts dates to timestamps at local midnight and back', () => {
    expect(cast(DateType, ['2024-01-31'], TimestampType)).toEqual([utc('2024-01-31T00:00:00Z')]);
    expect(cast(DateType, ['2024-01-31'], TimestampType, 'Asia/Tokyo')).toEqual([utc('2024-01-30T15:00:00Z')]);
    expect(cast(TimestampType, [utc('2024-01-30T15:00:00Z')], DateType, 'Asia/Tokyo')).toEqual(['2024-01-31']);
    expect(cast(TimestampType, [utc('2024-01-30T15:00:00Z')], DateType)).toEqual(['2024-01-30']);
    expect(cast(DateType, ['2024-01-31', null], StringType)).toEqual(['2024-01-31', null]);
  });

  it('gives null for DATE to numbers, like Spark', () => {
    expect(cast(DateType, ['2024-01-31'], IntegerType)).toEqual([null]);
    expect(cast(DateType, ['2024-01-31'], BooleanType)).toEqual([null]);
  });

  it('exposes the text parsers', () => {
    expect(parseDateText('1970-01-02')).toBe(1);
    expect(parseDateText('nope')).toBeNull();
  });
});

describe('to string', () => {
  it('prints numbers as Java does', () => {
    expect(cast(IntegerType, [1, -5], StringType)).toEqual(['1', '-5']);
    expect(cast(LongType, [10000000000], StringType)).toEqual(['10000000000']);
    expect(cast(DoubleType, [1, 1.5, 0.001, 1e7, 1.5e-4, -0, Number.NaN, -Infinity, 123456.789], StringType))
      .toEqual(['1.0', '1.5', '0.001', '1.0E7', '1.5E-4', '-0.0', 'NaN', '-Infinity', '123456.789']);
    expect(cast(FloatType, [0.1, 3], StringType)).toEqual(['0.1', '3.0']);
    expect(cast(DecimalType(10, 2), [1.5, -0.05], StringType)).toEqual(['1.50', '-0.05']);
    expect(cast(BooleanType, [true, false], StringType)).toEqual(['true', 'false']);
    expect(doubleText(1.2345e21)).toBe('1.2345E21');
    expect(floatText(Math.fround(1.1))).toBe('1.1');
  });

  it('prints arrays, maps and structs in Spark 3.5 format', () => {
    expect(cast(ArrayTypeOf(IntegerType), [[1, 2], [], [3, null], null], StringType)).toEqual(['[1, 2]', '[]', '[3, null]', null]);
    expect(cast(MapTypeOf(StringType, IntegerType), [new Map([['a', 1], ['b', null]])], StringType)).toEqual(['{a -> 1, b -> null}']);
    const s = new StructType().add('id', 'int').add('name', 'string').add('at', 'timestamp');
    expect(cast(s, [{ id: 1, name: 'a', at: utc('2024-01-31T00:00:00Z') }, { id: 2, name: null, at: null }, null], StringType))
      .toEqual(['{1, a, 2024-01-31 00:00:00}', '{2, null, null}', null]);
    expect(cast(ArrayTypeOf(DoubleType), [[1, 0.5]], StringType)).toEqual(['[1.0, 0.5]']);
  });

  it('converts binary and text as UTF-8, ints to big-endian bytes', () => {
    expect(cast(StringType, ['hé'], BinaryType)).toEqual([new Uint8Array([0x68, 0xc3, 0xa9])]);
    expect(cast(BinaryType, [new Uint8Array([0x68, 0xc3, 0xa9])], StringType)).toEqual(['hé']);
    expect(cast(IntegerType, [258], BinaryType)).toEqual([new Uint8Array([0, 0, 1, 2])]);
    expect(cast(LongType, [1], BinaryType)).toEqual([new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1])]);
  });
});

describe('nested casts and nulls', () => {
  it('casts array elements and map entries', () => {
    expect(cast(ArrayTypeOf(StringType), [['1', 'x', null], null, []], ArrayTypeOf(IntegerType))).toEqual([[1, null, null], null, []]);
    expect(cast(MapTypeOf(StringType, StringType), [new Map([['1', '2.5']])], MapTypeOf(IntegerType, DoubleType))).toEqual([new Map([[1, 2.5]])]);
  });

  it('casts struct fields by position, taking the new names', () => {
    const from = new StructType().add('a', 'string').add('b', 'int');
    const to = new StructType().add('x', 'int').add('y', 'string');
    expect(cast(from, [{ a: '7', b: 1 }, null], to)).toEqual([{ x: 7, y: '1' }, null]);
  });

  it('casts NULL to anything as nulls', () => {
    expect(cast(NullType, [null, null], IntegerType)).toEqual([null, null]);
  });
});
