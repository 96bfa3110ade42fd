// Deduplicate operator driven directly: first row per key, late rows, watermark eviction, within-watermark expiry, Spark fixtures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { parseSchema } from '../../src/common/schema-parser.js';
import type { StructType } from '../../src/common/data-types.js';
import { recordBatchToRows, rowsToRecordBatch } from '../../src/compute/arrow-bridge.js';
import { createDeduplicateOperator } from '../../src/operators/deduplicate-operator.js';
import type { DeduplicateState } from '../../src/operators/deduplicate-operator.js';
import type { BatchContext, Operator } from '../../src/operators/operator.js';
import type { LogicalPlan, Relation } from '../../src/planner/logical/plan.js';
import { deduplicate, watermark } from '../../src/planner/logical/stateful-builder.js';
import { planPhysical } from '../../src/planner/physical/physical-plan.js';
import type { DeduplicateExec } from '../../src/planner/physical/physical-plan.js';
import { StateStore } from '../../src/state/state-store.js';

const SCHEMA = parseSchema('event_id STRING, event_time TIMESTAMP, product STRING');
const T0 = 1_700_000_010_000; // 2023-11-14T22:13:30Z in ms, the fixtures' time base

type Row = Record<string, unknown>;

function relation(schema: StructType): Relation {
  return {
    kind: 'relation', isStreaming: true,
    source: { format: 'memory', options: {}, schema, description: 'MemoryStream[test]' },
    output: schema.fields.map((f) => ({ name: f.name, dataType: f.dataType, nullable: f.nullable })),
  };
}

/** The DeduplicateExec planPhysical makes for [withWatermark(time, delay).]dropDuplicates[WithinWatermark](keys). */
function dedupExec(keys: string[], options: { withinWatermark?: boolean; watermarkOn?: string; delay?: string; schema?: StructType } = {}): DeduplicateExec {
  let plan: LogicalPlan = relation(options.schema ?? SCHEMA);
  if (options.watermarkOn !== undefined) plan = watermark(plan, options.watermarkOn, options.delay ?? '10 seconds');
  const exec = planPhysical(deduplicate(plan, keys, options.withinWatermark ?? false));
  if (exec.kind !== 'deduplicate') throw new Error(`planned ${exec.kind}`);
  return exec;
}

function ctx(batchId: number, watermarkMs: number, lateWatermarkMs = watermarkMs): BatchContext {
  return { batchId, watermarkMs, lateWatermarkMs, batchTimestampMs: 0 };
}

function ev(id: string, offsetSeconds: number, product = 'p'): Row {
  return { event_id: id, event_time: new Date(T0 + offsetSeconds * 1000), product };
}

/** One whole batch through the operator (processBatch, onBatchEnd, commit): the rows it emitted as [id, offset s, product]. */
function runBatch(op: Operator, rows: Row[], context: BatchContext, schema = SCHEMA): [unknown, number | null, unknown][] {
  const out: RecordBatch[] = rows.length === 0 ? [] : op.processBatch(rowsToRecordBatch(schema, rows), context, 0);
  out.push(...(op.onBatchEnd?.(context) ?? []));
  op.commit?.(context.batchId + 1);
  return out.flatMap((b) => recordBatchToRows(b, schema)).map((r) => [r.event_id, r.event_time === null ? null : ((r.event_time as Date).getTime() - T0) / 1000, r.product]);
}

