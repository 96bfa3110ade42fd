// Session-window operator driven directly: merging (bridging rows), append closing by watermark, late rows, complete, Spark fixtures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { ArrayTypeOf, IntegerType, LongType, StringType, StructField, StructType } from '../../src/common/data-types.js';
import type { DataType } from '../../src/common/data-types.js';
import { lookupAggregate } from '../../src/compute/aggregates/aggregate-function.js';
import type { AggregateFunction } from '../../src/compute/aggregates/aggregate-function.js';
import '../../src/compute/aggregates/all-aggregates.js';
import { recordBatchToRows, rowsToRecordBatch } from '../../src/compute/arrow-bridge.js';
import type { BatchContext, Operator } from '../../src/operators/operator.js';
import { createSessionWindowOperator } from '../../src/operators/session-window-operator.js';
import type { SessionGroupState, SessionWindowOperatorSpec } from '../../src/operators/session-window-operator.js';
import { WINDOW_TYPE } from '../../src/planner/logical/stateful-builder.js';
import type { OutputMode } from '../../src/sinks/sink.js';
import { StateStore } from '../../src/state/state-store.js';

const T0 = 1_700_000_010_000; // 2023-11-14T22:13:30Z in ms, the fixtures' time base
const GAP_S = 20;

type Row = Record<string, unknown>;

function aggregate(name: string, args: { index: number; type: DataType }[], resultType: DataType): AggregateFunction {
  const factory = lookupAggregate(name);
  if (!factory) throw new Error(`no aggregate ${name}`);
  return factory({
    kind: 'call', name, dataType: resultType, nullable: true,
    args: args.map((a) => ({ kind: 'ref', index: a.index, name: `arg${a.index}`, dataType: a.type, nullable: true })),
  });
}

// The pre-projection the physical plan puts under the aggregate: keys (region, session_window), then the arguments
const INPUT = new StructType([
  new StructField('region', StringType), new StructField('session_window', WINDOW_TYPE, false),
  new StructField('one', IntegerType, false), new StructField('amount', IntegerType), new StructField('product', StringType),
]);
const OUTPUT = new StructType([
  new StructField('region', StringType), new StructField('session_window', WINDOW_TYPE, false),
  new StructField('n', LongType, false), new StructField('s', LongType), new StructField('products', ArrayTypeOf(StringType, false)),
]);

function spec(outputMode: OutputMode | null, options: { store?: StateStore<SessionGroupState>; captureLateRows?: boolean } = {}): SessionWindowOperatorSpec {
  return {
    inputSchema: INPUT, outputSchema: OUTPUT, keyCount: 2, sessionWindowKey: 1, eventTimeKey: 1, outputMode,
    functions: [
      aggregate('count', [{ index: 2, type: IntegerType }], LongType),
      aggregate('sum', [{ index: 3, type: IntegerType }], LongType),
      aggregate('collect_list', [{ index: 4, type: StringType }], ArrayTypeOf(StringType, false)),
    ],
    argumentIndices: [[2], [3], [4]],
    store: options.store ?? new StateStore<SessionGroupState>('session-0'),
    captureLateRows: options.captureLateRows ?? false,
  };
}

/** A row as window assignment leaves it: its own session window [t, t + gap). */
function ev(region: string, offsetSeconds: number, amount: number, product: string): Row {
  const start = T0 + offsetSeconds * 1000;
  return { region, session_window: { start: new Date(start), end: new Date(start + GAP_S * 1000) }, one: 1, amount, product };
}

function ctx(batchId: number, watermarkMs: number, lateWatermarkMs = watermarkMs): BatchContext {
  return { batchId, watermarkMs, lateWatermarkMs, batchTimestampMs: 0 };
}

const seconds = (d: unknown) => ((d as Date).getTime() - T0) / 1000;

