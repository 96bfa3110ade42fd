// Stream-stream joins (symmetric hash join with state): matches across batches, state eviction by the watermark, late
// rows, outer rows on expiry, left semi; checked batch by batch against real PySpark 3.5.9 (test/fixtures/spark).
import { readFileSync } from 'node:fs';
import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { StringType, TimestampType } from '../../src/common/data-types.js';
import { BrookError } from '../../src/common/errors.js';
import { recordBatchToRows } from '../../src/compute/arrow-bridge.js';
import type { Operator } from '../../src/operators/operator.js';
import { createStreamStreamJoinOperator } from '../../src/operators/stream-stream-join-operator.js';
import type { JoinStateEntry } from '../../src/operators/stream-stream-join-operator.js';
import type { Attribute, JoinType } from '../../src/planner/logical/plan.js';
import type { JoinExec } from '../../src/planner/physical/physical-plan.js';
import { StateStore } from '../../src/state/state-store.js';
import { batchContext, batchOf, joinExec, kernelContext, rowsOf, sortRows } from './join-test-support.js';

type Row = Record<string, unknown>;

const impressions: Attribute[] = [
  { name: 'ad_id', dataType: StringType, nullable: true },
  { name: 'imp_time', dataType: TimestampType, nullable: true, watermarkDelayMs: 10_000 },
];
const clicks: Attribute[] = [
  { name: 'click_ad_id', dataType: StringType, nullable: true },
  { name: 'click_time', dataType: TimestampType, nullable: true, watermarkDelayMs: 20_000 },
];
const FIXTURE_CONDITION = 'ad_id = click_ad_id AND click_time >= imp_time AND click_time <= imp_time + interval 1 minute';

function build(exec: JoinExec, captureLateRows = false): { op: Operator; store: StateStore<JoinStateEntry> } {
  const store = new StateStore<JoinStateEntry>('join-0');
  return { op: createStreamStreamJoinOperator(exec, kernelContext, store, captureLateRows), store };
}

/** The state figures progress reports, without memory (an estimate). */
function figures(op: Operator) {
  const { operatorName, numRowsTotal, numRowsUpdated, numRowsRemoved, numRowsDroppedByWatermark } = op.stateProgress!();
  return { operatorName, numRowsTotal, numRowsUpdated, numRowsRemoved, numRowsDroppedByWatermark };
}

/**
 * Drives an operator the way MicroBatchExecution does: per batch the watermark computed after the previous one
 * (max event time seen − delay per input, the minimum of the two), late rows judged against the previous batch's
 * watermark, commit(batchId + 1), and no-data batches while needsNoDataBatch says the watermark moved.
 */
class JoinRunner {
  readonly batches: { batchId: number; watermark: string; rows: Row[]; state: ReturnType<typeof figures> }[] = [];
  private watermarkMs = 0;
  private batchWatermarkMs = 0;
  private maxSeen = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  private batchId = 0;

  constructor(private readonly op: Operator, private readonly exec: JoinExec, private readonly timeColumns: [string, string], private readonly delays: [number, number]) {}

  addData(left: Row[], right: Row[]): void {
    this.runBatch(left, right);
    while (this.watermarkMs > this.batchWatermarkMs && this.op.needsNoDataBatch!(this.watermarkMs)) this.runBatch([], []);
  }

  private runBatch(left: Row[], right: Row[]): void {
    const ctx = batchContext(this.batchId, this.watermarkMs, this.batchWatermarkMs);
    const out: RecordBatch[] = [];
    if (left.length > 0) out.push(...this.op.processBatch(batchOf(this.exec.left.output, left), ctx, 0));
    if (right.length > 0) out.push(...this.op.processBatch(batchOf(this.exec.right.output, right), ctx, 1));
    out.push(...this.op.onBatchEnd!(ctx));
    this.op.commit!(this.batchId + 1);
    this.batches.push({ batchId: this.batchId, watermark: new Date(this.watermarkMs).toISOString(), rows: rowsOf(out, this.exec.output), state: figures(this.op) });
    this.batchWatermarkMs = this.watermarkMs;
    [left, right].forEach((rows, side) => {
      for (const r of rows) this.maxSeen[side] = Math.max(this.maxSeen[side]!, (r[this.timeColumns[side]!] as Date).getTime());
    });
    if (this.maxSeen.every(Number.isFinite)) {
      const candidate = Math.min(this.maxSeen[0]! - this.delays[0], this.maxSeen[1]! - this.delays[1]);
      if (candidate > this.watermarkMs) this.watermarkMs = candidate;
    }
    this.batchId++;
  }
}

