// DataStreamWriter (df.writeStream): sink format, output mode, options, trigger, foreach/foreachBatch, start().
import type { RecordBatch } from 'apache-arrow';
import { randomUUID } from 'node:crypto';
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import { buildOperatorTree, inMemoryStores } from '../operators/operator-tree.js';
import { relation } from '../planner/logical/builder.js';
import { relationsOf } from '../planner/logical/plan.js';
import { kernelContext, planQuery } from '../runtime/query-planning.js';
import { StreamingQuery } from '../runtime/streaming-query.js';
import { parseTrigger } from '../runtime/trigger.js';
import { QueryCheckpoint, checkpointFolder } from '../runtime/query-checkpoint.js';
import { fingerprintOf } from '../runtime/query-fingerprint.js';
import type { StateCodec } from '../state/state-codec.js';
import type { TriggerSpec } from '../runtime/trigger.js';
import { ForeachBatchSink, ForeachSink } from '../sinks/index.js';
import type { ForeachWriter } from '../sinks/index.js';
import type { OutputMode, Sink, SinkContext } from '../sinks/sink.js';
import { lookupSinkProvider, sinkFormats } from '../sinks/sink.js';
import { lookupSourceProvider } from '../sources/source.js';
import { DataFrame } from './data-frame.js';
import { checkOutputMode } from './output-mode-check.js';

const OUTPUT_MODES: readonly OutputMode[] = ['append', 'update', 'complete'];

/** Where late rows go: a sink format with its options, or a foreachBatch-style function. */
export type LateRowsTarget =
  | { readonly format: string; readonly options?: Readonly<Record<string, string | number | boolean>> }
  | ((df: DataFrame, batchId: number) => void | Promise<void>);

/**
 * Configures and starts a streaming query.
 * @example
 * const query = await df.writeStream.format('console').outputMode('append')
 *   .trigger({ processingTime: '10 seconds' }).start();
 */
export class DataStreamWriter {
  private sinkFormat: string | undefined;
  private mode: OutputMode = 'append';
  private readonly sinkOptions: Record<string, string> = {};
  private name: string | null = null;
  private triggerSpec: TriggerSpec | undefined;
  private batchFunction: ((df: DataFrame, batchId: number) => void | Promise<void>) | undefined;
  private rowWriter: ForeachWriter | undefined;
  private lateTarget: LateRowsTarget | undefined;

  constructor(private readonly df: DataFrame) {}

  format(sink: string): DataStreamWriter {
    this.sinkFormat = sink;
    return this;
  }

  /** 'append' (default), 'update' or 'complete'. */
  outputMode(mode: string): DataStreamWriter {
    const m = mode.toLowerCase() as OutputMode;
    if (!OUTPUT_MODES.includes(m)) {
      throw userError('INVALID_OUTPUT_MODE', `Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`);
    }
    this.mode = m;
    return this;
  }

  option(key: string, value: string | number | boolean): DataStreamWriter {
    this.sinkOptions[key] = String(value);
    return this;
  }

