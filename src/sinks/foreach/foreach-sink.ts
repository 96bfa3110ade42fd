// ForeachSink: hands every output row to a user ForeachWriter (open → process each row → close), like Spark's foreach.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { recordBatchToRows } from '../../compute/arrow-bridge.js';
import type { OutputMode, Sink } from '../sink.js';

/**
 * The user's per-row writer. For each batch: `open(0, batchId)`; when it returns true (or is absent) `process` gets each
 * row as collect() returns it; then `close(null)`, or `close(error)` when open/process failed (the error is rethrown).
 * Like Spark, a re-run batch calls the writer again with the same epochId: use it to deduplicate.
 * @example
 * df.writeStream.foreach({ process: (row) => console.log(row) }).start()
 */
export interface ForeachWriter {
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  process(row: Record<string, unknown>): void | Promise<void>;
  close?(error: Error | null): void | Promise<void>;
}

/**
 * The sink behind `writeStream.foreach(writer)`: one partition (id 0) per batch.
 * @example new ForeachSink({ process: (row) => seen.push(row) })
 */
export class ForeachSink implements Sink {
  readonly description = 'ForeachSink';
  readonly writer: ForeachWriter;

  constructor(writer: ForeachWriter) {
    this.writer = writer;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, _outputMode: OutputMode): Promise<void> {
    const writer = this.writer;
    try {
      const accepted = writer.open === undefined ? true : await writer.open(0, batchId);
      if (accepted) {
        for (const batch of batches) {
          for (const row of recordBatchToRows(batch, schema)) await writer.process(row);
        }
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (writer.close !== undefined) await writer.close(failure);
      throw error;
    }
    if (writer.close !== undefined) await writer.close(null);
  }

  async stop(): Promise<void> {}
}
