// Operator kernels resolved through their signatures: arithmetic, comparisons, three-valued logic, null tests, IN.
import { describe, expect, it } from 'vitest';
import { BooleanType, DecimalType, DoubleType, FloatType, IntegerType, LongType, StringType, ArrayTypeOf, DateType, TimestampType, MapTypeOf, simpleString } from '../../src/common/data-types.js';
import '../../src/compute/kernels/operator-kernels.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/operator-functions.js';
import { col, errorOf, evaluate, lit } from '../support/kernel-harness.js';


describe('arithmetic', () => {
  it('adds ints with Java wrapping and propagates nulls', () => {
    const r = evaluate('add', [col(IntegerType, [1, 2147483647, null, -5]), col(IntegerType, [2, 1, 3, null])]);
    expect(simpleString(r.type)).toBe('int');
    expect(r.rows).toEqual([3, -2147483648, null, null]);
  });

  it('subtracts and multiplies ints with wrapping (Math.imul)', () => {
    expect(evaluate('subtract', [col(IntegerType, [-2147483648, 10]), col(IntegerType, [1, 3])]).rows).toEqual([2147483647, 7]);
    expect(evaluate('multiply', [col(IntegerType, [65536, 123456789, -7]), col(IntegerType, [65536, 1000, 6])]).rows).toEqual([0, -1097262584, -42]);
  });

  it('widens int + bigint to bigint and int * double to double without casts', () => {
    const r = evaluate('add', [col(IntegerType, [1, 2]), col(LongType, [10_000_000_000, -3])]);
    expect(simpleString(r.type)).toBe('bigint');
    expect(r.rows).toEqual([10_000_000_001, -1]);
    const m = evaluate('multiply', [col(DoubleType, [19.99, 0.5], 'price'), col(IntegerType, [3, 4], 'quantity')]);
    expect(simpleString(m.type)).toBe('double');
    expect(m.call.args.map((a) => a.kind)).toEqual(['ref', 'ref']);
    expect(m.rows).toEqual([19.99 * 3, 2]);
  });

  it('computes int + float in FLOAT like Spark, casting the int', () => {
    const r = evaluate('add', [col(IntegerType, [16777217]), col(FloatType, [0])]);
    expect(simpleString(r.type)).toBe('float');
    expect(r.call.args[0]!.kind).toBe('cast');
    expect(r.rows).toEqual([16777216]);
  });

  it('divides non-decimals as DOUBLE and gives null for division by zero', () => {
    const r = evaluate('divide', [col(IntegerType, [7, 1, -1, 0, null]), col(IntegerType, [2, 0, 0, 0, 1])]);
    expect(simpleString(r.type)).toBe('double');
    expect(r.rows).toEqual([3.5, null, null, null, null]);
    expect(evaluate('divide', [col(DoubleType, [1.5, 2]), col(DoubleType, [0, -0])]).rows).toEqual([null, null]);
  });

  it('takes the remainder with the sign of the dividend and null for zero', () => {
    expect(evaluate('mod', [col(IntegerType, [7, -7, 7, 5, -2147483648]), col(IntegerType, [3, 3, -3, 0, -1])]).rows).toEqual([1, -1, 1, null, 0]);
    expect(evaluate('mod', [col(DoubleType, [5.5, -5.5]), col(DoubleType, [2, 0])]).rows).toEqual([1.5, null]);
  });

  it('casts a STRING operand to DOUBLE (invalid text gives null)', () => {
    const r = evaluate('add', [col(StringType, ['5', ' 2.5 ', 'abc']), col(IntegerType, [3, 1, 1])]);
    expect(simpleString(r.type)).toBe('double');
    expect(r.rows).toEqual([8, 3.5, null]);
  });

  it('types NULL + NULL as DOUBLE and NULL + int as int', () => {
    expect(evaluate('add', [lit(null, { kind: 'null' }), lit(null, { kind: 'null' })]).type).toEqual(DoubleType);
    const r = evaluate('add', [lit(null, { kind: 'null' }), col(IntegerType, [1, 2])]);
    expect(simpleString(r.type)).toBe('int');
    expect(r.rows).toEqual([null, null]);
  });

  it('follows Spark decimal precision/scale rules and rounds HALF_UP', () => {
    const price = col(DecimalType(10, 2), [19.99, 0.05, null]);
    const add = evaluate('add', [price, col(DecimalType(5, 3), [1.001, 0.001, 1])]);
    expect(simpleString(add.type)).toBe('decimal(12,3)');
    expect(add.rows).toEqual([20.991, 0.051, null]);
    const times = evaluate('multiply', [price, lit(3, IntegerType)]);
    expect(simpleString(times.type)).toBe('decimal(12,2)'); // the literal 3 counts as decimal(1,0)
    expect(times.rows).toEqual([59.97, 0.15, null]);
    const timesColumn = evaluate('multiply', [price, col(IntegerType, [3, 3, 3])]);
    expect(simpleString(timesColumn.type)).toBe('decimal(21,2)');
    const div = evaluate('divide', [col(DecimalType(10, 2), [1, 2]), col(DecimalType(10, 2), [3, 0])]);
    expect(simpleString(div.type)).toBe('decimal(23,13)');
    expect(div.rows).toEqual([0.3333333333333, null]);
    expect(simpleString(evaluate('mod', [price, col(DecimalType(5, 3), [1, 1, 1])]).type)).toBe('decimal(5,3)');
    expect(simpleString(evaluate('multiply', [col(DecimalType(38, 10), [1]), col(DecimalType(38, 10), [1])]).type)).toBe('decimal(38,6)');
  });

  it('gives null when a decimal result overflows its precision', () => {
    const r = evaluate('add', [col(DecimalType(2, 0), [99, 1]), lit(1, IntegerType)]);
    expect(simpleString(r.type)).toBe('decimal(3,0)');
    expect(r.rows).toEqual([100, 2]);
    const mul = evaluate('multiply', [col(DecimalType(1, 0), [9]), col(DecimalType(1, 0), [9])]);
    expect(simpleString(mul.type)).toBe('decimal(3,0)');
    expect(mul.rows).toEqual([81]);
  });

  it('mixes decimal with double as DOUBLE', () => {
    const r = evaluate('add', [col(DecimalType(10, 2), [1.25]), col(DoubleType, [0.5])]);
    expect(r.type).toEqual(DoubleType);
    expect(r.rows).toEqual([1.75]);
  });

  it('negates with int wrap', () => {
    expect(evaluate('negative', [col(IntegerType, [5, -2147483648, null])]).rows).toEqual([-5, -2147483648, null]);
    expect(evaluate('negative', [col(DoubleType, [1.5])]).rows).toEqual([-1.5]);
  });

  it('names the function and the argument types in type errors', () => {
    const e = errorOf(() => evaluate('add', [col(IntegerType, [1], 'a'), col(BooleanType, [true], 'b')]));
    expect(e.code).toBe('DATATYPE_MISMATCH');
    expect(e.message).toBe("Cannot resolve '(a + b)' due to data type mismatch: function add requires numeric arguments, got INT and BOOLEAN");
    const d = errorOf(() => evaluate('multiply', [col(DateType, ['2024-01-01'], 'd'), lit(2, IntegerType)]));
    expect(d.message).toBe("Cannot resolve '(d * 2)' due to data type mismatch: function multiply requires numeric arguments, got DATE and INT");
    const n = errorOf(() => evaluate('negative', [col(BooleanType, [true], 'flag')]));
    expect(n.message).toBe("Cannot resolve '(- flag)' due to data type mismatch: function negative requires a numeric argument, got BOOLEAN");
  });

  it('renders Spark SQL text', () => {
    const sig = (name: string) => lookupFunction(name)!.render!;
    expect(sig('add')(['a', 'b'])).toBe('(a + b)');
    expect(sig('subtract')(['a', 'b'])).toBe('(a - b)');
    expect(sig('multiply')(['a', 'b'])).toBe('(a * b)');
    expect(sig('divide')(['a', 'b'])).toBe('(a / b)');
    expect(sig('mod')(['a', 'b'])).toBe('(a % b)');
    expect(sig('negative')(['a'])).toBe('(- a)');
    expect(sig('equal')(['a', 'b'])).toBe('(a = b)');
    expect(sig('not_equal')(['a', 'b'])).toBe('(NOT (a = b))');
    expect(sig('gt')(['a', 'b'])).toBe('(a > b)');
    expect(sig('ge')(['a', 'b'])).toBe('(a >= b)');
    expect(sig('lt')(['a', 'b'])).toBe('(a < b)');
    expect(sig('le')(['a', 'b'])).toBe('(a <= b)');
    expect(sig('eq_null_safe')(['a', 'b'])).toBe('(a <=> b)');
    expect(sig('and')(['a', 'b'])).toBe('(a AND b)');
    expect(sig('or')(['a', 'b'])).toBe('(a OR b)');
    expect(sig('not')(['a'])).toBe('(NOT a)');
    expect(sig('isnull')(['a'])).toBe('(a IS NULL)');
    expect(sig('isnotnull')(['a'])).toBe('(a IS NOT NULL)');
    expect(sig('in')(['a', '1', '2', '3'])).toBe('(a IN (1, 2, 3))');
  });
});

