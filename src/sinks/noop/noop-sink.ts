// format 'noop': accepts every batch and writes nothing (Spark's noop format, for benchmarks and dry runs).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { registerSinkProvider } from '../sink.js';
import type { OutputMode, Sink, SinkProvider } from '../sink.js';

/**
 * Discards its input; the query still runs the whole plan.
 * @example df.writeStream.format('noop').start()
 */
export class NoopSink implements Sink {
  readonly description = 'NoopSink';

  async addBatch(_batchId: number, _batches: readonly RecordBatch[], _schema: StructType, _outputMode: OutputMode): Promise<void> {}

  async stop(): Promise<void> {}
}

/**
 * format 'noop' (no options).
 * @example lookupSinkProvider('noop')!.createSink({}, ctx)
 */
export const noopSinkProvider: SinkProvider = {
  format: 'noop',
  createSink() {
    return new NoopSink();
  },
};

registerSinkProvider(noopSinkProvider);
