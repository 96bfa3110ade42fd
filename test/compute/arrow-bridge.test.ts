// Tests for the ColumnVector ↔ Apache Arrow bridge: every type, nulls across bitmap bytes, slices, dictionaries, memoisation.
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  BinaryType, BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, NullType, StringType, TimestampType,
} from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { parseDataType, parseSchema } from '../../src/common/schema-parser.js';
import { valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import {
  arrowSchemaOf, arrowToVector, emptyRecordBatch, fromRecordBatch, recordBatchToRows, rowsToRecordBatch, toArrowType, toRecordBatch,
  vectorToArrow,
} from '../../src/compute/arrow-bridge.js';

const N = 20;
const NULL_ROWS = new Set([0, 7, 8, 15, 19]); // first row, both sides of the first byte edge, last row

/** The Data after an Arrow IPC round trip: a fresh object (no memo), as a Kafka/file source would hand it over. */
function viaIpc(data: arrow.Data): arrow.Data {
  const table = arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table([new arrow.RecordBatch({ c: data })])));
  return table.batches[0]!.data.children[0]!;
}

function jsValues(v: ColumnVector): unknown[] {
  return Array.from({ length: v.length }, (_, i) => valueAt(v, i));
}

function withNulls<T>(make: (i: number) => T): (T | null)[] {
  return Array.from({ length: N }, (_, i) => (NULL_ROWS.has(i) ? null : make(i)));
}

function bridgeError(f: () => unknown): BrookError {
  try {
    f();
  } catch (e) {
    if (e instanceof BrookError) return e;
    throw e;
  }
  throw new Error('expected a BrookError');
}

type ArrowView = (x: NonNullable<unknown>) => unknown;
const listView: ArrowView = (x) => { const list = x as arrow.Vector; return Array.from({ length: list.length }, (_, j) => list.get(j)); };

/** [name, type, JS values, Arrow's own value for a row → the same JS value] */
const CASES: [string, DataType, unknown[], ArrowView][] = [
  ['BOOLEAN', BooleanType, withNulls((i) => i % 3 === 0), (x) => x],
  ['INT', IntegerType, withNulls((i) => (i === 1 ? 2147483647 : i === 2 ? -2147483648 : i * 1000 - 7000)), (x) => x],
  ['LONG', LongType, withNulls((i) => [i * 1_000_003, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 40 + 3, -(2 ** 32)][i % 6]!), (x) => Number(x as bigint)],
  ['FLOAT', FloatType, withNulls((i) => i * 0.5 - 3.25), (x) => x],
  ['DOUBLE', DoubleType, withNulls((i) => (i === 1 ? Number.NaN : i === 2 ? -Infinity : i / 4 - 1.5)), (x) => x],
  ['DECIMAL(10,2)', DecimalType(10, 2), withNulls((i) => [12345.67, -12345.67, 0.01, -0.01, 99999999.99, -99999999.99, 0][i % 7]!), (x) => Number(String(x)) / 100],
  ['STRING', StringType, withNulls((i) => (i % 5 === 1 ? '' : `event_${i}`)), (x) => x],
  ['BINARY', BinaryType, withNulls((i) => Uint8Array.of(i, 255, 0).subarray(0, i % 4)), (x) => x],
  ['DATE', DateType, withNulls((i) => ['2024-02-29', '1969-12-31', '1970-01-01', '2100-12-31', '1900-03-01'][i % 5]!), (x) => new Date(x as number).toISOString().slice(0, 10)],
  ['TIMESTAMP', TimestampType, withNulls((i) => new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678) + i * 86_399_999 - 40 * 86_400_000 * (i % 2))), (x) => new Date(x as number)],
  ['ARRAY<INT>', parseDataType('array<int>'), withNulls((i) => (i % 4 === 0 ? [] : [i, null, -i])), listView],
  ['MAP<STRING,DOUBLE>', parseDataType('map<string,double>'), withNulls((i) => new Map<string, number | null>(i % 3 === 0 ? [] : [['a', i], ['b', null]])),
    (x) => new Map(x as Iterable<[string, number | null]>)],
  ['STRUCT<a: INT, b: STRING>', parseDataType('struct<a: int, b: string>'), withNulls((i) => ({ a: i % 2 === 0 ? null : i, b: `b${i}` })),
    (x) => (x as arrow.StructRow).toJSON()],
];

