// Aggregate accumulators resolved through their signatures: values with nulls, empty groups, DISTINCT, merge, JSON state.
import { describe, expect, it } from 'vitest';
import {
  ArrayTypeOf, BinaryType, BooleanType, DateType, DecimalType, DoubleType, IntegerType, LongType, MapTypeOf, StringType,
  StructType, TimestampType,
} from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { lookupAggregate } from '../../src/compute/aggregates/aggregate-function.js';
import type { AggregateFunction } from '../../src/compute/aggregates/aggregate-function.js';
import '../../src/compute/aggregates/all-aggregates.js';
import { EXACT_LIMIT, hashNumber, hashString, precisionForRelativeSD } from '../../src/compute/aggregates/hyper-log-log.js';
import { boundLiteral } from '../../src/planner/expr/bound-expression.js';
import type { BoundCall, BoundExpr } from '../../src/planner/expr/bound-expression.js';
import { lookupFunction } from '../../src/planner/expr/function-catalog.js';
import '../../src/planner/expr/functions/aggregate-functions.js';

type Input = DataType | { literal: unknown; type: DataType };

/** Resolves `name(inputs…)` through its signature and builds its accumulator. */
function aggregateOf(name: string, inputs: readonly Input[], distinct = false): AggregateFunction {
  const args: BoundExpr[] = inputs.map((x, i) => ('literal' in x
    ? boundLiteral(x.literal, x.type)
    : { kind: 'ref', index: i, name: `c${i}`, dataType: x, nullable: true }));
  const sig = lookupFunction(name)!;
  const resolved = sig.resolve(args, { timeZone: 'UTC', functionName: name });
  const call: BoundCall = {
    kind: 'call', name: sig.name, args: resolved.args, dataType: resolved.dataType, nullable: resolved.nullable,
    distinct, options: resolved.options,
  };
  return lookupAggregate(name)!(call);
}

function fold(fn: AggregateFunction, rows: readonly (readonly unknown[])[]): unknown {
  let buffer = fn.init();
  const args: unknown[] = [];
  for (const row of rows) {
    // the operator reuses one argument array for every row: accumulators must copy what they keep
    args.length = 0;
    args.push(...row);
    buffer = fn.update(buffer, args);
  }
  return buffer;
}

function run(fn: AggregateFunction, rows: readonly (readonly unknown[])[]): unknown {
  return fn.result(fold(fn, rows));
}

function viaJson(fn: AggregateFunction, buffer: unknown): unknown {
  return fn.fromState(JSON.parse(JSON.stringify(fn.toState(buffer))));
}

const col = (values: readonly unknown[]) => values.map((v) => [v]);

describe('count', () => {
  it('counts rows, non-null values, and rows whose arguments are all non-null', () => {
    expect(run(aggregateOf('count', [{ literal: 1, type: IntegerType }]), [[1], [1], [1]])).toBe(3);
    expect(run(aggregateOf('count', [StringType]), col(['a', null, 'b', null]))).toBe(2);
    expect(run(aggregateOf('count', [StringType, IntegerType]), [['a', 1], ['b', null], [null, 2], ['c', 3]])).toBe(2);
  });

  it('gives 0 for an empty group and for a group of nulls', () => {
    expect(run(aggregateOf('count', [StringType]), [])).toBe(0);
    expect(run(aggregateOf('count', [StringType]), col([null, null]))).toBe(0);
  });

  it('counts distinct values and distinct tuples, skipping tuples with a null', () => {
    expect(run(aggregateOf('count', [StringType], true), col(['a', 'b', 'a', null, 'b', 'c']))).toBe(3);
    expect(run(aggregateOf('count', [DoubleType], true), col([0, -0, Number.NaN, Number.NaN, 1]))).toBe(3);
    const pairs = [['a', 1], ['a', 1], ['a', 2], ['b', 1], ['b', null], [null, 1]];
    expect(run(aggregateOf('count', [StringType, IntegerType], true), pairs)).toBe(3);
    expect(run(aggregateOf('count', [ArrayTypeOf(IntegerType)], true), col([[1, 2], [1, 2], [2, 1], [1, null]]))).toBe(3);
  });
});

