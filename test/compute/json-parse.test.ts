// parseJsonColumn / compileJsonParser: Spark 3.5 from_json semantics for values, modes and corrupt records.
import { describe, expect, it } from 'vitest';
import { parseDataType, parseSchema } from '../../src/common/schema-parser.js';
import { BrookError } from '../../src/common/errors.js';
import { valueAt } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import { compileJsonParser, parseJsonColumn } from '../../src/compute/json/json-parse.js';
import type { JsonParseOptions } from '../../src/compute/json/json-parse.js';

const PERMISSIVE: JsonParseOptions = { mode: 'PERMISSIVE', columnNameOfCorruptRecord: '_corrupt_record', timeZone: 'UTC' };
const SEED_SCHEMA = parseSchema('event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING');

function rows(v: ColumnVector): unknown[] {
  return Array.from({ length: v.length }, (_, i) => valueAt(v, i));
}

function parseRows(texts: (string | null)[], ddl: string, options: Partial<JsonParseOptions> = {}) {
  const result = parseJsonColumn(texts, parseSchema(ddl), { ...PERMISSIVE, ...options });
  return { rows: rows(result.vector), malformedRows: result.malformedRows, vector: result.vector };
}

function failFastMessage(text: string, ddl: string): string {
  try {
    parseJsonColumn([text], parseSchema(ddl), { ...PERMISSIVE, mode: 'FAILFAST' });
  } catch (e) {
    expect(e).toBeInstanceOf(BrookError);
    expect((e as BrookError).code).toBe('MALFORMED_RECORD');
    expect((e as BrookError).domain).toBe('external');
    return (e as BrookError).message;
  }
  throw new Error('expected a MALFORMED_RECORD error');
}

describe('parseJsonColumn: seed events', () => {
  it('parses the seed event into typed columns', () => {
    const texts = [
      '{"event_id":"event_1","timestamp":1700000000,"product":"laptop","price":500,"quantity":2,"region":"North"}',
      '{"event_id":"event_2","timestamp":1700000005,"product":"phone","price":300,"quantity":1,"region":"South"}',
    ];
    const { vector, malformedRows } = parseJsonColumn(texts, SEED_SCHEMA, PERMISSIVE);
    expect(malformedRows).toEqual([]);
    expect(vector.nulls).toBeNull();
    expect(rows(vector)).toEqual([
      { event_id: 'event_1', timestamp: 1700000000, product: 'laptop', price: 500, quantity: 2, region: 'North' },
      { event_id: 'event_2', timestamp: 1700000005, product: 'phone', price: 300, quantity: 1, region: 'South' },
    ]);
    const [, timestamp, , price] = vector.fields!;
    expect(timestamp!.values).toBeInstanceOf(Float64Array);
    expect(price!.values).toBeInstanceOf(Int32Array);
    expect(Array.from(price!.values as Int32Array)).toEqual([500, 300]);
  });

  it('gives a null struct row for a null text and for blank text (Spark: empty input is null)', () => {
    const { rows: out, vector, malformedRows } = parseRows([null, '', '   ', '{"price":1}'], 'price INT');
    expect(out).toEqual([null, null, null, { price: 1 }]);
    expect(Array.from(vector.nulls!)).toEqual([1, 1, 1, 0]);
    expect(Array.from(vector.fields![0]!.nulls!)).toEqual([1, 1, 1, 0]);
    expect(malformedRows).toEqual([]);
  });

  it('honours a null mask next to the texts', () => {
    const parse = compileJsonParser(parseSchema('price INT'), PERMISSIVE);
    const { vector } = parse(['{"price":1}', '', '{"price":3}'], new Uint8Array([0, 1, 0]));
    expect(rows(vector)).toEqual([{ price: 1 }, null, { price: 3 }]);
  });
});

describe('parseJsonColumn: field matching', () => {
  it('matches names exactly first, then case-insensitively', () => {
    const { rows: out } = parseRows(['{"EVENT_ID":"x","Price":5}', '{"price":1,"PRICE":2}'], 'event_id STRING, price INT');
    expect(out).toEqual([{ event_id: 'x', price: 5 }, { event_id: null, price: 1 }]);
  });

  it('gives null for missing fields and JSON nulls, and ignores unknown keys', () => {
    const { rows: out, malformedRows } = parseRows(['{"a":1,"zzz":true}', '{"b":"x","a":null}', '{}'], 'a INT, b STRING');
    expect(out).toEqual([{ a: 1, b: null }, { a: null, b: 'x' }, { a: null, b: null }]);
    expect(malformedRows).toEqual([]);
  });

  it('does not take Object.prototype members for fields named like them', () => {
    const { rows: out } = parseRows(['{"a":1}', '{"constructor":"c","toString":"t"}'], 'constructor STRING, toString STRING');
    expect(out).toEqual([{ constructor: null, toString: null }, { constructor: 'c', toString: 't' }]);
  });
});