describe('toArrowType / arrowSchemaOf', () => {
  it('maps every Spark type to the documented Arrow type', () => {
    expect([BooleanType, IntegerType, LongType, FloatType, DoubleType, StringType, BinaryType, DateType, NullType].map((t) => String(toArrowType(t))))
      .toEqual(['Bool', 'Int32', 'Int64', 'Float32', 'Float64', 'Utf8', 'Binary', 'Date32<DAY>', 'Null']);
    const decimal = toArrowType(DecimalType(10, 2)) as arrow.Decimal;
    expect([decimal.typeId, decimal.precision, decimal.scale, decimal.bitWidth]).toEqual([arrow.Type.Decimal, 10, 2, 128]);
    const ts = toArrowType(TimestampType) as arrow.TimestampMicrosecond;
    expect([ts.unit, ts.timezone]).toEqual([arrow.TimeUnit.MICROSECOND, 'UTC']);
    expect(String(toArrowType(parseDataType('struct<tags: array<map<string,int>>>')))).toBe('Struct<{tags:List<Map<{key:Utf8, value:Int32}>>}>');
    const list = toArrowType(parseDataType('array<string>')) as arrow.List;
    expect([list.children[0]!.name, list.children[0]!.nullable]).toEqual(['element', true]);
    const map = toArrowType(parseDataType('map<string,int>')) as arrow.Map_;
    expect(map.children[0]!.type.children.map((f) => [f.name, f.nullable])).toEqual([['key', false], ['value', true]]);
  });

  it('keeps nullable flags and puts the Spark type name in field metadata', () => {
    const schema = arrowSchemaOf(parseSchema('id STRING NOT NULL, amount DECIMAL(10,2), tags ARRAY<BIGINT>'));
    expect(schema.fields.map((f) => [f.name, String(f.type), f.nullable, f.metadata.get('spark.type')])).toEqual([
      ['id', 'Utf8', false, 'string'],
      ['amount', 'Decimal[10e+2]', true, 'decimal(10,2)'],
      ['tags', 'List<Int64>', true, 'array<bigint>'],
    ]);
  });
});

describe('vectorToArrow → arrowToVector round trips', () => {
  for (const [name, type, values, arrowView] of CASES) {
    it(`${name}: values and nulls survive an IPC round trip (nulls at rows 0, 7, 8, 15, 19)`, () => {
      const v = vectorFromValues(type, values);
      const data = vectorToArrow(v);
      expect(data.length).toBe(N);
      expect(data.nullCount).toBe(5);
      const back = arrowToVector(viaIpc(data), type);
      expect(back).not.toBe(v);
      expect(Array.from(back.nulls!)).toEqual(values.map((x) => (x === null ? 1 : 0)));
      expect(jsValues(back)).toEqual(values);
    });

    it(`${name}: a slice (offset 5, not byte aligned) and a byte-aligned slice read correctly`, () => {
      const data = vectorToArrow(vectorFromValues(type, values));
      expect(jsValues(arrowToVector(data.slice(5, 12), type))).toEqual(values.slice(5, 17));
      expect(jsValues(arrowToVector(data.slice(8, 10), type))).toEqual(values.slice(8, 18));
      expect(jsValues(arrowToVector(viaIpc(data.slice(3, 9)), type))).toEqual(values.slice(3, 12));
    });

    it(`${name}: Arrow's own reader sees the same rows`, () => {
      const vector = new arrow.Vector([vectorToArrow(vectorFromValues(type, values))]);
      const seen = Array.from({ length: N }, (_, i) => vector.get(i) as unknown);
      expect(seen.map((x) => (x === null || x === undefined ? null : arrowView(x)))).toEqual(values);
    });
  }

  it('writes slots under nulls as zero / empty and reads them back that way', () => {
    const v = arrowToVector(viaIpc(vectorToArrow(vectorFromValues(StringType, ['a', null, 'c']))), StringType);
    expect(v.values).toEqual(['a', '', 'c']);
    const ints = arrowToVector(viaIpc(vectorToArrow(vectorFromValues(IntegerType, [null, 5]))), IntegerType);
    expect(Array.from(ints.values as Int32Array)).toEqual([0, 5]);
  });

  it('gives a vector without nulls a null mask of null and Arrow data without a bitmap', () => {
    const data = vectorToArrow(vectorFromValues(IntegerType, [1, 2, 3]));
    expect(data.nullCount).toBe(0);
    expect(data.nullBitmap.length).toBe(0);
    expect(arrowToVector(viaIpc(data), IntegerType).nulls).toBeNull();
    const allValid = vectorToArrow({ dataType: IntegerType, length: 2, values: Int32Array.of(1, 2), nulls: new Uint8Array(2) });
    expect(allValid.nullCount).toBe(0);
  });
});