describe('sum and avg', () => {
  it('sums integers as BIGINT and doubles as DOUBLE, skipping nulls', () => {
    expect(run(aggregateOf('sum', [IntegerType]), col([1, 2, null, 3]))).toBe(6);
    expect(run(aggregateOf('sum', [LongType]), col([2 ** 40, 2 ** 40, -1]))).toBe(2 ** 41 - 1);
    expect(run(aggregateOf('sum', [DoubleType]), col([0.5, null, 1.25]))).toBe(1.75);
    expect(run(aggregateOf('sum', [DoubleType]), col([1, Number.POSITIVE_INFINITY]))).toBe(Number.POSITIVE_INFINITY);
  });

  it('gives null for an empty group and for a group of nulls', () => {
    expect(run(aggregateOf('sum', [IntegerType]), [])).toBeNull();
    expect(run(aggregateOf('sum', [IntegerType]), col([null, null]))).toBeNull();
    expect(run(aggregateOf('avg', [IntegerType]), [])).toBeNull();
    expect(run(aggregateOf('avg', [DoubleType]), col([null]))).toBeNull();
  });

  it('adds decimals exactly and rounds averages HALF_UP to scale s+4', () => {
    expect(run(aggregateOf('sum', [DecimalType(10, 2)]), col([0.1, 0.2, 0.3, null]))).toBe(0.6);
    expect(run(aggregateOf('sum', [DecimalType(10, 2)]), col(new Array(10).fill(0.1)))).toBe(1);
    expect(run(aggregateOf('avg', [DecimalType(10, 2)]), col([1, 2, 2]))).toBe(1.666667);
    expect(run(aggregateOf('avg', [DecimalType(10, 2)]), col([0.01, 0.02]))).toBe(0.015);
  });

  it('gives null when a decimal sum overflows DECIMAL(38, s) (Spark non-ANSI)', () => {
    expect(run(aggregateOf('sum', [DecimalType(38, 0)]), col([9e37, 9e37]))).toBeNull();
    expect(run(aggregateOf('sum', [DecimalType(38, 0)]), col([9e37, -9e37]))).toBe(0);
  });

  it('averages integers as doubles', () => {
    expect(run(aggregateOf('avg', [IntegerType]), col([1, 2, null, 4]))).toBe(7 / 3);
    expect(run(aggregateOf('mean', [LongType]), col([10, 20]))).toBe(15);
  });

  it('sums and averages distinct values', () => {
    expect(run(aggregateOf('sum', [IntegerType], true), col([1, 1, 2, null, 2, 5]))).toBe(8);
    expect(run(aggregateOf('avg', [IntegerType], true), col([1, 1, 4]))).toBe(2.5);
    expect(run(aggregateOf('sum', [DecimalType(10, 2)], true), col([0.1, 0.1, 0.2]))).toBe(0.3);
  });
});

