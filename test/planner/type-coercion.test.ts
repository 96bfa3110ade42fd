// Spark 3.5 implicit typing: canCast, widerType, comparisonType, coerceTo, literal types and values.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DecimalType, DoubleType, FloatType, IntegerType, LongType, MapTypeOf,
  NullType, StringType, StructType, TimestampType, simpleString,
} from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundExpr } from '../../src/planner/expr/bound-expression.js';
import {
  canCast, castError, coerceTo, comparisonType, inferLiteralType, isOrderable, literalDecimalType, toLiteralValue, widerType,
  widerTypeWithoutStringPromotion,
} from '../../src/planner/expr/type-coercion.js';

const name = (t: DataType | undefined) => (t === undefined ? undefined : simpleString(t));
const ref = (dataType: DataType, nullable = false): BoundExpr => ({ kind: 'ref', index: 0, name: 'x', dataType, nullable });

describe('canCast', () => {
  const struct = new StructType().add('a', 'int').add('b', 'string');

  it('allows Spark non-ANSI casts', () => {
    expect(canCast(StringType, IntegerType)).toBe(true);
    expect(canCast(IntegerType, DoubleType)).toBe(true);
    expect(canCast(DoubleType, DecimalType(5, 2))).toBe(true);
    expect(canCast(LongType, TimestampType)).toBe(true);
    expect(canCast(TimestampType, LongType)).toBe(true);
    expect(canCast(DateType, TimestampType)).toBe(true);
    expect(canCast(TimestampType, DateType)).toBe(true);
    expect(canCast(DateType, StringType)).toBe(true);
    expect(canCast(BooleanType, IntegerType)).toBe(true);
    expect(canCast(IntegerType, BooleanType)).toBe(true);
    expect(canCast(StringType, BinaryType)).toBe(true);
    expect(canCast(LongType, BinaryType)).toBe(true);
    expect(canCast(NullType, struct)).toBe(true);
    expect(canCast(struct, StringType)).toBe(true);
    expect(canCast(ArrayTypeOf(IntegerType), StringType)).toBe(true);
    expect(canCast(MapTypeOf(StringType, IntegerType), StringType)).toBe(true);
    expect(canCast(ArrayTypeOf(StringType), ArrayTypeOf(IntegerType))).toBe(true);
    expect(canCast(MapTypeOf(StringType, StringType), MapTypeOf(IntegerType, DoubleType))).toBe(true);
    expect(canCast(struct, new StructType().add('x', 'string').add('y', 'int'))).toBe(true);
  });

  it('rejects the casts Spark rejects', () => {
    expect(canCast(StringType, struct)).toBe(false);
    expect(canCast(StringType, ArrayTypeOf(IntegerType))).toBe(false);
    expect(canCast(IntegerType, DateType)).toBe(false);
    expect(canCast(BooleanType, DateType)).toBe(false);
    expect(canCast(BinaryType, IntegerType)).toBe(false);
    expect(canCast(DoubleType, BinaryType)).toBe(false);
    expect(canCast(struct, new StructType().add('x', 'int'))).toBe(false);
    expect(canCast(ArrayTypeOf(IntegerType), IntegerType)).toBe(false);
    expect(canCast(ArrayTypeOf(BinaryType), ArrayTypeOf(IntegerType))).toBe(false);
  });

  it('builds CANNOT_CAST errors with DDL type names', () => {
    const e = castError(StringType, struct);
    expect(e).toBeInstanceOf(BrookError);
    expect(e.code).toBe('CANNOT_CAST');
    expect(e.message).toBe('Cannot cast STRING to STRUCT<a: INT, b: STRING>');
  });
});