describe('buffer layouts', () => {
  it('builds the validity bitmap with bit 1 = valid, spanning bytes', () => {
    const data = vectorToArrow(vectorFromValues(IntegerType, [null, 1, 2, 3, 4, 5, 6, 7, 8, null]));
    expect(Array.from(data.nullBitmap)).toEqual([0b11111110, 0b01]);
    expect(data.nullCount).toBe(2);
  });

  it('bit-packs booleans least significant bit first', () => {
    const data = vectorToArrow(vectorFromValues(BooleanType, [true, false, true, true, false, false, false, true, true]));
    expect(Array.from(data.values as Uint8Array)).toEqual([0b10001101, 0b1]);
  });

  it('stores LONG and TIMESTAMP as int64 with microsecond precision, negative values included', () => {
    const longs = vectorToArrow(vectorFromValues(LongType, [-1, 2 ** 53 - 1, -(2 ** 40) - 7, 0]));
    expect(Array.from(longs.values as BigInt64Array)).toEqual([-1n, 9007199254740991n, -1099511627783n, 0n]);
    const micros = Float64Array.of(1704164645678901, -1, -86_400_000_001);
    const ts = vectorToArrow({ dataType: TimestampType, length: 3, values: micros, nulls: null });
    expect(Array.from(ts.values as BigInt64Array)).toEqual([1704164645678901n, -1n, -86400000001n]);
    const back = arrowToVector(viaIpc(ts), TimestampType);
    expect(Array.from(back.values as Float64Array)).toEqual([1704164645678901, -1, -86_400_000_001]);
    expect(valueAt(back, 0)).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    expect(valueAt(back, 1)).toEqual(new Date('1969-12-31T23:59:59.999Z'));
  });

  it('writes DECIMAL(10,2) as 128-bit unscaled two\'s complement words and reads them back', () => {
    const values = [12345.67, -12345.67, 42949672.96, -42949672.96, -0.01, 0];
    const data = vectorToArrow(vectorFromValues(DecimalType(12, 2), values));
    const words = Array.from(data.values as Uint32Array);
    const max = 0xffffffff;
    expect(words).toEqual([
      1234567, 0, 0, 0,
      2 ** 32 - 1234567, max, max, max,
      0, 1, 0, 0, // 4294967296 = 2^32
      0, max, max, max,
      max, max, max, max,
      0, 0, 0, 0,
    ]);
    expect(String(new arrow.Vector([data]).get(1))).toBe('-1234567');
    expect(Array.from(arrowToVector(viaIpc(data), DecimalType(12, 2)).values as Float64Array)).toEqual(values);
  });

  it('handles decimals beyond 2^53 unscaled and rounds HALF_UP when the Arrow scale is larger', () => {
    const big = vectorToArrow(vectorFromValues(DecimalType(38, 2), [1e20, -1e20]));
    expect(String(new arrow.Vector([big]).get(0))).toBe('10000000000000000000000');
    expect(String(new arrow.Vector([big]).get(1))).toBe('-10000000000000000000000');
    expect(Array.from(arrowToVector(viaIpc(big), DecimalType(38, 2)).values as Float64Array)).toEqual([1e20, -1e20]);
    const scale3 = arrow.makeData({ type: new arrow.Decimal(3, 10, 128), data: Uint32Array.of(12345, 0, 0, 0, 2 ** 32 - 12345, 0xffffffff, 0xffffffff, 0xffffffff) });
    expect(Array.from(arrowToVector(scale3, DecimalType(10, 2)).values as Float64Array)).toEqual([12.35, -12.35]);
  });

  it('stores DATE as days since the epoch', () => {
    const data = vectorToArrow(vectorFromValues(DateType, ['2024-02-29', '1969-12-31', '1970-01-01']));
    expect(Array.from(data.values as Int32Array)).toEqual([19782, -1, 0]);
    expect(new arrow.Vector([data]).get(0)).toBe(Date.UTC(2024, 1, 29));
  });

  it('encodes ASCII strings with offsets from the JS lengths', () => {
    const data = vectorToArrow(vectorFromValues(StringType, ['event_1', '', null, 'ab']));
    expect(Array.from(data.valueOffsets)).toEqual([0, 7, 7, 7, 9]);
    expect(new TextDecoder().decode(data.values as Uint8Array)).toBe('event_1ab');
  });
});