describe('parseJsonColumn: nested types', () => {
  const ddl = 'id STRING, geo STRUCT<lat: DOUBLE, lon: DOUBLE>';

  it('parses a nested STRUCT into child columns', () => {
    const { rows: out, vector } = parseRows(
      ['{"id":"a","geo":{"lat":52.52,"lon":13.405}}', '{"id":"b","geo":null}', '{"id":"c"}', '{"id":"d","geo":{"LAT":1}}'], ddl);
    expect(out).toEqual([
      { id: 'a', geo: { lat: 52.52, lon: 13.405 } },
      { id: 'b', geo: null },
      { id: 'c', geo: null },
      { id: 'd', geo: { lat: 1, lon: null } },
    ]);
    const geo = vector.fields![1]!;
    expect(geo.fields!.length).toBe(2);
    expect(Array.from(geo.fields![0]!.values as Float64Array)).toEqual([52.52, 0, 0, 1]);
    expect(Array.from(geo.fields![0]!.nulls!)).toEqual([0, 1, 1, 0]);
  });

  it('nulls the whole top-level field when a nested value does not fit (root-level partial result)', () => {
    const { rows: out, malformedRows } = parseRows(['{"id":"a","geo":{"lat":"north","lon":13.4}}'], ddl);
    expect(out).toEqual([{ id: 'a', geo: null }]);
    expect(malformedRows).toEqual([0]);
  });

  it('parses arrays, arrays of structs and maps', () => {
    const { rows: out } = parseRows(
      ['{"tags":["a",null,"c"],"scores":[1,2],"items":[{"sku":"x","qty":2},{"SKU":"y"}],"attrs":{"k1":1,"k2":null}}'],
      'tags ARRAY<STRING>, scores ARRAY<INT>, items ARRAY<STRUCT<sku: STRING, qty: INT>>, attrs MAP<STRING, INT>');
    expect(out).toEqual([{
      tags: ['a', null, 'c'],
      scores: [1, 2],
      items: [{ sku: 'x', qty: 2 }, { sku: 'y', qty: null }],
      attrs: new Map<string, number | null>([['k1', 1], ['k2', null]]),
    }]);
  });

  it('nulls an array whose element does not fit and marks the record malformed', () => {
    const { rows: out, malformedRows } = parseRows(['{"scores":[1,"two",3],"n":1}'], 'scores ARRAY<INT>, n INT');
    expect(out).toEqual([{ scores: null, n: 1 }]);
    expect(malformedRows).toEqual([0]);
  });

  it('parses an ARRAY or MAP root schema, taking a single object as a one-element ARRAY<STRUCT>', () => {
    const parseArray = compileJsonParser(parseDataType('array<struct<a: int>>'), PERMISSIVE);
    const arrays = parseArray(['[{"a":1},{"a":2}]', '{"a":3}', 'oops', null]);
    expect(rows(arrays.vector)).toEqual([[{ a: 1 }, { a: 2 }], [{ a: 3 }], null, null]);
    expect(arrays.malformedRows).toEqual([2]);
    const parseMap = compileJsonParser(parseDataType('map<string,double>'), PERMISSIVE);
    expect(rows(parseMap(['{"x":1.5,"y":2}']).vector)).toEqual([new Map([['x', 1.5], ['y', 2]])]);
  });
});

