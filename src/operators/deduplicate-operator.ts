// Streaming (and batch) deduplication, Spark 3.5's dropDuplicates / dropDuplicatesWithinWatermark: first row per key wins.
import type { RecordBatch } from 'apache-arrow';
import { StructField, StructType } from '../common/data-types.js';
import { internalError } from '../common/errors.js';
import { fromRecordBatch, toRecordBatch } from '../compute/arrow-bridge.js';
import type { ColumnVector } from '../compute/column-vector.js';
import { takeRows } from '../compute/column-vector.js';
import type { DeduplicateExec } from '../planner/physical/physical-plan.js';
import type { OutputMode } from '../sinks/sink.js';
import type { StateStore } from '../state/state-store.js';
import { eventTimeMsReader } from './event-time.js';
import { compileKeyEncoder } from './group-key.js';
import { LateRowsBuffer } from './late-rows.js';
import type { BatchContext, LateRows, Operator, StateOperatorMetrics } from './operator.js';

/**
 * What the state keeps per key, in epoch ms: the key's event time (dropDuplicates with a watermarked key column),
 * the expiry `eventTime + delay` (dropDuplicatesWithinWatermark), or 0 (no watermark: never evicted).
 */
export type DeduplicateState = number;

/**
 * Per batch (streaming):
 *   processBatch: rows whose watermarked column is <= lateWatermark are dropped as late (Spark's `eventTime <= watermark`
 *     predicate on the first watermarked input column, key or not); a row whose key is already in state is a duplicate
 *     and dropped; any other row is emitted at once (input order) and its key stored.
 *   onBatchEnd: keys whose stored time is <= watermark are evicted (Spark: `watermark >= expiresAt` within watermark,
 *     `keyEventTime <= watermark` otherwise). Without a watermarked key column nothing is evicted (state grows, like Spark).
 * Progress counts like Spark's operator metrics: numRowsUpdated = keys put, numRowsRemoved = keys evicted (a key put and
 * evicted in one batch counts in both).
 * Batch queries (outputMode null): plain distinct over the query's one batch, nothing kept.
 * @example new DeduplicateOperator(exec, new StateStore<DeduplicateState>('dedupe-0'), 'append', false) // see createDeduplicateOperator
 */
export class DeduplicateOperator implements Operator {
  readonly description: string;
  private readonly inputSchema: StructType;
  /** The first watermarked input column (late-row filter), -1 without a watermark. */
  private readonly lateTimeIndex: number;
  /** The column whose time the state keeps for eviction, -1 when nothing is evicted. */
  private readonly evictionTimeIndex: number;
  private readonly delayMs: number;
  private readonly batchSeen = new Set<string>();
  private readonly late: LateRowsBuffer;
  /** Spark's operator metrics of the running batch (keys put, keys evicted), reported once committed. */
  private pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  private lastEvictionWatermarkMs = 0;
  /** The watermark of the last eviction scan, and the smallest state time written since: a scan is skipped when it cannot evict. */
  private lastScanWatermarkMs = Number.NEGATIVE_INFINITY;
  private minStoredSinceScan = Number.POSITIVE_INFINITY;

  constructor(
    private readonly exec: DeduplicateExec,
    private readonly store: StateStore<DeduplicateState> | null,
    private readonly outputMode: OutputMode | null,
    captureLateRows: boolean,
  ) {
    if (outputMode !== null && store === null) throw internalError(`streaming deduplicate operator ${exec.operatorId} has no state store`);
    this.description = exec.withinWatermark ? 'DeduplicateWithinWatermark' : 'Deduplicate';
    this.inputSchema = new StructType(exec.child.output.map((a) => new StructField(a.name, a.dataType, a.nullable)));
    const streaming = outputMode !== null;
    this.lateTimeIndex = streaming ? exec.child.output.findIndex((a) => a.watermarkDelayMs !== undefined) : -1;
    this.evictionTimeIndex = streaming && exec.eventTimeIndex !== undefined ? exec.eventTimeIndex : -1;
    this.delayMs = exec.delayMs ?? 0;
    this.late = new LateRowsBuffer(this.inputSchema, captureLateRows);
  }