describe('non-ASCII strings', () => {
  const values = ['北京', null, 'café', '😀 party', '', 'plain', 'Zürich 東京', null, 'a😀b', '€', 'x'];

  it('encodes UTF-8 byte offsets and round-trips through IPC and slices', () => {
    const data = vectorToArrow(vectorFromValues(StringType, values));
    expect(Array.from(data.valueOffsets).slice(0, 5)).toEqual([0, 6, 6, 11, 21]);
    expect(jsValues(arrowToVector(viaIpc(data), StringType))).toEqual(values);
    expect(jsValues(arrowToVector(data.slice(2, 7), StringType))).toEqual(values.slice(2, 9));
    expect(Array.from({ length: values.length }, (_, i) => new arrow.Vector([data]).get(i))).toEqual(values);
  });

  it('encodes lone surrogates row by row as U+FFFD, even when the joined column would pair them', () => {
    const data = vectorToArrow(vectorFromValues(StringType, ['a\uD83D', '\uDE00b', '北']));
    expect(Array.from(data.valueOffsets)).toEqual([0, 4, 8, 11]);
    expect(jsValues(arrowToVector(viaIpc(data), StringType))).toEqual(['a\uFFFD', '\uFFFDb', '北']);
  });

  it('reads Utf8 data built by Arrow itself', () => {
    const built = arrow.vectorFromArray(['北京', null, 'ascii', '😀'], new arrow.Utf8()).data[0]!;
    expect(jsValues(arrowToVector(built, StringType))).toEqual(['北京', null, 'ascii', '😀']);
  });

  it('reads LargeUtf8 (64-bit offsets)', () => {
    const bytes = new TextEncoder().encode('ab北');
    const data = arrow.makeData({ type: new arrow.LargeUtf8(), length: 2, valueOffsets: BigInt64Array.of(0n, 2n, 5n), data: bytes });
    expect(jsValues(arrowToVector(data, StringType))).toEqual(['ab', '北']);
  });
});

