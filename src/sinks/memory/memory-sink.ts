// format 'memory': keeps each query's output as a session table named by queryName; idempotent per batchId.
import type { RecordBatch } from 'apache-arrow';
import { StructType } from '../../common/data-types.js';
import { assertNever, userError } from '../../common/errors.js';
import { registerSinkProvider } from '../sink.js';
import type { MemoryTable, OutputMode, Sink, SinkContext, SinkProvider } from '../sink.js';

/**
 * Writes into `SinkContext.memoryTables` under the query name: append and update modes add the batch's rows,
 * complete mode replaces the table's contents (as Spark's MemorySink). A batchId not greater than the last one
 * written is ignored, so a re-run batch is not added twice. The table is created (empty) when the sink is.
 * @example df.writeStream.format('memory').queryName('totals').outputMode('complete').start()
 */
export class MemorySink implements Sink {
  readonly table: MemoryTable;
  private lastBatchId: number | undefined;

  constructor(queryName: string, ctx: SinkContext) {
    this.table = { name: queryName, schema: new StructType(), batches: [] };
    ctx.memoryTables.set(queryName, this.table);
  }

  get description(): string {
    return `MemorySink[${this.table.name}]`;
  }

  /** The id of the last batch written, or undefined before the first. */
  get latestBatchId(): number | undefined {
    return this.lastBatchId;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, outputMode: OutputMode): Promise<void> {
    if (this.lastBatchId !== undefined && batchId <= this.lastBatchId) return;
    const nonEmpty = batches.filter((b) => b.numRows > 0);
    this.table.schema = schema;
    switch (outputMode) {
      case 'append':
      case 'update':
        this.table.batches.push(...nonEmpty);
        break;
      case 'complete':
        this.table.batches = [...nonEmpty];
        break;
      default:
        assertNever(outputMode, 'output mode');
    }
    this.lastBatchId = batchId;
  }

  async stop(): Promise<void> {}
}

/**
 * format 'memory': needs a query name (`queryName('t')`), which becomes the table's name.
 * @example lookupSinkProvider('memory')!.createSink({}, { ...ctx, queryName: 'totals' })
 */
export const memorySinkProvider: SinkProvider = {
  format: 'memory',
  createSink(_options, ctx) {
    if (ctx.queryName === undefined || ctx.queryName === '') {
      throw userError('QUERY_NAME_REQUIRED', 'queryName must be specified for memory sink');
    }
    return new MemorySink(ctx.queryName, ctx);
  },
};

registerSinkProvider(memorySinkProvider);