describe('dropDuplicates without a watermark', () => {
  it('keeps the first row of each key within a batch and across batches, in input order', () => {
    const store = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id']), store, 'append');
    expect(runBatch(op, [ev('a', 0, 'A'), ev('b', 1, 'B'), ev('a', 2, 'C'), ev('c', 3, 'D')], ctx(0, 0))).toEqual([['a', 0, 'A'], ['b', 1, 'B'], ['c', 3, 'D']]);
    expect(op.stateProgress!()).toEqual({
      operatorName: 'dedupe', numRowsTotal: 3, numRowsUpdated: 3, numRowsRemoved: 0, memoryUsedBytes: store.memoryUsedBytes(() => 16), numRowsDroppedByWatermark: 0,
    });
    expect(runBatch(op, [ev('b', 50, 'E'), ev('d', 51, 'F'), ev('d', 52, 'G')], ctx(1, 0))).toEqual([['d', 51, 'F']]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 4, numRowsUpdated: 1, numRowsRemoved: 0 });
    // no watermark: state is never evicted and no no-data batch is asked for
    expect(op.needsNoDataBatch!(T0 + 1_000_000)).toBe(false);
  });

  it('compares all key columns, with null equal to null', () => {
    const op = createDeduplicateOperator(dedupExec(['event_id', 'product']), new StateStore<DeduplicateState>('dedupe-0'), 'append');
    const rows = [ev('a', 0, 'A'), ev('a', 1, 'B'), ev('a', 2, 'A'), { event_id: null, event_time: null, product: null }, { event_id: null, event_time: null, product: null }];
    const out = op.processBatch(rowsToRecordBatch(SCHEMA, rows), ctx(0, 0), 0);
    expect(out.flatMap((b) => recordBatchToRows(b, SCHEMA))).toEqual([
      { event_id: 'a', event_time: new Date(T0), product: 'A' },
      { event_id: 'a', event_time: new Date(T0 + 1000), product: 'B' },
      { event_id: null, event_time: null, product: null },
    ]);
  });

  it('passes a batch without duplicates through unchanged', () => {
    const op = createDeduplicateOperator(dedupExec(['event_id']), new StateStore<DeduplicateState>('dedupe-0'), 'append');
    const batch = rowsToRecordBatch(SCHEMA, [ev('a', 0), ev('b', 1)]);
    expect(op.processBatch(batch, ctx(0, 0), 0)).toEqual([batch]);
  });
});

describe('dropDuplicates with a watermark on a key column', () => {
  it('drops and counts rows at or behind the late watermark, and evicts keys at or behind the watermark', () => {
    const store = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id', 'event_time'], { watermarkOn: 'event_time' }), store, 'append');
    expect(runBatch(op, [ev('a', 0), ev('a', 0), ev('a', 3), ev('b', 20)], ctx(0, 0))).toEqual([['a', 0, 'p'], ['a', 3, 'p'], ['b', 20, 'p']]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 3, numRowsUpdated: 3, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 });
    // the watermark moved to T0+10s: a no-data batch evicts a@0 and a@3 (event time <= watermark)
    expect(op.needsNoDataBatch!(T0 + 10_000)).toBe(true);
    expect(runBatch(op, [], ctx(1, T0 + 10_000))).toEqual([]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 0, numRowsRemoved: 2 });
    expect(op.needsNoDataBatch!(T0 + 10_000)).toBe(false);
    // a@10 equals the watermark: late (Spark's `eventTime <= watermark`); a@9 is late; a@11 is new; b@20 is a duplicate
    expect(runBatch(op, [ev('a', 9), ev('a', 10), ev('a', 11), ev('b', 20)], ctx(2, T0 + 10_000))).toEqual([['a', 11, 'p']]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 2 });
    expect(store.size).toBe(2);
  });

  it('hands the late rows to takeLateRows when capture is on', () => {
    const exec = dedupExec(['event_id', 'event_time'], { watermarkOn: 'event_time' });
    const op = createDeduplicateOperator(exec, new StateStore<DeduplicateState>('dedupe-0'), 'append', true);
    runBatch(op, [ev('x', 1, 'late'), ev('y', 30, 'kept'), ev('z', 5, 'late too')], ctx(0, T0 + 5_000));
    const late = op.takeLateRows!();
    expect(late?.schema).toEqual(SCHEMA);
    expect(late?.batches.flatMap((b) => recordBatchToRows(b, SCHEMA)).map((r) => r.product)).toEqual(['late', 'late too']);
    expect(op.takeLateRows!()).toBeNull();
  });

  it('evicts rows a lagging late watermark let in once the eviction watermark passes them', () => {
    const store = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id', 'event_time'], { watermarkOn: 'event_time' }), store, 'append');
    expect(runBatch(op, [ev('a', 20)], ctx(0, 0))).toEqual([['a', 20, 'p']]);
    expect(runBatch(op, [], ctx(1, T0 + 30_000))).toEqual([]);
    expect(store.size).toBe(0);
    // same eviction watermark, but rows are judged late against an older one: b@25 is let in, then evicted at batch end
    expect(runBatch(op, [ev('b', 25)], ctx(2, T0 + 30_000, T0 + 20_000))).toEqual([['b', 25, 'p']]);
    expect(store.size).toBe(0);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 0, numRowsUpdated: 1, numRowsRemoved: 1 });
  });
});