describe('min and max', () => {
  it('orders numbers with NaN above everything', () => {
    expect(run(aggregateOf('max', [IntegerType]), col([3, null, 7, -1]))).toBe(7);
    expect(run(aggregateOf('min', [IntegerType]), col([3, null, 7, -1]))).toBe(-1);
    expect(run(aggregateOf('max', [DoubleType]), col([1, Number.NaN, 3]))).toBeNaN();
    expect(run(aggregateOf('min', [DoubleType]), col([Number.NaN, 1, 3]))).toBe(1);
    expect(run(aggregateOf('min', [DoubleType]), col([Number.NaN]))).toBeNaN();
  });

  it('orders strings, dates, timestamps, booleans, binary, arrays and structs', () => {
    expect(run(aggregateOf('max', [StringType]), col(['apple', 'pear', null, 'banana']))).toBe('pear');
    expect(run(aggregateOf('min', [StringType]), col(['apple', 'pear', 'Zebra']))).toBe('Zebra');
    expect(run(aggregateOf('max', [DateType]), col([19000, 19753, 18000]))).toBe(19753);
    expect(run(aggregateOf('min', [TimestampType]), col([5e15, 1e15, null]))).toBe(1e15);
    expect(run(aggregateOf('max', [BooleanType]), col([0, 1, 0]))).toBe(1);
    expect(run(aggregateOf('min', [BooleanType]), col([1, 0, 1]))).toBe(0);
    expect(run(aggregateOf('max', [BinaryType]), col([Uint8Array.of(1, 2), Uint8Array.of(1, 3), Uint8Array.of(1)]))).toEqual(Uint8Array.of(1, 3));
    expect(run(aggregateOf('max', [ArrayTypeOf(IntegerType)]), col([[1, 2], [1, 2, 0], [0, 9]]))).toEqual([1, 2, 0]);
    const point = new StructType().add('x', 'int').add('y', 'string');
    expect(run(aggregateOf('min', [point]), col([{ x: 2, y: 'a' }, { x: 1, y: 'b' }, { x: 1, y: 'a' }]))).toEqual({ x: 1, y: 'a' });
  });

  it('gives null for an empty group and for a group of nulls', () => {
    expect(run(aggregateOf('max', [IntegerType]), [])).toBeNull();
    expect(run(aggregateOf('min', [StringType]), col([null, null]))).toBeNull();
  });
});

describe('max_by and min_by', () => {
  const rows = [['a', 3], ['b', 5], ['c', null], ['d', 5], ['e', 1]];

  it('takes the value of the row with the largest/smallest ordering, the later row on ties', () => {
    expect(run(aggregateOf('max_by', [StringType, IntegerType]), rows)).toBe('d');
    expect(run(aggregateOf('min_by', [StringType, IntegerType]), rows)).toBe('e');
  });

  it('keeps a null value of the winning row and skips rows with a null ordering', () => {
    expect(run(aggregateOf('max_by', [StringType, IntegerType]), [['a', 1], [null, 2]])).toBeNull();
    expect(run(aggregateOf('max_by', [StringType, IntegerType]), [['a', null], ['b', null]])).toBeNull();
    expect(run(aggregateOf('min_by', [StringType, DoubleType]), [['nan', Number.NaN], ['one', 1]])).toBe('one');
  });
});

describe('first and last', () => {
  const values = col([null, 'a', 'b', null]);

  it('keep a leading/trailing null unless ignoreNulls is true', () => {
    expect(run(aggregateOf('first', [StringType]), values)).toBeNull();
    expect(run(aggregateOf('first', [StringType, { literal: 1, type: BooleanType }]), values)).toBe('a');
    expect(run(aggregateOf('first_value', [StringType, { literal: 0, type: BooleanType }]), values)).toBeNull();
    expect(run(aggregateOf('last', [StringType]), values)).toBeNull();
    expect(run(aggregateOf('last', [StringType, { literal: 1, type: BooleanType }]), values)).toBe('b');
    expect(run(aggregateOf('last_value', [StringType]), col(['x', 'y']))).toBe('y');
  });

  it('give null for an empty group', () => {
    expect(run(aggregateOf('first', [IntegerType]), [])).toBeNull();
    expect(run(aggregateOf('last', [IntegerType, { literal: 1, type: BooleanType }]), col([null]))).toBeNull();
  });

  it('merge as first of a unless a is empty, last of b unless b is empty', () => {
    const first = aggregateOf('first', [StringType]);
    const last = aggregateOf('last', [StringType]);
    expect(first.result(first.merge(fold(first, col([null])), fold(first, col(['b']))))).toBeNull();
    expect(first.result(first.merge(fold(first, []), fold(first, col(['b']))))).toBe('b');
    expect(last.result(last.merge(fold(last, col(['a'])), fold(last, col([null]))))).toBeNull();
    expect(last.result(last.merge(fold(last, col(['a'])), fold(last, [])))).toBe('a');
  });
});