describe('dictionary-encoded input', () => {
  it('decodes the dictionary once and indexes it per row, nulls included', () => {
    const dictionary = arrow.vectorFromArray(['us-east', 'eu-west', '北京'], new arrow.Utf8());
    const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int8());
    const codes = Int8Array.of(0, 1, 2, 1, 0, 0, 2, 1, 99, 0);
    const nullBitmap = Uint8Array.of(0b11111111, 0b10); // row 8 is null (its index 99 is garbage)
    const data = arrow.makeData({ type, length: 10, nullBitmap, data: codes, dictionary });
    const v = arrowToVector(data, StringType);
    expect(jsValues(v)).toEqual(['us-east', 'eu-west', '北京', 'eu-west', 'us-east', 'us-east', '北京', 'eu-west', null, 'us-east']);
    expect((v.values as string[])[8]).toBe('');
    expect(jsValues(arrowToVector(data.slice(6, 4), StringType))).toEqual(['北京', 'eu-west', null, 'us-east']);
    expect(String(vectorToArrow(v).type)).toBe('Utf8');
  });

  it('reads the dictionary vectors Arrow builds for strings and dictionary-encoded integers', () => {
    const built = arrow.vectorFromArray(['a', 'b', 'a', null]);
    expect(arrow.DataType.isDictionary(built.type)).toBe(true);
    expect(jsValues(arrowToVector(built.data[0]!, StringType))).toEqual(['a', 'b', 'a', null]);
    const ints = arrow.makeData({
      type: new arrow.Dictionary(new arrow.Int32(), new arrow.Uint8()), length: 3, data: Uint8Array.of(1, 0, 1),
      dictionary: arrow.vectorFromArray([10, 20], new arrow.Int32()),
    });
    expect(jsValues(arrowToVector(ints, LongType))).toEqual([20, 10, 20]);
  });

  it('reads an all-null column over an empty dictionary', () => {
    const data = arrow.makeData({
      type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), length: 2, data: Int32Array.of(7, 7), nullBitmap: Uint8Array.of(0),
      dictionary: arrow.vectorFromArray([], new arrow.Utf8()),
    });
    expect(jsValues(arrowToVector(data, StringType))).toEqual([null, null]);
  });

  it('rejects an index outside the dictionary', () => {
    const data = arrow.makeData({
      type: new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), length: 2, data: Int32Array.of(0, 5),
      dictionary: arrow.vectorFromArray(['x'], new arrow.Utf8()),
    });
    const e = bridgeError(() => arrowToVector(data, StringType));
    expect(e.code).toBe('ARROW_DICTIONARY_INDEX');
    expect(e.message).toBe('Dictionary index 5 is out of range (dictionary of 1) in a string column');
  });
});

describe('nested types', () => {
  const type = parseDataType('struct<tags: array<map<string,int>>>');
  const values: unknown[] = [
    { tags: [new Map([['a', 1], ['b', null]]), new Map()] },
    null,
    { tags: null },
    { tags: [] },
    { tags: [null, new Map([['北京', -5]])] },
    { tags: [new Map([['x', 2147483647]])] },
    null,
    { tags: [new Map([['k1', 1], ['k2', 2], ['k3', 3]])] },
    { tags: [new Map([['z', 0]]), null, new Map([['y', -1]])] },
    { tags: null },
    { tags: [new Map([['last', 9]])] },
  ];

  it('round-trips struct<array<map<string,int>>> with nulls at every level', () => {
    const data = vectorToArrow(vectorFromValues(type, values));
    expect(String(data.type)).toBe('Struct<{tags:List<Map<{key:Utf8, value:Int32}>>}>');
    expect(jsValues(arrowToVector(viaIpc(data), type))).toEqual(values);
  });

  it('reads slices of the nested data', () => {
    const data = vectorToArrow(vectorFromValues(type, values));
    expect(jsValues(arrowToVector(data.slice(4, 5), type))).toEqual(values.slice(4, 9));
    expect(jsValues(arrowToVector(viaIpc(data.slice(7, 4)), type))).toEqual(values.slice(7, 11));
  });

  it("agrees with Arrow's own reading of the nested rows", () => {
    const vector = new arrow.Vector([vectorToArrow(vectorFromValues(type, values))]);
    expect(JSON.parse(JSON.stringify(vector.get(0)))).toEqual({ tags: [{ a: 1, b: null }, {}] });
    expect(vector.get(1)).toBeNull();
    expect(JSON.parse(JSON.stringify(vector.get(4)))).toEqual({ tags: [null, { 北京: -5 }] });
  });

  it('keeps TIMESTAMP, DATE and BOOLEAN elements of arrays in their internal form', () => {
    const t = parseDataType('struct<at: array<timestamp>, days: array<date>, flags: map<string, boolean>>');
    const rows = [{ at: [new Date('2024-05-06T07:08:09.010Z'), null], days: ['2024-02-29'], flags: new Map([['on', true], ['off', false]]) }];
    expect(jsValues(arrowToVector(viaIpc(vectorToArrow(vectorFromValues(t, rows))), t))).toEqual(rows);
  });

  it('reads Arrow maps whose entry fields are not called key/value', () => {
    const entries = new arrow.Struct([new arrow.Field('keys', new arrow.Utf8(), false), new arrow.Field('values', new arrow.Int32(), true)]);
    const type2 = new arrow.Map_(new arrow.Field('entries', entries, false));
    const child = arrow.makeData({
      type: entries, length: 2, nullCount: 0,
      children: [arrow.vectorFromArray(['p', 'q'], new arrow.Utf8()).data[0]!, arrow.vectorFromArray([1, 2], new arrow.Int32()).data[0]!],
    });
    const data = arrow.makeData({ type: type2, length: 2, valueOffsets: Int32Array.of(0, 2, 2), child });
    expect(jsValues(arrowToVector(data, parseDataType('map<string,int>')))).toEqual([new Map([['p', 1], ['q', 2]]), new Map()]);
  });
});

