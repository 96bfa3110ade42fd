// format 'json' (sink): one JSON Lines file per batch under `path`, written atomically so a re-run batch overwrites its own file.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { DataType, StructType } from '../../common/data-types.js';
import { assertNever, externalError, userError } from '../../common/errors.js';
import { fromRecordBatch } from '../../compute/arrow-bridge.js';
import { formatEpochDays } from '../../compute/column-vector.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import { sinkOption } from '../sink-options.js';
import { registerSinkProvider } from '../sink.js';
import type { OutputMode, Sink, SinkContext, SinkProvider } from '../sink.js';
import { isoTimestamp, javaDoubleString, javaFloatString } from '../value-text.js';

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

/** The file a batch goes to: `part-<batchId padded to 5>-<n>.json`. */
export function jsonPartFileName(batchId: number, index = 0): string {
  return `part-${String(batchId).padStart(5, '0')}-${index}.json`;
}

/**
 * Appends each batch's rows as JSON Lines to `<path>/part-<batchId>-0.json`, written to a hidden `.tmp` file first
 * and renamed, so readers never see half a file and a re-run of a batchId replaces the file instead of adding one.
 * Values as Spark's JSON writer: null fields omitted, timestamps `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session
 * zone, dates `yyyy-MM-dd`, doubles as Java prints them, binary as base64. An empty batch writes no file.
 * @example df.writeStream.format('json').option('path', '/data/out').option('checkpointLocation', '/data/cp').start()
 */
export class JsonFileSink implements Sink {
  readonly path: string;
  private readonly timeZone: string;

  constructor(path: string, ctx: SinkContext) {
    this.path = path;
    this.timeZone = ctx.timeZone;
  }

  get description(): string {
    return `FileSink[${this.path}]`;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, outputMode: OutputMode): Promise<void> {
    checkJsonSinkOutputMode(outputMode);
    const lines: string[] = [];
    for (const batch of batches) {
      if (batch.numRows === 0) continue;
      const columns = fromRecordBatch(batch, schema).columns;
      for (let i = 0; i < batch.numRows; i++) lines.push(rowJson(schema, columns, i, this.timeZone));
    }
    if (lines.length === 0) return;
    const name = jsonPartFileName(batchId);
    const temp = join(this.path, `.${name}.tmp`);
    try {
      await mkdir(this.path, { recursive: true });
      await writeFile(temp, lines.join('\n') + '\n', 'utf8');
      await rename(temp, join(this.path, name));
    } catch (error) {
      await rm(temp, { force: true });
      const reason = error instanceof Error ? error.message : String(error);
      throw externalError('FILE_WRITE_FAILED', `Could not write batch ${batchId} of the json sink to ${join(this.path, name)}: ${reason}`, { cause: error });
    }
  }

  async stop(): Promise<void> {}
}

/** One row of top-level column vectors as a JSON object (null fields left out). */
function rowJson(schema: StructType, columns: readonly ColumnVector[], i: number, timeZone: string): string {
  let out = '{';
  let first = true;
  for (let c = 0; c < columns.length; c++) {
    const v = columns[c]!;
    if (v.nulls !== null && v.nulls[i] === 1) continue;
    const field = schema.fields[c]!;
    const raw = v.dataType.kind === 'struct' ? structRow(v, i) : (v.values as ArrayLike<unknown>)[i];
    out += `${first ? '' : ','}${JSON.stringify(field.name)}:${jsonValue(field.dataType, raw, timeZone)}`;
    first = false;
  }
  return out + '}';
}

/** Row i of a struct vector as an object of internal values (null children as null). */
function structRow(v: ColumnVector, i: number): Record<string, unknown> {
  const type = v.dataType as StructType;
  const out: Record<string, unknown> = {};
  type.fields.forEach((f, k) => {
    const child = v.fields![k]!;
    out[f.name] = child.nulls !== null && child.nulls[i] === 1 ? null : child.dataType.kind === 'struct' ? structRow(child, i) : (child.values as ArrayLike<unknown>)[i];
  });
  return out;
}

/** An internal value (column-vector.ts conventions) as JSON text. */
function jsonValue(type: DataType, raw: unknown, timeZone: string): string {
  if (raw === null || raw === undefined) return 'null';
  switch (type.kind) {
    case 'null': return 'null';
    case 'boolean': return raw === 1 || raw === true ? 'true' : 'false';
    case 'int': case 'long': return String(raw);
    case 'float': return finiteOrQuoted(raw as number, javaFloatString);
    case 'double': return finiteOrQuoted(raw as number, javaDoubleString);
    case 'decimal': return (raw as number).toFixed(type.scale);
    case 'string': return JSON.stringify(raw);
    case 'binary': return JSON.stringify(Buffer.from(raw as Uint8Array).toString('base64'));
    case 'date': return JSON.stringify(formatEpochDays(raw as number));
    case 'timestamp': return JSON.stringify(isoTimestamp(raw as number, timeZone));
    case 'array': return `[${(raw as unknown[]).map((e) => jsonValue(type.elementType, e, timeZone)).join(',')}]`;
    case 'map': {
      const parts: string[] = [];
      for (const [k, e] of raw as Map<unknown, unknown>) parts.push(`${JSON.stringify(mapKeyText(type.keyType, k, timeZone))}:${jsonValue(type.valueType, e, timeZone)}`);
      return `{${parts.join(',')}}`;
    }
    case 'struct': {
      const row = raw as Record<string, unknown>;
      const parts: string[] = [];
      for (const f of type.fields) {
        const e = row[f.name];
        if (e !== null && e !== undefined) parts.push(`${JSON.stringify(f.name)}:${jsonValue(f.dataType, e, timeZone)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default: return assertNever(type, 'data type');
  }
}

/** NaN and ±Infinity are not JSON numbers: written as strings, as Jackson does by default. */
function finiteOrQuoted(x: number, format: (x: number) => string): string {
  return Number.isFinite(x) ? format(x) : JSON.stringify(format(x));
}

function mapKeyText(type: DataType, key: unknown, timeZone: string): string {
  if (type.kind === 'string') return String(key);
  const text = jsonValue(type, key, timeZone);
  return text.startsWith('"') ? (JSON.parse(text) as string) : text;
}

/**
 * format 'json' (sink): option path (required); append mode only.
 * @example lookupSinkProvider('json')!.createSink({ path: '/tmp/out' }, ctx)
 */
export const jsonFileSinkProvider: SinkProvider = {
  format: 'json',
  createSink(options, ctx) {
    const path = sinkOption(options, 'path');
    if (path === undefined || path === '') {
      throw userError('PATH_REQUIRED', "'path' is not specified for the json sink", { hint: "set it with .option('path', '/some/dir') or .start('/some/dir')" });
    }
    return new JsonFileSink(path, ctx);
  },
};

registerSinkProvider(jsonFileSinkProvider);
