// format 'memoryTable': batch reads of a table held in memory (a memory sink's output, session.createDataFrame rows).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { userError } from '../../common/errors.js';
import type { Offset, Source } from '../source.js';
import { registerSourceProvider } from '../source.js';

/** The shape of what the relation's handle holds: the memory sink's MemoryTable satisfies it. */
export interface InMemoryRows {
  readonly name: string;
  readonly schema: StructType;
  readonly batches: readonly RecordBatch[];
}

class MemoryTableSource implements Source {
  readonly description: string;
  readonly schema: StructType;

  constructor(private readonly table: InMemoryRows) {
    this.description = `MemoryTable[${table.name}]`;
    this.schema = table.schema;
  }

  async latestOffset(): Promise<Offset | null> {
    return this.table.batches.length;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    return this.table.batches.slice((start as number | null) ?? 0, end as number);
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}
}

function isInMemoryRows(x: unknown): x is InMemoryRows {
  return typeof x === 'object' && x !== null && 'batches' in x && 'schema' in x && 'name' in x;
}

registerSourceProvider({
  format: 'memoryTable',
  supportsStreaming: false,
  supportsBatch: true,
  resolveSchema(_options, userSchema) {
    if (!userSchema) throw userError('SCHEMA_REQUIRED', 'A memory table needs a schema');
    return userSchema;
  },
  describe(options) {
    return `MemoryTable[${options.name ?? ''}]`;
  },
  createSource(descriptor) {
    if (!isInMemoryRows(descriptor.handle)) throw userError('TABLE_NOT_FOUND', `No in-memory table behind ${descriptor.description}`);
    return new MemoryTableSource(descriptor.handle);
  },
});