describe('other Arrow widths and units', () => {
  it('reads Int8/Int16/Uint32/Int64/Uint64/Float32 columns as the requested numeric type', () => {
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Int8(), data: Int8Array.of(-128, 5) }), LongType))).toEqual([-128, 5]);
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Int16(), data: Int16Array.of(-300, 7) }), IntegerType))).toEqual([-300, 7]);
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Uint32(), data: Uint32Array.of(4294967295) }), DoubleType))).toEqual([4294967295]);
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Int64(), data: BigInt64Array.of(-5n, 2n ** 40n) }), DoubleType))).toEqual([-5, 2 ** 40]);
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Uint64(), data: BigUint64Array.of(2n ** 63n) }), LongType))).toEqual([2 ** 63]);
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Float32(), data: Float32Array.of(1.5) }), DoubleType))).toEqual([1.5]);
    // Spark's non-ANSI long → int cast wraps around
    expect(jsValues(arrowToVector(arrow.makeData({ type: new arrow.Int64(), data: BigInt64Array.of(2147483648n) }), IntegerType))).toEqual([-2147483648]);
  });

  it('converts second, millisecond and nanosecond timestamps and millisecond dates', () => {
    const at = (type: arrow.DataType, value: bigint) => valueAt(arrowToVector(arrow.makeData({ type: type as arrow.Timestamp, data: BigInt64Array.of(value) }), TimestampType), 0);
    expect(at(new arrow.TimestampSecond(), 1704164645n)).toEqual(new Date('2024-01-02T03:04:05.000Z'));
    expect(at(new arrow.TimestampMillisecond('Europe/Paris'), 1704164645678n)).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    const ns = arrowToVector(arrow.makeData({ type: new arrow.TimestampNanosecond(), data: BigInt64Array.of(1704164645678901999n, -1500n) }), TimestampType);
    expect(Array.from(ns.values as Float64Array)).toEqual([1704164645678901, -2]);
    const dates = arrowToVector(arrow.makeData({ type: new arrow.DateMillisecond(), data: BigInt64Array.of(BigInt(Date.UTC(2024, 1, 29)), -1n) }), DateType);
    expect(jsValues(dates)).toEqual(['2024-02-29', '1969-12-31']);
  });

  it('copies a shared Arrow buffer before zeroing the garbage under nulls, and never changes it', () => {
    const buffer = Int32Array.of(5, 99, 7);
    const data = arrow.makeData({ type: new arrow.Int32(), data: buffer, nullBitmap: Uint8Array.of(0b101) });
    const v = arrowToVector(data, IntegerType);
    expect(Array.from(v.values as Int32Array)).toEqual([5, 0, 7]);
    expect(Array.from(buffer)).toEqual([5, 99, 7]);
    const clean = arrow.makeData({ type: new arrow.Int32(), data: Int32Array.of(1, 2) });
    expect(arrowToVector(clean, IntegerType).values).toBe(clean.values);
  });

  it('reads an Arrow Null column as nulls of any type', () => {
    const v = arrowToVector(arrow.makeData({ type: new arrow.Null(), length: 3 }), StringType);
    expect(jsValues(v)).toEqual([null, null, null]);
  });

  it('rejects an Arrow type that cannot be read as the requested type', () => {
    const e = bridgeError(() => arrowToVector(vectorToArrow(vectorFromValues(StringType, ['x'])).clone(), IntegerType));
    expect(e.code).toBe('ARROW_TYPE_MISMATCH');
    expect(e.domain).toBe('external');
    expect(e.message).toBe('Cannot read an Arrow column of type Utf8 as int');
    expect(bridgeError(() => arrowToVector(arrow.makeData({ type: new arrow.Int32(), data: Int32Array.of(1) }), TimestampType)).message)
      .toBe('Cannot read an Arrow column of type Int32 as timestamp');
  });
});

