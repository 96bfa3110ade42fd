// DISTINCT for aggregates that count duplicates (count, sum, avg, collect_list, stddev, …): a set of argument tuples, aggregated at result time.
//
//   buffer = Map(key → value)     key: distinctKeyOf/tupleKeyOf; value: the argument (one argument) or a copy of the tuple
//   update: rows with a null argument are skipped (every wrapped function skips them anyway); a new key is added
//   merge:  union;   result: the wrapped function run over the distinct values in first-seen order
//   state:  the array of encoded values (one argument) or of encoded tuples
import type { DataType } from '../../common/data-types.js';
import type { BoundCall } from '../../planner/expr/bound-expression.js';
import type { AggregateFunction } from './aggregate-function.js';
import { decodeValue, distinctKeyOf, encodeValue, stateArray, tupleKeyOf } from './aggregate-state-codec.js';

/**
 * Wraps `inner` (built for the same call without DISTINCT) so that it sees each distinct argument tuple once.
 * @example distinctAggregate(call, countAggregate(call)) // count(DISTINCT a, b)
 */
export function distinctAggregate(call: BoundCall, inner: AggregateFunction): AggregateFunction<Map<unknown, unknown>> {
  const types: readonly DataType[] = call.args.map((a) => a.dataType);
  const arity = types.length;
  if (arity === 1) return distinctOfOne(types[0]!, inner);
  const keyOf = tupleKeyOf(types);
  return {
    name: inner.name,
    resultType: inner.resultType,
    init: () => new Map<unknown, unknown>(),
    update(buffer, args) {
      for (let i = 0; i < arity; i++) if (args[i] === null || args[i] === undefined) return buffer;
      const key = keyOf(args);
      if (!buffer.has(key)) buffer.set(key, args.slice(0, arity));
      return buffer;
    },
    merge: union,
    result(buffer) {
      let state = inner.init();
      for (const tuple of buffer.values()) state = inner.update(state, tuple as readonly unknown[]);
      return inner.result(state);
    },
    toState: (buffer) => [...buffer.values()].map((tuple) => types.map((t, i) => encodeValue(t, (tuple as readonly unknown[])[i]))),
    fromState(state) {
      const buffer = new Map<unknown, unknown>();
      for (const encoded of stateArray(state)) {
        const parts = stateArray(encoded);
        const tuple = types.map((t, i) => decodeValue(t, parts[i]));
        buffer.set(keyOf(tuple), tuple);
      }
      return buffer;
    },
  };
}

function distinctOfOne(type: DataType, inner: AggregateFunction): AggregateFunction<Map<unknown, unknown>> {
  const keyOf = distinctKeyOf(type);
  return {
    name: inner.name,
    resultType: inner.resultType,
    init: () => new Map<unknown, unknown>(),
    update(buffer, args) {
      const v = args[0];
      if (v === null || v === undefined) return buffer;
      const key = keyOf(v);
      if (!buffer.has(key)) buffer.set(key, v);
      return buffer;
    },
    merge: union,
    result(buffer) {
      let state = inner.init();
      const row: unknown[] = [null];
      for (const v of buffer.values()) {
        row[0] = v;
        state = inner.update(state, row);
      }
      return inner.result(state);
    },
    toState: (buffer) => [...buffer.values()].map((v) => encodeValue(type, v)),
    fromState(state) {
      const buffer = new Map<unknown, unknown>();
      for (const encoded of stateArray(state)) {
        const v = decodeValue(type, encoded);
        buffer.set(keyOf(v), v);
      }
      return buffer;
    },
  };
}

function union(a: Map<unknown, unknown>, b: Map<unknown, unknown>): Map<unknown, unknown> {
  for (const [key, value] of b) if (!a.has(key)) a.set(key, value);
  return a;
}
