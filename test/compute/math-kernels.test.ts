// Math kernels resolved through their signatures: result types, rounding modes, domains (null), Java narrowing.
import { describe, expect, it } from 'vitest';
import { BooleanType, DecimalType, DoubleType, FloatType, IntegerType, LongType, StringType, simpleString } from '../../src/common/data-types.js';
import { roundDecimal, roundIntegral, toDecimal } from '../../src/compute/kernels/math-kernels.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/math-functions.js';
import { col, errorOf, evaluate, lit } from '../support/kernel-harness.js';


describe('rounding helpers', () => {
  it('rounds on decimal digits HALF_UP and HALF_EVEN', () => {
    expect(roundDecimal(2.675, 2)).toBe(2.68);
    expect(roundDecimal(-2.675, 2)).toBe(-2.68);
    expect(roundDecimal(2.5, 0)).toBe(3);
    expect(roundDecimal(2.5, 0, true)).toBe(2);
    expect(roundDecimal(3.5, 0, true)).toBe(4);
    expect(roundDecimal(2.51, 0, true)).toBe(3);
    expect(roundDecimal(1234.5, -2)).toBe(1200);
    expect(roundDecimal(1250, -2)).toBe(1300);
    expect(roundDecimal(0.0004, 2)).toBe(0);
    expect(roundIntegral(125, -1)).toBe(130);
    expect(roundIntegral(125, -1, true)).toBe(120);
    expect(roundIntegral(-135, -1, true)).toBe(-140);
    expect(toDecimal(99.995, 4, 2)).toBeNull();
    expect(toDecimal(99.994, 4, 2)).toBe(99.99);
  });
});

describe('abs, round, bround', () => {
  it('abs keeps the type and wraps INT_MIN', () => {
    expect(evaluate('abs', [col(IntegerType, [-3, -2147483648, null])]).rows).toEqual([3, -2147483648, null]);
    const d = evaluate('abs', [col(DecimalType(5, 2), [-1.25])]);
    expect(simpleString(d.type)).toBe('decimal(5,2)');
    expect(d.rows).toEqual([1.25]);
    expect(evaluate('abs', [col(StringType, ['-2.5'])]).rows).toEqual([2.5]);
  });

  it('round is HALF_UP with Spark result types', () => {
    const r = evaluate('round', [col(DoubleType, [2.5, -2.5, 2.675, Number.NaN, null]), lit(0, IntegerType)]);
    expect(r.type).toEqual(DoubleType);
    expect(r.rows).toEqual([3, -3, 3, Number.NaN, null]);
    expect(evaluate('round', [col(DoubleType, [2.675, 1.005]), lit(2, IntegerType)]).rows).toEqual([2.68, 1.01]);
    const i = evaluate('round', [col(IntegerType, [125, -125, 7]), lit(-1, IntegerType)]);
    expect(i.type).toEqual(IntegerType);
    expect(i.rows).toEqual([130, -130, 10]);
    expect(evaluate('round', [col(LongType, [15])]).type).toEqual(LongType);
    const dec = evaluate('round', [col(DecimalType(10, 3), [1.234, 1.235, 9.9999]), lit(2, IntegerType)]);
    expect(simpleString(dec.type)).toBe('decimal(10,2)');
    expect(dec.rows).toEqual([1.23, 1.24, 10]);
    expect(simpleString(evaluate('round', [col(DecimalType(10, 3), [1])]).type)).toBe('decimal(8,0)');
    expect(simpleString(evaluate('round', [col(DecimalType(5, 2), [1]), lit(-4, IntegerType)]).type)).toBe('decimal(5,0)');
    expect(evaluate('round', [col(FloatType, [2.5])]).type).toEqual(FloatType);
  });

  it('round defaults the scale to 0 and renders it', () => {
    const r = evaluate('round', [col(DoubleType, [1.5])]);
    expect(r.rows).toEqual([2]);
    expect(r.call.options).toEqual({ scale: 0 });
    expect(lookupFunction('round')!.render!(['x', '0'])).toBe('round(x, 0)');
  });

  it('bround is HALF_EVEN', () => {
    expect(evaluate('bround', [col(DoubleType, [2.5, 3.5, -2.5, 2.51])]).rows).toEqual([2, 4, -2, 3]);
    expect(evaluate('bround', [col(DoubleType, [2.665, 2.675]), lit(2, IntegerType)]).rows).toEqual([2.66, 2.68]);
    expect(evaluate('bround', [col(IntegerType, [25, 35]), lit(-1, IntegerType)]).rows).toEqual([20, 40]);
  });

  it('requires an integer literal scale', () => {
    const e = errorOf(() => evaluate('round', [col(DoubleType, [1], 'x'), col(IntegerType, [1], 's')]));
    expect(e.code).toBe('DATATYPE_MISMATCH');
    expect(e.message).toBe("Cannot resolve 'round(x, s)' due to data type mismatch: the scale of function round must be an integer literal, got s of type INT");
  });
});

