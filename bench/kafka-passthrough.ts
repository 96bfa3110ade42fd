// Scenario `kafka`: Kafka → noop with brook (raw records, and the seed's parsing pipeline) next to kafkajs's own consume rate on the same topic.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { Session } from '../src/index.js';
import { SalesEventGenerator, parseSalesOptions } from '../src/sources/generators/sales-generator.js';
import type { DataFrame } from '../src/index.js';
import { seedPipeline } from './pipeline-throughput.js';
import { repoFile } from './repo-file.js';

const { Kafka, logLevel } = kafkajs;

function runScript(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [repoFile('scripts', 'kafka.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/kafka.mjs ${args.join(' ')} failed`);
  return result.stdout;
}

interface Rate {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly cpuSeconds: number;
}

async function timed(records: number, run: () => Promise<void>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { records, seconds: Math.round(seconds * 1000) / 1000, recordsPerSecond: Math.round(records / seconds), cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000 };
}

/** kafkajs's consumer reading the whole topic (a fresh group, eachBatch, no per-message work). */
async function rawKafkajs(bootstrap: string, topic: string, records: number): Promise<Rate> {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: 'bench-raw', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxBytesPerPartition: 1_048_576, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const rate = await timed(records, async () => {
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= records) resolve();
        },
      });
    });
  });
  await consumer.disconnect();
  return rate;
}

/** kafkajs's idempotent producer writing the same events (10,000 per send, acks=all): the raw rate the brook sink compares to. */
async function rawProduce(bootstrap: string, topic: string, events: number): Promise<Rate> {
  const generator = new SalesEventGenerator(parseSalesOptions({ paced: 'false', totalEvents: String(events) }), 1_700_000_000);
  const messages = Array.from({ length: events }, (_, i) => {
    const e = generator.event(i);
    return { key: e.event_id, value: JSON.stringify(e) };
  });
  const producer = new Kafka({ brokers: [bootstrap], clientId: 'bench-raw-producer', logLevel: logLevel.NOTHING })
    .producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  const rate = await timed(events, async () => {
    for (let i = 0; i < events; i += 10_000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 10_000) });
  });
  await producer.disconnect();
  return rate;
}

async function brookPass(session: Session, bootstrap: string, topic: string, records: number, shape: (df: DataFrame) => DataFrame): Promise<Rate> {
  const source = session.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrap).option('subscribe', topic)
    .option('startingOffsets', 'earliest').option('maxOffsetsPerTrigger', 100_000).load();
  return timed(records, async () => {
    const query = await shape(source).writeStream.format('noop').trigger({ availableNow: true }).start();
    await query.awaitTermination();
  });
}

/**
 * Options: --events N (default 500,000), --partitions P (3), --bootstrap host:port (else KAFKA_BOOTSTRAP_SERVERS, else a
 * broker started with scripts/kafka.mjs for the run).
 */
export async function runKafkaPassthrough(args: Readonly<Record<string, string>>): Promise<unknown> {
  const events = Number(args.events ?? 500_000);
  const partitions = Number(args.partitions ?? 3);
  let bootstrap = args.bootstrap ?? process.env.KAFKA_BOOTSTRAP_SERVERS;
  const dir = bootstrap === undefined ? mkdtempSync(join(tmpdir(), 'brook-bench-kafka-')) : undefined;
  if (dir !== undefined) {
    const state = JSON.parse(runScript(['start', '--dir', dir, '--json', '--owner-pid', String(process.pid)]).trim().split('\n').pop()!) as { bootstrap: string; version: string };
    bootstrap = state.bootstrap;
  }
  const servers = bootstrap!;
  const session = Session.builder().appName('bench-kafka').getOrCreate();
  try {
    const topic = `bench-sales-${Date.now()}`;
    const admin = new Kafka({ brokers: [servers], clientId: 'bench-admin', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }, { topic: `${topic}-raw`, numPartitions: partitions }], waitForLeaders: true });
    await admin.disconnect();
    const produce = await timed(events, async () => {
      const query = await session.readStream.format('sales')
        .options({ paced: 'false', totalEvents: String(events), maxEventsPerTrigger: '50000' }).load()
        .select('key', 'value')
        .writeStream.format('kafka').option('kafka.bootstrap.servers', servers).option('topic', topic).trigger({ availableNow: true }).start();
      await query.awaitTermination();
    });
    const rawProducer = await rawProduce(servers, `${topic}-raw`, events);
    // warm-up of both paths on a slice (JIT), then the measured runs, raw client first and last
    await brookPass(session, servers, topic, events, (df) => df);
    const raw1 = await rawKafkajs(servers, topic, events);
    const brookRaw = await brookPass(session, servers, topic, events, (df) => df);
    const brookParsed = await brookPass(session, servers, topic, events, (df) => seedPipeline(df.selectExpr('CAST(value AS STRING) AS value')));
    const raw2 = await rawKafkajs(servers, topic, events);
    const rawBest = Math.max(raw1.recordsPerSecond, raw2.recordsPerSecond);
    return {
      scenario: 'Kafka → noop: brook (raw records; seed parsing pipeline) vs kafkajs consumer, same topic',
      node: process.version,
      date: new Date().toISOString(),
      events,
      partitions,
      produceWithBrookKafkaSink: produce,
      produceWithKafkajsProducer: rawProducer,
      kafkajsConsumer: [raw1, raw2],
      brookRaw,
      brookParsed,
      brookRawVsKafkajs: Math.round((brookRaw.recordsPerSecond / rawBest) * 100) / 100,
      brookParsedVsKafkajs: Math.round((brookParsed.recordsPerSecond / rawBest) * 100) / 100,
    };
  } finally {
    await session.stop();
    if (dir !== undefined) runScript(['stop', '--dir', dir, '--clean']);
  }
}