interface FixtureBatch {
  batchId: number;
  watermark: string;
  rows: Row[];
  stateOperators: { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number }[];
}

interface JoinFixture {
  inputBatches: { impressions: { ad_id: string; imp_time: number }[]; clicks: { ad_id: string; click_time: number }[] }[];
  batches: FixtureBatch[];
}

const isoRows = (rows: Row[]) => sortRows(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))));
const at = (seconds: number) => new Date(Date.UTC(2023, 10, 14, 22, 13, 30) + seconds * 1000);

describe('stream-stream inner join against PySpark 3.5.9 (stream_stream_join.json)', () => {
  it('gives the same rows, watermarks and state figures in every batch, no-data batches included', () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/spark/stream_stream_join.json', import.meta.url), 'utf8')) as JoinFixture;
    const exec = joinExec({ left: impressions, right: clicks, joinType: 'inner', on: FIXTURE_CONDITION, leftStreaming: true, rightStreaming: true });
    const { op } = build(exec);
    const runner = new JoinRunner(op, exec, ['imp_time', 'click_time'], [10_000, 20_000]);
    for (const input of fixture.inputBatches) {
      runner.addData(
        input.impressions.map((e) => ({ ad_id: e.ad_id, imp_time: new Date(e.imp_time * 1000) })),
        input.clicks.map((e) => ({ click_ad_id: e.ad_id, click_time: new Date(e.click_time * 1000) })),
      );
    }
    const actual = runner.batches.map((b) => ({ batchId: b.batchId, watermark: b.watermark, rows: isoRows(b.rows), state: b.state }));
    const expected = fixture.batches.map((b) => ({ batchId: b.batchId, watermark: b.watermark, rows: sortRows(b.rows), state: b.stateOperators[0] }));
    expect(actual).toEqual(expected);
  });
});

