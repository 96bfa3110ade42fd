// The Source contract and the registry of source formats (format('rate'), format('json'), …).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';
import type { SourceDescriptor } from '../planner/logical/plan.js';

/** A JSON-serialisable position in a source, e.g. `{"sales-events":{"0":534,"1":498}}` for Kafka or `12` for a MemoryStream. */
export type Offset = string | number | boolean | null | Offset[] | { [key: string]: Offset };

/**
 * A replayable streaming source. The runtime asks for the latest offset, logs the range, then reads it:
 *   end = await latestOffset(start)            (bounded by rate limits; equal to start when there is nothing new)
 *   batches = await getBatch(start, end)       (exactly the rows after start up to end; the same rows on every replay)
 *   await commit(end)                          (after the sink has the batch)
 */
export interface Source {
  readonly description: string;
  readonly schema: StructType;
  /** The end of the next batch given the previous end (null before the first batch). */
  latestOffset(start: Offset | null): Promise<Offset | null>;
  /** Rows in (start, end]: start null means from the source's initial position. */
  getBatch(start: Offset | null, end: Offset): Promise<RecordBatch[]>;
  /** Everything up to `end` is processed and committed: resources may be released. */
  commit(end: Offset): Promise<void>;
  stop(): Promise<void>;
  /** Trigger.AvailableNow: fix the end of the data now; latestOffset never goes past it afterwards. */
  prepareForTriggerAvailableNow?(): Promise<void>;
  /** Extra progress figures (`sources[].metrics`). */
  metrics?(): Record<string, string>;
  /** JSON-safe metadata the checkpoint keeps with each batch (e.g. the files admitted so far). */
  checkpointState?(): unknown;
  /** Gives back, on restart, what checkpointState returned for the last logged batch. */
  restoreCheckpointState?(state: unknown): void;
}

/** What a source needs from the running query. */
export interface SourceContext {
  readonly queryId: string;
  readonly timeZone: string;
  readonly conf: ReadonlyMap<string, string>;
}

/** A format name's factory: checks options, tells the schema, creates sources. */
export interface SourceProvider {
  readonly format: string;
  readonly supportsStreaming: boolean;
  readonly supportsBatch: boolean;
  /** The relation's schema from the user's schema and options; throws a user error for a missing or bad option. */
  resolveSchema(options: Readonly<Record<string, string>>, userSchema: StructType | undefined, path: string | undefined): StructType;
  /** The schema for a batch read, when it differs from streaming (file formats infer one when none is given). */
  resolveBatchSchema?(options: Readonly<Record<string, string>>, userSchema: StructType | undefined, path: string | undefined): StructType;
  /** One-line text for EXPLAIN and progress (no secrets). */
  describe(options: Readonly<Record<string, string>>, path: string | undefined): string;
  /** A streaming source for one query (or, for batch reads, a source read once from start to its latest offset). */
  createSource(descriptor: SourceDescriptor, ctx: SourceContext): Source;
}

const providers = new Map<string, SourceProvider>();

export function registerSourceProvider(provider: SourceProvider): void {
  providers.set(provider.format.toLowerCase(), provider);
}

export function lookupSourceProvider(format: string): SourceProvider | undefined {
  return providers.get(format.toLowerCase());
}

export function sourceFormats(): string[] {
  return [...providers.keys()].sort();
}

/** Option lookup that is case-insensitive on the key, as Spark's options are. */
export function optionOf(options: Readonly<Record<string, string>>, key: string): string | undefined {
  if (key in options) return options[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(options)) if (k.toLowerCase() === lower) return options[k];
  return undefined;
}