describe('widerType', () => {
  it('promotes numbers int < bigint < float < double', () => {
    expect(name(widerType(IntegerType, LongType))).toBe('bigint');
    expect(name(widerType(LongType, FloatType))).toBe('float');
    expect(name(widerType(FloatType, DoubleType))).toBe('double');
    expect(name(widerType(IntegerType, IntegerType))).toBe('int');
  });

  it('widens decimals to hold both sides', () => {
    expect(name(widerType(DecimalType(10, 2), DecimalType(5, 4)))).toBe('decimal(12,4)');
    expect(name(widerType(DecimalType(10, 2), IntegerType))).toBe('decimal(12,2)');
    expect(name(widerType(LongType, DecimalType(10, 2)))).toBe('decimal(22,2)');
    expect(name(widerType(DecimalType(38, 10), DecimalType(38, 0)))).toBe('decimal(38,10)');
    expect(name(widerType(DecimalType(10, 2), DoubleType))).toBe('double');
  });

  it('combines NULL, dates and strings like Spark', () => {
    expect(name(widerType(NullType, DateType))).toBe('date');
    expect(name(widerType(DateType, TimestampType))).toBe('timestamp');
    expect(name(widerType(IntegerType, StringType))).toBe('string');
    expect(name(widerType(StringType, TimestampType))).toBe('string');
    expect(widerType(StringType, BooleanType)).toBeUndefined();
    expect(widerType(StringType, BinaryType)).toBeUndefined();
    expect(widerType(IntegerType, BooleanType)).toBeUndefined();
    expect(widerTypeWithoutStringPromotion(IntegerType, StringType)).toBeUndefined();
  });

  it('recurses into arrays, maps and structs', () => {
    expect(name(widerType(ArrayTypeOf(IntegerType), ArrayTypeOf(DoubleType)))).toBe('array<double>');
    expect(name(widerType(MapTypeOf(StringType, IntegerType), MapTypeOf(StringType, LongType)))).toBe('map<string,bigint>');
    const a = new StructType().add('id', 'int');
    expect(name(widerType(a, new StructType().add('ID', 'bigint')))).toBe('struct<id:bigint>');
    expect(widerType(a, new StructType().add('other', 'int'))).toBeUndefined();
  });
});

describe('comparisonType', () => {
  it('casts a string to the other atomic type', () => {
    expect(name(comparisonType(StringType, IntegerType))).toBe('int');
    expect(name(comparisonType(LongType, StringType))).toBe('bigint');
    expect(name(comparisonType(StringType, DateType))).toBe('date');
    expect(name(comparisonType(TimestampType, StringType))).toBe('timestamp');
    expect(name(comparisonType(StringType, BooleanType))).toBe('boolean');
    expect(name(comparisonType(StringType, DecimalType(10, 2)))).toBe('double');
    expect(name(comparisonType(StringType, NullType))).toBe('string');
  });

  it('widens numbers and datetimes, rejects the rest', () => {
    expect(name(comparisonType(IntegerType, DoubleType))).toBe('double');
    expect(name(comparisonType(DateType, TimestampType))).toBe('timestamp');
    expect(name(comparisonType(DecimalType(5, 2), IntegerType))).toBe('decimal(12,2)');
    expect(comparisonType(IntegerType, BooleanType)).toBeUndefined();
    expect(comparisonType(DateType, IntegerType)).toBeUndefined();
    expect(isOrderable(MapTypeOf(StringType, IntegerType))).toBe(false);
    expect(isOrderable(ArrayTypeOf(new StructType().add('a', 'int')))).toBe(true);
  });
});