describe('parseJsonColumn: type conversion (Spark 3.5 JacksonParser rules)', () => {
  it('accepts only JSON integers in range for INT and LONG; numbers in strings are not converted', () => {
    const { rows: out, malformedRows } = parseRows(
      ['{"i":2147483647,"l":9007199254740991}', '{"i":"5","l":"5"}', '{"i":2147483648,"l":1.5}', '{"i":1.5,"l":-3}'],
      'i INT, l LONG');
    expect(out).toEqual([
      { i: 2147483647, l: 9007199254740991 },
      { i: null, l: null },
      { i: null, l: null },
      { i: null, l: -3 },
    ]);
    expect(malformedRows).toEqual([1, 2, 3]);
  });

  it('accepts integers, floats and the NaN/Infinity strings for DOUBLE', () => {
    const { rows: out, malformedRows } = parseRows(
      ['{"d":1}', '{"d":2.5}', '{"d":"NaN"}', '{"d":"Infinity"}', '{"d":"-INF"}', '{"d":"1.5"}'], 'd DOUBLE');
    expect(out).toEqual([{ d: 1 }, { d: 2.5 }, { d: Number.NaN }, { d: Infinity }, { d: -Infinity }, { d: null }]);
    expect(malformedRows).toEqual([5]);
  });

  it('accepts only true/false for BOOLEAN', () => {
    const { rows: out, malformedRows } = parseRows(['{"b":true}', '{"b":false}', '{"b":"true"}', '{"b":1}'], 'b BOOLEAN');
    expect(out).toEqual([{ b: true }, { b: false }, { b: null }, { b: null }]);
    expect(malformedRows).toEqual([2, 3]);
  });

  it('takes any JSON value as text for STRING (objects and arrays as their JSON text)', () => {
    const { rows: out, malformedRows } = parseRows(
      ['{"s":12.5}', '{"s":true}', '{"s":{"a": [1, 2]}}', '{"s":[1,"x"]}', '{"s":""}'], 's STRING');
    expect(out).toEqual([{ s: '12.5' }, { s: 'true' }, { s: '{"a":[1,2]}' }, { s: '[1,"x"]' }, { s: '' }]);
    expect(malformedRows).toEqual([]);
  });

  it('parses DECIMAL from numbers and numeric strings, BINARY from base64', () => {
    const { rows: out, malformedRows } = parseRows(
      ['{"m":12.345,"b":"aGVsbG8="}', '{"m":"1,000.5","b":"***"}', '{"m":123456,"b":null}'], 'm DECIMAL(6,2), b BINARY');
    expect(out).toEqual([
      { m: 12.35, b: new Uint8Array([104, 101, 108, 108, 111]) },
      { m: 1000.5, b: null },
      { m: null, b: null },
    ]);
    expect(malformedRows).toEqual([1, 2]);
  });

  it('reads Jackson extras Spark enables: single quotes, NaN tokens, text after the record', () => {
    const { rows: out, malformedRows } = parseRows(["{'a': 1, 'd': NaN}", '{"a":2,"d":-Infinity} trailing'], 'a INT, d DOUBLE');
    expect(out).toEqual([{ a: 1, d: Number.NaN }, { a: 2, d: -Infinity }]);
    expect(malformedRows).toEqual([]);
  });
});

describe('parseJsonColumn: timestamps and dates', () => {
  const ts = (texts: string[], options: Partial<JsonParseOptions> = {}) => {
    const { vector, malformedRows } = parseRows(texts, 't TIMESTAMP', options);
    const t = vector.fields![0]!;
    return { micros: Array.from(t.values as Float64Array).map((x, i) => (t.nulls?.[i] === 1 ? null : x)), malformedRows };
  };

  it('parses ISO-8601 text by default and numbers as epoch seconds', () => {
    const { micros, malformedRows } = ts([
      '{"t":"2023-11-14T22:13:20Z"}',
      '{"t":"2023-11-14 22:13:20.123"}',
      '{"t":"2023-11-14T23:13:20+01:00"}',
      '{"t":"2023-11-14T22:13:20.123456789"}',
      '{"t":"2023-11-14"}',
      '{"t":1700000000}',
      '{"t":"14/11/2023"}',
    ]);
    expect(micros).toEqual([1700000000000000, 1700000000123000, 1700000000000000, 1700000000123456, 1699920000000000, 1700000000000000, null]);
    expect(malformedRows).toEqual([6]);
  });

  it('reads text without an offset in the session time zone', () => {
    expect(ts(['{"t":"2023-11-14 17:13:20"}'], { timeZone: 'America/New_York' }).micros).toEqual([1700000000000000]);
    expect(ts(['{"t":"2023-07-01T12:00:00"}'], { timeZone: 'Europe/Berlin' }).micros).toEqual([Date.UTC(2023, 6, 1, 10) * 1000]);
  });

  it('uses timestampFormat strictly when given', () => {
    const { micros, malformedRows } = ts(['{"t":"14/11/2023 22:13"}', '{"t":"2023-11-14T22:13:20Z"}'], { timestampFormat: 'dd/MM/yyyy HH:mm' });
    expect(micros).toEqual([1699999980000000, null]);
    expect(malformedRows).toEqual([1]);
  });

  it('parses dates with the default and a custom dateFormat', () => {
    expect(parseRows(['{"d":"2023-11-14"}', '{"d":"2023-11-14T10:00:00"}', '{"d":"14.11.2023"}'], 'd DATE').rows)
      .toEqual([{ d: '2023-11-14' }, { d: '2023-11-14' }, { d: null }]);
    expect(parseRows(['{"d":"14.11.2023"}'], 'd DATE', { dateFormat: 'dd.MM.yyyy' }).rows).toEqual([{ d: '2023-11-14' }]);
  });
});