describe('floor and ceil', () => {
  it('give BIGINT for doubles (saturating, NaN → 0) and ints', () => {
    const f = evaluate('floor', [col(DoubleType, [1.5, -1.5, 1e300, Number.NaN, null])]);
    expect(f.type).toEqual(LongType);
    expect(f.rows).toEqual([1, -2, 2 ** 63, 0, null]);
    expect(evaluate('ceil', [col(DoubleType, [1.2, -1.2])]).rows).toEqual([2, -1]);
    const i = evaluate('ceil', [col(IntegerType, [7])]);
    expect(i.type).toEqual(LongType);
    expect(i.rows).toEqual([7]);
  });

  it('give decimal(p-s+1, 0) for decimals', () => {
    const f = evaluate('floor', [col(DecimalType(5, 2), [-1.25, 9.99])]);
    expect(simpleString(f.type)).toBe('decimal(4,0)');
    expect(f.rows).toEqual([-2, 9]);
    expect(simpleString(evaluate('ceil', [col(DecimalType(5, 0), [3])]).type)).toBe('decimal(5,0)');
    expect(lookupFunction('ceiling')!.name).toBe('ceil');
    expect(lookupFunction('floor')!.render!(['x'])).toBe('FLOOR(x)');
  });
});

describe('double functions', () => {
  it('sqrt, exp, pow, signum', () => {
    expect(evaluate('sqrt', [col(IntegerType, [4, 2, -1, null])]).rows).toEqual([2, Math.SQRT2, Number.NaN, null]);
    expect(evaluate('exp', [col(DoubleType, [0, 1])]).rows).toEqual([1, Math.E]);
    expect(evaluate('pow', [col(IntegerType, [2, 4, null]), col(DoubleType, [10, 0.5, 1])]).rows).toEqual([1024, 2, null]);
    expect(lookupFunction('power')!.name).toBe('pow');
    expect(evaluate('signum', [col(DoubleType, [-3, 0, 2.5])]).rows).toEqual([-1, 0, 1]);
    expect(evaluate('sign', [col(LongType, [-3])]).rows).toEqual([-1]);
  });

  it('logarithms are null outside their domain', () => {
    expect(evaluate('ln', [col(DoubleType, [Math.E, 0, -1, null])]).rows).toEqual([1, null, null, null]);
    expect(evaluate('log', [col(DoubleType, [1, 0])]).rows).toEqual([0, null]);
    expect(evaluate('log', [col(DoubleType, [2, 10, 0, 2]), col(DoubleType, [8, 100, 5, -1])]).rows).toEqual([3, 2, null, null]);
    expect(evaluate('log10', [col(DoubleType, [1000, 0])]).rows).toEqual([3, null]);
    expect(evaluate('log2', [col(DoubleType, [8, -8])]).rows).toEqual([3, null]);
    expect(lookupFunction('log')!.render!(['x'])).toBe('LOG(E(), x)');
  });

  it('reject non-numeric arguments naming the function and type', () => {
    const e = errorOf(() => evaluate('sqrt', [col(BooleanType, [true], 'flag')]));
    expect(e.message).toBe("Cannot resolve 'SQRT(flag)' due to data type mismatch: function sqrt requires numeric argument, got BOOLEAN");
  });
});

describe('pmod', () => {
  it('is the positive remainder, null for a zero divisor', () => {
    expect(evaluate('pmod', [col(IntegerType, [7, -7, 7, -7, 5]), col(IntegerType, [3, 3, -3, -3, 0])]).rows).toEqual([1, 2, 1, -1, null]);
    expect(evaluate('pmod', [col(DoubleType, [-5.5]), col(DoubleType, [2])]).rows).toEqual([0.5]);
    const d = evaluate('pmod', [col(DecimalType(5, 2), [-1.25]), col(DecimalType(3, 1), [1])]);
    expect(simpleString(d.type)).toBe('decimal(4,2)');
    expect(d.rows).toEqual([0.75]);
  });
});
