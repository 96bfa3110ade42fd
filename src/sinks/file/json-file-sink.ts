// format 'json' (sink): one JSON Lines file per batch under `path`, written atomically so a re-run batch overwrites its own file.
import { existsSync } from 'node:fs';
import { writeEntry, writeFileAtomic } from '../../state/checkpoint-files.js';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { externalError, userError } from '../../common/errors.js';
import { fromRecordBatch } from '../../compute/arrow-bridge.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import { compileJsonWriter } from '../../compute/json/json-write.js';
import type { JsonRowWriter, JsonWriteOptions } from '../../compute/json/json-write.js';
import { sinkOption } from '../sink-options.js';
import { registerSinkProvider } from '../sink.js';
import type { OutputMode, Sink, SinkProvider } from '../sink.js';

/**
 * Throws Spark's error for an output mode the json sink cannot do (only append is supported).
 * @example checkJsonSinkOutputMode('update') // throws "Data source json does not support Update output mode"
 */
export function checkJsonSinkOutputMode(mode: OutputMode): void {
  if (mode === 'append') return;
  const name = mode === 'update' ? 'Update' : 'Complete';
  throw userError('UNSUPPORTED_OUTPUT_MODE', `Data source json does not support ${name} output mode`, {
    hint: "the file sinks only append rows: use outputMode('append'), or write aggregates with a watermark in append mode",
  });
}

/**
 * Where the sink records each committed batch: `_brook_metadata/<batchId>` lists the batch's files. Readers of the
 * folder (session.read.format('json'), a json stream) see only files listed there, so the files of a batch that was
 * interrupted are never read, and a replayed batch is not written twice.
 */
export const SINK_METADATA_FOLDER = '_brook_metadata';

/** The file a batch goes to: `part-<batchId padded to 5>-<n>.json`. */
export function jsonPartFileName(batchId: number, index = 0): string {
  return `part-${String(batchId).padStart(5, '0')}-${index}.json`;
}

/**
 * Appends each batch's rows as JSON Lines to `<path>/part-<batchId>-0.json` (written atomically), then commits the
 * batch in `_brook_metadata/<batchId>`; a batch id already committed is skipped, so the sink is idempotent per batch.
 * Values as Spark's JSON writer (the to_json writer of compute/json): null fields omitted, timestamps
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session zone, dates `yyyy-MM-dd`. An empty batch writes no file.
 * @example df.writeStream.format('json').option('path', '/data/out').option('checkpointLocation', '/data/cp').start()
 */
export class JsonFileSink implements Sink {
  readonly path: string;
  private readonly writeOptions: JsonWriteOptions;
  private writer: { schema: StructType; write: JsonRowWriter } | undefined;

  constructor(path: string, writeOptions: JsonWriteOptions) {
    this.path = path;
    this.writeOptions = writeOptions;
  }

  /** The to_json writer for the batch's row type, compiled once per schema. */
  private writerFor(schema: StructType): JsonRowWriter {
    if (this.writer === undefined || this.writer.schema !== schema) this.writer = { schema, write: compileJsonWriter(schema, this.writeOptions) };
    return this.writer.write;
  }

  get description(): string {
    return `FileSink[${this.path}]`;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, outputMode: OutputMode): Promise<void> {
    checkJsonSinkOutputMode(outputMode);
    const lines: string[] = [];
    const write = this.writerFor(schema);
    for (const batch of batches) {
      const n = batch.numRows;
      if (n === 0) continue;
      const row: ColumnVector = { dataType: schema, length: n, values: [], nulls: null, fields: fromRecordBatch(batch, schema).columns };
      for (let i = 0; i < n; i++) lines.push(write(row, i));
    }
    const manifest = join(this.path, SINK_METADATA_FOLDER, String(batchId));
    // a batch whose manifest exists is committed: a replay of it (after a crash) writes nothing again
    if (existsSync(manifest)) return;
    const name = jsonPartFileName(batchId);
    try {
      if (lines.length > 0) writeFileAtomic(join(this.path, name), lines.join('\n') + '\n');
      writeEntry(manifest, { batchId, files: lines.length > 0 ? [name] : [] });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw externalError('FILE_WRITE_FAILED', `Could not write batch ${batchId} of the json sink to ${join(this.path, name)}: ${reason}`, { cause: error });
    }
  }

  async stop(): Promise<void> {}
}

/**
 * format 'json' (sink): option path (required; checked first, then the output mode); timestampFormat, dateFormat, timeZone, ignoreNullFields as Spark's
 * JSON writer; append mode only.
 * @example lookupSinkProvider('json')!.createSink({ path: '/tmp/out' }, ctx)
 */
export const jsonFileSinkProvider: SinkProvider = {
  format: 'json',
  createSink(options, ctx) {
    const path = sinkOption(options, 'path');
    if (path === undefined || path === '') {
      throw userError('PATH_REQUIRED', "'path' is not specified for the json sink", { hint: "set it with .option('path', '/some/dir') or .start('/some/dir')" });
    }
    checkJsonSinkOutputMode(ctx.outputMode);
    const ignoreNullFields = sinkOption(options, 'ignoreNullFields');
    return new JsonFileSink(path, {
      timeZone: sinkOption(options, 'timeZone') ?? ctx.timeZone,
      timestampFormat: sinkOption(options, 'timestampFormat'),
      dateFormat: sinkOption(options, 'dateFormat'),
      ignoreNullFields: ignoreNullFields === undefined ? true : ignoreNullFields.trim().toLowerCase() !== 'false',
    });
  },
};

registerSinkProvider(jsonFileSinkProvider);
