// format 'json' (source): JSON Lines files in a directory, new files admitted in modification-time order; offset = files admitted.
import { numberedEntries, readEntry } from '../../state/checkpoint-files.js';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../../common/data-types.js';
import { externalError, userError } from '../../common/errors.js';
import { emptyRecordBatch, toRecordBatch } from '../../compute/arrow-bridge.js';
import { takeRows } from '../../compute/column-vector.js';
import { compileJsonParser } from '../../compute/json/json-parse.js';
import type { JsonColumnParser } from '../../compute/json/json-parse.js';
import type { SourceDescriptor } from '../../planner/logical/plan.js';
import { choiceOption, optionalIntegerOption } from '../source-options.js';
import { optionOf, registerSourceProvider } from '../source.js';
import type { Offset, Source, SourceContext, SourceProvider } from '../source.js';
import { JsonSchemaInference } from './json-schema-inference.js';
import type { JsonParseMode } from './json-schema-inference.js';

/** The parsed options of a json file source. */
export interface JsonFileOptions {
  readonly path: string;
  readonly mode: JsonParseMode;
  readonly columnNameOfCorruptRecord: string;
  readonly maxFilesPerTrigger: number | undefined;
  readonly timestampFormat: string | undefined;
  readonly dateFormat: string | undefined;
  /** Zone for timestamps without one: option timeZone, else the session's. */
  readonly timeZone: string | undefined;
}

/**
 * Checks the json source's options; the path comes from load(path) or option 'path'.
 * @example parseJsonFileOptions({ mode: 'FAILFAST' }, '/data/in').mode // 'FAILFAST'
 */
export function parseJsonFileOptions(options: Readonly<Record<string, string>>, path: string | undefined): JsonFileOptions {
  const where = path ?? optionOf(options, 'path');
  if (where === undefined || where === '') {
    throw userError('PATH_REQUIRED', "'path' is not specified for the json source", { hint: "call .load('/some/dir') or set .option('path', ...)" });
  }
  return {
    path: where,
    mode: choiceOption(options, 'mode', 'json', ['PERMISSIVE', 'FAILFAST', 'DROPMALFORMED'] as const, 'PERMISSIVE'),
    columnNameOfCorruptRecord: optionOf(options, 'columnNameOfCorruptRecord') ?? '_corrupt_record',
    maxFilesPerTrigger: optionalIntegerOption(options, 'maxFilesPerTrigger', 'json'),
    timestampFormat: optionOf(options, 'timestampFormat'),
    dateFormat: optionOf(options, 'dateFormat'),
    timeZone: optionOf(options, 'timeZone'),
  };
}

function pathNotFound(path: string): never {
  throw userError('PATH_NOT_FOUND', `Path does not exist: ${path}`);
}

/** Data files are the directory's plain files, without hidden ('.x', '_x') and in-progress ('*.tmp') ones. */
function isDataFileName(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('_') && !name.endsWith('.tmp');
}

/**
 * The data files under `path` ordered by modification time, then name; a file path lists just that file.
 * @example listJsonFiles('/data/in') // ['/data/in/a.json', '/data/in/b.json']
 */
export function listJsonFiles(path: string): string[] {
  if (!existsSync(path)) pathNotFound(path);
  const stat = statSync(path);
  if (stat.isFile()) return [path];
  const committed = committedSinkFiles(path);
  if (committed) return committed;
  const found: { file: string; name: string; mtimeMs: number }[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (!entry.isFile() || !isDataFileName(entry.name)) continue;
    const file = join(path, entry.name);
    try {
      found.push({ file, name: entry.name, mtimeMs: statSync(file).mtimeMs });
    } catch {
      // The file vanished between the listing and the stat: it is simply not there.
    }
  }
  found.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return found.map((f) => f.file);
}

/**
 * A folder written by brook's json sink has `_brook_metadata/<batchId>` manifests: only the files they list are
 * committed (in batch order); anything else is from a batch that was interrupted. Null for other folders.
 */