/** One batch through the operator: the rows emitted as [region, start s, end s, n, s, products], sorted. */
function runBatch(op: Operator, rows: Row[], context: BatchContext): unknown[][] {
  const out: RecordBatch[] = rows.length === 0 ? [] : op.processBatch(rowsToRecordBatch(INPUT, rows), context, 0);
  out.push(...(op.onBatchEnd?.(context) ?? []));
  op.commit?.(context.batchId + 1);
  return out.flatMap((b) => recordBatchToRows(b, OUTPUT))
    .map((r) => {
      const w = r.session_window as { start: Date; end: Date };
      return [r.region, seconds(w.start), seconds(w.end), r.n, r.s, r.products];
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const sessionsOf = (store: StateStore<SessionGroupState>, region: string) =>
  [...store.entries()].find(([, g]) => g.keys[0] === region)?.[1].sessions.map((s) => [(s.start / 1000 - T0) / 1000, (s.end / 1000 - T0) / 1000]);

describe('session windows in append mode', () => {
  it('merges two sessions of a group when a row bridges them, and closes sessions once the watermark passes their end', () => {
    const store = new StateStore<SessionGroupState>('session-0');
    const op = createSessionWindowOperator(spec('append', { store }));
    expect(runBatch(op, [ev('east', 0, 10, 'A'), ev('east', 25, 20, 'B'), ev('west', 2, 20, 'W')], ctx(0, 0))).toEqual([]);
    expect(sessionsOf(store, 'east')).toEqual([[0, 20], [25, 45]]);
    expect(op.stateProgress!()).toMatchObject({ operatorName: 'defaultName', numRowsTotal: 3, numRowsUpdated: 3, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 });

    // east@18 gives [18, 38): it touches [0, 20) and [25, 45), which become one session [0, 45)
    expect(runBatch(op, [ev('east', 18, 5, 'C')], ctx(1, T0 + 15_000))).toEqual([]);
    expect(sessionsOf(store, 'east')).toEqual([[0, 45]]);
    // Spark's state has a row per session start: east's [0, 45) is upserted, the row for start 25 removed
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 1 });

    expect(op.needsNoDataBatch!(T0 + 30_000)).toBe(true);
    expect(runBatch(op, [], ctx(2, T0 + 30_000))).toEqual([['west', 2, 22, 1, 20, ['W']]]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 0, numRowsRemoved: 1 });
    expect(op.needsNoDataBatch!(T0 + 30_000)).toBe(false);

    // an end equal to the watermark is closed (Spark evicts session_window.end <= watermark); buffers merged in start order
    expect(runBatch(op, [], ctx(3, T0 + 45_000))).toEqual([['east', 0, 45, 3, 35, ['A', 'C', 'B']]]);
    expect(store.size).toBe(0);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 0, numRowsRemoved: 1 });
  });

  it('drops rows whose own window ends at or before the late watermark, even when their event time is older than it', () => {
    const op = createSessionWindowOperator(spec('append', { captureLateRows: true }));
    // watermark T0+30s: @5 ends at 25 and @10 at 30 (late); @11 ends at 31 and still opens a session
    const rows = [ev('east', 5, 1, 'late'), ev('east', 10, 1, 'late too'), ev('east', 11, 7, 'kept'), ev('east', 5, 2, 'late, same key')];
    expect(runBatch(op, rows, ctx(0, T0 + 30_000))).toEqual([]);
    // Spark filters after its partial aggregation by (keys, session_window): the two east@5 rows count once
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 1, numRowsDroppedByWatermark: 2 });
    const late = op.takeLateRows!();
    expect(late?.schema).toBe(INPUT);
    expect(late?.batches.flatMap((b) => recordBatchToRows(b, INPUT)).map((r) => r.product)).toEqual(['late', 'late too', 'late, same key']);
    expect(op.takeLateRows!()).toBeNull();
  });

  it('merges rows of one batch in session-start order whatever order they arrive in', () => {
    const store = new StateStore<SessionGroupState>('session-0');
    const op = createSessionWindowOperator(spec('append', { store }));
    runBatch(op, [ev('east', 40, 1, 'D'), ev('east', 0, 1, 'A'), ev('east', 100, 1, 'E'), ev('east', 20, 1, 'B'), ev('east', 21, 1, 'C')], ctx(0, 0));
    // [0,20) and [20,40) touch (start <= end merges, like Spark's MergingSessionsIterator), and [40,60) touches [21,41)
    expect(sessionsOf(store, 'east')).toEqual([[0, 60], [100, 120]]);
    // a later row before a stored session's start is folded in first: collect_list follows event time
    runBatch(op, [ev('east', 90, 1, 'X')], ctx(1, 0));
    expect(runBatch(op, [], ctx(2, T0 + 200_000))).toEqual([['east', 0, 60, 4, 4, ['A', 'B', 'C', 'D']], ['east', 90, 120, 2, 2, ['X', 'E']]]);
  });
});

describe('state', () => {
  it('counts every session of many groups, and a new operator over restored state finds its groups', () => {
    const store = new StateStore<SessionGroupState>('session-0');
    const first = createSessionWindowOperator(spec('append', { store }));
    const rows = Array.from({ length: 300 }, (_, g) => [ev(`r${g}`, 0, 1, 'A'), ev(`r${g}`, 30, 1, 'B')]).flat();
    runBatch(first, rows, ctx(0, 0));
    expect(first.stateProgress!()).toMatchObject({ numRowsTotal: 600, numRowsUpdated: 600, numRowsRemoved: 0 });

    const restored = new StateStore<SessionGroupState>('session-0');
    restored.restore(1, store.entries());
    const second = createSessionWindowOperator(spec('append', { store: restored }));
    expect(runBatch(second, [ev('r7', 15, 1, 'C')], ctx(1, T0 + 10_000))).toEqual([]);
    expect(sessionsOf(restored, 'r7')).toEqual([[0, 50]]);
    expect(second.stateProgress!()).toMatchObject({ numRowsTotal: 599, numRowsUpdated: 1, numRowsRemoved: 1 });
    expect(runBatch(second, [], ctx(2, T0 + 50_000)).length).toBe(599);
    expect(second.stateProgress!()).toMatchObject({ numRowsTotal: 0, numRowsRemoved: 599 });
    expect(restored.size).toBe(0);
  });
});

