// The JSON function signatures (resolve, options, errors) and their kernels run over whole columns.
import { describe, expect, it } from 'vitest';
import { ArrayTypeOf, BinaryType, IntegerType, LongType, MapTypeOf, NullType, StringType, StructType, simpleString } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { parseSchema } from '../../src/common/schema-parser.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr, BoundRef } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/json-functions.js';
import { valueAt, vectorFromValues } from '../../src/compute/column-vector.js';
import type { ColumnVector } from '../../src/compute/column-vector.js';
import { lookupKernel } from '../../src/compute/kernel-registry.js';
import '../../src/compute/kernels/json-kernels.js';

function ref(index: number, name: string, dataType: DataType, nullable = true): BoundRef {
  return { kind: 'ref', index, name, dataType, nullable };
}

function resolve(name: string, args: BoundExpr[], timeZone = 'UTC'): BoundCall {
  const signature = lookupFunction(name);
  if (signature === undefined) throw new Error(`no signature for ${name}`);
  const r = signature.resolve(args, { timeZone, functionName: name });
  return { kind: 'call', name, args: r.args, dataType: r.dataType, nullable: r.nullable, options: r.options };
}

function run(call: BoundCall, inputs: ColumnVector[], n: number, timeZone = 'UTC'): ColumnVector {
  const factory = lookupKernel(call.name);
  if (factory === undefined) throw new Error(`no kernel for ${call.name}`);
  return factory(call, { timeZone, batchTimestampMs: () => 0 })(inputs, n);
}

function rows(v: ColumnVector): unknown[] {
  return Array.from({ length: v.length }, (_, i) => valueAt(v, i));
}

function resolveError(name: string, args: BoundExpr[]): BrookError {
  try {
    resolve(name, args);
  } catch (e) {
    expect(e).toBeInstanceOf(BrookError);
    return e as BrookError;
  }
  throw new Error(`expected ${name} to fail to resolve`);
}

const SEED = '{"event_id":"event_1","timestamp":1700000000,"product":"laptop","price":500,"quantity":2,"region":"North"}';
const SEED_DDL = 'event_id STRING, timestamp LONG, product STRING, price INT, quantity INT, region STRING';
const value = ref(0, 'value', StringType);
const strings = (xs: (string | null)[]) => vectorFromValues(StringType, xs);
const options = (entries: Record<string, string>) => boundLiteral(new Map(Object.entries(entries)), MapTypeOf(StringType, StringType));