describe('collect_list and collect_set', () => {
  it('collect non-null values; the set keeps first occurrences in arrival order', () => {
    expect(run(aggregateOf('collect_list', [IntegerType]), col([3, null, 1, 3]))).toEqual([3, 1, 3]);
    expect(run(aggregateOf('collect_set', [IntegerType]), col([3, null, 1, 3]))).toEqual([3, 1]);
    expect(run(aggregateOf('collect_list', [IntegerType], true), col([3, 1, 3, 1]))).toEqual([3, 1]);
    expect(run(aggregateOf('collect_set', [ArrayTypeOf(StringType)]), col([['a'], ['a'], ['b', null], ['b', null]]))).toEqual([['a'], ['b', null]]);
  });

  it('give an empty array for an empty group', () => {
    expect(run(aggregateOf('collect_list', [StringType]), [])).toEqual([]);
    expect(run(aggregateOf('collect_set', [StringType]), col([null]))).toEqual([]);
  });

  it('return arrays that later updates do not change', () => {
    const fn = aggregateOf('collect_list', [IntegerType]);
    const buffer = fold(fn, col([1]));
    const first = fn.result(buffer);
    fn.update(buffer, [2]);
    expect(first).toEqual([1]);
    expect(fn.result(buffer)).toEqual([1, 2]);
  });
});

describe('count_if, bool_or and bool_and', () => {
  it('count true values; 0 for an empty group', () => {
    expect(run(aggregateOf('count_if', [BooleanType]), col([1, 0, null, 1]))).toBe(2);
    expect(run(aggregateOf('count_if', [BooleanType]), [])).toBe(0);
  });

  it('combine booleans, null when no value is known', () => {
    expect(run(aggregateOf('bool_or', [BooleanType]), col([0, null, 1]))).toBe(1);
    expect(run(aggregateOf('any', [BooleanType]), col([0, null, 0]))).toBe(0);
    expect(run(aggregateOf('bool_and', [BooleanType]), col([1, null, 1]))).toBe(1);
    expect(run(aggregateOf('every', [BooleanType]), col([1, 0, 1]))).toBe(0);
    expect(run(aggregateOf('some', [BooleanType]), col([null]))).toBeNull();
    expect(run(aggregateOf('bool_and', [BooleanType]), [])).toBeNull();
  });
});

describe('stddev and variance', () => {
  const values = col([1, 2, null, 3, 4]);

  it('compute sample and population moments', () => {
    expect(run(aggregateOf('variance', [IntegerType]), values)).toBeCloseTo(5 / 3, 14);
    expect(run(aggregateOf('var_samp', [IntegerType]), values)).toBeCloseTo(5 / 3, 14);
    expect(run(aggregateOf('var_pop', [IntegerType]), values)).toBe(1.25);
    expect(run(aggregateOf('stddev', [IntegerType]), values)).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(run(aggregateOf('stddev_samp', [DoubleType]), values)).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(run(aggregateOf('stddev_pop', [DoubleType]), values)).toBeCloseTo(Math.sqrt(1.25), 14);
  });

  it('give null for no rows, and null (sample) or 0 (population) for one row (Spark 3.x)', () => {
    expect(run(aggregateOf('stddev', [DoubleType]), [])).toBeNull();
    expect(run(aggregateOf('var_pop', [DoubleType]), [])).toBeNull();
    expect(run(aggregateOf('stddev', [DoubleType]), col([5]))).toBeNull();
    expect(run(aggregateOf('variance', [DoubleType]), col([5]))).toBeNull();
    expect(run(aggregateOf('stddev_pop', [DoubleType]), col([5]))).toBe(0);
    expect(run(aggregateOf('var_pop', [DoubleType]), col([5]))).toBe(0);
  });

  it('use each distinct value once with DISTINCT', () => {
    expect(run(aggregateOf('variance', [IntegerType], true), col([1, 1, 2, 3, 3]))).toBe(1);
  });
});

