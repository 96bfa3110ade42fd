// Scenarios `kafka-nexmark-q0` … `kafka-nexmark-q8`, `kafka-seed-windowed` (the benchmark queries reading a Kafka topic) and `kafka-latency` (latency of recorded batches).
//
// The events are on Kafka as `brook generate` writes them (docs/cli-generate.md): Nexmark as one topic of JSON events
// {"event_type":0|1|2,"person"|"auction"|"bid":{…},"date_time":…}, each table a Kafka source of that topic parsed with
// from_json and filtered by event_type (q3, q4, q8 read the topic twice, as Spark does); sales as the seed's JSON values.
//
//   throughput  a topic holding N events (filled once by `brook generate … --no-pace --start-timestamp 1700000000000`,
//               the same events as the in-process runs), maxOffsetsPerTrigger = batch, Trigger.AvailableNow → noop
//               (or the second stage); measured like the in-process runs (nexmark.ts).
//   latency     a fresh topic; the query starts, then `brook generate` in a child process writes R events/s for S s
//               (paced: each event's Kafka timestamp is when it was sent). For each batch with input: latency = (batch
//               start + batch duration) − the Kafka timestamp of the newest record it read (per partition the record
//               at its end offset − 1; the latest of those). Batches whose newest record came in the first W seconds
//               are left out. Spark's runner records its batches the same way and calls `kafka-latency` on them, so
//               one piece of code measures both engines.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { internalError } from '../src/common/errors.js';
import { Session, col, fromJson } from '../src/index.js';
import type { StreamingQueryListener, StreamingQueryProgress } from '../src/index.js';
import { KafkajsClient } from '../src/sources/kafka/kafkajs-client.js';
import { parseKafkaClientConfig } from '../src/sources/kafka/kafka-options.js';
import type { KafkaClient } from '../src/sources/kafka/kafka-client.js';
import { BENCH_QUERIES } from './nexmark-queries.js';
import type { BenchQuery, NexmarkTable } from './nexmark-queries.js';
import { repoFile } from './repo-file.js';
import { batchEndMs, benchOptions, measureThroughput, percentile, round, startQuery } from './nexmark.js';
import type { BenchOptions, LatencyFigures, ReaderFactory } from './nexmark.js';

/** The schema of a Nexmark event on Kafka (the generator's `events` table, written with to_json(struct(*))). */
export const NEXMARK_EVENTS_DDL = 'event_type INT, '
  + 'person STRUCT<id: BIGINT, name: STRING, email_address: STRING, credit_card: STRING, city: STRING, state: STRING, date_time: TIMESTAMP, extra: STRING>, '
  + 'auction STRUCT<id: BIGINT, item_name: STRING, description: STRING, initial_bid: BIGINT, reserve: BIGINT, date_time: TIMESTAMP, expires: TIMESTAMP, '
  + 'seller: BIGINT, category: BIGINT, extra: STRING>, '
  + 'bid STRUCT<auction: BIGINT, bidder: BIGINT, price: BIGINT, channel: STRING, url: STRING, date_time: TIMESTAMP, extra: STRING>, '
  + 'date_time TIMESTAMP';

const EVENT_TYPE: Readonly<Record<NexmarkTable, number>> = { person: 0, auction: 1, bid: 2 };

/** Partitions of the benchmark topics (one per core of the benchmark machine, as Spark's local[2] reads them). */
const PARTITIONS = 2;

/**
 * The tables of a query read from a Kafka topic (`batch` records per micro-batch when given).
 * @example BENCH_QUERIES.q5.build(kafkaReader('127.0.0.1:9092', 'bench-nexmark-2000000')(session, BENCH_QUERIES.q5, o), 10_000)
 */
export function kafkaReader(bootstrap: string, topic: string, batch?: number): ReaderFactory {
  return (session: Session, query: BenchQuery) => (table?: NexmarkTable) => {
    let r = session.readStream.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap).option('subscribe', topic).option('startingOffsets', 'earliest');
    if (batch !== undefined) r = r.option('maxOffsetsPerTrigger', batch);
    const records = r.load();
    if (query.source === 'sales') return records.selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value', 'timestamp');
    if (table === undefined) throw internalError(`query ${query.name} reads the Nexmark topic without naming a table`);
    return records.select(fromJson(col('value').cast('string'), NEXMARK_EVENTS_DDL).alias('e'))
      .filter(`e.event_type = ${EVENT_TYPE[table]}`)
      .select(`e.${table}.*`);
  };
}

function client(bootstrap: string): KafkaClient {
  return new KafkajsClient(parseKafkaClientConfig({ 'kafka.bootstrap.servers': bootstrap }, 'source', 'brook-bench'));
}

/** Records per partition of a topic (its end offsets; the benchmark topics are never trimmed), or undefined when it does not exist. */
async function topicEnds(bootstrap: string, topic: string): Promise<Map<number, number> | undefined> {
  const c = client(bootstrap);
  try {
    const partitions = (await c.describeTopics([topic])).get(topic);
    if (partitions === undefined) return undefined;
    const ends = await c.listOffsets(partitions.map((partition) => ({ topic, partition })), { kind: 'latest' });
    return new Map(ends.map((e) => [e.partition, e.offset ?? 0]));
  } finally {
    await c.close();
  }
}