describe('from_json', () => {
  it('resolves a DDL schema to a nullable STRUCT and parses the seed events', () => {
    const call = resolve('from_json', [value, boundLiteral(SEED_DDL, StringType)]);
    expect(simpleString(call.dataType)).toBe('struct<event_id:string,timestamp:bigint,product:string,price:int,quantity:int,region:string>');
    expect(call.nullable).toBe(true);
    expect(call.args).toEqual([value]);
    expect(lookupFunction('from_json')!.render!(['value'], call.options)).toBe('from_json(value)');
    const out = run(call, [strings([SEED, null, 'oops'])], 3);
    expect(rows(out)).toEqual([
      { event_id: 'event_1', timestamp: 1700000000, product: 'laptop', price: 500, quantity: 2, region: 'North' },
      null,
      { event_id: null, timestamp: null, product: null, price: null, quantity: null, region: null },
    ]);
  });

  it('makes every schema field nullable (Spark asNullable)', () => {
    const call = resolve('from_json', [value, boundLiteral('a INT NOT NULL, s STRUCT<b: INT NOT NULL>', StringType)]);
    const schema = call.dataType as StructType;
    expect(schema.fields.map((f) => f.nullable)).toEqual([true, true]);
    expect((schema.fields[1]!.dataType as StructType).fields[0]!.nullable).toBe(true);
  });

  it("accepts Spark's JSON schema format and ARRAY / MAP schemas", () => {
    const json = '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}},'
      + '{"name":"tags","type":{"type":"array","elementType":"string","containsNull":true},"nullable":true,"metadata":{}}]}';
    const call = resolve('from_json', [value, boundLiteral(json, StringType)]);
    expect(simpleString(call.dataType)).toBe('struct<a:int,tags:array<string>>');
    expect(rows(run(call, [strings(['{"a":1,"tags":["x"]}'])], 1))).toEqual([{ a: 1, tags: ['x'] }]);
    const arrayCall = resolve('from_json', [value, boundLiteral('array<struct<a: int>>', StringType)]);
    expect(rows(run(arrayCall, [strings(['[{"a":1}]', '{"a":2}'])], 2))).toEqual([[{ a: 1 }], [{ a: 2 }]]);
    const mapCall = resolve('from_json', [value, boundLiteral('map<string, int>', StringType)]);
    expect(rows(run(mapCall, [strings(['{"x":1}'])], 1))).toEqual([new Map([['x', 1]])]);
  });

  it('decodes BINARY input as UTF-8', () => {
    const call = resolve('from_json', [ref(0, 'value', BinaryType), boundLiteral('name STRING', StringType)]);
    const input = vectorFromValues(BinaryType, [new TextEncoder().encode('{"name":"Zoë"}'), null]);
    expect(rows(run(call, [input], 2))).toEqual([{ name: 'Zoë' }, null]);
  });

  it('takes options from a map literal or a map() call, case-insensitively', () => {
    const failFast = resolve('from_json', [value, boundLiteral('price INT', StringType), options({ MODE: 'failfast' })]);
    expect(() => run(failFast, [strings(['{"price":"x"}'])], 1)).toThrow(
      "Malformed records are detected in record parsing. Parse Mode: FAILFAST. Cause: field 'price' of type INT cannot hold the JSON string \"x\". "
      + "To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. Bad record: {\"price\":\"x\"}");
    const mapCall: BoundCall = {
      kind: 'call', name: 'map', args: [boundLiteral('timestampFormat', StringType), boundLiteral('dd/MM/yyyy', StringType)],
      dataType: MapTypeOf(StringType, StringType), nullable: false,
    };
    const formatted = resolve('from_json', [value, boundLiteral('t TIMESTAMP', StringType), mapCall]);
    const out = run(formatted, [strings(['{"t":"26/08/2015"}'])], 1);
    expect(Array.from(out.fields![0]!.values as Float64Array)).toEqual([Date.UTC(2015, 7, 26) * 1000]);
  });

  it('keeps the corrupt record in a renamed column', () => {
    const call = resolve('from_json', [value, boundLiteral('a INT, bad STRING', StringType), options({ columnNameOfCorruptRecord: 'bad' })]);
    expect(rows(run(call, [strings(['{"a":1}', '{"a":'])], 2))).toEqual([{ a: 1, bad: null }, { a: null, bad: '{"a":' }]);
  });

  it('reads timestamps without an offset in the session time zone, or in the timeZone option', () => {
    const call = resolve('from_json', [value, boundLiteral('t TIMESTAMP', StringType)]);
    const session = run(call, [strings(['{"t":"2023-11-14 17:13:20"}'])], 1, 'America/New_York');
    expect(Array.from(session.fields![0]!.values as Float64Array)).toEqual([1700000000000000]);
    const withOption = resolve('from_json', [value, boundLiteral('t TIMESTAMP', StringType), options({ timeZone: 'Asia/Tokyo' })]);
    const tokyo = run(withOption, [strings(['{"t":"2023-11-15 07:13:20"}'])], 1, 'America/New_York');
    expect(Array.from(tokyo.fields![0]!.values as Float64Array)).toEqual([1700000000000000]);
  });

  it('rejects bad schemas, modes and argument types with specific messages', () => {
    expect(resolveError('from_json', [value, boundLiteral('bogus', StringType)]).message)
      .toBe("Cannot parse the schema string 'bogus': expected a type name at the end of the text (position 6)");
    expect(resolveError('from_json', [value, boundLiteral('int', StringType)]).message)
      .toBe('from_json: the schema INT must be a STRUCT, an ARRAY or a MAP');
    expect(resolveError('from_json', [value, ref(1, 'schema', StringType)]).message)
      .toBe("from_json: the schema must be a string literal such as 'a INT, b STRING'");
    expect(resolveError('from_json', [value, boundLiteral('a INT', StringType), options({ mode: 'LENIENT' })]).message)
      .toBe("from_json: unknown parse mode 'LENIENT'; the modes are PERMISSIVE and FAILFAST");
    const drop = resolveError('from_json', [value, boundLiteral('a INT', StringType), options({ mode: 'DROPMALFORMED' })]);
    expect(drop.code).toBe('PARSE_MODE_UNSUPPORTED');
    expect(drop.message).toBe("from_json() doesn't support the DROPMALFORMED mode. Acceptable modes are PERMISSIVE and FAILFAST.");
    expect(resolveError('from_json', [value, boundLiteral('a INT, _corrupt_record INT', StringType)]).message)
      .toBe("from_json: the field '_corrupt_record' for corrupt records must be of type STRING, but it is INT");
    expect(resolveError('from_json', [ref(0, 'n', ArrayTypeOf(IntegerType)), boundLiteral('a INT', StringType)]).message)
      .toBe("Cannot resolve 'from_json(n, a INT)' due to data type mismatch: parameter 1 of from_json requires the STRING or BINARY type, however 'n' has the type ARRAY<INT>");
  });
});