  options(options: Readonly<Record<string, string | number | boolean>>): DataStreamWriter {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** The query's name: shown in progress, and the table name of the memory sink. */
  queryName(name: string): DataStreamWriter {
    this.name = name;
    return this;
  }

  trigger(trigger: TriggerSpec): DataStreamWriter {
    parseTrigger(trigger);
    this.triggerSpec = trigger;
    return this;
  }

  /** Hands each micro-batch to `fn` as a batch DataFrame with its batchId (the same id again if a batch is re-run). */
  foreachBatch(fn: (df: DataFrame, batchId: number) => void | Promise<void>): DataStreamWriter {
    this.batchFunction = fn;
    return this;
  }

  /** Hands each row to a writer: open(partitionId, epochId) / process(row) / close(error). */
  foreach(writer: ForeachWriter): DataStreamWriter {
    this.rowWriter = writer;
    return this;
  }

  /**
   * Sends rows that stateful operators drop as late (behind the watermark) to a sink of their own, instead of only
   * counting them in numRowsDroppedByWatermark. Rows come in the stateful operator's input columns
   * (grouping keys, including the window, then the aggregated values), under the batch's id.
   * @example df.writeStream.lateRows({ format: 'json', options: { path: '/data/late' } })
   * @example df.writeStream.lateRows(async (late, batchId) => console.log(batchId, await late.collect()))
   */
  lateRows(target: LateRowsTarget): DataStreamWriter {
    this.lateTarget = target;
    return this;
  }

  /** Starts the query; resolves once it runs. `path` is the output directory of file sinks. */
  async start(path?: string): Promise<StreamingQuery> {
    const session = this.df.session;
    if (path !== undefined) this.sinkOptions.path = path;
    checkOutputMode(this.df.plan, this.mode);
    session.streams.checkNameAvailable(this.name);
    const trigger = parseTrigger(this.triggerSpec);
    // current_timestamp() reads the running batch's start time from the query created below
    const started: { query?: StreamingQuery } = {};
    const ctx = kernelContext(session.timeZone, () => started.query?.currentBatchTimestampMs ?? Date.now());
    const stages = planQuery(this.df.plan, ctx);
    const folder = checkpointFolder(this.sinkOptions.checkpointLocation, session.conf.get('spark.sql.streaming.checkpointLocation'), this.name);
    const checkpoint = folder === undefined ? undefined
      : QueryCheckpoint.open(folder, randomUUID(), fingerprintOf(stages.physical), Number(session.conf.get('spark.sql.streaming.minBatchesToRetain') ?? '100'));
    const recordedConf = { 'spark.sql.session.timeZone': session.timeZone };
    const recovery = checkpoint?.recover(session.conf.get('brook.checkpoint.discardDamagedOffsets') === 'true', recordedConf);
    // the same query id across restarts (Spark's rule), a new run id each time
    const id = checkpoint?.queryId ?? randomUUID();
    const sourceContext = { queryId: id, timeZone: session.timeZone, conf: session.conf.asMap() };
    const sources = relationsOf(stages.optimized).map((r) => lookupSourceProvider(r.source.format)!.createSource(r.source, sourceContext));
    const sinkContext: SinkContext = {
      queryId: id,
      queryName: this.name ?? undefined,
      outputMode: this.mode,
      timeZone: session.timeZone,
      memoryTables: session.memoryTables,
      out: process.stdout,
    };
    const sink = this.createSink(sinkContext);
    const stateStore = checkpoint && recovery
      ? <V>(operatorId: number, name: string, codec: StateCodec<V>) => checkpoint.stateStore(operatorId, name, codec, recovery.nextBatchId)
      : inMemoryStores();
    const tree = buildOperatorTree(stages.physical, ctx, { outputMode: this.mode, stateStore, captureLateRows: this.lateTarget !== undefined });
    const lateRowsSink = this.lateTarget === undefined ? undefined : this.createLateRowsSink(this.lateTarget, sinkContext);
    const query = new StreamingQuery({
      id,
      runId: randomUUID(),
      name: this.name,
      sources,
      tree,
      sink,
      outputSchema: this.df.schema,
      outputMode: this.mode,
      trigger,
      lateRowsSink,
      checkpoint: checkpoint && recovery ? { log: checkpoint, recovery, conf: recordedConf } : undefined,
      pollIntervalMs: Number(session.conf.get('spark.sql.streaming.pollingDelay') ?? '10'),
    }, stages, session.streams);
    started.query = query;
    query.start(async () => {
      await Promise.all(sources.map((s) => s.stop()));
      await sink.stop();
      await lateRowsSink?.stop();
    });
    return query;
  }

  private createLateRowsSink(target: LateRowsTarget, ctx: SinkContext): Sink {
    if (typeof target === 'function') return this.batchFunctionSink(target);
    const provider = lookupSinkProvider(target.format);
    if (!provider) throw userError('UNKNOWN_FORMAT', `Failed to find data source for late rows: ${target.format}. Available sink formats: ${sinkFormats().join(', ')}`);
    const options = Object.fromEntries(Object.entries(target.options ?? {}).map(([k, v]) => [k, String(v)]));
    return provider.createSink(options, { ...ctx, outputMode: 'append', queryName: options.queryName ?? (ctx.queryName ? `${ctx.queryName}_late` : undefined) });
  }

  private batchFunctionSink(fn: (df: DataFrame, batchId: number) => void | Promise<void>): Sink {
    const session = this.df.session;
    return new ForeachBatchSink(async (batchId: number, batches: readonly RecordBatch[], schema: StructType) => {
      const table = { name: `foreachBatch[${batchId}]`, schema, batches: [...batches] };
      await fn(new DataFrame(session, relation({ format: 'memoryTable', options: {}, schema, handle: table, description: table.name }, false)), batchId);
    });
  }

  private createSink(ctx: SinkContext): Sink {
    if (this.batchFunction) return this.batchFunctionSink(this.batchFunction);
    if (this.rowWriter) return new ForeachSink(this.rowWriter);
    if (this.sinkFormat === undefined) {
      throw userError('FORMAT_REQUIRED', `No sink format given: call format(name) before start(), or use foreach/foreachBatch. Available formats: ${sinkFormats().join(', ')}`);
    }
    const provider = lookupSinkProvider(this.sinkFormat);
    if (!provider) {
      throw userError('UNKNOWN_FORMAT', `Failed to find data source: ${this.sinkFormat}. Available sink formats: ${sinkFormats().join(', ')}`);
    }
    return provider.createSink(this.sinkOptions, ctx);
  }
}
