import { describe, expect, it } from 'vitest';
import { ArrayTypeOf, BooleanType, DecimalType, DoubleType, LongType, NullType, StringType, simpleString } from '../../../src/common/data-types.js';
import { JsonSchemaInference, jsonTextType, mergeJsonTypes } from '../../../src/sources/file/json-schema-inference.js';

describe('JSON schema inference', () => {
  it('types one text without building values', () => {
    expect(simpleString(jsonTextType('{"b": 1, "a": [1.5, 2], "c": {"z": "x", "y": false}}')!)).toBe('struct<a:array<double>,b:bigint,c:struct<y:boolean,z:string>>');
    expect(simpleString(jsonTextType('-9223372036854775808')!)).toBe('bigint');
    expect(simpleString(jsonTextType('9223372036854775808')!)).toBe('decimal(19,0)');
    expect(jsonTextType('{"a": 1,}')).toBe(null);
    expect(jsonTextType('{"a": 1} x')).toBe(null);
    expect(simpleString(jsonTextType('{"a\\"b": "\\u0041"}')!)).toBe('struct<a"b:string>');
  });

  it('widens conflicting types as Spark does', () => {
    expect(mergeJsonTypes(LongType, DoubleType)).toEqual(DoubleType);
    expect(mergeJsonTypes(NullType, BooleanType)).toEqual(BooleanType);
    expect(mergeJsonTypes(LongType, DecimalType(22, 0))).toEqual(DecimalType(22, 0));
    expect(mergeJsonTypes(BooleanType, LongType)).toEqual(StringType);
    expect(mergeJsonTypes(ArrayTypeOf(LongType), ArrayTypeOf(DoubleType))).toEqual(ArrayTypeOf(DoubleType));
    expect(mergeJsonTypes(ArrayTypeOf(LongType), LongType)).toEqual(StringType);
  });

  it('reads top-level arrays of objects as several records and sorts the columns', () => {
    const inference = new JsonSchemaInference('PERMISSIVE', '_corrupt_record');
    expect(inference.add('[{"b": 1}, {"a": null}]', 1)).toBe(null);
    expect(inference.add('{"B": true}', 2)).toBe(null);
    expect(inference.schema().toDDL()).toBe('B BOOLEAN, a STRING, b BIGINT');
    const strict = new JsonSchemaInference('FAILFAST', '_corrupt_record');
    expect(strict.add('42', 7)).toEqual({ text: '42', lineNumber: 7 });
  });
});
