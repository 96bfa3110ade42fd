// Tests for DDL schema parsing (parseSchema / parseDataType) and the schema renderings (simpleString, toDDL, treeString).
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, DecimalType, DoubleType, IntegerType, LongType, MapTypeOf, StringType, StructField, StructType, TimestampType,
  simpleString,
} from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { parseDataType, parseSchema } from '../../src/common/schema-parser.js';

const HINT = 'Hint: use one of BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), STRING, BINARY, DATE, TIMESTAMP, ARRAY<T>, MAP<K,V>, STRUCT<...>';

function parseError(ddl: string): BrookError {
  try {
    parseSchema(ddl);
  } catch (e) {
    if (e instanceof BrookError) return e;
    throw e;
  }
  throw new Error(`expected '${ddl}' to be rejected`);
}

describe('parseSchema', () => {
  it('parses the seed event schema with a nested struct', () => {
    const schema = parseSchema('event_id STRING, price INT, geo STRUCT<lat: DOUBLE, lon: DOUBLE>');
    expect(schema.fieldNames).toEqual(['event_id', 'price', 'geo']);
    expect(schema.fields[0]!.dataType).toEqual(StringType);
    expect(schema.fields[1]!.dataType).toEqual(IntegerType);
    expect(schema.fields.every((f) => f.nullable)).toBe(true);
    const geo = schema.fields[2]!.dataType;
    expect(geo).toBeInstanceOf(StructType);
    expect((geo as StructType).fields.map((f) => [f.name, f.dataType.kind])).toEqual([['lat', 'double'], ['lon', 'double']]);
    expect(schema.simpleString()).toBe('struct<event_id:string,price:int,geo:struct<lat:double,lon:double>>');
  });

  it('parses ARRAY, MAP and DECIMAL(p,s) types', () => {
    const schema = parseSchema('tags ARRAY<STRING>, attrs MAP<STRING, BIGINT>, amount DECIMAL(10,2), plain DECIMAL, ts TIMESTAMP');
    expect(schema.fields.map((f) => f.dataType)).toEqual([
      ArrayTypeOf(StringType), MapTypeOf(StringType, LongType), DecimalType(10, 2), DecimalType(10, 0), TimestampType,
    ]);
    expect(schema.simpleString()).toBe('struct<tags:array<string>,attrs:map<string,bigint>,amount:decimal(10,2),plain:decimal(10,0),ts:timestamp>');
  });

  it('reads NOT NULL, backquoted names (with `` escapes), COMMENT and the colon form', () => {
    const schema = parseSchema("id BIGINT NOT NULL, `my col` STRING, `a``b` INT COMMENT 'odd name', c: DOUBLE");
    expect(schema.fields.map((f) => [f.name, f.nullable])).toEqual([['id', false], ['my col', true], ['a`b', true], ['c', true]]);
    expect(schema.fields[3]!.dataType).toEqual(DoubleType);
  });

  it("accepts the bare 'struct<a:int>' form and is case-insensitive about type names", () => {
    const schema = parseSchema('struct<a:int,B:Array<Long>>');
    expect(schema.fieldNames).toEqual(['a', 'B']);
    expect(schema.simpleString()).toBe('struct<a:int,B:array<bigint>>');
    expect(parseSchema('STRUCT<x: STRING NOT NULL>').fields[0]!.nullable).toBe(false);
  });

  it('maps Spark type aliases onto brook types', () => {
    expect(['tinyint', 'smallint', 'integer', 'short', 'byte'].map((t) => parseDataType(t))).toEqual(Array(5).fill(IntegerType));
    expect(parseDataType('long')).toEqual(LongType);
    expect(parseDataType('varchar(20)')).toEqual(StringType);
    expect(parseDataType('timestamp_ltz')).toEqual(TimestampType);
    expect(simpleString(parseDataType('array<struct<a: int, m: map<string, array<double>>>>'))).toBe('array<struct<a:int,m:map<string,array<double>>>>');
  });

  it('rejects an empty schema string', () => {
    const e = parseError('');
    expect(e.code).toBe('INVALID_SCHEMA');
    expect(e.domain).toBe('user');
    expect(e.message).toBe("Cannot parse the schema string '': the schema string is empty (position 1)");
    expect(parseError('   ').message).toBe("Cannot parse the schema string '   ': the schema string is empty (position 1)");
  });

  it('rejects an unknown type name, pointing at it, with the list of types as a hint', () => {
    const e = parseError('a INT, b FOO');
    expect(e.message).toBe(`Cannot parse the schema string 'a INT, b FOO': unknown data type 'FOO' (position 10)\n${HINT}`);
    expect(e.hint).toBe(HINT.slice('Hint: '.length));
  });

  it("rejects a missing '>' and a missing ','", () => {
    expect(parseError('a ARRAY<INT').message).toBe("Cannot parse the schema string 'a ARRAY<INT': expected '>' at the end of the text (position 12)");
    expect(parseError('struct<a:int').message).toBe("Cannot parse the schema string 'struct<a:int': expected '>' at the end of the text (position 13)");
    expect(parseError('a MAP<STRING INT>').message).toBe("Cannot parse the schema string 'a MAP<STRING INT>': expected ',' at 'INT' (position 14)");
  });

  it('rejects a trailing comma, a doubled comma and a missing type', () => {
    expect(parseError('a INT,').message).toBe("Cannot parse the schema string 'a INT,': expected a field name at the end of the text (position 7)");
    expect(parseError('a INT,, b INT').message).toBe("Cannot parse the schema string 'a INT,, b INT': expected a field name at ',' (position 7)");
    expect(parseError('a').message).toBe("Cannot parse the schema string 'a': expected a type name at the end of the text (position 2)");
  });

  it('rejects fields without a separating comma, stray characters and unterminated quotes', () => {
    expect(parseError('a INT b INT').message).toBe("Cannot parse the schema string 'a INT b INT': unexpected text at 'b' (position 7)");
    expect(parseError('a in-t').message).toBe("Cannot parse the schema string 'a in-t': unexpected character '-' (position 5)");
    expect(parseError('`a INT').message).toBe("Cannot parse the schema string '`a INT': unterminated `quoted` name (position 1)");
  });

  it('rejects decimals outside precision 1..38 / scale <= precision', () => {
    expect(parseError('a DECIMAL(39,2)').message)
      .toBe("Cannot parse the schema string 'a DECIMAL(39,2)': decimal(39,2) is out of range: precision must be 1..38 and scale at most the precision (position 3)");
    expect(parseError('a DECIMAL(5,6)').message)
      .toBe("Cannot parse the schema string 'a DECIMAL(5,6)': decimal(5,6) is out of range: precision must be 1..38 and scale at most the precision (position 3)");
  });
});

