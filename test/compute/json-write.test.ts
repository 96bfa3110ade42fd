// toJsonText / toJsonColumn: Spark's to_json text for every type, null-field omission and timestamp formats.
import { describe, expect, it } from 'vitest';
import { parseDataType, parseSchema } from '../../src/common/schema-parser.js';
import { vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import { toJsonColumn, toJsonText } from '../../src/compute/json/json-write.js';
import type { JsonWriteOptions } from '../../src/compute/json/json-write.js';

const UTC: JsonWriteOptions = { timeZone: 'UTC' };

function texts(v: ColumnVector, options: JsonWriteOptions = UTC): string[] {
  return Array.from({ length: v.length }, (_, i) => toJsonText(v, i, options));
}

describe('toJsonText', () => {
  it('writes a struct row as compact JSON in field order', () => {
    const v = vectorFromValues(parseSchema('a INT, b STRING'), [{ a: 1, b: 'x' }]);
    expect(texts(v)).toEqual(['{"a":1,"b":"x"}']);
  });

  it('omits null fields by default and writes them with ignoreNullFields false', () => {
    const v = vectorFromValues(parseSchema('a INT, b STRING, c STRUCT<d: INT, e: INT>'), [{ a: null, b: 'x', c: { d: 1, e: null } }, { a: null, b: null, c: null }]);
    expect(texts(v)).toEqual(['{"b":"x","c":{"d":1}}', '{}']);
    expect(texts(v, { timeZone: 'UTC', ignoreNullFields: false })).toEqual([
      '{"a":null,"b":"x","c":{"d":1,"e":null}}',
      '{"a":null,"b":null,"c":null}',
    ]);
  });

  it('formats timestamps with yyyy-MM-dd\'T\'HH:mm:ss.SSSXXX in the session zone', () => {
    const v = vectorFromValues(parseSchema('t TIMESTAMP'), [{ t: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)) }]);
    expect(texts(v)).toEqual(['{"t":"2023-11-14T22:13:20.000Z"}']);
    expect(texts(v, { timeZone: 'America/New_York' })).toEqual(['{"t":"2023-11-14T17:13:20.000-05:00"}']);
    expect(texts(v, { timeZone: 'Asia/Kolkata' })).toEqual(['{"t":"2023-11-15T03:43:20.000+05:30"}']);
    expect(texts(v, { timeZone: 'UTC', timestampFormat: 'dd/MM/yyyy HH:mm' })).toEqual(['{"t":"14/11/2023 22:13"}']);
  });

  it('truncates microseconds to milliseconds in the default format', () => {
    const v: ColumnVector = {
      dataType: parseSchema('t TIMESTAMP'), length: 1, values: [], nulls: null,
      fields: [{ dataType: { kind: 'timestamp' }, length: 1, values: new Float64Array([1700000000123456]), nulls: null }],
    };
    expect(texts(v)).toEqual(['{"t":"2023-11-14T22:13:20.123Z"}']);
    expect(texts(v, { timeZone: 'UTC', timestampFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSSSS" })).toEqual(['{"t":"2023-11-14T22:13:20.123456"}']);
  });

  it('writes dates, numbers, booleans, decimals and binary as Spark does', () => {
    const v = vectorFromValues(parseSchema('d DATE, l BIGINT, x DOUBLE, f FLOAT, m DECIMAL(5,2), b BOOLEAN, bin BINARY'),
      [{ d: '2023-11-14', l: 1700000000, x: 1.5, f: 0.1, m: 1.5, b: true, bin: new Uint8Array([104, 105]) }]);
    expect(texts(v)).toEqual(['{"d":"2023-11-14","l":1700000000,"x":1.5,"f":0.1,"m":1.50,"b":true,"bin":"aGk="}']);
    expect(texts(v, { timeZone: 'UTC', dateFormat: 'dd.MM.yyyy' })[0]).toContain('"d":"14.11.2023"');
  });

  it("writes doubles and floats as Jackson does (Java's Double.toString / Float.toString)", () => {
    const v = vectorFromValues(parseSchema('a DOUBLE, b DOUBLE, c DOUBLE, d FLOAT'), [{ a: 500, b: 1e7, c: 0.0001, d: 2 }]);
    expect(texts(v)).toEqual(['{"a":500.0,"b":1.0E7,"c":1.0E-4,"d":2.0}']);
  });

  it('writes NaN and infinities as strings (Jackson writes non-finite numbers quoted)', () => {
    const v = vectorFromValues(parseSchema('x DOUBLE, y DOUBLE, z DOUBLE'), [{ x: Number.NaN, y: Infinity, z: -Infinity }]);
    expect(texts(v)).toEqual(['{"x":"NaN","y":"Infinity","z":"-Infinity"}']);
  });

  it('escapes strings and field names', () => {
    const v = vectorFromValues(parseSchema('`we"ird` STRING'), [{ 'we"ird': 'line\nbreak "quoted" \\ é\u0001' }]);
    expect(texts(v)).toEqual(['{"we\\"ird":"line\\nbreak \\"quoted\\" \\\\ é\\u0001"}']);
  });

  it('writes arrays (null elements kept), maps (null values kept) and structs inside them', () => {
    const v = vectorFromValues(parseSchema('tags ARRAY<STRING>, attrs MAP<STRING, INT>, items ARRAY<STRUCT<sku: STRING, qty: INT>>, byDay MAP<DATE, BIGINT>'), [{
      tags: ['a', null],
      attrs: new Map<string, number | null>([['k1', 1], ['k2', null]]),
      items: [{ sku: 'x', qty: null }],
      byDay: new Map([['2023-11-14', 5]]),
    }]);
    expect(texts(v)).toEqual(['{"tags":["a",null],"attrs":{"k1":1,"k2":null},"items":[{"sku":"x"}],"byDay":{"2023-11-14":5}}']);
  });

  it('writes a MAP or ARRAY vector at the top level', () => {
    const m = vectorFromValues(parseDataType('map<string,bigint>'), [new Map([['a', 1], ['b', 2]])]);
    expect(texts(m)).toEqual(['{"a":1,"b":2}']);
    const a = vectorFromValues(parseDataType('array<int>'), [[1, 2, null]]);
    expect(texts(a)).toEqual(['[1,2,null]']);
    const keys = vectorFromValues(parseDataType('map<int,string>'), [new Map([[1, 'x']])]);
    expect(texts(keys)).toEqual(['{"1":"x"}']);
  });
});

describe('toJsonColumn', () => {
  it('writes every row and keeps null rows null', () => {
    const v = vectorFromValues(parseSchema('a INT'), [{ a: 1 }, null, { a: null }]);
    const out = toJsonColumn(v, UTC);
    expect(out.dataType).toEqual({ kind: 'string' });
    expect(out.values).toEqual(['{"a":1}', '', '{}']);
    expect(Array.from(out.nulls!)).toEqual([0, 1, 0]);
  });
});