describe('to_json', () => {
  const schema = parseSchema('a INT, b STRING, t TIMESTAMP');
  const input = vectorFromValues(schema, [{ a: 1, b: null, t: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)) }, null]);

  it('writes struct rows, omitting null fields, with timestamps in the session zone', () => {
    const call = resolve('to_json', [ref(0, 's', schema)]);
    expect(call.dataType).toEqual(StringType);
    expect(lookupFunction('to_json')!.render!(['s'], call.options)).toBe('to_json(s)');
    expect(rows(run(call, [input], 2))).toEqual(['{"a":1,"t":"2023-11-14T22:13:20.000Z"}', null]);
    expect(rows(run(call, [input], 2, 'Europe/Paris'))).toEqual(['{"a":1,"t":"2023-11-14T23:13:20.000+01:00"}', null]);
  });

  it('honours the ignoreNullFields, timestampFormat and timeZone options', () => {
    const call = resolve('to_json', [ref(0, 's', schema), options({ ignoreNullFields: 'false', timestampFormat: 'yyyy/MM/dd HH:mm', timeZone: 'Asia/Tokyo' })]);
    expect(rows(run(call, [input], 2))).toEqual(['{"a":1,"b":null,"t":"2023/11/15 07:13"}', null]);
  });

  it('rejects non-container arguments and bad options', () => {
    const notContainer = resolveError('to_json', [ref(0, 'x', IntegerType)]);
    expect(notContainer.code).toBe('DATATYPE_MISMATCH');
    expect(notContainer.message)
      .toBe("Cannot resolve 'to_json(x)' due to data type mismatch: parameter 1 of to_json requires a STRUCT, MAP or ARRAY, however 'x' has the type INT");
    expect(resolveError('to_json', [ref(0, 's', schema), options({ ignoreNullFields: 'maybe' })]).message)
      .toBe("to_json: the option ignoreNullFields must be 'true' or 'false', got 'maybe'");
  });
});

