// DataStreamReader (session.readStream) and DataFrameReader (session.read): format, options, schema, load.
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import { parseSchema } from '../common/schema-parser.js';
import { relation } from '../planner/logical/builder.js';
import { lookupSourceProvider, sourceFormats } from '../sources/source.js';
import type { SourceProvider } from '../sources/source.js';
import { DataFrame } from './data-frame.js';
import type { Session } from './session.js';

abstract class ReaderBase<Self extends ReaderBase<Self>> {
  protected sourceFormat: string | undefined;
  protected readonly sourceOptions: Record<string, string> = {};
  protected userSchema: StructType | undefined;

  constructor(protected readonly session: Session) {}

  protected abstract readonly streaming: boolean;

  /** The source format: 'rate', 'json', 'sales', 'memory', … */
  format(source: string): Self {
    this.sourceFormat = source;
    return this as unknown as Self;
  }

  /** One option; values are kept as strings, like Spark. */
  option(key: string, value: string | number | boolean): Self {
    this.sourceOptions[key] = String(value);
    return this as unknown as Self;
  }

  options(options: Readonly<Record<string, string | number | boolean>>): Self {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this as unknown as Self;
  }

  /** The schema, as a StructType or a DDL string ('event_id STRING, price INT'). */
  schema(schema: StructType | string): Self {
    this.userSchema = typeof schema === 'string' ? parseSchema(schema) : schema;
    return this as unknown as Self;
  }

  /** Creates the DataFrame; `path` is the directory or file for file formats. */
  load(path?: string): DataFrame {
    const format = this.sourceFormat;
    if (format === undefined) {
      throw userError('FORMAT_REQUIRED', `No source format given: call format(name) before load(), e.g. format('json'). Available formats: ${userFormats().join(', ')}`);
    }
    const provider = lookupSourceProvider(format);
    if (!provider || provider.format === 'memoryTable') {
      throw userError('UNKNOWN_FORMAT', `Failed to find data source: ${format}. Available formats: ${userFormats().join(', ')}`);
    }
    this.checkMode(provider);
    const fullPath = path ?? this.sourceOptions.path;
    const schema = !this.streaming && provider.resolveBatchSchema
      ? provider.resolveBatchSchema(this.sourceOptions, this.userSchema, fullPath)
      : provider.resolveSchema(this.sourceOptions, this.userSchema, fullPath);
    const description = provider.describe(this.sourceOptions, fullPath);
    return new DataFrame(this.session, relation({ format: provider.format, options: { ...this.sourceOptions }, schema, path: fullPath, description }, this.streaming));
  }

  /** format('json').load(path) */
  json(path: string): DataFrame {
    return this.format('json').load(path);
  }

  private checkMode(provider: SourceProvider): void {
    if (this.streaming && !provider.supportsStreaming) {
      throw userError('STREAMING_NOT_SUPPORTED', `Data source ${provider.format} does not support streamed reading`, { hint: 'use session.read for a batch read' });
    }
    if (!this.streaming && !provider.supportsBatch) {
      throw userError('BATCH_NOT_SUPPORTED', `Data source ${provider.format} does not support batch reading`, { hint: 'use session.readStream' });
    }
  }
}

function userFormats(): string[] {
  return sourceFormats().filter((f) => f !== 'memorytable');
}

/**
 * Reads a stream.
 * @example session.readStream.format('rate').option('rowsPerSecond', 100).load()
 */
export class DataStreamReader extends ReaderBase<DataStreamReader> {
  protected readonly streaming = true;
}

/**
 * Reads batch data.
 * @example await session.read.format('json').load('/tmp/out').collect()
 */
export class DataFrameReader extends ReaderBase<DataFrameReader> {
  protected readonly streaming = false;
}
