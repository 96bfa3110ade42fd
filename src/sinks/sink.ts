// The Sink contract and the registry of sink formats (format('console'), format('json'), …).
import type { RecordBatch } from 'apache-arrow';
import type { StructType } from '../common/data-types.js';

export type OutputMode = 'append' | 'update' | 'complete';

/**
 * Receives each micro-batch's result. addBatch must be idempotent per batchId: after a crash the runtime
 * may call it again with the same batchId and the same rows, and the sink must not write them twice.
 */
export interface Sink {
  readonly description: string;
  addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, outputMode: OutputMode): Promise<void>;
  stop(): Promise<void>;
}

/** A queryable in-memory table written by the memory sink and read by session.table(name). */
export interface MemoryTable {
  readonly name: string;
  schema: StructType;
  batches: RecordBatch[];
}

/** What a sink needs from the session and query. */
export interface SinkContext {
  readonly queryId: string;
  readonly queryName: string | undefined;
  /** The query's output mode, so a sink can refuse one it does not support when the query starts. */
  readonly outputMode: OutputMode;
  readonly timeZone: string;
  /** The session's memory tables (memory sink output), by query name. */
  readonly memoryTables: Map<string, MemoryTable>;
  /** Where console output goes (process.stdout by default). */
  readonly out: { write(text: string): unknown };
}

export interface SinkProvider {
  readonly format: string;
  /** Throws a user error for a missing or bad option. */
  createSink(options: Readonly<Record<string, string>>, ctx: SinkContext): Sink;
}

const providers = new Map<string, SinkProvider>();

export function registerSinkProvider(provider: SinkProvider): void {
  providers.set(provider.format.toLowerCase(), provider);
}

export function lookupSinkProvider(format: string): SinkProvider | undefined {
  return providers.get(format.toLowerCase());
}

export function sinkFormats(): string[] {
  return [...providers.keys()].sort();
}