describe('session windows in complete mode', () => {
  it('emits every session after each batch, the merged one in place of the two it replaced, and evicts nothing', () => {
    const store = new StateStore<SessionGroupState>('session-0');
    const op = createSessionWindowOperator(spec('complete', { store }));
    expect(runBatch(op, [ev('east', 0, 10, 'A'), ev('east', 25, 20, 'B')], ctx(0, 0))).toEqual([
      ['east', 0, 20, 1, 10, ['A']], ['east', 25, 45, 1, 20, ['B']],
    ]);
    // the late watermark lags (Spark 3.5 judges rows against the previous batch's watermark): nothing is late here
    expect(runBatch(op, [ev('east', 18, 5, 'C')], ctx(1, T0 + 100_000, 0))).toEqual([['east', 0, 45, 3, 35, ['A', 'C', 'B']]]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 1, numRowsRemoved: 1 });
    expect(op.needsNoDataBatch!(T0 + 200_000)).toBe(false);
    // rows behind the late watermark are still dropped in complete mode (Spark's SessionWindowStateStoreRestoreExec)
    expect(runBatch(op, [ev('west', 50, 1, 'W')], ctx(2, T0 + 100_000))).toEqual([['east', 0, 45, 3, 35, ['A', 'C', 'B']]]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 0, numRowsDroppedByWatermark: 1 });
  });
});

describe('update mode', () => {
  it('is rejected with the error Spark 3.5 gives', () => {
    expect(() => createSessionWindowOperator(spec('update'))).toThrow('Update output mode not supported for session window on streaming DataFrames/DataSets');
  });
});

describe('batch queries', () => {
  it('merge sessions over the whole batch, emit them all and keep nothing', () => {
    const store = new StateStore<SessionGroupState>('batch');
    const op = createSessionWindowOperator(spec(null, { store }));
    // no late filtering in batch queries, whatever the context says
    const rows = [ev('east', 25, 20, 'B'), ev('west', 2, 20, 'W'), ev('east', 0, 10, 'A'), ev('east', 18, 5, 'C')];
    expect(runBatch(op, rows, ctx(0, T0 + 100_000))).toEqual([['east', 0, 45, 3, 35, ['A', 'C', 'B']], ['west', 2, 22, 1, 20, ['W']]]);
    expect(store.size).toBe(0);
  });

  it('work with the session window before the other keys, or as the only key', () => {
    const swapped: SessionWindowOperatorSpec = {
      ...spec(null),
      inputSchema: new StructType([INPUT.fields[1]!, INPUT.fields[0]!, ...INPUT.fields.slice(2)]),
      outputSchema: new StructType([OUTPUT.fields[1]!, OUTPUT.fields[0]!, ...OUTPUT.fields.slice(2)]),
      sessionWindowKey: 0, eventTimeKey: 0,
    };
    const op = createSessionWindowOperator(swapped);
    const out = op.processBatch(rowsToRecordBatch(swapped.inputSchema, [ev('east', 0, 1, 'A'), ev('west', 5, 2, 'B'), ev('east', 10, 3, 'C')]), ctx(0, 0), 0);
    out.push(...op.onBatchEnd!(ctx(0, 0)));
    expect(out.flatMap((b) => recordBatchToRows(b, swapped.outputSchema)).map((r) => [r.region, seconds((r.session_window as { start: Date }).start), r.n])).toEqual([
      ['east', 0, 2], ['west', 5, 1],
    ]);

    const alone: SessionWindowOperatorSpec = {
      ...spec(null), keyCount: 1, sessionWindowKey: 0, eventTimeKey: 0, argumentIndices: [[1], [2], [3]],
      inputSchema: new StructType(INPUT.fields.slice(1)), outputSchema: new StructType(OUTPUT.fields.slice(1)),
    };
    const global = createSessionWindowOperator(alone);
    global.processBatch(rowsToRecordBatch(alone.inputSchema, [ev('east', 0, 1, 'A'), ev('west', 5, 2, 'B'), ev('east', 40, 3, 'C')]), ctx(0, 0), 0);
    expect(global.onBatchEnd!(ctx(0, 0)).flatMap((b) => recordBatchToRows(b, alone.outputSchema)).map((r) => [seconds((r.session_window as { end: Date }).end), r.s])).toEqual([
      [25, 3], [60, 3],
    ]);
  });
});