describe('null event times', () => {
  it('are never late; a null key time is never evicted, a null time within watermark expires at the delay (Spark reads it as 0)', () => {
    const nullRow = { event_id: 'n', event_time: null, product: 'p' };
    const keyed = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id', 'event_time'], { watermarkOn: 'event_time' }), keyed, 'append');
    expect(runBatch(op, [nullRow, nullRow], ctx(0, T0))).toEqual([['n', null, 'p']]);
    runBatch(op, [], ctx(1, T0 + 1_000_000));
    expect([...keyed.entries()]).toEqual([['"n\u0001\u0000', Number.MAX_VALUE]]);

    const within = new StateStore<DeduplicateState>('dedupe-1');
    const op2 = createDeduplicateOperator(dedupExec(['event_id'], { withinWatermark: true, watermarkOn: 'event_time' }), within, 'append');
    expect(runBatch(op2, [nullRow], ctx(0, T0))).toEqual([['n', null, 'p']]);
    expect(within.size).toBe(0); // expired at 10 000 ms after the epoch, long before the watermark
  });
});

describe('dropDuplicates with a watermark on a column that is not a key', () => {
  it('drops late rows but never evicts (Spark keeps such state forever)', () => {
    const store = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id'], { watermarkOn: 'event_time' }), store, 'append');
    expect(runBatch(op, [ev('a', 0), ev('b', 1)], ctx(0, 0))).toEqual([['a', 0, 'p'], ['b', 1, 'p']]);
    // Spark's shouldRunAnotherBatch only asks for a watermark upstream, so the no-data batch runs; it evicts nothing
    expect(op.needsNoDataBatch!(T0 + 60_000)).toBe(true);
    expect(runBatch(op, [ev('a', 70), ev('c', 30), ev('d', 61)], ctx(1, T0 + 60_000))).toEqual([['d', 61, 'p']]);
    expect(store.size).toBe(3);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 3, numRowsRemoved: 0, numRowsDroppedByWatermark: 1 });
  });
});

describe('dropDuplicatesWithinWatermark', () => {
  it('drops a key while its first row has not expired (event time + delay), then lets it through again', () => {
    const store = new StateStore<DeduplicateState>('dedupe-0');
    const op = createDeduplicateOperator(dedupExec(['event_id'], { withinWatermark: true, watermarkOn: 'event_time' }), store, 'append');
    expect(op.stateProgress!().operatorName).toBe('dedupeWithinWatermark');
    expect(runBatch(op, [ev('a', 0, 'A'), ev('a', 3, 'B'), ev('b', 5, 'C')], ctx(0, 0))).toEqual([['a', 0, 'A'], ['b', 5, 'C']]);
    expect(store.get('"a')).toBe(T0 + 10_000);
    // watermark T0+10s: a expires (10 <= 10), b (expires T0+15s) stays
    expect(runBatch(op, [], ctx(1, T0 + 10_000))).toEqual([]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 1, numRowsUpdated: 0, numRowsRemoved: 1 });
    // a is new again; b@22 is still a duplicate of b@5 although its own time is later; a@10 is late
    expect(runBatch(op, [ev('a', 21, 'D'), ev('b', 22, 'E'), ev('a', 10, 'F')], ctx(2, T0 + 10_000))).toEqual([['a', 21, 'D']]);
    expect(op.stateProgress!()).toMatchObject({ numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 1 });
    expect(runBatch(op, [], ctx(3, T0 + 31_000))).toEqual([]);
    expect(store.size).toBe(0);
  });
});

