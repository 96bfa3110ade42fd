// format('kafka') (sink): rows (value, key?, topic?, partition?, headers?) written with an idempotent producer; at-least-once like Spark, or exactly-once with one Kafka transaction per batch.
//
// Exactly-once protocol (option exactlyOnce=true, or kafka.transactional.id): it needs only the query id and batch ids.
//   transactional.id = kafka.transactional.id, or brook-<queryId>-sink;  marker group = <transactional.id>-batches
//   open (first batch, and after any failure):
//     init the transactional producer            (fences an older instance and completes or aborts its open transaction)
//     lastCommitted = max(offset) - 1 over the marker group's committed offsets   (-1 when it has none)
//   addBatch(N):
//     N <= lastCommitted → skip: a replay of a batch Kafka already has (the runtime re-runs the last uncommitted batch)
//     begin; send the rows; sendOffsets(marker group, {<each topic written>, partition 0} → N + 1); commit
//     (the rows and the marker become visible atomically to read_committed consumers, or neither does)
//     on failure: abort, re-open (which re-reads the marker: a commit whose answer was lost counts as done), retry the
//     whole batch until kafka.default.api.timeout.ms has passed, then fail
// Limits: the marker offsets live in Kafka's consumer-offsets topic, so they expire like any offsets of a group without
// members (offsets.retention.minutes, 7 days by default); a query restarted after that would not recognise its last batch.
// At-least-once (default): the rows are sent with acks=all; a failed batch is retried (which may write some rows twice).
import type { RecordBatch } from 'apache-arrow';
import type { DataType, StructType } from '../../common/data-types.js';
import { simpleString } from '../../common/data-types.js';
import { BrookError, externalError, userError } from '../../common/errors.js';
import { fromRecordBatch } from '../../compute/arrow-bridge.js';
import type { ColumnVector } from '../../compute/column-vector.js';
import type { KafkaClient, KafkaClientConfig, KafkaHeader, KafkaProducer, OutgoingRecord } from '../../sources/kafka/kafka-client.js';
import { classifyKafkaFailure } from '../../sources/kafka/kafka-errors.js';
import { parseKafkaClientConfig } from '../../sources/kafka/kafka-options.js';
import { KafkajsClient } from '../../sources/kafka/kafkajs-client.js';
import { sinkOption } from '../sink-options.js';
import { registerSinkProvider } from '../sink.js';
import type { OutputMode, Sink, SinkContext, SinkProvider } from '../sink.js';

/** Records per produce call are bounded so one Kafka record batch stays well under the broker's message.max.bytes. */
const CHUNK_BYTES = 512 * 1024;

/** The parsed options of a Kafka sink. */
export interface KafkaSinkOptions {
  /** The `topic` option: overrides a topic column (Spark's rule). */
  readonly topic: string | undefined;
  readonly exactlyOnce: boolean;
  readonly transactionalId: string;
  readonly markerGroup: string;
  readonly transactionTimeoutMs: number | undefined;
}

/** Where each Kafka field of a record comes from in the sink's input rows. */
interface RowLayout {
  readonly value: number;
  readonly key: number | undefined;
  readonly topic: number | undefined;
  readonly partition: number | undefined;
  readonly headers: number | undefined;
}

function isTextOrBytes(t: DataType): boolean {
  return t.kind === 'string' || t.kind === 'binary';
}

/**
 * Checks the input columns as Spark's KafkaWriter does and finds them (names matched case-insensitively).
 * @example kafkaRowLayout(parseSchema('key STRING, value STRING'), 'out').value // 1
 */
export function kafkaRowLayout(schema: StructType, topicOption: string | undefined): RowLayout {
  const find = (name: string): number | undefined => {
    const i = schema.fields.findIndex((f) => f.name.toLowerCase() === name);
    return i < 0 ? undefined : i;
  };
  const typeOf = (i: number): DataType => schema.fields[i]!.dataType;
  const value = find('value');
  if (value === undefined) throw userError('KAFKA_SINK_SCHEMA', "Required attribute 'value' not found");
  if (!isTextOrBytes(typeOf(value))) throw userError('KAFKA_SINK_SCHEMA', `value attribute type must be a string or binary (it is ${simpleString(typeOf(value))})`);
  const key = find('key');
  if (key !== undefined && !isTextOrBytes(typeOf(key))) throw userError('KAFKA_SINK_SCHEMA', `key attribute type must be a string or binary (it is ${simpleString(typeOf(key))})`);
  const topic = find('topic');
  if (topicOption === undefined) {
    if (topic === undefined) throw userError('KAFKA_SINK_SCHEMA', "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.");
    if (typeOf(topic).kind !== 'string') throw userError('KAFKA_SINK_SCHEMA', `topic attribute type must be a string (it is ${simpleString(typeOf(topic))})`);
  }
  const partition = find('partition');
  if (partition !== undefined && typeOf(partition).kind !== 'int') throw userError('KAFKA_SINK_SCHEMA', `partition attribute type must be an int (it is ${simpleString(typeOf(partition))})`);
  const headers = find('headers');
  if (headers !== undefined) {
    const t = typeOf(headers);
    const element = t.kind === 'array' ? t.elementType : undefined;
    const ok = element !== undefined && element.kind === 'struct' && element.fields.length === 2
      && element.fields[0]!.dataType.kind === 'string' && isTextOrBytes(element.fields[1]!.dataType);
    if (!ok) throw userError('KAFKA_SINK_SCHEMA', `headers attribute type must be an array<struct<key:string,value:binary>> (it is ${simpleString(t)})`);
  }
  return { value, key, topic: topicOption === undefined ? topic : undefined, partition, headers };
}