describe('approx_count_distinct', () => {
  it('derives the precision from the relative standard deviation like Spark', () => {
    expect(precisionForRelativeSD(0.05)).toBe(9);
    expect(precisionForRelativeSD(0.01)).toBe(14);
    expect(precisionForRelativeSD(0.39)).toBe(4);
  });

  it('hashes -0 as 0 and every NaN alike, and tells values apart', () => {
    expect(hashNumber(-0)).toBe(hashNumber(0));
    expect(hashNumber(Number.NaN)).toBe(hashNumber(-Number.NaN));
    expect(hashNumber(1)).not.toBe(hashNumber(2));
    expect(hashString('ab')).not.toBe(hashString('ba'));
    expect(hashString('')).not.toBe(hashString('a'));
  });

  it('is exact for small sets, skips nulls, and gives 0 for an empty group', () => {
    const fn = aggregateOf('approx_count_distinct', [IntegerType]);
    expect(run(fn, [])).toBe(0);
    expect(run(fn, col([1, 2, 2, 3, null, 3]))).toBe(3);
    expect(run(fn, col(Array.from({ length: 30 }, (_, i) => i % 10)))).toBe(10);
    expect(run(fn, col(Array.from({ length: EXACT_LIMIT }, (_, i) => i)))).toBe(EXACT_LIMIT);
  });

  const relativeError = (estimate: unknown, truth: number) => Math.abs((estimate as number) - truth) / truth;

  // rsd is the standard error of the estimate: single sets are checked against two standard errors, and the root mean
  // square error over many independent sets against the rsd itself (plus a 25% margin for the sample of 40 sets)
  it('stays within two relative standard deviations for 1000 and 100000 distinct values', () => {
    const ints = aggregateOf('approx_count_distinct', [IntegerType]);
    const strings = aggregateOf('approx_count_distinct', [StringType]);
    for (const n of [1000, 100_000]) {
      expect(relativeError(run(ints, col(Array.from({ length: n }, (_, i) => i))), n)).toBeLessThanOrEqual(0.1);
      expect(relativeError(run(strings, col(Array.from({ length: n }, (_, i) => `user-${i}`))), n)).toBeLessThanOrEqual(0.1);
    }
    const precise = aggregateOf('approx_count_distinct', [LongType, { literal: 0.01, type: DoubleType }]);
    expect(relativeError(run(precise, col(Array.from({ length: 100_000 }, (_, i) => i * 7919))), 100_000)).toBeLessThanOrEqual(0.02);
  });

  it('has a root mean square error of about rsd over independent sets', () => {
    const fn = aggregateOf('approx_count_distinct', [LongType]);
    const strings = aggregateOf('approx_count_distinct', [StringType]);
    let squares = 0;
    let stringSquares = 0;
    const sets = 40;
    for (let s = 0; s < sets; s++) {
      squares += relativeError(run(fn, col(Array.from({ length: 1000 }, (_, i) => s * 1e9 + i * 7919))), 1000) ** 2;
      stringSquares += relativeError(run(strings, col(Array.from({ length: 1000 }, (_, i) => `set-${s}-${i}`))), 1000) ** 2;
    }
    expect(Math.sqrt(squares / sets)).toBeLessThanOrEqual(0.05 * 1.25);
    expect(Math.sqrt(stringSquares / sets)).toBeLessThanOrEqual(0.05 * 1.25);
  });

  it('merges sketches as if all values had gone into one', () => {
    const fn = aggregateOf('approx_count_distinct', [StringType]);
    const all = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    const a = fold(fn, col(all.slice(0, 3000)));
    const b = fold(fn, col(all.slice(2000)));
    expect(fn.result(fn.merge(a, b))).toBe(run(fn, col(all)));
    const small = fold(fn, col(['k1', 'new']));
    expect(fn.result(fn.merge(fold(fn, col(all)), small))).toBe(run(fn, col([...all, 'new'])));
    expect(fn.result(fn.merge(fold(fn, col(['x', 'y'])), fold(fn, col(['y', 'z']))))).toBe(3);
  });
});

