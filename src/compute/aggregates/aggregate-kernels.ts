// Accumulators of Spark 3.5's aggregate functions for groupBy().agg(...), registered by catalog name (aliases included).
//
// Semantics (Spark 3.5, non-ANSI), for the internal values of compute/column-vector.ts:
// - every aggregate skips null arguments; count(*) arrives as count(1), whose argument is never null; count(a, b)
//   counts rows where all arguments are non-null; count, count_if and approx_count_distinct of no rows give 0,
//   collect_list/collect_set give [], every other function gives null when it saw no non-null value.
// - sum of INT/BIGINT adds in doubles: exact while |sum| < 2^53, and it does not wrap on BIGINT overflow as Spark
//   does (brook's BIGINT is a double). sum/avg of DECIMAL(p,s) add scaled integers (exact to 2^53 units of 10^-s) and
//   round HALF_UP to the result type, null when the result overflows its precision (Spark's non-ANSI overflow).
// - min/max/max_by/min_by order values as Spark does (compareInternal: NaN above every number, strings by UTF-16 code
//   units, see operator-kernels.ts); ties keep the first value for min/max and take the later row for max_by/min_by.
// - first/last keep a leading/trailing null unless ignoreNulls (call.options.ignoreNulls) is true.
// - stddev/variance use Welford's update and Chan's merge; the sample forms give null for a single row (Spark 3.x).
// - DISTINCT (call.distinct) is exact for count, sum, avg, collect_list, count_if, stddev and variance (see
//   distinct-aggregate.ts); the other functions do not depend on duplicates and ignore it.
// - collect_set keeps the first occurrence of each value in arrival order (Spark leaves the order unspecified).
// Buffers are mutated in place by update and merge (merge folds b into a and returns a); result() never returns a
// buffer's own array. update for count/sum/avg/min/max/count_if/bool_* allocates nothing.
import type { DataType } from '../../common/data-types.js';
import { assertNever } from '../../common/errors.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';
import { compareInternal } from '../kernels/operator-kernels.js';
import { toDecimal } from '../kernels/math-kernels.js';
import type { AggregateFactory, AggregateFunction } from './aggregate-function.js';
import { registerAggregates } from './aggregate-function.js';
import { decodeNumber, decodeValue, distinctKeyOf, encodeNumber, encodeValue, isNumberBacked, stateArray } from './aggregate-state-codec.js';
import { distinctAggregate } from './distinct-aggregate.js';
import {
  MAX_PRECISION, addHash, emptySketch, estimateCardinality, mergeSketches, precisionForRelativeSD, sketchFromState,
  sketchToState, valueHasher,
} from './hyper-log-log.js';
import type { HyperLogLogBuffer } from './hyper-log-log.js';

type Args = readonly unknown[];
/** [value, 1 when a value was taken else 0] */
type Slot = [unknown, number];

