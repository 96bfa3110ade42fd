// ForeachBatchSink: calls a user function with each batch's id and rows (the API wraps it to hand over a DataFrame).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import type { OutputMode, Sink } from '../sink.js';

/** The function behind `writeStream.foreachBatch(fn)`, at the Arrow level. */
export type ForeachBatchFunction = (batchId: number, batches: readonly RecordBatch[], schema: StructType) => void | Promise<void>;

/**
 * Runs the user's function once per batch (including empty batches), awaiting it; its errors propagate unchanged and
 * stop the query. Like Spark, a re-run batch calls it again with the same batchId: use the id to deduplicate.
 * @example new ForeachBatchSink(async (batchId, batches) => { await store(batchId, batches) })
 */
export class ForeachBatchSink implements Sink {
  readonly description = 'ForeachBatchSink';
  readonly fn: ForeachBatchFunction;

  constructor(fn: ForeachBatchFunction) {
    this.fn = fn;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, _outputMode: OutputMode): Promise<void> {
    await this.fn(batchId, batches, schema);
  }

  async stop(): Promise<void> {}
}
