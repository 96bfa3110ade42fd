// Conditional kernels resolved through their signatures: coalesce/nvl, nullif, if, greatest/least, isnan, nanvl.
import { describe, expect, it } from 'vitest';
import { ArrayTypeOf, BooleanType, NullType, DecimalType, DoubleType, FloatType, IntegerType, LongType, StringType, StructType, simpleString } from '../../src/common/data-types.js';
import '../../src/compute/kernels/conditional-kernels.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/conditional-functions.js';
import { col, errorOf, evaluate, lit } from '../support/kernel-harness.js';

const NULL = NullType;


describe('coalesce and nvl', () => {
  it('takes the first non-null value in the wider type', () => {
    const r = evaluate('coalesce', [col(IntegerType, [null, 1, null, null]), col(LongType, [5, 6, null, null]), lit(0, IntegerType)]);
    expect(r.type).toEqual(LongType);
    expect(r.rows).toEqual([5, 1, 0, 0]);
    expect(r.call.nullable).toBe(false);
  });

  it('is null only when every argument is', () => {
    const r = evaluate('coalesce', [col(StringType, [null, 'a']), lit(null, NULL)]);
    expect(r.rows).toEqual([null, 'a']);
    expect(r.type).toEqual(StringType);
  });

  it('promotes numbers and strings to STRING like Spark', () => {
    expect(evaluate('coalesce', [col(IntegerType, [null, 2]), lit('none', StringType)]).rows).toEqual(['none', '2']);
  });

  it('handles structs field by field', () => {
    const t = new StructType().add('a', 'int').add('b', 'string');
    const r = evaluate('coalesce', [col(t, [null, { a: 1, b: 'x' }]), col(t, [{ a: 2, b: null }, { a: 3, b: 'y' }])]);
    expect(r.rows).toEqual([{ a: 2, b: null }, { a: 1, b: 'x' }]);
  });

  it('nvl and ifnull are coalesce of two', () => {
    expect(evaluate('nvl', [col(DoubleType, [null, 1.5]), lit(0, IntegerType)]).rows).toEqual([0, 1.5]);
    expect(lookupFunction('ifnull')!.name).toBe('nvl');
    expect(lookupFunction('nvl')!.render!(['a', 'b'])).toBe('nvl(a, b)');
  });

  it('rejects incompatible types', () => {
    const e = errorOf(() => evaluate('coalesce', [col(IntegerType, [1], 'a'), col(BooleanType, [true], 'b')]));
    expect(e.message).toBe("Cannot resolve 'coalesce(a, b)' due to data type mismatch: the arguments of function coalesce have incompatible types: INT, BOOLEAN");
  });
});

describe('nullif', () => {
  it('is null where the arguments are equal, else the first', () => {
    const r = evaluate('nullif', [col(IntegerType, [1, 2, null, 0]), col(IntegerType, [1, 3, 1, null])]);
    expect(r.rows).toEqual([null, 2, null, 0]);
  });

  it('compares in the comparison type but keeps the first type', () => {
    const r = evaluate('nullif', [col(IntegerType, [1, 2]), col(StringType, ['1', 'x'])]);
    expect(r.type).toEqual(IntegerType);
    expect(r.rows).toEqual([null, 2]);
    expect(evaluate('nullif', [col(StringType, ['', 'a']), lit('', StringType)]).rows).toEqual([null, 'a']);
  });
});

describe('if', () => {
  it('picks the second argument where the condition is true, the third where false or null', () => {
    const r = evaluate('if', [col(BooleanType, [true, false, null]), col(IntegerType, [1, 2, 3]), lit(2.5, DoubleType)]);
    expect(r.type).toEqual(DoubleType);
    expect(r.rows).toEqual([1, 2.5, 2.5]);
    expect(lookupFunction('if')!.render!(['c', 'a', 'b'])).toBe('(IF(c, a, b))');
  });

  it('requires a boolean condition', () => {
    const e = errorOf(() => evaluate('if', [col(IntegerType, [1], 'n'), lit(1, IntegerType), lit(2, IntegerType)]));
    expect(e.message).toBe("Cannot resolve '(IF(n, 1, 2))' due to data type mismatch: the first argument of function if must be BOOLEAN, got INT");
  });

  it('works with arrays', () => {
    const t = ArrayTypeOf(IntegerType);
    expect(evaluate('if', [col(BooleanType, [true, false]), col(t, [[1], [2]]), col(t, [[3], null])]).rows).toEqual([[1], null]);
  });
});

describe('greatest and least', () => {
  it('skip nulls and are null only when all are', () => {
    const a = col(IntegerType, [1, null, 5, null]);
    const b = col(DoubleType, [2.5, 3, 1, null]);
    const g = evaluate('greatest', [a, b, lit(0, IntegerType)]);
    expect(g.type).toEqual(DoubleType);
    expect(g.rows).toEqual([2.5, 3, 5, 0]);
    expect(evaluate('least', [a, b]).rows).toEqual([1, 3, 1, null]);
  });

  it('order NaN above every number and strings by code unit', () => {
    expect(evaluate('greatest', [col(DoubleType, [Number.NaN, 1]), col(DoubleType, [Infinity, 2])]).rows).toEqual([Number.NaN, 2]);
    expect(evaluate('least', [col(DoubleType, [Number.NaN]), col(DoubleType, [Infinity])]).rows).toEqual([Infinity]);
    expect(evaluate('greatest', [col(StringType, ['apple', 'Z']), col(StringType, ['banana', 'a'])]).rows).toEqual(['banana', 'a']);
  });

  it('widen decimals and reject string promotion', () => {
    expect(simpleString(evaluate('greatest', [col(DecimalType(5, 2), [1.5]), col(IntegerType, [2])]).type)).toBe('decimal(12,2)');
    const e = errorOf(() => evaluate('greatest', [col(IntegerType, [1], 'a'), col(StringType, ['2'], 'b')]));
    expect(e.message).toBe("Cannot resolve 'greatest(a, b)' due to data type mismatch: the arguments of function greatest have incompatible types: INT, STRING");
  });
});

describe('isnan and nanvl', () => {
  it('isnan is false for null and never null', () => {
    const r = evaluate('isnan', [col(DoubleType, [Number.NaN, 1, null])]);
    expect(r.rows).toEqual([true, false, false]);
    expect(r.call.nullable).toBe(false);
    expect(evaluate('isnan', [col(IntegerType, [1])]).rows).toEqual([false]);
    expect(evaluate('isnan', [col(FloatType, [Number.NaN])]).rows).toEqual([true]);
  });

  it('nanvl replaces NaN only', () => {
    const r = evaluate('nanvl', [col(DoubleType, [Number.NaN, 1, null, Number.NaN]), col(DoubleType, [0, 0, 0, null])]);
    expect(r.rows).toEqual([0, 1, null, null]);
    expect(evaluate('nanvl', [col(FloatType, [Number.NaN]), col(FloatType, [2])]).type).toEqual(FloatType);
  });

  it('rejects non-numeric arguments', () => {
    const e = errorOf(() => evaluate('isnan', [col(BooleanType, [true], 'b')]));
    expect(e.message).toBe("Cannot resolve 'isnan(b)' due to data type mismatch: function isnan requires a DOUBLE or FLOAT argument, got BOOLEAN");
  });
});