describe('get_json_object', () => {
  const doc = '{"store":{"fruit":[{"weight":8,"type":"apple"},{"weight":9,"type":"pear"}],'
    + '"basket":[[1,2,{"b":"y","a":"x"}],[3,4],[5,6]],'
    + '"book":[{"author":"Nigel Rees","category":"reference","price":8.95},'
    + '{"author":"Herman Melville","category":"fiction","price":8.99,"isbn":"0-553-21311-3"},'
    + '{"author":"J. R. R. Tolkien","category":"fiction","reader":[{"age":25,"name":"bob"},{"age":26,"name":"jack"}],"price":22.99,"isbn":"0-395-19395-8"}],'
    + '"bicycle":{"price":19.95,"color":"red"}},"owner":"amy","zip code":"94025","fb:testid":"1234"}';

  const evaluate = (path: string, json = doc): unknown => {
    const call = resolve('get_json_object', [value, boundLiteral(path, StringType)]);
    expect(call.options).toEqual({ path });
    return valueAt(run(call, [strings([json]), vectorFromValues(StringType, [path])], 1), 0);
  };

  it('follows names, quoted names and indices; strings come back without quotes', () => {
    expect(evaluate('$.owner')).toBe('amy');
    expect(evaluate('$.store.bicycle')).toBe('{"price":19.95,"color":"red"}');
    expect(evaluate('$.store.bicycle.price')).toBe('19.95');
    expect(evaluate("$['store']['bicycle']['color']")).toBe('red');
    expect(evaluate('$.store.book[0].author')).toBe('Nigel Rees');
    expect(evaluate('$.store.basket[0][1]')).toBe('2');
    expect(evaluate('$.store.basket[0][2].b')).toBe('y');
    expect(evaluate('$.zip code')).toBe('94025');
    expect(evaluate('$.fb:testid')).toBe('1234');
    expect(evaluate('$')).toBe(doc);
  });

  it('collects [*] matches into an array, unwrapping a single match, and flattens [*][*]', () => {
    expect(evaluate('$.store.book[*].category')).toBe('["reference","fiction","fiction"]');
    expect(evaluate('$.store.book[*].isbn')).toBe('["0-553-21311-3","0-395-19395-8"]');
    expect(evaluate('$.store.book[*].reader')).toBe('[{"age":25,"name":"bob"},{"age":26,"name":"jack"}]');
    expect(evaluate('$.store.fruit[*].weight')).toBe('[8,9]');
    expect(evaluate('$.store.basket[*][0]')).toBe('[1,3,5]');
    expect(evaluate('$.store.basket[0][*]')).toBe('[1,2,{"b":"y","a":"x"}]');
    expect(evaluate('$.store.basket[*][*]')).toBe('[1,2,{"b":"y","a":"x"},3,4,5,6]');
    expect(evaluate('$.store.basket[0][*].b')).toBe('["y"]');
  });

  it('gives null for missing keys, JSON nulls, out-of-range indices, invalid paths and invalid JSON', () => {
    expect(evaluate('$.non_exist_key')).toBeNull();
    expect(evaluate('$.store.book[10]')).toBeNull();
    expect(evaluate('$.a', '{"a":null}')).toBeNull();
    expect(evaluate('$..no_recursive')).toBeNull();
    expect(evaluate('store.owner')).toBeNull();
    expect(evaluate('$.a', '{"a":')).toBeNull();
    expect(evaluate('$[0]', '[null]')).toBe('null');
  });

  it('evaluates a path column row by row when the path is not a literal', () => {
    const call = resolve('get_json_object', [value, ref(1, 'p', StringType)]);
    expect(call.options).toEqual({});
    const out = run(call, [strings(['{"a":1,"b":"x"}', '{"a":2}', null]), strings(['$.a', '$.b', '$.a'])], 3);
    expect(rows(out)).toEqual(['1', null, null]);
  });
});