/** One aggregate call with input rows and its expected result, for the merge and state round-trip checks. */
interface Case { readonly name: string; readonly inputs: readonly Input[]; readonly distinct?: boolean; readonly rows: readonly (readonly unknown[])[]; readonly expected: unknown }

const T = { literal: 1, type: BooleanType };
const point = new StructType().add('x', 'int').add('tags', ArrayTypeOf(StringType));
const cases: readonly Case[] = [
  { name: 'count', inputs: [{ literal: 1, type: IntegerType }], rows: [[1], [1], [1]], expected: 3 },
  { name: 'count', inputs: [StringType], rows: col(['a', null, 'b']), expected: 2 },
  { name: 'count', inputs: [StringType, DoubleType], distinct: true, rows: [['a', 1], ['a', 1], ['b', Number.NaN], ['b', Number.NaN], ['c', null]], expected: 2 },
  { name: 'count', inputs: [DoubleType], distinct: true, rows: col([Number.NaN, Number.NEGATIVE_INFINITY, Number.NaN, -0, 0]), expected: 3 },
  { name: 'sum', inputs: [IntegerType], rows: col([1, null, 2, 3]), expected: 6 },
  { name: 'sum', inputs: [DoubleType], rows: col([1, Number.POSITIVE_INFINITY, null]), expected: Number.POSITIVE_INFINITY },
  { name: 'sum', inputs: [DecimalType(10, 2)], rows: col([0.1, 0.2, 0.3]), expected: 0.6 },
  { name: 'sum', inputs: [IntegerType], distinct: true, rows: col([1, 1, 2, 2, 3]), expected: 6 },
  { name: 'avg', inputs: [IntegerType], rows: col([1, 2, 3, null, 4]), expected: 2.5 },
  { name: 'avg', inputs: [DecimalType(10, 2)], rows: col([1, 2, 2]), expected: 1.666667 },
  { name: 'avg', inputs: [IntegerType], distinct: true, rows: col([2, 2, 4, 4]), expected: 3 },
  { name: 'min', inputs: [DoubleType], rows: col([Number.NaN, 3, null, -0.5]), expected: -0.5 },
  { name: 'max', inputs: [DoubleType], rows: col([1, Number.NaN, 2]), expected: Number.NaN },
  { name: 'max', inputs: [StringType], rows: col(['b', 'a', null, 'c']), expected: 'c' },
  { name: 'min', inputs: [point], rows: col([{ x: 2, tags: ['a'] }, { x: 1, tags: ['b', null] }, { x: 1, tags: ['c'] }]), expected: { x: 1, tags: ['b', null] } },
  { name: 'max', inputs: [BinaryType], rows: col([Uint8Array.of(1), Uint8Array.of(255, 0), Uint8Array.of(2)]), expected: Uint8Array.of(255, 0) },
  { name: 'max_by', inputs: [StringType, IntegerType], rows: [['a', 3], ['b', 5], ['c', null], ['d', 5], ['e', 1]], expected: 'd' },
  { name: 'min_by', inputs: [StringType, IntegerType], rows: [['a', 3], ['b', 1], ['c', 1], ['d', 2]], expected: 'c' },
  { name: 'first', inputs: [StringType], rows: col([null, 'a', 'b']), expected: null },
  { name: 'first', inputs: [StringType, T], rows: col([null, 'a', 'b']), expected: 'a' },
  { name: 'last', inputs: [StringType], rows: col(['a', 'b', null]), expected: null },
  { name: 'last', inputs: [StringType, T], rows: col(['a', 'b', null]), expected: 'b' },
  { name: 'approx_count_distinct', inputs: [IntegerType], rows: col([1, 2, 3, 2, 1, null]), expected: 3 },
  { name: 'collect_list', inputs: [MapTypeOf(StringType, IntegerType)], rows: col([new Map([['a', 1]]), null, new Map([['b', null]])]), expected: [new Map([['a', 1]]), new Map([['b', null]])] },
  { name: 'collect_list', inputs: [DoubleType], rows: col([Number.NaN, -0, 1]), expected: [Number.NaN, -0, 1] },
  { name: 'collect_list', inputs: [IntegerType], distinct: true, rows: col([1, 2, 1, 3]), expected: [1, 2, 3] },
  { name: 'collect_set', inputs: [StringType], rows: col(['x', 'y', 'x', null, 'z']), expected: ['x', 'y', 'z'] },
  { name: 'collect_set', inputs: [BinaryType], rows: col([Uint8Array.of(1), Uint8Array.of(1), Uint8Array.of(2)]), expected: [Uint8Array.of(1), Uint8Array.of(2)] },
  { name: 'count_if', inputs: [BooleanType], rows: col([1, 0, null, 1, 1]), expected: 3 },
  { name: 'count_if', inputs: [BooleanType], distinct: true, rows: col([1, 0, 1]), expected: 1 },
  { name: 'bool_or', inputs: [BooleanType], rows: col([0, null, 1, 0]), expected: 1 },
  { name: 'bool_and', inputs: [BooleanType], rows: col([1, null, 0, 1]), expected: 0 },
  { name: 'stddev', inputs: [DoubleType], rows: col([2, 4, 4, 4, 5, 5, 7, 9]), expected: Math.sqrt(32 / 7) },
  { name: 'stddev_pop', inputs: [DoubleType], rows: col([2, 4, 4, 4, 5, 5, 7, 9]), expected: 2 },
  { name: 'variance', inputs: [IntegerType], rows: col([1, 2, 3, 4, null]), expected: 5 / 3 },
  { name: 'var_pop', inputs: [IntegerType], rows: col([1, 2, 3, 4]), expected: 1.25 },
  { name: 'stddev_pop', inputs: [IntegerType], distinct: true, rows: col([1, 1, 3, 3]), expected: 1 },
];