describe('memoisation', () => {
  it('reading back a Data made by vectorToArrow returns the original vector, and vice versa', () => {
    const v = vectorFromValues(LongType, [1, null, 3]);
    const data = vectorToArrow(v);
    expect(vectorToArrow(v)).toBe(data);
    expect(arrowToVector(data, LongType)).toBe(v);
    const foreign = viaIpc(data);
    const read = arrowToVector(foreign, LongType);
    expect(arrowToVector(foreign, LongType)).toBe(read);
    expect(vectorToArrow(read)).toBe(foreign);
  });

  it('converts again when the requested type differs from the memoised one', () => {
    const data = vectorToArrow(vectorFromValues(IntegerType, [1, 2]));
    const asLong = arrowToVector(data, LongType);
    expect(asLong.dataType).toEqual(LongType);
    expect(asLong.values).toBeInstanceOf(Float64Array);
    expect(String(vectorToArrow(asLong).type)).toBe('Int64');
  });

  it('does not carry the memo into spread copies', () => {
    const v = vectorFromValues(StringType, ['a', 'b']);
    const data = vectorToArrow(v);
    const copy: ColumnVector = { ...v, nulls: Uint8Array.of(0, 1) };
    const copyData = vectorToArrow(copy);
    expect(copyData).not.toBe(data);
    expect(copyData.nullCount).toBe(1);
  });

  it('matches struct children by name when the memoised Data has a different but equal type object', () => {
    const t1 = parseDataType('struct<a: decimal(10,2)>');
    const t2 = parseDataType('struct<a: decimal(10,2)>');
    const v = vectorFromValues(t1, [{ a: 1.25 }]);
    expect(arrowToVector(vectorToArrow(v), t2)).toBe(v);
    expect(arrowToVector(vectorToArrow(v), parseDataType('struct<a: decimal(10,3)>'))).not.toBe(v);
  });
});

