// The aggregate operator driven directly: BIGINT + window keys (numeric lookup), string keys, restored groups, output columns.
import { describe, expect, it } from 'vitest';
import { IntegerType, LongType, StringType, StructField, StructType } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { lookupAggregate } from '../../src/compute/aggregates/aggregate-function.js';
import type { AggregateFunction } from '../../src/compute/aggregates/aggregate-function.js';
import '../../src/compute/aggregates/all-aggregates.js';
import { recordBatchToRows, rowsToRecordBatch } from '../../src/compute/arrow-bridge.js';
import { AggregateOperator } from '../../src/operators/aggregate-operator.js';
import type { GroupState } from '../../src/operators/aggregate-operator.js';
import { outputVector } from '../../src/operators/aggregate-output.js';
import { groupLookup } from '../../src/operators/aggregate-group-lookup.js';
import { groupStateCodec } from '../../src/operators/state-codecs.js';
import type { BatchContext } from '../../src/operators/operator.js';
import { WINDOW_TYPE } from '../../src/planner/logical/stateful-builder.js';
import { StateStore } from '../../src/state/state-store.js';

const S = 1_000_000;

function aggregate(name: string, args: { index: number; type: DataType }[], resultType: DataType): AggregateFunction {
  const factory = lookupAggregate(name);
  if (!factory) throw new Error(`no aggregate ${name}`);
  return factory({
    kind: 'call', name, dataType: resultType, nullable: true,
    args: args.map((a) => ({ kind: 'ref', index: a.index, name: `arg${a.index}`, dataType: a.type, nullable: true })),
  });
}

function operator(keyType: DataType, store: StateStore<GroupState>): AggregateOperator {
  const input = new StructType([new StructField('k', keyType), new StructField('window', WINDOW_TYPE, false), new StructField('amount', IntegerType)]);
  const output = new StructType([new StructField('k', keyType), new StructField('window', WINDOW_TYPE, false),
    new StructField('n', LongType, false), new StructField('s', LongType)]);
  return new AggregateOperator({
    inputSchema: input, outputSchema: output, keyCount: 2,
    functions: [aggregate('count', [{ index: 2, type: IntegerType }], LongType), aggregate('sum', [{ index: 2, type: IntegerType }], LongType)],
    argumentIndices: [[2], [2]], eventTimeKey: 1, timeWindowKey: 1, outputMode: 'append', store, captureLateRows: false,
  });
}

function rows(keyType: DataType, data: [unknown, number, number | null][]) {
  const schema = new StructType([new StructField('k', keyType), new StructField('window', WINDOW_TYPE, false), new StructField('amount', IntegerType)]);
  return rowsToRecordBatch(schema, data.map(([k, start, amount]) => ({ k, window: { start: new Date(start * 1000), end: new Date((start + 10) * 1000) }, amount })));
}

function ctx(batchId: number, watermarkMs: number): BatchContext {
  return { batchId, watermarkMs, lateWatermarkMs: 0, batchTimestampMs: 0 };
}

const OUTPUT_SCHEMA = (keyType: DataType) => new StructType([new StructField('k', keyType), new StructField('window', WINDOW_TYPE, false),
  new StructField('n', LongType, false), new StructField('s', LongType)]);

function emitted(op: AggregateOperator, keyType: DataType, c: BatchContext): unknown[] {
  return op.onBatchEnd(c).flatMap((b) => recordBatchToRows(b, OUTPUT_SCHEMA(keyType)))
    .map((r) => [r.k, (r.window as { start: Date }).start.getTime() / 1000, r.n, r.s]);
}