describe('parseJsonColumn: malformed records', () => {
  const ddl = 'event_id STRING, price INT, _corrupt_record STRING';

  it('PERMISSIVE: text that is not a JSON object gives a row of nulls and the raw text in the corrupt-record field', () => {
    const { rows: out, malformedRows, vector } = parseRows(['not json', '[1,2]', '"str"', 'null', '{"event_id":"e1","price":7}'], ddl);
    expect(out).toEqual([
      { event_id: null, price: null, _corrupt_record: 'not json' },
      { event_id: null, price: null, _corrupt_record: '[1,2]' },
      { event_id: null, price: null, _corrupt_record: '"str"' },
      { event_id: null, price: null, _corrupt_record: 'null' },
      { event_id: 'e1', price: 7, _corrupt_record: null },
    ]);
    expect(malformedRows).toEqual([0, 1, 2, 3]);
    expect(vector.nulls).toBeNull();
  });

  it('PERMISSIVE: a type mismatch nulls only the bad field and keeps the record text', () => {
    const { rows: out, malformedRows } = parseRows(['{"event_id":"e1","price":"abc"}'], ddl);
    expect(out).toEqual([{ event_id: 'e1', price: null, _corrupt_record: '{"event_id":"e1","price":"abc"}' }]);
    expect(malformedRows).toEqual([0]);
  });

  it('does not read the corrupt-record field from the JSON, and honours a renamed corrupt-record column', () => {
    expect(parseRows(['{"price":1,"_corrupt_record":"x"}'], ddl).rows).toEqual([{ event_id: null, price: 1, _corrupt_record: null }]);
    expect(parseRows(['{oops'], 'price INT, bad STRING', { columnNameOfCorruptRecord: 'bad' }).rows).toEqual([{ price: null, bad: '{oops' }]);
  });

  it('without a corrupt-record field a malformed record is a row of nulls', () => {
    expect(parseRows(['{"price":', 'true'], 'price INT').rows).toEqual([{ price: null }, { price: null }]);
  });

  it('FAILFAST throws MALFORMED_RECORD quoting the record', () => {
    expect(failFastMessage('{"event_id":"e1","price":"abc"}', 'event_id STRING, price INT')).toBe(
      "Malformed records are detected in record parsing. Parse Mode: FAILFAST. Cause: field 'price' of type INT cannot hold the JSON string \"abc\". "
      + "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. Bad record: {\"event_id\":\"e1\",\"price\":\"abc\"}");
    expect(failFastMessage('not json', 'price INT')).toBe(
      'Malformed records are detected in record parsing. Parse Mode: FAILFAST. Cause: the text is not valid JSON. '
      + "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. Bad record: not json");
    expect(failFastMessage('[1]', 'price INT')).toContain('Cause: the record is the JSON array [1], not a JSON object.');
    expect(failFastMessage('{"geo":{"lat":"n"}}', 'geo STRUCT<lat: DOUBLE>'))
      .toContain("Cause: field 'geo.lat' of type DOUBLE cannot hold the JSON string \"n\".");
  });

  it('FAILFAST truncates the quoted record to 1000 characters', () => {
    const long = `{"price":"${'x'.repeat(2000)}"}`;
    const message = failFastMessage(long, 'price INT');
    expect(message.endsWith(`Bad record: ${long.slice(0, 1000)}...`)).toBe(true);
  });

  it('FAILFAST passes good records', () => {
    const { vector } = parseJsonColumn(['{"price":1}'], parseSchema('price INT'), { ...PERMISSIVE, mode: 'FAILFAST' });
    expect(rows(vector)).toEqual([{ price: 1 }]);
  });

  it('DROPMALFORMED reports the malformed rows for the caller to drop', () => {
    const { malformedRows } = parseRows(['{"price":1}', 'bad', '{"price":"x"}', '{"price":4}'], 'price INT', { mode: 'DROPMALFORMED' });
    expect(malformedRows).toEqual([1, 2]);
  });
});