describe('comparisons', () => {
  it('compares numbers of mixed types with nulls', () => {
    const a = col(IntegerType, [1, 2, 3, null]);
    const b = col(DoubleType, [1.5, 2, 2.5, 1]);
    expect(evaluate('gt', [a, b]).rows).toEqual([false, false, true, null]);
    expect(evaluate('ge', [a, b]).rows).toEqual([false, true, true, null]);
    expect(evaluate('lt', [a, b]).rows).toEqual([true, false, false, null]);
    expect(evaluate('le', [a, b]).rows).toEqual([true, true, false, null]);
    expect(evaluate('equal', [a, b]).rows).toEqual([false, true, false, null]);
    expect(evaluate('not_equal', [a, b]).rows).toEqual([true, false, true, null]);
  });

  it('keeps a literal next to a column uncast (price > 0)', () => {
    const r = evaluate('gt', [col(DoubleType, [-1, 0, 0.01]), lit(0, IntegerType)]);
    expect(r.call.args[1]!.kind).toBe('literal');
    expect(r.rows).toEqual([false, false, true]);
  });

  it('orders NaN above every number and makes NaN = NaN true', () => {
    const a = col(DoubleType, [Number.NaN, Number.NaN, 1, -0]);
    const b = col(DoubleType, [Number.NaN, Infinity, Number.NaN, 0]);
    expect(evaluate('equal', [a, b]).rows).toEqual([true, false, false, true]);
    expect(evaluate('gt', [a, b]).rows).toEqual([false, true, false, false]);
    expect(evaluate('lt', [a, b]).rows).toEqual([false, false, true, false]);
    expect(evaluate('ge', [a, b]).rows).toEqual([true, true, false, true]);
    expect(evaluate('le', [a, b]).rows).toEqual([true, false, true, true]);
  });

  it('casts a string compared with an int to int (non-ANSI: invalid text is null)', () => {
    const r = evaluate('equal', [col(StringType, ['1', ' 2 ', 'x', '1.9']), col(IntegerType, [1, 2, 0, 1])]);
    expect(r.call.args[0]!.kind).toBe('cast');
    expect(r.rows).toEqual([true, true, null, true]);
  });

  it('compares strings by code units, dates and timestamps', () => {
    expect(evaluate('lt', [col(StringType, ['a', 'B', 'abc']), col(StringType, ['b', 'a', 'ab'])]).rows).toEqual([true, true, false]);
    expect(evaluate('gt', [col(DateType, ['2024-01-02', '2024-01-01']), lit('2024-01-01', StringType)]).rows).toEqual([true, false]);
    const ts = col(TimestampType, [new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:01Z')]);
    expect(evaluate('equal', [ts, col(DateType, ['2024-01-01', '2024-01-01'])]).rows).toEqual([true, false]);
  });

  it('compares arrays element by element', () => {
    const t = ArrayTypeOf(IntegerType);
    expect(evaluate('lt', [col(t, [[1, 2], [1], [2]]), col(t, [[1, 3], [1, 0], [1, 9]])]).rows).toEqual([true, true, false]);
    expect(evaluate('equal', [col(t, [[1, 2]]), col(t, [[1, 2]])]).rows).toEqual([true]);
  });

  it('is null-safe with <=>', () => {
    const r = evaluate('eq_null_safe', [col(IntegerType, [1, null, null, 2]), col(IntegerType, [1, null, 3, 3])]);
    expect(r.rows).toEqual([true, true, false, false]);
    expect(r.call.nullable).toBe(false);
  });

  it('rejects incomparable types with the function and type names', () => {
    const e = errorOf(() => evaluate('gt', [col(IntegerType, [1], 'a'), col(ArrayTypeOf(IntegerType), [[1]], 'b')]));
    expect(e.message).toBe("Cannot resolve '(a > b)' due to data type mismatch: function gt cannot compare INT with ARRAY<INT>");
    const m = MapTypeOf(StringType, IntegerType);
    const e2 = errorOf(() => evaluate('equal', [col(m, [new Map()], 'm'), col(m, [new Map()], 'n')]));
    expect(e2.message).toBe("Cannot resolve '(m = n)' due to data type mismatch: function equal does not support comparing values of type MAP<STRING, INT>");
  });
});

describe('boolean logic and null tests', () => {
  const left = col(BooleanType, [true, true, true, false, false, false, null, null, null]);
  const right = col(BooleanType, [true, false, null, true, false, null, true, false, null]);

  it('AND uses three-valued logic', () => {
    expect(evaluate('and', [left, right]).rows).toEqual([true, false, null, false, false, false, null, false, null]);
  });

  it('OR uses three-valued logic', () => {
    expect(evaluate('or', [left, right]).rows).toEqual([true, true, true, true, false, null, true, null, null]);
  });

  it('AND/OR without nulls and NOT', () => {
    expect(evaluate('and', [col(BooleanType, [true, false]), col(BooleanType, [true, true])]).rows).toEqual([true, false]);
    expect(evaluate('or', [col(BooleanType, [false, false]), col(BooleanType, [true, false])]).rows).toEqual([true, false]);
    expect(evaluate('not', [col(BooleanType, [true, false, null])]).rows).toEqual([false, true, null]);
  });

  it('accepts NULL literals as BOOLEAN and rejects other types', () => {
    expect(evaluate('and', [col(BooleanType, [false, true]), lit(null, { kind: 'null' })]).rows).toEqual([false, null]);
    const e = errorOf(() => evaluate('and', [col(IntegerType, [1], 'x'), col(BooleanType, [true], 'y')]));
    expect(e.message).toBe("Cannot resolve '(x AND y)' due to data type mismatch: function and requires BOOLEAN arguments, got INT and BOOLEAN");
  });

  it('IS NULL / IS NOT NULL are never null', () => {
    const v = col(StringType, ['a', null]);
    expect(evaluate('isnull', [v]).rows).toEqual([false, true]);
    expect(evaluate('isnotnull', [v]).rows).toEqual([true, false]);
    expect(evaluate('isnull', [col(IntegerType, [1])]).rows).toEqual([false]);
  });
});

describe('IN', () => {
  it('matches literals with SQL null semantics', () => {
    const v = col(IntegerType, [1, 2, 4, null]);
    expect(evaluate('in', [v, lit(1, IntegerType), lit(2, IntegerType), lit(3, IntegerType)]).rows).toEqual([true, true, false, null]);
    expect(evaluate('in', [v, lit(1, IntegerType), lit(null, { kind: 'null' })]).rows).toEqual([true, null, null, null]);
  });

  it('widens the list: an int column against a double literal', () => {
    const r = evaluate('in', [col(IntegerType, [1, 2]), lit(1.5, DoubleType), lit(2, IntegerType)]);
    expect(r.rows).toEqual([false, true]);
  });

  it('compares against column items row by row', () => {
    const r = evaluate('in', [col(StringType, ['a', 'b', 'c']), col(StringType, ['a', 'x', null]), lit('b', StringType)]);
    expect(r.rows).toEqual([true, true, null]);
  });

  it('promotes to STRING like Spark when a string is in the list', () => {
    expect(evaluate('in', [col(IntegerType, [1, 2]), lit('1', StringType)]).rows).toEqual([true, false]);
  });

  it('rejects incompatible lists', () => {
    const e = errorOf(() => evaluate('in', [col(IntegerType, [1], 'a'), lit(true, BooleanType)]));
    expect(e.message).toBe("Cannot resolve '(a IN (true))' due to data type mismatch: the arguments of function in have incompatible types: INT, BOOLEAN");
  });
});