function missing(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

function argType(call: BoundCall, i = 0): DataType {
  return call.args[i]!.dataType;
}

function withDistinct(build: (call: BoundCall) => AggregateFunction): AggregateFactory {
  return (call) => (call.distinct === true ? distinctAggregate(call, build(call)) : build(call));
}

function numberPairState(b: readonly number[]): unknown {
  return b.map(encodeNumber);
}

function numberPairFromState(state: unknown): number[] {
  return stateArray(state).map(decodeNumber);
}

// ---------------------------------------------------------------- count, count_if

/**
 * count(x, …): rows whose arguments are all non-null (count(*) is count(1)); the buffer is the count itself.
 * @example countAggregate(call).update(0, [null]) // 0
 */
export function countAggregate(call: BoundCall): AggregateFunction<number> {
  const arity = call.args.length;
  const update = arity === 1
    ? (b: number, args: Args) => (missing(args[0]) ? b : b + 1)
    : (b: number, args: Args) => {
      for (let i = 0; i < arity; i++) if (missing(args[i])) return b;
      return b + 1;
    };
  return counter('count', call.dataType, update);
}

function countIfAggregate(call: BoundCall): AggregateFunction<number> {
  return counter('count_if', call.dataType, (b, args) => (args[0] === 1 || args[0] === true ? b + 1 : b));
}

function counter(name: string, resultType: DataType, update: (b: number, args: Args) => number): AggregateFunction<number> {
  return {
    name, resultType, update,
    init: () => 0,
    merge: (a, b) => a + b,
    result: (b) => b,
    toState: (b) => b,
    fromState: (state) => decodeNumber(state),
  };
}

// ---------------------------------------------------------------- sum, avg

/**
 * sum and avg share a [sum, count of non-null rows] buffer; DECIMAL inputs add integers scaled by 10^scale.
 * @example sumAggregate(call).result([0, 0]) // null
 */
export function sumAggregate(call: BoundCall): AggregateFunction<number[]> {
  const result = call.dataType;
  const factor = decimalFactor(argType(call));
  return sumLike('sum', call, factor, (sum, count) => {
    if (count === 0) return null;
    return result.kind === 'decimal' ? toDecimal(sum / factor, result.precision, result.scale) : sum;
  });
}

function avgAggregate(call: BoundCall): AggregateFunction<number[]> {
  const result = call.dataType;
  const factor = decimalFactor(argType(call));
  return sumLike('avg', call, factor, (sum, count) => {
    if (count === 0) return null;
    return result.kind === 'decimal' ? toDecimal(sum / (factor * count), result.precision, result.scale) : sum / count;
  });
}

/** 10^scale for DECIMAL inputs whose scaled values are integers a double holds exactly, else 1 (plain double sum). */
function decimalFactor(type: DataType): number {
  return type.kind === 'decimal' && type.scale > 0 && type.scale <= 15 ? 10 ** type.scale : 1;
}

function sumLike(name: string, call: BoundCall, factor: number, finish: (sum: number, count: number) => unknown): AggregateFunction<number[]> {
  const update = factor === 1
    ? (b: number[], args: Args) => {
      const v = args[0];
      if (missing(v)) return b;
      b[0]! += v as number;
      b[1]! += 1;
      return b;
    }
    : (b: number[], args: Args) => {
      const v = args[0];
      if (missing(v)) return b;
      b[0]! += Math.round((v as number) * factor);
      b[1]! += 1;
      return b;
    };
  return {
    name, update,
    resultType: call.dataType,
    init: () => [0, 0],
    merge(a, b) {
      a[0]! += b[0]!;
      a[1]! += b[1]!;
      return a;
    },
    result: (b) => finish(b[0]!, b[1]!),
    toState: numberPairState,
    fromState: numberPairFromState,
  };
}

// ---------------------------------------------------------------- min, max, max_by, min_by

/** `(candidate, current) → true` when the candidate replaces the current extremum. */
type Better = (candidate: unknown, current: unknown) => boolean;

function betterFor(type: DataType, max: boolean): Better {
  if (isNumberBacked(type)) {
    return max
      ? (x, y) => (x as number) > (y as number) || (x !== x && y === y)
      : (x, y) => (x as number) < (y as number) || (y !== y && x === x);
  }
  if (type.kind === 'string') return max ? (x, y) => (x as string) > (y as string) : (x, y) => (x as string) < (y as string);
  return max ? (x, y) => compareInternal(type, x, y) > 0 : (x, y) => compareInternal(type, x, y) < 0;
}

function maxNumberUpdate(b: Slot, args: Args): Slot {
  const v = args[0];
  if (missing(v)) return b;
  const x = v as number;
  const y = b[0] as number;
  if (b[1] === 0 || x > y || (x !== x && y === y)) {
    b[0] = x;
    b[1] = 1;
  }
  return b;
}

function minNumberUpdate(b: Slot, args: Args): Slot {
  const v = args[0];
  if (missing(v)) return b;
  const x = v as number;
  const y = b[0] as number;
  if (b[1] === 0 || x < y || (y !== y && x === x)) {
    b[0] = x;
    b[1] = 1;
  }
  return b;
}

/**
 * min/max over any orderable type; the buffer is [value, seen].
 * @example extremumAggregate(call, true).result([0, 0]) // null
 */
export function extremumAggregate(call: BoundCall, max: boolean): AggregateFunction<Slot> {
  const type = argType(call);
  const better = betterFor(type, max);
  const update = isNumberBacked(type)
    ? (max ? maxNumberUpdate : minNumberUpdate)
    : (b: Slot, args: Args): Slot => {
      const v = args[0];
      if (missing(v)) return b;
      if (b[1] === 0 || better(v, b[0])) {
        b[0] = v;
        b[1] = 1;
      }
      return b;
    };
  return {
    name: max ? 'max' : 'min', resultType: call.dataType, update,
    init: (): Slot => [null, 0],
    merge(a, b) {
      if (b[1] === 1 && (a[1] === 0 || better(b[0], a[0]))) {
        a[0] = b[0];
        a[1] = 1;
      }
      return a;
    },
    result: (b) => (b[1] === 0 ? null : b[0]),
    ...slotState(type),
  };
}

function slotState(type: DataType): Pick<AggregateFunction<Slot>, 'toState' | 'fromState'> {
  return {
    toState: (b) => [encodeValue(type, b[0]), b[1]],
    fromState(state) {
      const [value, seen] = stateArray(state);
      return [decodeValue(type, value), seen === 1 ? 1 : 0];
    },
  };
}

/** [value, ordering, seen] */
type ByBuffer = [unknown, unknown, number];

/** max_by(x, ord) / min_by(x, ord): x of the row with the largest/smallest non-null ord; ties take the later row. */
function extremumByAggregate(call: BoundCall, max: boolean): AggregateFunction<ByBuffer> {
  const valueType = argType(call, 0);
  const orderType = argType(call, 1);
  // Spark keeps the current row only when it is strictly better, so an equal ordering lets the new row win
  const keepCurrent = betterFor(orderType, max);
  return {
    name: max ? 'max_by' : 'min_by', resultType: call.dataType,
    init: (): ByBuffer => [null, null, 0],
    update(b, args) {
      const ord = args[1];
      if (missing(ord)) return b;
      if (b[2] === 0 || !keepCurrent(b[1], ord)) {
        b[0] = missing(args[0]) ? null : args[0];
        b[1] = ord;
        b[2] = 1;
      }
      return b;
    },
    merge(a, b) {
      if (b[2] === 1 && (a[2] === 0 || !keepCurrent(a[1], b[1]))) {
        a[0] = b[0];
        a[1] = b[1];
        a[2] = 1;
      }
      return a;
    },
    result: (b) => (b[2] === 0 ? null : b[0]),
    toState: (b) => [encodeValue(valueType, b[0]), encodeValue(orderType, b[1]), b[2]],
    fromState(state) {
      const [value, ord, seen] = stateArray(state);
      return [decodeValue(valueType, value), decodeValue(orderType, ord), seen === 1 ? 1 : 0];
    },
  };
}

// ---------------------------------------------------------------- first, last

/**
 * first/last(x[, ignoreNulls]); ignoreNulls comes from call.options.ignoreNulls. The buffer is [value, set].
 * @example firstLastAggregate(call, true).update([null, 0], [null]) // [null, 1] unless ignoreNulls
 */
export function firstLastAggregate(call: BoundCall, first: boolean): AggregateFunction<Slot> {
  const ignoreNulls = call.options?.ignoreNulls === true;
  let update: (b: Slot, args: Args) => Slot;
  if (first) {
    update = (b, args) => {
      const v = args[0];
      if (b[1] === 1 || (ignoreNulls && missing(v))) return b;
      b[0] = missing(v) ? null : v;
      b[1] = 1;
      return b;
    };
  } else {
    update = (b, args) => {
      const v = args[0];
      if (ignoreNulls && missing(v)) return b;
      b[0] = missing(v) ? null : v;
      b[1] = 1;
      return b;
    };
  }
  return {
    name: first ? 'first' : 'last', resultType: call.dataType, update,
    init: (): Slot => [null, 0],
    // first: a's value unless a saw nothing; last: b's value unless b saw nothing
    merge(a, b) {
      if (b[1] === 1 && (!first || a[1] === 0)) {
        a[0] = b[0];
        a[1] = 1;
      }
      return a;
    },
    result: (b) => b[0],
    ...slotState(argType(call)),
  };
}

// ---------------------------------------------------------------- collect_list, collect_set

function collectListAggregate(call: BoundCall): AggregateFunction<unknown[]> {
  const type = argType(call);
  return {
    name: 'collect_list', resultType: call.dataType,
    init: (): unknown[] => [],
    update(b, args) {
      const v = args[0];
      if (!missing(v)) b.push(v);
      return b;
    },
    merge(a, b) {
      for (const v of b) a.push(v);
      return a;
    },
    result: (b) => b.slice(),
    toState: (b) => b.map((v) => encodeValue(type, v)),
    fromState: (state) => stateArray(state).map((v) => decodeValue(type, v)),
  };
}

/**
 * collect_set(x), also collect_list(DISTINCT x): distinct non-null values in first-seen order (a Map from key to value).
 * @example collectSetAggregate(call).result(buffer) // ['a', 'b']
 */
export function collectSetAggregate(call: BoundCall): AggregateFunction<Map<unknown, unknown>> {
  const type = argType(call);
  const keyOf = distinctKeyOf(type);
  return {
    name: 'collect_set', resultType: call.dataType,
    init: () => new Map<unknown, unknown>(),
    update(b, args) {
      const v = args[0];
      if (missing(v)) return b;
      const key = keyOf(v);
      if (!b.has(key)) b.set(key, v);
      return b;
    },
    merge(a, b) {
      for (const [key, v] of b) if (!a.has(key)) a.set(key, v);
      return a;
    },
    result: (b) => [...b.values()],
    toState: (b) => [...b.values()].map((v) => encodeValue(type, v)),
    fromState(state) {
      const b = new Map<unknown, unknown>();
      for (const encoded of stateArray(state)) {
        const v = decodeValue(type, encoded);
        b.set(keyOf(v), v);
      }
      return b;
    },
  };
}

// ---------------------------------------------------------------- bool_or, bool_and

/** bool_or/bool_and; the buffer is -1 before any non-null value, then 0 or 1. */
function boolAggregate(call: BoundCall, or: boolean): AggregateFunction<number> {
  return {
    name: or ? 'bool_or' : 'bool_and', resultType: call.dataType,
    init: () => -1,
    update(b, args) {
      const v = args[0];
      if (missing(v)) return b;
      const bit = v === 1 || v === true ? 1 : 0;
      if (b < 0) return bit;
      return or ? b | bit : b & bit;
    },
    merge(a, b) {
      if (a < 0) return b;
      if (b < 0) return a;
      return or ? a | b : a & b;
    },
    result: (b) => (b < 0 ? null : b),
    toState: (b) => b,
    fromState: (state) => decodeNumber(state),
  };
}

// ---------------------------------------------------------------- stddev, variance

type Moment = 'stddev_samp' | 'stddev_pop' | 'var_samp' | 'var_pop';

/**
 * stddev/variance over [n, mean, m2] (Welford update, Chan merge).
 * @example momentAggregate(call, 'var_pop').result([2, 1.5, 0.5]) // 0.25
 */
export function momentAggregate(call: BoundCall, moment: Moment): AggregateFunction<number[]> {
  const finish = (n: number, m2: number): number | null => {
    if (n === 0) return null;
    switch (moment) {
      case 'var_pop': return m2 / n;
      case 'stddev_pop': return Math.sqrt(m2 / n);
      case 'var_samp': return n === 1 ? null : m2 / (n - 1);
      case 'stddev_samp': return n === 1 ? null : Math.sqrt(m2 / (n - 1));
      default: return assertNever(moment, 'moment');
    }
  };
  return {
    name: moment, resultType: call.dataType,
    init: () => [0, 0, 0],
    update(b, args) {
      const v = args[0];
      if (missing(v)) return b;
      const x = v as number;
      const n = b[0]! + 1;
      const delta = x - b[1]!;
      const mean = b[1]! + delta / n;
      b[2]! += delta * (x - mean);
      b[1] = mean;
      b[0] = n;
      return b;
    },
    merge(a, b) {
      const nb = b[0]!;
      if (nb === 0) return a;
      const na = a[0]!;
      const n = na + nb;
      const delta = b[1]! - a[1]!;
      a[1] = na === 0 ? b[1]! : a[1]! + (delta * nb) / n;
      a[2] = na === 0 ? b[2]! : a[2]! + b[2]! + (delta * delta * na * nb) / n;
      a[0] = n;
      return a;
    },
    result: (b) => finish(b[0]!, b[2]!),
    toState: numberPairState,
    fromState: numberPairFromState,
  };
}

// ---------------------------------------------------------------- approx_count_distinct

/**
 * approx_count_distinct(x[, rsd]): a HyperLogLog sketch (hyper-log-log.ts) of precision ceil(2·log2(1.106 / rsd)),
 * rsd from call.options.relativeSD (default 0.05), exact below 129 distinct values.
 * @example approxCountDistinctAggregate(call).result(buffer) // 1003
 */
export function approxCountDistinctAggregate(call: BoundCall): AggregateFunction<HyperLogLogBuffer> {
  const rsd = typeof call.options?.relativeSD === 'number' ? call.options.relativeSD : 0.05;
  const precision = Math.min(MAX_PRECISION, Math.max(4, precisionForRelativeSD(rsd)));
  const hash = valueHasher(argType(call));
  return {
    name: 'approx_count_distinct', resultType: call.dataType,
    init: emptySketch,
    update(b, args) {
      const v = args[0];
      if (!missing(v)) addHash(b, precision, hash(v));
      return b;
    },
    merge: (a, b) => mergeSketches(a, b, precision),
    result: (b) => estimateCardinality(b, precision),
    toState: sketchToState,
    fromState: (state) => sketchFromState(state, precision),
  };
}

// ---------------------------------------------------------------- registration

const sum = withDistinct(sumAggregate);
const avg = withDistinct(avgAggregate);
const first: AggregateFactory = (call) => firstLastAggregate(call, true);
const last: AggregateFactory = (call) => firstLastAggregate(call, false);
const boolOr: AggregateFactory = (call) => boolAggregate(call, true);
const boolAnd: AggregateFactory = (call) => boolAggregate(call, false);
const stddevSamp = withDistinct((call) => momentAggregate(call, 'stddev_samp'));
const variance = withDistinct((call) => momentAggregate(call, 'var_samp'));

/**
 * Every aggregate factory by catalog name and alias, registered when this module loads.
 * @example AGGREGATE_FACTORIES.count(boundCountCall).result(0) // 0
 */
export const AGGREGATE_FACTORIES: Readonly<Record<string, AggregateFactory>> = {
  count: withDistinct(countAggregate),
  count_if: withDistinct(countIfAggregate),
  sum,
  avg,
  mean: avg,
  min: (call) => extremumAggregate(call, false),
  max: (call) => extremumAggregate(call, true),
  max_by: (call) => extremumByAggregate(call, true),
  min_by: (call) => extremumByAggregate(call, false),
  first,
  first_value: first,
  last,
  last_value: last,
  approx_count_distinct: approxCountDistinctAggregate,
  collect_list: (call) => (call.distinct === true ? collectSetAggregate(call) : collectListAggregate(call)),
  collect_set: collectSetAggregate,
  bool_or: boolOr,
  any: boolOr,
  some: boolOr,
  bool_and: boolAnd,
  every: boolAnd,
  stddev: stddevSamp,
  stddev_samp: stddevSamp,
  std: stddevSamp,
  stddev_pop: withDistinct((call) => momentAggregate(call, 'stddev_pop')),
  variance,
  var_samp: variance,
  var_pop: withDistinct((call) => momentAggregate(call, 'var_pop')),
};

registerAggregates(AGGREGATE_FACTORIES);