describe('batch queries', () => {
  it('are a plain distinct over the one batch, whatever the watermark, keeping nothing', () => {
    const exec = dedupExec(['event_id'], { withinWatermark: true, watermarkOn: 'event_time' });
    const op = createDeduplicateOperator(exec, null, null);
    const first = op.processBatch(rowsToRecordBatch(SCHEMA, [ev('a', 0), ev('a', 1)]), ctx(0, 0), 0);
    const second = op.processBatch(rowsToRecordBatch(SCHEMA, [ev('b', 0), ev('a', 2)]), ctx(0, 0), 0);
    expect([...first, ...second].flatMap((b) => recordBatchToRows(b, SCHEMA)).map((r) => r.event_id)).toEqual(['a', 'b']);
    expect(op.onBatchEnd!(ctx(0, 0))).toEqual([]);
    expect(op.needsNoDataBatch!(T0)).toBe(false);
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
}

const PREFIX_SCHEMA = parseSchema('event_id STRING, timestamp BIGINT, product STRING, price INT, quantity INT, region STRING, total_amount INT, event_time TIMESTAMP');

function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/spark/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** The fixture's events after the query's prefix (select data.*, total_amount, event_time). */
function prefixRows(events: Row[]): Row[] {
  return events.map((e) => ({ ...e, total_amount: (e.price as number) * (e.quantity as number), event_time: new Date((e.timestamp as number) * 1000) }));
}

const sortRows = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/**
 * Replays a fixture through the operator: every batch Spark ran (no-data ones too) with Spark's watermark; rows are
 * judged late against the previous batch's watermark (Spark 3.5's late-events watermark). Checks rows, progress figures,
 * and that the operator asks for a no-data batch exactly where Spark ran one.
 */
function replay(name: string, exec: DeduplicateExec): void {
  const fixture = loadFixture(name);
  const op = createDeduplicateOperator(exec, new StateStore<DeduplicateState>(name), 'append');
  let previousWatermark = 0;
  fixture.batches.forEach((b, k) => {
    const watermarkMs = Date.parse(b.watermark);
    const context = ctx(b.batchId, watermarkMs, previousWatermark);
    const out: RecordBatch[] = b.numInputRows > 0 ? op.processBatch(rowsToRecordBatch(PREFIX_SCHEMA, prefixRows(fixture.inputBatches[b.afterInputBatch]!)), context, 0) : [];
    out.push(...op.onBatchEnd!(context));
    op.commit!(b.batchId + 1);
    const rows = out.flatMap((batch) => recordBatchToRows(batch, PREFIX_SCHEMA)).map((r) => ({ ...r, event_time: (r.event_time as Date).toISOString() }));
    expect(sortRows(rows), `${name} batch ${b.batchId} rows`).toEqual(sortRows(b.rows));
    const { memoryUsedBytes, ...progress } = op.stateProgress!();
    expect(memoryUsedBytes).toBeGreaterThanOrEqual(0);
    expect(progress, `${name} batch ${b.batchId} progress`).toEqual(b.stateOperators[0]);
    const next = fixture.batches[k + 1];
    if (next !== undefined) {
      const nextWatermark = Date.parse(next.watermark);
      expect(nextWatermark > watermarkMs && op.needsNoDataBatch!(nextWatermark), `${name} no-data batch after ${b.batchId}`).toBe(next.numInputRows === 0);
    }
    previousWatermark = watermarkMs;
  });
}

describe('PySpark 3.5.9 fixtures', () => {
  it("dropDuplicates(['event_id', 'event_time']) with a 10 s watermark (dedup_with_watermark.json)", () => {
    replay('dedup_with_watermark', dedupExec(['event_id', 'event_time'], { watermarkOn: 'event_time', schema: PREFIX_SCHEMA }));
  });

  it("dropDuplicatesWithinWatermark(['event_id']) with a 10 s watermark (dedup_within_watermark.json)", () => {
    replay('dedup_within_watermark', dedupExec(['event_id'], { withinWatermark: true, watermarkOn: 'event_time', schema: PREFIX_SCHEMA }));
  });
});