function committedSinkFiles(path: string): string[] | null {
  const metadata = join(path, '_brook_metadata');
  if (!existsSync(metadata)) return null;
  const files: string[] = [];
  for (const batchId of numberedEntries(metadata)) {
    const entry = readEntry<{ files: string[] }>(join(metadata, String(batchId)));
    if (!entry.ok) continue; // a manifest cut short by a crash: its batch is not committed
    for (const name of entry.value.files) {
      const file = join(path, name);
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

/** The non-blank lines of a JSON Lines text, with their 1-based line numbers. */
export function jsonLines(text: string): { lines: string[]; lineNumbers: number[] } {
  const lines: string[] = [];
  const lineNumbers: number[] = [];
  const raw = text.split('\n');
  for (let k = 0; k < raw.length; k++) {
    let line = raw[k]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    lines.push(line);
    lineNumbers.push(k + 1);
  }
  return { lines, lineNumbers };
}

function failFast(file: string, lineNumber: number, line: string): never {
  const shown = line.length > 200 ? `${line.slice(0, 200)}...` : line;
  throw externalError('MALFORMED_RECORD', `Malformed JSON record in file ${file} at line ${lineNumber}: '${shown}'. Parse Mode: FAILFAST.`, {
    hint: "to turn malformed records into nulls, set the option 'mode' to 'PERMISSIVE' (or 'DROPMALFORMED' to skip them)",
  });
}

/**
 * Spark's JSON schema inference over the files at `path` (batch reads without a schema): integers bigint, decimals
 * double, strings, booleans, objects as structs with fields sorted by name, arrays, conflicts widened or string;
 * columns sorted by name; a malformed line adds the corrupt-record column in PERMISSIVE mode.
 * @example inferJsonFileSchema('/data/in', {}).toDDL() // 'price BIGINT, product STRING'
 */
export function inferJsonFileSchema(path: string, options: Readonly<Record<string, string>>): StructType {
  const o = parseJsonFileOptions(options, path);
  const inference = new JsonSchemaInference(o.mode, o.columnNameOfCorruptRecord);
  for (const file of listJsonFiles(o.path)) {
    const { lines, lineNumbers } = jsonLines(readFileSync(file, 'utf8'));
    for (let k = 0; k < lines.length; k++) {
      const bad = inference.add(lines[k]!, lineNumbers[k]!);
      if (bad !== null) failFast(file, bad.lineNumber, bad.text);
    }
  }
  if (inference.isEmpty) {
    throw userError('UNABLE_TO_INFER_SCHEMA', `Unable to infer schema for JSON at ${o.path}. It must be specified manually.`, {
      hint: "give the schema with .schema('a INT, b STRING')",
    });
  }
  return inference.schema();
}

/**
 * A stream over the JSON Lines files of a directory. Each latestOffset lists the directory and appends files not seen
 * before to the admitted list (modification time, then name); the offset is how many admitted files the batches
 * cover, at most maxFilesPerTrigger more per batch. `prepareForTriggerAvailableNow` fixes the list at that moment.
 *   latestOffset(start):  admitted += new files in (mtime, name) order;  return min(admitted, start + maxFilesPerTrigger)
 *   getBatch(start, end): parse admitted[start .. end), one record batch per file
 * @example new JsonFileSource(parseJsonFileOptions({}, '/data/in'), schema, 'UTC')
 */
export class JsonFileSource implements Source {
  readonly options: JsonFileOptions;
  readonly schema: StructType;
  private readonly parse: JsonColumnParser;
  private readonly admitted: string[] = [];
  private readonly seen = new Set<string>();
  private availableNowEnd: number | undefined;

  constructor(options: JsonFileOptions, schema: StructType, timeZone: string) {
    this.options = options;
    this.schema = schema;
    // Always PERMISSIVE: the modes are applied per file below, so FAILFAST can name the file and line.
    this.parse = compileJsonParser(schema, {
      mode: 'PERMISSIVE',
      columnNameOfCorruptRecord: options.columnNameOfCorruptRecord,
      timestampFormat: options.timestampFormat,
      dateFormat: options.dateFormat,
      timeZone: options.timeZone ?? timeZone,
    });
  }

  get description(): string {
    return `FileStreamSource[${this.options.path}]`;
  }

  /** The files admitted so far, in order (offset n covers the first n). */
  admittedFiles(): readonly string[] {
    return this.admitted;
  }

  /** Restores the admitted list (e.g. from a checkpoint) before the first latestOffset. */
  restoreAdmittedFiles(files: readonly string[]): void {
    for (const file of files) this.admit(file);
  }

  /** The admitted files, kept by the checkpoint with each batch (offsets count into this list). */
  checkpointState(): unknown {
    return { files: [...this.admitted] };
  }

  restoreCheckpointState(state: unknown): void {
    const files = (state as { files?: unknown } | null)?.files;
    if (Array.isArray(files)) this.restoreAdmittedFiles(files.map(String));
  }

  private admit(file: string): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    this.admitted.push(file);
  }

  private refresh(): void {
    if (this.availableNowEnd !== undefined) return;
    for (const file of listJsonFiles(this.options.path)) this.admit(file);
  }

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    const from = start === null ? 0 : fileOffset(start);
    this.refresh();
    let end = this.availableNowEnd ?? this.admitted.length;
    if (this.options.maxFilesPerTrigger !== undefined) end = Math.min(end, from + this.options.maxFilesPerTrigger);
    end = Math.max(end, from);
    return start === null && end === 0 ? null : end;
  }

  async getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]> {
    const from = start === null ? 0 : fileOffset(start);
    const to = fileOffset(end);
    if (to > this.admitted.length) this.refresh();
    if (to > this.admitted.length) {
      throw externalError('FILES_MISSING', `The json source at ${this.options.path} has ${this.admitted.length} files but the batch needs ${to}: files were removed after they were logged`);
    }
    const out: RecordBatch[] = [];
    for (const file of this.admitted.slice(from, to)) {
      const batch = await this.readFileBatch(file);
      if (batch.numRows > 0) out.push(batch);
    }
    return out.length === 0 ? [emptyRecordBatch(this.schema)] : out;
  }

  /** One file's records (modes: PERMISSIVE keeps malformed lines as nulls, DROPMALFORMED skips them, FAILFAST throws). */
  private async readFileBatch(file: string): Promise<RecordBatch> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw externalError('FILE_READ_FAILED', `Could not read ${file} of the json source: ${reason}`, { cause: error });
    }
    const { lines, lineNumbers } = jsonLines(text);
    const parsed = this.parse(lines);
    let fields = parsed.vector.fields!;
    let n = parsed.vector.length;
    if (parsed.malformedRows.length > 0) {
      if (this.options.mode === 'FAILFAST') {
        const k = parsed.malformedRows[0]!;
        failFast(file, lineNumbers[k]!, lines[k]!);
      }
      if (this.options.mode === 'DROPMALFORMED') {
        const bad = new Set(parsed.malformedRows);
        const keep: number[] = [];
        for (let i = 0; i < n; i++) if (!bad.has(i)) keep.push(i);
        fields = fields.map((f) => takeRows(f, keep));
        n = keep.length;
      }
    }
    return toRecordBatch(this.schema, fields, n);
  }

  async commit(_end: Offset): Promise<void> {}

  async stop(): Promise<void> {}

  /** Trigger.AvailableNow: the files present now are all the batches will read (still maxFilesPerTrigger at a time). */
  async prepareForTriggerAvailableNow(): Promise<void> {
    for (const file of listJsonFiles(this.options.path)) this.admit(file);
    this.availableNowEnd = this.admitted.length;
  }

  metrics(): Record<string, string> {
    return { numFilesAdmitted: String(this.admitted.length) };
  }
}