/** Runs `brook generate` (bin/brook.js) in a child process; resolves with its summary line, rejects on a non-zero exit. */
function generate(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoFile('bin', 'brook.js'), 'generate', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(internalError(`brook generate ${args.join(' ')} exited with ${code}`))));
  });
}

/** The default topic of a throughput run: `bench-<generator>-<events>`. */
function throughputTopic(query: BenchQuery, o: BenchOptions): string {
  return `bench-${query.source}-${o.events}`;
}

/**
 * Fills `topic` with the N events of the in-process runs (same seed, rate and start time) unless it holds them already.
 * @example await ensureTopic('127.0.0.1:9092', 'bench-nexmark-2000000', 'nexmark', benchOptions({}))
 */
export async function ensureTopic(bootstrap: string, topic: string, generator: 'nexmark' | 'sales', o: BenchOptions): Promise<void> {
  const ends = await topicEnds(bootstrap, topic);
  const held = ends === undefined ? 0 : [...ends.values()].reduce((a, b) => a + b, 0);
  if (held === o.events) return;
  if (held !== 0) throw internalError(`topic ${topic} holds ${held} records, not ${o.events}: delete it or name another with --topic`);
  await generate([generator, '--bootstrap-servers', bootstrap, '--topic', topic, '--no-pace', '--events', String(o.events), '--rate', String(o.rate),
    '--seed', String(o.seed), '--start-timestamp', '1700000000000', '--partitions', String(PARTITIONS)]);
}

/** One batch as the latency measurement needs it (brook's and Spark's runners record the same). */
export interface RecordedBatch {
  readonly batchId: number;
  readonly batchEndMs: number;
  readonly numInputRows: number;
  /** End offset per partition of the topic (the largest over the query's sources of it). */
  readonly endOffsets: Readonly<Record<string, number>>;
}

/** The end offsets per partition of `topic` in a progress report, the largest over the sources reading it. */
function endOffsetsOf(p: StreamingQueryProgress, topic: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of p.sources) {
    if (s.endOffset === null) continue;
    const parsed = JSON.parse(s.endOffset) as Record<string, Record<string, number> | undefined>;
    for (const [partition, offset] of Object.entries(parsed[topic] ?? {})) out[partition] = Math.max(out[partition] ?? 0, offset);
  }
  return out;
}

/**
 * Latency of each recorded batch from the Kafka timestamps of the records it read (see the file comment).
 * @example await kafkaBatchLatencies('127.0.0.1:9092', 'lat-q0', batches, 5)
 */
export async function kafkaBatchLatencies(bootstrap: string, topic: string, batches: readonly RecordedBatch[], warmupSeconds: number):
  Promise<{ latencies: number[]; events: number }> {
  const ends = await topicEnds(bootstrap, topic);
  if (ends === undefined) throw internalError(`topic ${topic} does not exist`);
  const c = client(bootstrap);
  const timestamps = new Map<number, Float64Array>();
  try {
    const ranges = await c.readRanges([...ends].map(([partition, to]) => ({ topic, partition, from: 0, to })));
    for (const r of ranges) timestamps.set(r.partition, Float64Array.from(r.records.map((x) => x.timestampMs)));
  } finally {
    await c.close();
  }
  let first = Infinity;
  for (const t of timestamps.values()) if (t.length > 0) first = Math.min(first, t[0]!);
  const latencies: number[] = [];
  let events = 0;
  let previous: Readonly<Record<string, number>> = {};
  for (const b of [...batches].sort((x, y) => x.batchId - y.batchId)) {
    let newest = -Infinity;
    let read = 0;
    for (const [partition, end] of Object.entries(b.endOffsets)) {
      const start = previous[partition] ?? 0;
      if (end <= start) continue;
      read += end - start;
      const ts = timestamps.get(Number(partition))?.[end - 1];
      if (ts === undefined) throw internalError(`no record at offset ${end - 1} of ${topic}-${partition}`);
      newest = Math.max(newest, ts);
    }
    previous = { ...previous, ...b.endOffsets };
    if (read === 0 || b.numInputRows === 0 || newest < first + warmupSeconds * 1000) continue;
    latencies.push(b.batchEndMs - newest);
    events += read;
  }
  return { latencies, events };
}

/** p50/p95/p99 of batch latencies (nearest rank). */
function latencyFigures(rate: number, latencies: readonly number[], events: number, cpuSeconds: number): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate, events, batches: sorted.length,
    p50Ms: round(percentile(sorted, 50), 1), p95Ms: round(percentile(sorted, 95), 1), p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1), meanEventsPerBatch: round(events / Math.max(1, sorted.length), 1),
    cpuSeconds: round(cpuSeconds),
  };
}

/**
 * Runs `query` on a fresh topic that `brook generate` fills at `rate` events/s for `latencySeconds`; measures each batch.
 * @example (await measureKafkaLatency(BENCH_QUERIES.q0, benchOptions({}), '127.0.0.1:9092')).p99Ms
 */