function bytesAt(v: ColumnVector, i: number): Uint8Array | string | null {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return (v.values as (Uint8Array | string)[])[i]!;
}

function sizeOf(value: Uint8Array | string | null): number {
  return value === null ? 0 : typeof value === 'string' ? value.length * 3 : value.byteLength;
}

/** The input rows as Kafka records. */
function toRecords(batches: readonly RecordBatch[], schema: StructType, layout: RowLayout, topicOption: string | undefined): OutgoingRecord[] {
  const out: OutgoingRecord[] = [];
  for (const batch of batches) {
    const n = batch.numRows;
    if (n === 0) continue;
    const columns = fromRecordBatch(batch, schema).columns;
    const value = columns[layout.value]!;
    const key = layout.key === undefined ? undefined : columns[layout.key];
    const topic = layout.topic === undefined ? undefined : columns[layout.topic];
    const partition = layout.partition === undefined ? undefined : columns[layout.partition];
    const headers = layout.headers === undefined ? undefined : columns[layout.headers];
    for (let i = 0; i < n; i++) {
      const t = topic === undefined ? topicOption! : (topic.nulls?.[i] === 1 ? null : (topic.values as string[])[i]!);
      if (t === null) throw userError('KAFKA_SINK_NULL_TOPIC', 'null topic present in the data. Use the topic option for setting a topic.');
      const p = partition === undefined || partition.nulls?.[i] === 1 ? undefined : (partition.values as Int32Array)[i]!;
      let recordHeaders: KafkaHeader[] | undefined;
      if (headers !== undefined && headers.nulls?.[i] !== 1) {
        const items = (headers.values as ({ key: string | null; value: Uint8Array | string | null } | null)[][])[i] ?? [];
        recordHeaders = items.filter((h) => h !== null && h.key !== null).map((h) => ({
          key: h!.key!, value: typeof h!.value === 'string' ? Buffer.from(h!.value, 'utf8') : h!.value,
        }));
      }
      out.push({ topic: t, partition: p, key: key === undefined ? null : bytesAt(key, i), value: bytesAt(value, i), headers: recordHeaders });
    }
  }
  return out;
}

/** Consecutive slices of about CHUNK_BYTES each. */
function chunks(records: readonly OutgoingRecord[]): OutgoingRecord[][] {
  const out: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = 64 + sizeOf(r.key) + sizeOf(r.value) + (r.headers ?? []).reduce((n, h) => n + h.key.length + sizeOf(h.value), 0);
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Whether a failed write may succeed when tried again (the broker down, a leader moving, a coordinator loading). */
function isTransient(error: unknown): boolean {
  const cause = error instanceof BrookError ? (error.cause ?? error) : error;
  if (error instanceof BrookError && error.code === 'KAFKA_UNAVAILABLE') return true;
  const kind = classifyKafkaFailure(cause);
  return kind === 'connection' || kind === 'retriable';
}

/**
 * Writes each batch's rows to Kafka (see the file header for the delivery guarantees).
 * @example df.writeStream.format('kafka').option('kafka.bootstrap.servers', 'localhost:9092').option('topic', 'out').start()
 */
export class KafkaSink implements Sink {
  readonly description: string;
  private readonly options: KafkaSinkOptions;
  private readonly config: KafkaClientConfig;
  private readonly createClient: (config: KafkaClientConfig) => KafkaClient;
  private client: KafkaClient | undefined;
  private producer: KafkaProducer | undefined;
  private lastCommitted = -1;
  private layout: { schema: StructType; layout: RowLayout } | undefined;

  constructor(options: KafkaSinkOptions, config: KafkaClientConfig, createClient: (config: KafkaClientConfig) => KafkaClient = (c) => new KafkajsClient(c)) {
    this.options = options;
    this.config = config;
    this.createClient = createClient;
    const target = options.topic === undefined ? 'topic column' : `topic=${options.topic}`;
    this.description = `KafkaSink[${target}${options.exactlyOnce ? `, exactlyOnce, transactional.id=${options.transactionalId}` : ''}]`;
  }

  /** The id of the last batch known to be in Kafka (exactly-once mode; -1 before the first). */
  get lastCommittedBatchId(): number {
    return this.lastCommitted;
  }

  private layoutFor(schema: StructType): RowLayout {
    if (this.layout === undefined || this.layout.schema !== schema) this.layout = { schema, layout: kafkaRowLayout(schema, this.options.topic) };
    return this.layout.layout;
  }

  async addBatch(batchId: number, batches: readonly RecordBatch[], schema: StructType, _outputMode: OutputMode): Promise<void> {
    const records = toRecords(batches, schema, this.layoutFor(schema), this.options.topic);
    const started = Date.now();
    let backoff = this.config.retryBackoffMs;
    for (;;) {
      try {
        if (!this.options.exactlyOnce) {
          if (records.length > 0) await this.writePlain(records);
          return;
        }
        if (this.producer === undefined) await this.open();
        if (batchId <= this.lastCommitted || records.length === 0) return;
        await this.writeTransaction(batchId, records);
        return;
      } catch (error) {
        await this.closeProducer();
        const elapsed = Date.now() - started;
        if (!isTransient(error) || elapsed + backoff > this.config.apiTimeoutMs) {
          if (error instanceof BrookError) throw error;
          throw externalError('KAFKA_WRITE_FAILED', `Could not write batch ${batchId} to Kafka at ${this.config.bootstrapServers.join(',')}`, { cause: error });
        }
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, this.config.retryBackoffMaxMs);
      }
    }
  }

  /** Initialises the transactional producer (fencing older ones) and reads the last committed batch id from the marker group. */
  private async open(): Promise<void> {
    this.client ??= this.createClient(this.config);
    this.producer = await this.client.createProducer({ transactionalId: this.options.transactionalId, transactionTimeoutMs: this.options.transactionTimeoutMs });
    const markers = await this.client.fetchGroupOffsets(this.options.markerGroup);
    this.lastCommitted = markers.reduce((max, m) => Math.max(max, m.offset - 1), -1);
  }

  private async writeTransaction(batchId: number, records: readonly OutgoingRecord[]): Promise<void> {
    const transaction = await this.producer!.beginTransaction();
    try {
      for (const chunk of chunks(records)) await transaction.send(chunk);
      const topics = [...new Set(records.map((r) => r.topic))];
      await transaction.sendOffsets(this.options.markerGroup, topics.map((topic) => ({ topic, partition: 0, offset: batchId + 1 })));
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    this.lastCommitted = batchId;
  }

  private async writePlain(records: readonly OutgoingRecord[]): Promise<void> {
    this.client ??= this.createClient(this.config);
    this.producer ??= await this.client.createProducer({});
    for (const chunk of chunks(records)) await this.producer.send(chunk);
  }

  private async closeProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.closeProducer();
    await this.client?.close();
    this.client = undefined;
  }
}