describe('named_struct, struct and map', () => {
  const ints = vectorFromValues(IntegerType, [1, null]);
  const names = strings(['x', 'y']);

  it('named_struct builds a STRUCT with the literal names over the value columns', () => {
    const call = resolve('named_struct', [boundLiteral('a', StringType), ref(0, 'i', IntegerType), boundLiteral('b', StringType), ref(1, 's', StringType, false)]);
    expect(simpleString(call.dataType)).toBe('struct<a:int,b:string>');
    expect((call.dataType as StructType).fields.map((f) => f.nullable)).toEqual([true, false]);
    expect(call.nullable).toBe(false);
    expect(lookupFunction('named_struct')!.render!(['i', 's'], call.options)).toBe('named_struct(a, i, b, s)');
    const out = run(call, [ints, names], 2);
    expect(rows(out)).toEqual([{ a: 1, b: 'x' }, { a: null, b: 'y' }]);
    expect(out.fields![0]).toBe(ints);
  });

  it('named_struct rejects non-literal names and odd argument counts', () => {
    expect(resolveError('named_struct', [ref(0, 'i', IntegerType), ref(1, 's', StringType)]).message)
      .toBe("Cannot resolve 'named_struct(i, s)' due to data type mismatch: only STRING literals are allowed to appear at odd positions of named_struct, but argument 1 is 'i'");
    expect(resolveError('named_struct', [boundLiteral('a', StringType), ref(0, 'i', IntegerType), boundLiteral('b', StringType)]).message)
      .toBe('named_struct expects name/value pairs, got 3 arguments');
  });

  it('struct names fields after columns (else colN) and its kernel takes the names from the call type', () => {
    const call = resolve('struct', [ref(0, 'i', IntegerType), boundLiteral(5, LongType)]);
    expect(simpleString(call.dataType)).toBe('struct<i:int,col2:bigint>');
    const analyzerCall: BoundCall = { ...call, dataType: new StructType().add('id', IntegerType).add('name', StringType) };
    expect(rows(run(analyzerCall, [ints, names], 2))).toEqual([{ id: 1, name: 'x' }, { id: null, name: 'y' }]);
  });

  it('map coerces keys and values to common types and builds JS Maps', () => {
    const call = resolve('map', [boundLiteral('a', StringType), ref(0, 'i', IntegerType), boundLiteral('b', StringType), ref(1, 'l', LongType)]);
    expect(simpleString(call.dataType)).toBe('map<string,bigint>');
    expect(call.args[1]).toEqual({ kind: 'cast', child: ref(0, 'i', IntegerType), dataType: LongType, nullable: true });
    const out = run(call, [strings(['a', 'a']), ints, strings(['b', 'b']), vectorFromValues(LongType, [10, 20])], 2);
    expect(out.values).toEqual([new Map<string, number | null>([['a', 1], ['b', 10]]), new Map<string, number | null>([['a', null], ['b', 20]])]);
    expect(simpleString(resolve('map', []).dataType)).toBe('map<void,void>');
    expect(simpleString(resolve('map', [boundLiteral(1, IntegerType), boundLiteral('x', StringType), boundLiteral(null, NullType), boundLiteral(2, IntegerType)]).dataType))
      .toBe('map<int,string>');
  });

  it('map rejects incompatible key types, null keys and duplicate keys', () => {
    expect(resolveError('map', [boundLiteral(true, { kind: 'boolean' }), ref(0, 'i', IntegerType), ref(1, 'a', ArrayTypeOf(IntegerType)), ref(0, 'i', IntegerType)]).message)
      .toBe("Cannot resolve 'map(true, i, a, i)' due to data type mismatch: the keys of function map should all be the same type, but they are [BOOLEAN, ARRAY<INT>]");
    const call = resolve('map', [ref(0, 'k', StringType), ref(1, 'v', IntegerType), ref(2, 'k2', StringType), ref(3, 'v2', IntegerType)]);
    expect(() => run(call, [strings([null]), ints, strings(['x']), ints], 1)).toThrow('Cannot use null as map key in map()');
    expect(() => run(call, [strings(['x']), ints, strings(['x']), ints], 1)).toThrow("Duplicate map key 'x' was found in map(); each key may appear only once");
  });
});