describe('StructType renderings', () => {
  const schema = parseSchema(
    'event_id STRING, price INT, geo STRUCT<lat: DOUBLE, lon: DOUBLE>, tags ARRAY<STRUCT<k: STRING, v: MAP<STRING, ARRAY<INT>>>>, '
    + '`my col` DECIMAL(10,2) NOT NULL, n BIGINT',
  );

  it('simpleString follows Spark (bigint, decimal(p,s), no spaces)', () => {
    expect(schema.simpleString())
      .toBe('struct<event_id:string,price:int,geo:struct<lat:double,lon:double>,tags:array<struct<k:string,v:map<string,array<int>>>>,my col:decimal(10,2),n:bigint>');
  });

  it('toDDL quotes names that need it, keeps NOT NULL and parses back to the same schema', () => {
    // Spark 3.5 joins the fields with ',' and no space; brook writes ', ' (other code and tests rely on it).
    const ddl = schema.toDDL();
    expect(ddl).toBe('event_id STRING, price INT, geo STRUCT<lat: DOUBLE, lon: DOUBLE>, tags ARRAY<STRUCT<k: STRING, v: MAP<STRING, ARRAY<INT>>>>, '
      + '`my col` DECIMAL(10,2) NOT NULL, n BIGINT');
    const again = parseSchema(ddl);
    expect(again.simpleString()).toBe(schema.simpleString());
    expect(again.fields.map((f) => f.nullable)).toEqual([true, true, true, true, false, true]);
  });

  it("treeString is Spark's printSchema output, nested levels indented by ' |   '", () => {
    expect(schema.treeString()).toBe([
      'root',
      ' |-- event_id: string (nullable = true)',
      ' |-- price: integer (nullable = true)',
      ' |-- geo: struct (nullable = true)',
      ' |    |-- lat: double (nullable = true)',
      ' |    |-- lon: double (nullable = true)',
      ' |-- tags: array (nullable = true)',
      ' |    |-- element: struct (containsNull = true)',
      ' |    |    |-- k: string (nullable = true)',
      ' |    |    |-- v: map (nullable = true)',
      ' |    |    |    |-- key: string',
      ' |    |    |    |-- value: array (valueContainsNull = true)',
      ' |    |    |    |    |-- element: integer (containsNull = true)',
      ' |-- my col: decimal(10,2) (nullable = false)',
      ' |-- n: long (nullable = true)',
      '',
    ].join('\n'));
  });

  it('treeString of a schema built with add() and of an empty schema', () => {
    const built = new StructType().add('id', 'string', false).add('m', MapTypeOf(StringType, ArrayTypeOf(DoubleType, false), false));
    expect(built.treeString()).toBe([
      'root',
      ' |-- id: string (nullable = false)',
      ' |-- m: map (nullable = true)',
      ' |    |-- key: string',
      ' |    |-- value: array (valueContainsNull = false)',
      ' |    |    |-- element: double (containsNull = false)',
      '',
    ].join('\n'));
    expect(new StructType().treeString()).toBe('root\n');
    expect(new StructType([new StructField('x', LongType)]).toDDL()).toBe('x BIGINT');
  });
});
