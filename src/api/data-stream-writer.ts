// DataStreamWriter (df.writeStream): sink format, output mode, options, trigger, foreach/foreachBatch, start().
import type { RecordBatch } from 'apache-arrow';
import { randomUUID } from 'node:crypto';
import type { StructType } from '../common/data-types.js';
import { userError } from '../common/errors.js';
import { buildOperatorTree } from '../operators/operator-tree.js';
import { relation } from '../planner/logical/builder.js';
import { relationsOf } from '../planner/logical/plan.js';
import { kernelContext, planQuery } from '../runtime/query-planning.js';
import { StreamingQuery } from '../runtime/streaming-query.js';
import { parseTrigger } from '../runtime/trigger.js';
import type { TriggerSpec } from '../runtime/trigger.js';
import { ForeachBatchSink, ForeachSink } from '../sinks/index.js';
import type { ForeachWriter } from '../sinks/index.js';
import type { OutputMode, Sink, SinkContext } from '../sinks/sink.js';
import { lookupSinkProvider, sinkFormats } from '../sinks/sink.js';
import { lookupSourceProvider } from '../sources/source.js';
import { DataFrame } from './data-frame.js';
import { checkOutputMode } from './output-mode-check.js';

const OUTPUT_MODES: readonly OutputMode[] = ['append', 'update', 'complete'];

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
    const id = randomUUID();
    const sourceContext = { queryId: id, timeZone: session.timeZone, conf: session.conf.asMap() };
    const sources = relationsOf(stages.optimized).map((r) => lookupSourceProvider(r.source.format)!.createSource(r.source, sourceContext));
    const sink = this.createSink({
      queryId: id,
      queryName: this.name ?? undefined,
      outputMode: this.mode,
      timeZone: session.timeZone,
      memoryTables: session.memoryTables,
      out: process.stdout,
    });
    const tree = buildOperatorTree(stages.physical, ctx);
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
      pollIntervalMs: Number(session.conf.get('spark.sql.streaming.pollingDelay') ?? '10'),
    }, stages, session.streams);
    started.query = query;
    query.start(async () => {
      await Promise.all(sources.map((s) => s.stop()));
      await sink.stop();
    });
    return query;
  }

  private createSink(ctx: SinkContext): Sink {
    if (this.batchFunction) {
      const fn = this.batchFunction;
      const session = this.df.session;
      return new ForeachBatchSink(async (batchId: number, batches: readonly RecordBatch[], schema: StructType) => {
        const table = { name: `foreachBatch[${batchId}]`, schema, batches: [...batches] };
        await fn(new DataFrame(session, relation({ format: 'memoryTable', options: {}, schema, handle: table, description: table.name }, false)), batchId);
      });
    }
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