function fileOffset(offset: Offset): number {
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  throw userError('INVALID_OFFSET', `A json file source offset must be a count of files, got ${JSON.stringify(offset)}`);
}

/** The json source provider, with the batch-read schema resolution (inference) next to the streaming one. */
export interface JsonFileSourceProvider extends SourceProvider {
  /** For batch reads (`session.read`): the user's schema, or one inferred from the files. */
  resolveBatchSchema(options: Readonly<Record<string, string>>, userSchema: StructType | undefined, path: string | undefined): StructType;
}

/**
 * format 'json' (source): streaming needs a schema (as Spark without spark.sql.streaming.schemaInference); batch reads
 * infer one with resolveBatchSchema. Options: mode, columnNameOfCorruptRecord, maxFilesPerTrigger, timestampFormat,
 * dateFormat, timeZone.
 * @example session.readStream.format('json').schema('event_id STRING, price INT').load('/data/in')
 */
export const jsonFileSourceProvider: JsonFileSourceProvider = {
  format: 'json',
  supportsStreaming: true,
  supportsBatch: true,
  resolveSchema(options, userSchema, path) {
    const o = parseJsonFileOptions(options, path);
    if (!existsSync(o.path)) pathNotFound(o.path);
    if (userSchema === undefined) {
      throw userError('SCHEMA_REQUIRED',
        "Schema must be specified when creating a streaming source DataFrame from 'json' files. If some files already exist in the directory, then you may be able to create a static DataFrame on that directory with session.read.format('json').load(directory) and infer the schema from it.",
        { hint: ".schema('event_id STRING, price INT, ...') before .load(path)" });
    }
    return userSchema;
  },
  resolveBatchSchema(options, userSchema, path) {
    const o = parseJsonFileOptions(options, path);
    if (!existsSync(o.path)) pathNotFound(o.path);
    return userSchema ?? inferJsonFileSchema(o.path, options);
  },
  describe(options, path) {
    return `FileStreamSource[${path ?? optionOf(options, 'path') ?? ''}]`;
  },
  createSource(descriptor: SourceDescriptor, ctx: SourceContext): Source {
    const o = parseJsonFileOptions(descriptor.options, descriptor.path);
    if (!existsSync(o.path)) pathNotFound(o.path);
    return new JsonFileSource(o, descriptor.schema, ctx.timeZone);
  },
};

registerSourceProvider(jsonFileSourceProvider);