export async function measureKafkaLatency(query: BenchQuery, o: BenchOptions, bootstrap: string): Promise<LatencyFigures & { readonly topic: string }> {
  const topic = `lat-brook-${query.name}-${Date.now()}`;
  const admin = client(bootstrap);
  try {
    await admin.createTopic(topic, PARTITIONS);
  } finally {
    await admin.close();
  }
  const session = Session.builder().appName(`bench-kafka-${query.name}-latency`).getOrCreate();
  const batches: RecordedBatch[] = [];
  const listener: StreamingQueryListener = {
    onQueryProgress: (e) => {
      const p = e.progress;
      batches.push({ batchId: p.batchId, batchEndMs: batchEndMs(p), numInputRows: p.numInputRows, endOffsets: endOffsetsOf(p, topic) });
    },
  };
  session.streams.addListener(listener);
  const read = kafkaReader(bootstrap, topic)(session, query, o);
  const stage = query.secondStage?.(session);
  const cpu0 = process.cpuUsage();
  const running = await startQuery(query.build(read, o.rate), query, stage, false, { rows: 0 });
  try {
    await generate([query.source, '--bootstrap-servers', bootstrap, '--topic', topic, '--rate', String(o.rate),
      '--events', String(o.rate * o.latencySeconds), '--seed', String(o.seed)]);
    const ends = await topicEnds(bootstrap, topic);
    if (ends === undefined) throw internalError(`topic ${topic} disappeared during the latency run`);
    const deadline = Date.now() + 60_000;
    const caughtUp = () => {
      const last = batches[batches.length - 1];
      return last !== undefined && [...ends].every(([partition, end]) => (last.endOffsets[String(partition)] ?? 0) >= end);
    };
    while (!caughtUp()) {
      if (Date.now() > deadline || running.exception() !== null) throw internalError(`query ${query.name} did not read all of ${topic}: ${running.exception()?.message ?? 'timed out'}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await running.stop();
    session.streams.removeListener(listener);
  }
  const cpu = process.cpuUsage(cpu0);
  const { latencies, events } = await kafkaBatchLatencies(bootstrap, topic, batches, o.warmupSeconds);
  return { topic, ...latencyFigures(o.rate, latencies, events, (cpu.user + cpu.system) / 1e6) };
}

function bootstrapOf(args: Readonly<Record<string, string>>): string {
  const bootstrap = args.bootstrap ?? process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (bootstrap === undefined) throw internalError('give the broker with --bootstrap host:port (or KAFKA_BOOTSTRAP_SERVERS); `node scripts/kafka.mjs start` starts one');
  return bootstrap;
}

/**
 * The runner of one benchmark query from Kafka: throughput on the filled topic (cold start), then latency; one JSON object.
 * Options: those of the in-process scenarios, plus --bootstrap host:port and --topic (default bench-<generator>-<events>).
 * @example await kafkaScenario('q5')({ bootstrap: '127.0.0.1:9092', events: '1000000' })
 */
export function kafkaScenario(name: string): (args: Readonly<Record<string, string>>) => Promise<unknown> {
  const query = BENCH_QUERIES[name];
  if (query === undefined) throw internalError(`no benchmark query '${name}'; known: ${Object.keys(BENCH_QUERIES).join(', ')}`);
  return async (args) => {
    const o = benchOptions(args);
    const bootstrap = bootstrapOf(args);
    const topic = args.topic ?? throughputTopic(query, o);
    let throughput;
    if (args.only !== 'latency') {
      await ensureTopic(bootstrap, topic, query.source, o);
      throughput = await measureThroughput(query, o, kafkaReader(bootstrap, topic, o.batch));
      if (throughput.inputRowsFirstSource !== o.events) {
        throw internalError(`the query read ${throughput.inputRowsFirstSource} records of ${topic}, not the ${o.events} of --events`);
      }
    }
    const latency = args.only === 'throughput' ? undefined : await measureKafkaLatency(query, o, bootstrap);
    return {
      scenario: `kafka-${query.source === 'nexmark' ? `nexmark-${name}` : name}`,
      engine: 'brook', source: 'kafka', topic: throughput === undefined ? latency?.topic : topic, form: query.form, node: process.version, date: new Date().toISOString(),
      options: o, throughput, latency,
    };
  };
}

/**
 * Scenario `kafka-latency`: the latencies of batches another engine recorded (JSON lines of RecordedBatch in --progress)
 * on --topic at --bootstrap, leaving out the first --warmup-seconds (5); --rate only labels the result.
 */
export async function runKafkaLatencyReport(args: Readonly<Record<string, string>>): Promise<LatencyFigures> {
  const file = args.progress;
  if (file === undefined || args.topic === undefined) throw internalError('kafka-latency needs --progress FILE and --topic TOPIC');
  const batches = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as RecordedBatch);
  const { latencies, events } = await kafkaBatchLatencies(bootstrapOf(args), args.topic, batches, Number(args['warmup-seconds'] ?? 5));
  return latencyFigures(Number(args.rate ?? 10_000), latencies, events, Number.NaN);
}