describe('coerceTo', () => {
  it('leaves an expression of the right type alone', () => {
    const x = ref(IntegerType);
    expect(coerceTo(x, IntegerType)).toBe(x);
  });

  it('retypes null literals and folds exact numeric literals', () => {
    expect(coerceTo(boundLiteral(null, NullType), IntegerType)).toEqual({ kind: 'literal', value: null, dataType: IntegerType, nullable: true });
    expect(coerceTo(boundLiteral(5, IntegerType), DoubleType)).toEqual({ kind: 'literal', value: 5, dataType: DoubleType, nullable: false });
    expect(coerceTo(boundLiteral(5, IntegerType), DecimalType(3, 1))).toEqual({ kind: 'literal', value: 5, dataType: DecimalType(3, 1), nullable: false });
    expect(coerceTo(boundLiteral(500, IntegerType), DecimalType(3, 1)).kind).toBe('cast');
    expect(coerceTo(boundLiteral(0.1, DoubleType), FloatType).kind).toBe('cast');
    expect(coerceTo(boundLiteral('5', StringType), IntegerType).kind).toBe('cast');
  });

  it('wraps other expressions in a cast, nullable only when the cast can fail', () => {
    const widened = coerceTo(ref(IntegerType), LongType);
    expect(widened).toEqual({ kind: 'cast', child: ref(IntegerType), dataType: LongType, nullable: false });
    expect(coerceTo(ref(StringType), IntegerType).nullable).toBe(true);
    expect(coerceTo(ref(IntegerType), DecimalType(10, 0)).nullable).toBe(false);
    expect(coerceTo(ref(IntegerType), DecimalType(5, 0)).nullable).toBe(true);
  });

  it('gives integral literals next to decimals their digit count', () => {
    expect(name(literalDecimalType(boundLiteral(120, IntegerType)))).toBe('decimal(3,0)');
    expect(name(literalDecimalType(boundLiteral(0, IntegerType)))).toBe('decimal(1,0)');
    expect(name(literalDecimalType(ref(LongType)))).toBe('decimal(20,0)');
    expect(literalDecimalType(ref(DoubleType))).toBeUndefined();
  });
});

describe('literals', () => {
  it('infers Spark types from JS values', () => {
    expect(inferLiteralType(42)).toEqual(IntegerType);
    expect(inferLiteralType(-2147483648)).toEqual(IntegerType);
    expect(inferLiteralType(2147483648)).toEqual(LongType);
    expect(inferLiteralType(1.5)).toEqual(DoubleType);
    expect(inferLiteralType(Number.NaN)).toEqual(DoubleType);
    expect(inferLiteralType(10n)).toEqual(LongType);
    expect(inferLiteralType('a')).toEqual(StringType);
    expect(inferLiteralType(true)).toEqual(BooleanType);
    expect(inferLiteralType(new Date(0))).toEqual(TimestampType);
    expect(inferLiteralType(new Uint8Array(1))).toEqual(BinaryType);
    expect(inferLiteralType(null)).toEqual(NullType);
    expect(inferLiteralType(undefined)).toEqual(NullType);
  });

  it('infers nested literal types', () => {
    expect(name(inferLiteralType([1, 2.5, null]))).toBe('array<double>');
    expect(name(inferLiteralType([]))).toBe('array<void>');
    expect(name(inferLiteralType(new Map([['a', 1], ['b', 3_000_000_000]])))).toBe('map<string,bigint>');
    expect(name(inferLiteralType({ id: 1, tags: ['x'], at: new Date(0) }))).toBe('struct<id:int,tags:array<string>,at:timestamp>');
    expect(() => inferLiteralType([1, true])).toThrow('Literal array elements have incompatible types INT and BOOLEAN');
  });

  it('converts values to the internal representation', () => {
    expect(toLiteralValue(new Date(1000), TimestampType)).toBe(1_000_000);
    expect(toLiteralValue('2024-01-31', DateType)).toBe(19753);
    expect(toLiteralValue(true, BooleanType)).toBe(1);
    expect(toLiteralValue(10n, LongType)).toBe(10);
    expect(toLiteralValue(1.234, DecimalType(5, 2))).toBe(1.23);
    expect(toLiteralValue(null, IntegerType)).toBeNull();
    expect(toLiteralValue({ a: 1 }, new StructType().add('a', 'int'))).toEqual({ a: 1 });
  });

  it('rejects values that do not fit the type', () => {
    expect(() => toLiteralValue('abc', IntegerType)).toThrow("Cannot use 'abc' as a literal of type INT");
    expect(() => toLiteralValue('not a date', DateType)).toThrow("Cannot use 'not a date' as a literal of type DATE");
  });
});
