// format 'console': prints each batch like Spark's console sink — a 'Batch: N' banner and the show() table.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { recordBatchToRows } from '../../compute/arrow-bridge.js';
import { sinkIntegerOption, sinkTruncateOption } from '../sink-options.js';
import { registerSinkProvider } from '../sink.js';
import type { OutputMode, Sink, SinkContext, SinkProvider } from '../sink.js';
import { formatTable } from './format-table.js';

const BANNER_RULE = '-------------------------------------------';

/**
 * Writes every batch to `SinkContext.out`:
 * ```
 * -------------------------------------------
 * Batch: 0
 * -------------------------------------------
 * +---+
 * |  n|
 * ...
 * ```
 * followed by an empty line (show() prints the table with println, as Spark). Not idempotent: a re-run batch prints again.
 * @example new ConsoleSink({ numRows: 20, truncate: true }, ctx).addBatch(0, batches, schema, 'append')
 */
export class ConsoleSink implements Sink {
  readonly numRows: number;
  readonly truncate: boolean | number;
  private readonly ctx: SinkContext;

  constructor(options: { numRows: number; truncate: boolean | number }, ctx: SinkContext) {
    this.numRows = options.numRows;
    this.truncate = options.truncate;
    this.ctx = ctx;
  }

  get description(): string {
    return `ConsoleSink[numRows=${this.numRows}, truncate=${this.truncate}]`;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, _outputMode: OutputMode): Promise<void> {
    const wanted = this.numRows + 1;
    const rows: Record<string, unknown>[] = [];
    let totalRows = 0;
    for (const batch of batches) {
      totalRows += batch.numRows;
      if (rows.length >= wanted) continue;
      const part = batch.numRows > wanted - rows.length ? batch.slice(0, wanted - rows.length) : batch;
      for (const row of recordBatchToRows(part, schema)) rows.push(row);
    }
    const table = formatTable(rows, schema.fieldNames, {
      numRows: this.numRows,
      truncate: this.truncate,
      totalRows,
      types: schema.fields.map((f) => f.dataType),
      timeZone: this.ctx.timeZone,
    });
    this.ctx.out.write(`${BANNER_RULE}\nBatch: ${batchId}\n${BANNER_RULE}\n${table}\n`);
  }

  async stop(): Promise<void> {}
}

/**
 * format 'console': options numRows (default 20) and truncate (default true).
 * @example df.writeStream.format('console').option('truncate', 'false').start()
 */
export const consoleSinkProvider: SinkProvider = {
  format: 'console',
  createSink(options, ctx) {
    return new ConsoleSink({ numRows: sinkIntegerOption(options, 'numRows', 'console', 20), truncate: sinkTruncateOption(options, 'console') }, ctx);
  },
};

registerSinkProvider(consoleSinkProvider);