describe('stream-stream join', () => {
  const left: Attribute[] = [{ name: 'k', dataType: StringType, nullable: true }, { name: 't', dataType: TimestampType, nullable: true, watermarkDelayMs: 0 }];
  const right: Attribute[] = [{ name: 'k2', dataType: StringType, nullable: true }, { name: 't2', dataType: TimestampType, nullable: true, watermarkDelayMs: 0 }];
  const RANGE = 'k = k2 AND t2 BETWEEN t AND t + INTERVAL 10 SECONDS';
  const exec = (joinType: JoinType, on = RANGE) => joinExec({ left, right, joinType, on, leftStreaming: true, rightStreaming: true });

  /** Runs one batch by hand: the left rows, then the right rows, then the end of the batch and the commit. */
  function step(op: Operator, e: JoinExec, batchId: number, watermarkMs: number, lefts: Row[], rights: Row[], lateWatermarkMs = 0): Row[] {
    const ctx = batchContext(batchId, watermarkMs, lateWatermarkMs);
    const out: RecordBatch[] = [];
    if (lefts.length > 0) out.push(...op.processBatch(batchOf(left, lefts), ctx, 0));
    if (rights.length > 0) out.push(...op.processBatch(batchOf(right, rights), ctx, 1));
    out.push(...op.onBatchEnd!(ctx));
    op.commit!(batchId + 1);
    return rowsOf(out, e.output);
  }

  it('inner without watermarks: rows match across batches and the state is kept forever', () => {
    const attrsL = left.map((a) => ({ name: a.name, dataType: a.dataType, nullable: true }));
    const attrsR = right.map((a) => ({ name: a.name, dataType: a.dataType, nullable: true }));
    const e = joinExec({ left: attrsL, right: attrsR, joinType: 'inner', on: 'k = k2', leftStreaming: true, rightStreaming: true });
    const { op } = build(e);
    expect(step(op, e, 0, 0, [{ k: 'a', t: at(0) }, { k: 'b', t: at(1) }], [])).toEqual([]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 });
    expect(step(op, e, 1, 0, [], [{ k2: 'a', t2: at(500) }, { k2: 'c', t2: at(2) }])).toEqual([{ k: 'a', t: at(0), k2: 'a', t2: at(500) }]);
    expect(step(op, e, 2, 0, [{ k: 'a', t: at(3) }, { k: 'c', t: at(4) }], [{ k2: 'a', t2: at(5) }])).toEqual([
      { k: 'a', t: at(0), k2: 'a', t2: at(5) },
      { k: 'a', t: at(3), k2: 'a', t2: at(5) },
      { k: 'a', t: at(3), k2: 'a', t2: at(500) },
      { k: 'c', t: at(4), k2: 'c', t2: at(2) },
    ]);
    expect(figures(op).numRowsTotal).toBe(7);
    expect(op.needsNoDataBatch!(at(10_000).getTime())).toBe(false);
  });

  it('evicts both sides by their state watermarks (numRowsTotal goes down)', () => {
    const e = exec('inner');
    const { op } = build(e);
    step(op, e, 0, 0, [{ k: 'a', t: at(0) }, { k: 'b', t: at(20) }], [{ k2: 'a', t2: at(5) }, { k2: 'b', t2: at(25) }]);
    expect(figures(op).numRowsTotal).toBe(4);
    expect(op.needsNoDataBatch!(at(0).getTime())).toBe(true);
    // watermark 0:15 → left rows with t <= 0:04.999 and right rows with t2 <= 0:14.999 go
    expect(step(op, e, 1, at(15).getTime(), [], [])).toEqual([]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 2, numRowsUpdated: 0, numRowsRemoved: 2, numRowsDroppedByWatermark: 0 });
    expect(op.needsNoDataBatch!(at(15).getTime())).toBe(false);
    expect(op.needsNoDataBatch!(at(16).getTime())).toBe(true);
    // a right row at 0:26 joins b, which is still kept
    expect(step(op, e, 2, at(15).getTime(), [], [{ k2: 'b', t2: at(26) }])).toEqual([{ k: 'b', t: at(20), k2: 'b', t2: at(26) }]);
    expect(step(op, e, 3, at(40).getTime(), [], [])).toEqual([]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 3, numRowsDroppedByWatermark: 0 });
  });

  it('drops late rows on each side (event time <= the late watermark), counts them and hands them over', () => {
    const e = exec('inner');
    const { op } = build(e, true);
    const out = step(op, e, 0, at(30).getTime(), [{ k: 'a', t: at(30) }, { k: 'a', t: at(31) }], [{ k2: 'a', t2: at(29) }, { k2: 'a', t2: at(35) }], at(30).getTime());
    expect(out).toEqual([{ k: 'a', t: at(31), k2: 'a', t2: at(35) }]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 2, numRowsUpdated: 2, numRowsRemoved: 0, numRowsDroppedByWatermark: 2 });
    const late = op.takeLateRows!()!;
    expect(late.schema.fieldNames).toEqual(['k', 't', 'k2', 't2']);
    expect(sortRows(late.batches.flatMap((b) => recordBatchToRows(b, late.schema)))).toEqual([
      { k: 'a', t: at(30), k2: null, t2: null },
      { k: null, t: null, k2: 'a', t2: at(29) },
    ]);
    expect(op.takeLateRows!()).toBeNull();
  });

  it('left outer: unmatched left rows come out with nulls when the watermark expires them, matched ones do not', () => {
    const e = exec('left_outer');
    const { op } = build(e);
    expect(step(op, e, 0, 0, [{ k: 'a', t: at(100) }, { k: 'b', t: at(105) }, { k: null, t: at(101) }], [{ k2: 'a', t2: at(103) }])).toEqual([
      { k: 'a', t: at(100), k2: 'a', t2: at(103) },
    ]);
    expect(figures(op).numRowsTotal).toBe(4);
    // watermark 1:30: the left state keeps rows after 1:19.999
    expect(step(op, e, 1, at(90).getTime(), [], [])).toEqual([]);
    // watermark 1:56: left rows up to 1:45.999 expire; b and the null-key row never matched
    expect(step(op, e, 2, at(116).getTime(), [], [])).toEqual([
      { k: 'b', t: at(105), k2: null, t2: null },
      { k: null, t: at(101), k2: null, t2: null },
    ]);
    // Spark counts only the evictions of the non-preserved side in numRowsRemoved
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 1, numRowsDroppedByWatermark: 0 });
  });

  it('left outer: a left row failing its own conjunct is output with nulls at once and never stored', () => {
    const e = exec('left_outer', `${RANGE} AND k <> 'x'`);
    const { op } = build(e);
    expect(step(op, e, 0, 0, [{ k: 'x', t: at(1) }], [{ k2: 'x', t2: at(2) }])).toEqual([{ k: 'x', t: at(1), k2: null, t2: null }]);
    expect(figures(op).numRowsTotal).toBe(1);
  });

  it('right outer: unmatched right rows come out with nulls on the left', () => {
    const e = exec('right_outer');
    const { op } = build(e);
    expect(step(op, e, 0, 0, [{ k: 'a', t: at(0) }], [{ k2: 'a', t2: at(4) }, { k2: 'b', t2: at(6) }])).toEqual([{ k: 'a', t: at(0), k2: 'a', t2: at(4) }]);
    expect(step(op, e, 1, at(20).getTime(), [], [])).toEqual([{ k: null, t: null, k2: 'b', t2: at(6) }]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 0, numRowsUpdated: 0, numRowsRemoved: 1, numRowsDroppedByWatermark: 0 });
  });

  it('does not store a right row that this batch evicts at once, but still joins it (Spark 3.5.4+)', () => {
    const e = exec('inner');
    const { op } = build(e);
    step(op, e, 0, 0, [{ k: 'a', t: at(10) }], []);
    // watermark 0:20, late watermark 0:05: the right row at 0:12 is not late but behind the right state watermark
    // (0:19.999); the left row at 0:10 stays (the left state watermark is 0:09.999)
    expect(step(op, e, 1, at(20).getTime(), [], [{ k2: 'a', t2: at(12) }], at(5).getTime())).toEqual([{ k: 'a', t: at(10), k2: 'a', t2: at(12) }]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 1, numRowsUpdated: 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 });
  });

  it('left semi: a left row is output once, from whichever side finds its first match', () => {
    const e = exec('left_semi');
    const { op } = build(e);
    expect(step(op, e, 0, 0, [{ k: 'a', t: at(0) }], [{ k2: 'a', t2: at(1) }, { k2: 'a', t2: at(2) }])).toEqual([{ k: 'a', t: at(0) }]);
    expect(step(op, e, 1, 0, [{ k: 'a', t: at(1) }], [{ k2: 'a', t2: at(3) }])).toEqual([{ k: 'a', t: at(1) }]);
    // the matched left rows were either never stored (a(1)) or marked matched (a(0)): only the right rows remain, plus a(0)
    expect(figures(op).numRowsTotal).toBe(4);
  });

  it('an aborted batch forgets its buffered input and figures', () => {
    const e = exec('inner');
    const { op } = build(e);
    step(op, e, 0, 0, [{ k: 'a', t: at(0) }], []);
    op.processBatch(batchOf(right, [{ k2: 'a', t2: at(1) }]), batchContext(1, 0, 0), 1);
    op.abort!();
    // the re-run of batch 1 brings its input again; nothing of the failed attempt is joined twice
    expect(step(op, e, 1, 0, [], [{ k2: 'a', t2: at(1) }])).toEqual([{ k: 'a', t: at(0), k2: 'a', t2: at(1) }]);
    expect(figures(op)).toEqual({ operatorName: 'symmetricHashJoin', numRowsTotal: 2, numRowsUpdated: 1, numRowsRemoved: 0, numRowsDroppedByWatermark: 0 });
  });

  it('rejects outer joins whose preserved side could never be evicted (Spark\'s message)', () => {
    let error: unknown;
    try {
      build(exec('left_outer', 'k = k2'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BrookError);
    expect((error as BrookError).message.split('\n')[0]).toBe(
      'Stream-stream LeftOuter join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition',
    );
  });
});
