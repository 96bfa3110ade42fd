// MemoryStream: rows added from code (tests, demos) become a replayable stream; offset = number of rows added so far.
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { parseSchema } from '../../common/schema-parser.js';
import { userError } from '../../common/errors.js';
import { rowsToRecordBatch } from '../../compute/arrow-bridge.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { registerSourceProvider } from '../source.js';
import type { Offset, Source, SourceContext, SourceProvider } from '../source.js';

interface AddedChunk {
  /** Offset of the chunk's first row. */
  readonly start: number;
  readonly batch: RecordBatch;
}

let nextStreamId = 0;

/**
 * An in-memory stream of rows, like Spark's MemoryStream: each addData call becomes one record batch, and the
 * offset is the number of rows added so far. All data is kept so any range can be replayed (and two queries, or a
 * self-union, can read the same stream).
 * @example
 * const input = MemoryStream.create('word STRING, n INT');
 * input.addData([{ word: 'a', n: 1 }, { word: 'b', n: 2 }]); // 2
 */
export class MemoryStream {
  readonly schema: StructType;
  /** A process-unique id, shown in descriptions (`MemoryStream[id=0]`). */
  readonly id: number;
  private readonly chunks: AddedChunk[] = [];
  private rowCount = 0;
  private added = false;

  constructor(schema: StructType) {
    this.schema = schema;
    this.id = nextStreamId++;
  }

  /** A stream with a schema given as a StructType or a DDL string. */
  static create(schema: StructType | string): MemoryStream {
    return new MemoryStream(typeof schema === 'string' ? parseSchema(schema) : schema);
  }

  /** Appends rows (plain objects keyed by column name, JS values as collect() returns them); returns the new offset. */
  addData(rows: readonly Record<string, unknown>[]): number {
    if (!Array.isArray(rows)) {
      throw userError('INVALID_ARGUMENT', `MemoryStream.addData expects an array of rows, got ${typeof rows}`);
    }
    this.added = true;
    if (rows.length > 0) {
      this.chunks.push({ start: this.rowCount, batch: rowsToRecordBatch(this.schema, rows) });
      this.rowCount += rows.length;
    }
    return this.rowCount;
  }

  /** The offset after the last addData, or null if addData was never called. */
  get latestOffset(): number | null {
    return this.added ? this.rowCount : null;
  }

  get description(): string {
    return `MemoryStream[${this.schema.fieldNames.join(',')}]`;
  }

  /** Rows [start, end) as record batches, one (slice) per addData call that overlaps the range. */
  batchesBetween(start: number, end: number): RecordBatch[] {
    if (start < 0 || end > this.rowCount || start > end) {
      throw userError('INVALID_OFFSET', `MemoryStream has no rows between offsets ${start} and ${end} (it holds ${this.rowCount} rows)`);
    }
    const out: RecordBatch[] = [];
    for (const chunk of this.chunks) {
      const chunkEnd = chunk.start + chunk.batch.numRows;
      if (chunkEnd <= start) continue;
      if (chunk.start >= end) break;
      const from = Math.max(start, chunk.start) - chunk.start;
      const to = Math.min(end, chunkEnd) - chunk.start;
      out.push(from === 0 && to === chunk.batch.numRows ? chunk.batch : chunk.batch.slice(from, to));
    }
    return out;
  }
}

/**
 * The Source over a MemoryStream for one query.
 * @example new MemoryStreamSource(MemoryStream.create('a INT')).latestOffset(null)
 */
export class MemoryStreamSource implements Source {
  readonly stream: MemoryStream;

  constructor(stream: MemoryStream) {
    this.stream = stream;
  }

  get description(): string {
    return this.stream.description;
  }

  get schema(): StructType {
    return this.stream.schema;
  }

  async latestOffset(_start: Offset | null): Promise<Offset | null> {
    return this.stream.latestOffset;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    return this.stream.batchesBetween(start === null ? 0 : rowOffset(start), rowOffset(end));
  }

  async commit(_end: Offset): Promise<void> {}

  async stop(): Promise<void> {}
}

function rowOffset(offset: Offset): number {
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  throw userError('INVALID_OFFSET', `A MemoryStream offset must be a row count, got ${JSON.stringify(offset)}`);
}

/**
 * format 'memory' (sources): the relation over a MemoryStream; the API puts the stream in `descriptor.handle`.
 * @example lookupSourceProvider('memory')!.createSource({ format: 'memory', options: {}, schema, handle: stream, description: '' }, ctx)
 */
export const memoryStreamProvider: SourceProvider = {
  format: 'memory',
  supportsStreaming: true,
  supportsBatch: false,
  resolveSchema(_options, userSchema) {
    if (userSchema === undefined) {
      throw userError('MEMORY_STREAM_REQUIRED', "The 'memory' source reads a MemoryStream: create one with MemoryStream.create(schema) and use its toDF()");
    }
    return userSchema;
  },
  describe() {
    return 'MemoryStream';
  },
  createSource(descriptor: SourceDescriptor, _ctx: SourceContext): Source {
    if (!(descriptor.handle instanceof MemoryStream)) {
      throw userError('MEMORY_STREAM_REQUIRED', "The 'memory' source needs a MemoryStream: create one with MemoryStream.create(schema)");
    }
    return new MemoryStreamSource(descriptor.handle);
  },
};

registerSourceProvider(memoryStreamProvider);