function booleanSinkOption(options: Readonly<Record<string, string>>, key: string): boolean {
  const raw = sinkOption(options, key);
  if (raw === undefined) return false;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw userError('INVALID_OPTION', `Invalid value '${raw}' for option '${key}' of the kafka sink: it must be 'true' or 'false'`);
}

/**
 * The sink's own options: topic, exactlyOnce / kafka.transactional / kafka.transactional.id, kafka.transaction.timeout.ms.
 * @example parseKafkaSinkOptions({ topic: 'out', exactlyOnce: 'true' }, 'q1').transactionalId // 'brook-q1-sink'
 */
export function parseKafkaSinkOptions(options: Readonly<Record<string, string>>, queryId: string): KafkaSinkOptions {
  const topic = sinkOption(options, 'topic');
  if (topic !== undefined && topic.trim() === '') throw userError('INVALID_OPTION', "Option 'topic' of the kafka sink must not be empty");
  const givenId = sinkOption(options, 'kafka.transactional.id');
  const exactlyOnce = booleanSinkOption(options, 'exactlyOnce') || booleanSinkOption(options, 'kafka.transactional') || givenId !== undefined;
  const transactionalId = givenId ?? `brook-${queryId}-sink`;
  const timeout = sinkOption(options, 'kafka.transaction.timeout.ms');
  if (timeout !== undefined && (!/^\d+$/.test(timeout.trim()) || Number(timeout) < 1)) {
    throw userError('INVALID_OPTION', `Invalid value '${timeout}' for option 'kafka.transaction.timeout.ms': it must be a positive integer`);
  }
  return { topic: topic?.trim(), exactlyOnce, transactionalId, markerGroup: `${transactionalId}-batches`, transactionTimeoutMs: timeout === undefined ? undefined : Number(timeout) };
}

/**
 * format('kafka') (sink): Spark's Kafka sink (value, key, topic, partition, headers columns; option topic) plus
 * exactlyOnce=true for one transaction per batch. Every output mode is accepted, as in Spark.
 * @example df.selectExpr('CAST(region AS STRING) AS key', 'to_json(struct(*)) AS value').writeStream.format('kafka')
 *   .option('kafka.bootstrap.servers', 'localhost:9092').option('topic', 'sales-summary').outputMode('complete').start()
 */
export const kafkaSinkProvider: SinkProvider = {
  format: 'kafka',
  createSink(options, ctx: SinkContext) {
    const sinkOptions = parseKafkaSinkOptions(options, ctx.queryId);
    const clientId = sinkOption(options, 'kafka.client.id') ?? `brook-${ctx.queryId}-sink`;
    return new KafkaSink(sinkOptions, parseKafkaClientConfig(options, 'sink', clientId));
  },
};

registerSinkProvider(kafkaSinkProvider);