describe('AggregateOperator', () => {
  for (const [label, keyType, a, b] of [['BIGINT', LongType, 7, 8], ['STRING', StringType, 'x', 'y']] as const) {
    it(`counts and sums per ${label} key and window, emitting in append mode once the watermark passes the window end`, () => {
      const store = new StateStore<GroupState>('agg');
      const op = operator(keyType, store);
      op.processBatch(rows(keyType, [[a, 0, 5], [b, 0, 1], [a, 0, null], [a, 10, 2], [null, 0, 4]]), ctx(0, 0));
      expect(emitted(op, keyType, ctx(0, 0))).toEqual([]);
      op.commit(1);
      expect(store.size).toBe(4);
      op.processBatch(rows(keyType, [[a, 0, 1], [null, 0, null]]), ctx(1, 10_000));
      // count(amount) counts the non-null amounts
      expect(emitted(op, keyType, ctx(1, 10_000))).toEqual([[a, 0, 2, 6], [b, 0, 1, 1], [null, 0, 1, 4]]);
      op.commit(2);
      expect([store.size, op.stateProgress().numRowsRemoved]).toEqual([1, 3]);
    });
  }

  it('takes over groups restored from a checkpoint (plain GroupState) without recording a change', () => {
    const functions = [aggregate('count', [{ index: 2, type: IntegerType }], LongType), aggregate('sum', [{ index: 2, type: IntegerType }], LongType)];
    const codec = groupStateCodec(functions);
    const window = { start: 0, end: 10 * S };
    const restored = codec.decode(codec.encode({ stateKey: '', keys: [7, window], buffers: [2, [9, 2]] }));
    expect(Object.getPrototypeOf(restored)).toBe(Object.prototype);
    const store = new StateStore<GroupState>('agg');
    store.restore(3, [[restored.stateKey, restored]]);
    const op = operator(LongType, store);
    op.processBatch(rows(LongType, [[7, 0, 1], [9, 0, 1]]), ctx(3, 0));
    expect(emitted(op, LongType, ctx(3, 0))).toEqual([]);
    const stats = store.commit(4);
    expect([stats.numRowsUpdated, store.size]).toEqual([2, 2]);
    // the restored group was found by its key (not duplicated) and its state round-trips through the codec
    const group = store.get(restored.stateKey)!;
    expect(codec.decode(codec.encode(group))).toEqual({ stateKey: restored.stateKey, keys: [7, window], buffers: [3, [10, 3]] });
    expect(group.keys).toEqual([7, window]);
    expect(group.buffers).toEqual([3, [10, 3]]);
  });
});

describe('groupLookup', () => {
  it('finds groups by BIGINT and window start, and forgets removed ones', () => {
    const lookup = groupLookup<string>([LongType, WINDOW_TYPE], new Set([1]));
    const columns = [
      { dataType: LongType, length: 3, values: Float64Array.of(1, 1, 1), nulls: null },
      { dataType: WINDOW_TYPE, length: 3, values: [], nulls: null, fields: [
        { dataType: WINDOW_TYPE.fields[0]!.dataType, length: 3, values: Float64Array.of(0, 0, 5), nulls: null },
        { dataType: WINDOW_TYPE.fields[1]!.dataType, length: 3, values: Float64Array.of(10, 10, 15), nulls: null },
      ] },
    ];
    lookup.bind(columns);
    expect(lookup.find(0)).toBeUndefined();
    lookup.add(0, 'a');
    expect([lookup.find(1), lookup.find(2)]).toEqual(['a', undefined]);
    lookup.restore([1, { start: 5, end: 15 }], 'b');
    expect(lookup.find(2)).toBe('b');
    lookup.remove([1, { start: 0, end: 10 }]);
    expect(lookup.find(0)).toBeUndefined();
    lookup.release();
  });
});

describe('outputVector', () => {
  it('fills number columns and window structs straight from the values, nulls marked', () => {
    const values = [5, null, 7];
    expect(outputVector(LongType, 3, (i) => values[i])).toEqual({ dataType: LongType, length: 3, values: Float64Array.of(5, 0, 7), nulls: Uint8Array.of(0, 1, 0) });
    const windows = [{ start: 1, end: 2 }, null];
    const v = outputVector(WINDOW_TYPE, 2, (i) => windows[i]);
    expect([Array.from(v.nulls!), Array.from(v.fields![0]!.values as Float64Array), Array.from(v.fields![1]!.nulls!)]).toEqual([[0, 1], [1, 0], [0, 1]]);
    expect(outputVector(StringType, 2, (i) => ['a', null][i])).toEqual({ dataType: StringType, length: 2, values: ['a', ''], nulls: Uint8Array.of(0, 1) });
  });
});