describe('record batches', () => {
  const schema = parseSchema(
    'event_id STRING NOT NULL, timestamp TIMESTAMP, day DATE, price INT, amount DECIMAL(10,2), big BIGINT, ok BOOLEAN, raw BINARY, '
    + 'attrs MAP<STRING, STRING>, geo STRUCT<lat: DOUBLE, lon: DOUBLE>, tags ARRAY<STRING>',
  );
  const rows = [
    {
      event_id: 'event_1', timestamp: new Date('2024-01-02T03:04:05.678Z'), day: '2024-01-02', price: 10, amount: 12345.67, big: 2 ** 40,
      ok: true, raw: Uint8Array.of(1, 2), attrs: new Map([['k', 'v']]), geo: { lat: 52.52, lon: 13.4 }, tags: ['a', 'b'],
    },
    {
      event_id: 'event_2', timestamp: null, day: null, price: null, amount: -0.5, big: -1, ok: false, raw: null, attrs: null,
      geo: null, tags: [],
    },
  ];

  it('rowsToRecordBatch / recordBatchToRows give back the JS values collect() returns', () => {
    const batch = rowsToRecordBatch(schema, rows);
    expect(batch.numRows).toBe(2);
    expect(batch.schema.fields.map((f) => f.nullable)).toEqual([false, true, true, true, true, true, true, true, true, true, true]);
    expect(recordBatchToRows(batch, schema)).toEqual(rows);
    const reread = arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table([batch]))).batches[0]!;
    const out = recordBatchToRows(reread, schema);
    expect(out).toEqual(rows);
    expect(out[0]!.timestamp).toBeInstanceOf(Date);
    expect(out[0]!.attrs).toBeInstanceOf(Map);
  });

  it('accepts JS input forms: ISO timestamp text, Date for DATE, object for MAP, case-insensitive keys', () => {
    const s = parseSchema('ts TIMESTAMP, d DATE, m MAP<STRING, INT>, Price INT');
    const batch = rowsToRecordBatch(s, [{ ts: '2024-01-02 03:04:05', d: new Date(Date.UTC(2024, 1, 29)), m: { x: 1 }, price: 7 }]);
    expect(recordBatchToRows(batch, s)).toEqual([{ ts: new Date('2024-01-02T03:04:05Z'), d: '2024-02-29', m: new Map([['x', 1]]), Price: 7 }]);
  });

  it('toRecordBatch / fromRecordBatch keep the vectors (memoised) and the schema', () => {
    const columns = vectorFromValues(schema, rows).fields!;
    const batch = toRecordBatch(schema, columns, 2);
    expect(batch.schema.fields).toEqual(arrowSchemaOf(schema).fields);
    expect(batch.schema.fields[0]!.metadata.get('spark.type')).toBe('string');
    const back = fromRecordBatch(batch, schema);
    expect(back.numRows).toBe(2);
    back.columns.forEach((c, k) => expect(c).toBe(columns[k]));
  });

  it('reads a sliced RecordBatch', () => {
    const batch = rowsToRecordBatch(parseSchema('id INT, name STRING'), Array.from({ length: 12 }, (_, i) => ({ id: i, name: i % 4 ? `n${i}` : null })));
    expect(recordBatchToRows(batch.slice(9, 12), parseSchema('id INT, name STRING'))).toEqual([
      { id: 9, name: 'n9' }, { id: 10, name: 'n10' }, { id: 11, name: 'n11' },
    ]);
  });

  it('matches columns by name when the batch has them in another order or has extra ones', () => {
    const batch = rowsToRecordBatch(parseSchema('b STRING, extra INT, a INT'), [{ b: 'x', extra: 0, a: 1 }]);
    expect(recordBatchToRows(batch, parseSchema('a INT, b STRING'))).toEqual([{ a: 1, b: 'x' }]);
    const e = bridgeError(() => fromRecordBatch(batch, parseSchema('a INT, missing STRING')));
    expect(e.code).toBe('ARROW_FIELD_MISSING');
    expect(e.message).toBe("The Arrow data has no field 'missing' (it has: b, extra, a)");
  });

  it('emptyRecordBatch has the schema and no rows, and survives IPC', () => {
    const batch = emptyRecordBatch(schema);
    expect(batch.numRows).toBe(0);
    expect(batch.schema.fields.map((f) => f.name)).toEqual(schema.fieldNames);
    const reread = arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table([batch])));
    expect(reread.numRows).toBe(0);
    expect(recordBatchToRows(batch, schema)).toEqual([]);
    expect(fromRecordBatch(batch, schema).columns.map((c) => c.length)).toEqual(Array(schema.length).fill(0));
    const columns = vectorFromValues(schema, []).fields!;
    const fresh = arrow.tableFromIPC(arrow.tableToIPC(new arrow.Table([toRecordBatch(schema, columns, 0)]))).batches;
    expect(fresh.map((b) => recordBatchToRows(b, schema))).toEqual(fresh.map(() => []));
  });

  it('rejects columns that do not fit the schema', () => {
    const s = parseSchema('a INT, b STRING');
    const a = vectorFromValues(IntegerType, [1, 2]);
    expect(bridgeError(() => toRecordBatch(s, [a], 2)).message).toBe('internal error: toRecordBatch got 1 columns for the 2 fields of struct<a:int,b:string>');
    expect(bridgeError(() => toRecordBatch(s, [a, vectorFromValues(StringType, ['x'])], 2)).message).toBe("internal error: column 'b' has 1 rows, the batch 2");
    expect(bridgeError(() => toRecordBatch(s, [a, vectorFromValues(LongType, [1, 2])], 2)).message)
      .toBe("internal error: column 'b' is bigint but the schema says string");
  });
});