  processBatch(batch: RecordBatch, ctx: BatchContext): RecordBatch[] {
    const n = batch.numRows;
    if (n === 0) return [];
    const input = fromRecordBatch(batch, this.inputSchema);
    const keyOf = compileKeyEncoder(this.exec.keyIndices.map((i) => input.columns[i]!));
    const kept = new Int32Array(n);
    let numKept = 0;
    const { store } = this;
    if (store === null || this.outputMode === null) {
      for (let i = 0; i < n; i++) {
        const key = keyOf(i);
        if (this.batchSeen.has(key)) continue;
        this.batchSeen.add(key);
        kept[numKept++] = i;
      }
    } else {
      const lateTime = this.lateTimeIndex >= 0 ? eventTimeMsReader(input.columns[this.lateTimeIndex]!) : undefined;
      const stateTime = this.evictionTimeIndex >= 0 ? eventTimeMsReader(input.columns[this.evictionTimeIndex]!) : undefined;
      const within = this.exec.withinWatermark;
      const lateWatermarkMs = ctx.lateWatermarkMs;
      let late: number[] | null = null;
      let minStored = this.minStoredSinceScan;
      for (let i = 0; i < n; i++) {
        if (lateTime !== undefined && lateTime(i) <= lateWatermarkMs) {
          (late ??= []).push(i);
          continue;
        }
        const key = keyOf(i);
        if (store.has(key)) continue;
        let value = 0;
        if (stateTime !== undefined) {
          const t = stateTime(i);
          const isNull = t === Number.POSITIVE_INFINITY;
          // within watermark a null event time reads as 0 like Spark's UnsafeRow.getLong, so it expires at `delay`;
          // a null key time is never evicted (Spark's predicate is null), kept as MAX_VALUE so the state stays JSON-safe
          value = within ? (isNull ? 0 : t) + this.delayMs : isNull ? Number.MAX_VALUE : t;
          if (value < minStored) minStored = value;
        }
        store.put(key, value);
        kept[numKept++] = i;
      }
      this.pendingStats.numRowsUpdated += numKept;
      this.minStoredSinceScan = minStored;
      if (late !== null) this.recordLate(input.columns, late);
    }
    if (numKept === n) return [batch];
    if (numKept === 0) return [];
    const rows = kept.subarray(0, numKept);
    return [toRecordBatch(this.inputSchema, input.columns.map((c) => takeRows(c, rows)), numKept)];
  }

  private recordLate(columns: readonly ColumnVector[], late: readonly number[]): void {
    this.late.record(late.length, columns, late);
  }

  onBatchEnd(ctx: BatchContext): RecordBatch[] {
    const { store } = this;
    if (store === null || this.outputMode === null) {
      this.batchSeen.clear();
      return [];
    }
    const watermarkMs = ctx.watermarkMs;
    if (this.evictionTimeIndex >= 0 && (watermarkMs > this.lastScanWatermarkMs || this.minStoredSinceScan <= watermarkMs)) {
      let removed = 0;
      for (const [key, time] of store.entries()) {
        if (time <= watermarkMs) {
          store.remove(key);
          removed++;
        }
      }
      this.pendingStats.numRowsRemoved += removed;
      this.lastScanWatermarkMs = watermarkMs;
      this.minStoredSinceScan = Number.POSITIVE_INFINITY;
    }
    this.lastEvictionWatermarkMs = watermarkMs;
    return [];
  }

  commit(version: number): void {
    if (this.store === null || this.outputMode === null) return;
    this.store.commit(version);
    this.lastStats = this.pendingStats;
    this.pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
  }

  abort(): void {
    this.store?.abort();
    this.batchSeen.clear();
    this.late.clear();
    this.pendingStats = { numRowsUpdated: 0, numRowsRemoved: 0 };
    // the store may be restored from the checkpoint before the next batch: scan it in full then
    this.lastScanWatermarkMs = Number.NEGATIVE_INFINITY;
  }

  /** Spark's shouldRunAnotherBatch: a watermark is defined upstream and it moved past the last eviction's. */
  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return this.lateTimeIndex >= 0 && nextWatermarkMs > this.lastEvictionWatermarkMs;
  }

  takeLateRows(): LateRows | null {
    return this.late.take();
  }

  stateProgress(): StateOperatorMetrics {
    const dropped = this.late.takeCount();
    return {
      operatorName: this.exec.withinWatermark ? 'dedupeWithinWatermark' : 'dedupe',
      numRowsTotal: this.store?.size ?? 0,
      numRowsUpdated: this.lastStats.numRowsUpdated,
      numRowsRemoved: this.lastStats.numRowsRemoved,
      memoryUsedBytes: this.store?.memoryUsedBytes(() => 16) ?? 0,
      numRowsDroppedByWatermark: dropped,
    };
  }
}

/**
 * The operator of a DeduplicateExec: `store` is the operator's state store (null for batch queries, whose outputMode is null).
 * @example
 * const op = createDeduplicateOperator(exec, new StateStore<DeduplicateState>('dedupe-0'), 'append');
 * op.processBatch(batch, { batchId: 0, watermarkMs: 0, lateWatermarkMs: 0, batchTimestampMs: 0 }, 0); // first rows per key
 */
export function createDeduplicateOperator(
  exec: DeduplicateExec,
  store: StateStore<DeduplicateState> | null,
  outputMode: OutputMode | null,
  captureLateRows = false,
): Operator {
  return new DeduplicateOperator(exec, store, outputMode, captureLateRows);
}