/** Exact for everything but floating-point moments, which may differ in the last bit between merge orders. */
function expectResult(actual: unknown, expected: unknown): void {
  if (typeof expected === 'number' && Number.isNaN(expected)) expect(actual).toBeNaN();
  else if (typeof expected === 'number' && Number.isFinite(expected)) expect(actual).toBeCloseTo(expected, 12);
  else expect(actual).toEqual(expected);
}

describe.each(cases)('$name over $rows.length rows (distinct: $distinct)', (c) => {
  const fn = aggregateOf(c.name, c.inputs, c.distinct === true);

  it('gives the expected result', () => {
    expectResult(run(fn, c.rows), c.expected);
  });

  it('merges the buffers of every split of the rows into the same result', () => {
    for (let k = 0; k <= c.rows.length; k++) {
      const merged = fn.merge(fold(fn, c.rows.slice(0, k)), fold(fn, c.rows.slice(k)));
      expectResult(fn.result(merged), c.expected);
    }
  });

  it('round-trips its buffer through JSON at every point and keeps aggregating', () => {
    for (let k = 0; k <= c.rows.length; k++) {
      let buffer = viaJson(fn, fold(fn, c.rows.slice(0, k)));
      for (const row of c.rows.slice(k)) buffer = fn.update(buffer, row);
      expectResult(fn.result(viaJson(fn, buffer)), c.expected);
    }
  });
});

describe('approx_count_distinct state', () => {
  it('round-trips a dense sketch through JSON', () => {
    const fn = aggregateOf('approx_count_distinct', [IntegerType]);
    const buffer = fold(fn, col(Array.from({ length: 2000 }, (_, i) => i)));
    const state = JSON.parse(JSON.stringify(fn.toState(buffer))) as { registers: string };
    expect(typeof state.registers).toBe('string');
    expect(fn.result(fn.fromState(state))).toBe(fn.result(buffer));
  });
});