// ---------------------------------------------------------------- PySpark 3.5.9 oracle fixtures

interface FixtureBatch {
  batchId: number;
  afterInputBatch: number;
  numInputRows: number;
  watermark: string;
  stateOperators: { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number }[];
  rows: Row[];
}

interface Fixture {
  inputBatches: Row[][];
  batches: FixtureBatch[];
  variant?: { outputMode: string; batches: FixtureBatch[] };
}

// groupBy('region', session_window('event_time', '20 seconds')).agg(count('*') as n, sum('total_amount') as s)
const FIXTURE_INPUT = new StructType([
  new StructField('region', StringType), new StructField('session_window', WINDOW_TYPE, false),
  new StructField('one', IntegerType, false), new StructField('total_amount', IntegerType),
]);
const FIXTURE_OUTPUT = new StructType([
  new StructField('region', StringType), new StructField('session_window', WINDOW_TYPE, false),
  new StructField('n', LongType, false), new StructField('s', LongType),
]);

function fixtureSpec(outputMode: OutputMode): SessionWindowOperatorSpec {
  return {
    inputSchema: FIXTURE_INPUT, outputSchema: FIXTURE_OUTPUT, keyCount: 2, sessionWindowKey: 1, eventTimeKey: 1, outputMode,
    functions: [aggregate('count', [{ index: 2, type: IntegerType }], LongType), aggregate('sum', [{ index: 3, type: IntegerType }], LongType)],
    argumentIndices: [[2], [3]],
    store: new StateStore<SessionGroupState>('session-fixture'),
    captureLateRows: false,
  };
}

function fixtureRows(events: Row[]): Row[] {
  return events.map((e) => {
    const start = (e.timestamp as number) * 1000;
    return { region: e.region, session_window: { start: new Date(start), end: new Date(start + GAP_S * 1000) }, one: 1, total_amount: (e.price as number) * (e.quantity as number) };
  });
}

const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * Replays Spark's batches (no-data ones too) with Spark's watermark; rows are judged late against the previous batch's
 * watermark (Spark 3.5's late-events watermark). Checks rows, progress figures and where no-data batches run.
 */
function replay(fixture: Fixture, batches: FixtureBatch[], outputMode: OutputMode): void {
  const op = createSessionWindowOperator(fixtureSpec(outputMode));
  let previousWatermark = 0;
  batches.forEach((b, k) => {
    const watermarkMs = Date.parse(b.watermark);
    const context = ctx(b.batchId, watermarkMs, previousWatermark);
    const out: RecordBatch[] = b.numInputRows > 0 ? op.processBatch(rowsToRecordBatch(FIXTURE_INPUT, fixtureRows(fixture.inputBatches[b.afterInputBatch]!)), context, 0) : [];
    out.push(...op.onBatchEnd!(context));
    op.commit!(b.batchId + 1);
    const rows = out.flatMap((batch) => recordBatchToRows(batch, FIXTURE_OUTPUT)).map((r) => {
      const w = r.session_window as { start: Date; end: Date };
      return { ...r, session_window: { start: w.start.toISOString(), end: w.end.toISOString() } };
    });
    expect(sortRows(rows), `${outputMode} batch ${b.batchId} rows`).toEqual(sortRows(b.rows));
    const { memoryUsedBytes, ...progress } = op.stateProgress!();
    expect(memoryUsedBytes).toBeGreaterThanOrEqual(0);
    expect(progress, `${outputMode} batch ${b.batchId} progress`).toEqual(b.stateOperators[0]);
    const next = batches[k + 1];
    if (next !== undefined) {
      const nextWatermark = Date.parse(next.watermark);
      expect(nextWatermark > watermarkMs && op.needsNoDataBatch!(nextWatermark), `no-data batch after ${b.batchId}`).toBe(next.numInputRows === 0);
    }
    previousWatermark = watermarkMs;
  });
}

function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/spark/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

describe('PySpark 3.5.9 fixtures', () => {
  it('append mode (session_window_append.json)', () => {
    const fixture = loadFixture('session_window_append');
    replay(fixture, fixture.batches, 'append');
  });

  it('complete mode, the variant Spark runs where update mode is rejected (session_window_update.json)', () => {
    const fixture = loadFixture('session_window_update');
    expect(fixture.batches).toEqual([]);
    expect(fixture.variant?.outputMode).toBe('complete');
    replay(fixture, fixture.variant!.batches, 'complete');
  });
});
