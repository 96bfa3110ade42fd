// The Operator contract: an incremental step of a physical plan, fed Arrow record batches by the runtime.
import type { RecordBatch } from 'apache-arrow';

/** Facts about the micro-batch being run. */
export interface BatchContext {
  readonly batchId: number;
  /** The watermark for this batch (computed at the end of the previous one), epoch ms; 0 before any. */
  readonly watermarkMs: number;
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
  processBatch(batch: RecordBatch, ctx: BatchContext): RecordBatch[];
  onWatermark?(watermarkMs: number, ctx: BatchContext): RecordBatch[];
  onBatchEnd?(ctx: BatchContext): RecordBatch[];
  commit?(version: number): void;
}
