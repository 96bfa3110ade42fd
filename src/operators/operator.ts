// The Operator contract: an incremental step of a physical plan, fed Arrow record batches by the runtime.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';

/** Facts about the micro-batch being run. */
export interface BatchContext {
  readonly batchId: number;
  /** The watermark for this batch (computed at the end of the previous one), epoch ms; 0 before any. Evicts state. */
  readonly watermarkMs: number;
  /** The watermark rows are judged late against (Spark 3.5: the previous batch's watermark for the first stateful operator). */
  readonly lateWatermarkMs: number;
  readonly batchTimestampMs: number;
}

/**
 * Per batch the runtime calls, bottom-up through the operator tree:
 *   onWatermark(ctx.watermarkMs)  → rows it releases (append-mode windows, expired state)
 *   processBatch(b) for each input batch → rows
 *   onBatchEnd()                  → rows (update / complete output of stateful operators)
 *   commit(batchId)               after the sink took the output
 */
export interface Operator {
  readonly description: string;
  /** Before the first batch (loads a join's static side). */
  open?(): Promise<void>;
  /** `inputIndex`: which child produced the batch (0 for single-input operators; 0 = left, 1 = right for joins). */
  processBatch(batch: RecordBatch, ctx: BatchContext, inputIndex: number): RecordBatch[];
  onWatermark?(watermarkMs: number, ctx: BatchContext): RecordBatch[];
  onBatchEnd?(ctx: BatchContext): RecordBatch[];
  commit?(version: number): void;
  /** A batch failed before commit: drop its state changes. */
  abort?(): void;
  /** Stateful operators: figures for progress.stateOperators (after commit). */
  stateProgress?(): StateOperatorMetrics;
  /** Whether a batch without new data is needed because the watermark moved to `nextWatermarkMs` (state to emit or evict). */
  needsNoDataBatch?(nextWatermarkMs: number): boolean;
  /** Rows dropped as late in this batch, when late-row capture is on (handed to the late-rows sink). */
  takeLateRows?(): LateRows | null;
}

/** Rows a stateful operator dropped as late, in its input schema. */
export interface LateRows {
  readonly schema: StructType;
  readonly batches: readonly RecordBatch[];
}

/** Watermark operators: event times seen in the batch (ms), for the watermark and progress.eventTime. */
export interface EventTimeStats {
  readonly maxMs: number;
  readonly minMs: number;
  readonly sumMs: number;
  readonly count: number;
}

/** Spark's StateOperatorProgress figures of one stateful operator. */
export interface StateOperatorMetrics {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
}
