// The Kafka source against the real broker: streaming with rate limits, batch ranges, starting positions, headers, new partitions, data loss, errors.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrookError, Session, col } from '../../src/index.js';
import type { DataFrame, StreamingQuery } from '../../src/index.js';
import { externalError } from '../../src/common/errors.js';
import type { KafkaClient, KafkaClientConfig } from '../../src/sources/kafka/kafka-client.js';
import { parseKafkaClientConfig } from '../../src/sources/kafka/kafka-options.js';
import { parseKafkaSourceOptions } from '../../src/sources/kafka/kafka-source-options.js';
import { KafkaSource, rateLimit } from '../../src/sources/kafka/kafka-source.js';
import { KafkajsClient } from '../../src/sources/kafka/kafkajs-client.js';
import { PartitionMap } from '../../src/sources/kafka/partition-map.js';
import { bootstrapServers, brookClient, createTopic, deleteRecordsBefore, deleteTopic, eventually, produce, uniqueTopic, withAdmin } from './kafka-test-support.js';

const session = Session.builder().appName('kafka-source-test').getOrCreate();

function kafkaStream(options: Record<string, string>): DataFrame {
  return session.readStream.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).options(options).load();
}

/** value as text with its partition and offset, the usual way to look at Kafka rows. */
function readable(df: DataFrame): DataFrame {
  return df.selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value', 'topic', 'partition', 'offset');
}

async function startMemory(df: DataFrame, name: string): Promise<StreamingQuery> {
  return df.writeStream.format('memory').queryName(name).outputMode('append').start();
}

async function rowsOf(name: string): Promise<Record<string, unknown>[]> {
  const rows = await session.table(name).collect();
  return rows.sort((a, b) => Number(a.partition) - Number(b.partition) || Number(a.offset) - Number(b.offset));
}

function queryName(prefix: string): string {
  return uniqueTopic(prefix).replace(/-/g, '_');
}

/** The error a promise fails with, and its message without the query's prefix ("Query q [id = …] terminated with exception in batch N: "). */
async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string; stack: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BrookError) {
      return { code: error.code, message: error.message.replace(/^Query \S+ \[id = [^\]]*\] terminated with exception in batch \d+: /, ''), stack: String(error.stack) };
    }
    throw error;
  }
  throw new Error('expected a failure');
}

describe('rateLimit (Spark maxOffsetsPerTrigger maths)', () => {
  it('prorates the limit by what each partition has, at least 1, never past the end', () => {
    const from = PartitionMap.of([[{ topic: 't', partition: 0 }, 0], [{ topic: 't', partition: 1 }, 0], [{ topic: 't', partition: 2 }, 5]]);
    const until = PartitionMap.of([[{ topic: 't', partition: 0 }, 30], [{ topic: 't', partition: 1 }, 1], [{ topic: 't', partition: 2 }, 5]]);
    // sizes 30, 1, 0 of 31: 10 × 30/31 = 9.67 → 9; 10 × 1/31 = 0.32 → 1 (ceil below 1); 0 → 0
    expect(rateLimit(10, from, until).toOffset()).toEqual({ t: { 0: 9, 1: 1, 2: 5 } });
  });
});

describe('Kafka source (streaming)', () => {
  it('reads with maxOffsetsPerTrigger in prorated batches, reports offsets, lag metrics, and commits the group', async () => {
    const topic = uniqueTopic('stream');
    await createTopic(topic, 2);
    await produce(topic, Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })));
    const name = queryName('rate_limited');
    const query = await startMemory(readable(kafkaStream({ subscribe: topic, startingOffsets: 'earliest', maxOffsetsPerTrigger: '8', 'kafka.group.id': `g-${topic}` })), name);
    try {
      await query.processAllAvailable();
      const progress = query.recentProgress;
      expect(progress.map((p) => p.numInputRows)).toEqual([8, 8, 4]);
      expect(progress.map((p) => p.sources[0]!.endOffset)).toEqual([
        `{"${topic}":{"0":4,"1":4}}`, `{"${topic}":{"0":8,"1":8}}`, `{"${topic}":{"0":10,"1":10}}`,
      ]);
      expect(progress[1]!.sources[0]!.startOffset).toBe(`{"${topic}":{"0":4,"1":4}}`);
      expect(progress[0]!.sources[0]!.description).toBe(`KafkaV2[Subscribe[${topic}]]`);
      expect(progress[0]!.sources[0]!.metrics).toEqual({ minOffsetsBehindLatest: '6', maxOffsetsBehindLatest: '6', avgOffsetsBehindLatest: '6.0' });
      expect(progress[2]!.sources[0]!.metrics).toEqual({ minOffsetsBehindLatest: '0', maxOffsetsBehindLatest: '0', avgOffsetsBehindLatest: '0.0' });
      const rows = await rowsOf(name);
      expect(rows).toEqual(Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, topic, partition: i % 2, offset: Math.floor(i / 2) }))
        .sort((a, b) => a.partition - b.partition || a.offset - b.offset));
      const client = brookClient();
      // group commits go out in the background, after the batch
      const committed = await eventually(() => client.fetchGroupOffsets(`g-${topic}`, [topic]), (o) => o.length === 2 && o.every((x) => x.offset === 10));
      expect(committed).toEqual([{ topic, partition: 0, offset: 10 }, { topic, partition: 1, offset: 10 }]);
      await client.close();
    } finally {
      await query.stop();
    }
  });

  it('starts from JSON offsets (-2 earliest, -1 latest), and from latest by default', async () => {
    const topic = uniqueTopic('json-start');
    await createTopic(topic, 3);
    await produce(topic, [0, 1, 2].flatMap((p) => Array.from({ length: 4 }, (_, i) => ({ partition: p, value: `p${p}-${i}` }))));
    const name = queryName('json_start');
    const query = await startMemory(readable(kafkaStream({ subscribe: topic, startingOffsets: JSON.stringify({ [topic]: { 0: 2, 1: -2, 2: -1 } }) })), name);
    const latestName = queryName('latest_start');
    const latestQuery = await startMemory(readable(kafkaStream({ subscribe: topic })), latestName);
    try {
      await query.processAllAvailable();
      await latestQuery.processAllAvailable();
      expect((await rowsOf(name)).map((r) => r.value)).toEqual(['p0-2', 'p0-3', 'p1-0', 'p1-1', 'p1-2', 'p1-3']);
      expect(await rowsOf(latestName)).toEqual([]);
      await produce(topic, [{ partition: 2, value: 'p2-new' }]);
      await query.processAllAvailable();
      await latestQuery.processAllAvailable();
      expect((await rowsOf(name)).map((r) => r.value)).toEqual(['p0-2', 'p0-3', 'p1-0', 'p1-1', 'p1-2', 'p1-3', 'p2-new']);
      expect((await rowsOf(latestName)).map((r) => [r.value, r.offset])).toEqual([['p2-new', 4]]);
    } finally {
      await query.stop();
      await latestQuery.stop();
    }
  });

  it('starts at a timestamp (startingTimestamp, startingOffsetsByTimestamp) and fails when no record reaches it', async () => {
    const topic = uniqueTopic('ts-start');
    await createTopic(topic, 2);
    const base = 1_700_000_000_000;
    await produce(topic, [0, 1].flatMap((p) => [1000, 2000, 3000].map((t, i) => ({ partition: p, value: `p${p}-${i}`, timestamp: String(base + t) }))));
    const global = queryName('ts_global');
    const q1 = await startMemory(readable(kafkaStream({ subscribe: topic, startingTimestamp: String(base + 1500) })), global);
    const perPartition = queryName('ts_partition');
    const q2 = await startMemory(readable(kafkaStream({ subscribe: topic, startingOffsetsByTimestamp: JSON.stringify({ [topic]: { 0: base + 2500, 1: base } }) })), perPartition);
    try {
      await q1.processAllAvailable();
      await q2.processAllAvailable();
      expect((await rowsOf(global)).map((r) => r.value)).toEqual(['p0-1', 'p0-2', 'p1-1', 'p1-2']);
      expect((await rowsOf(perPartition)).map((r) => r.value)).toEqual(['p0-2', 'p1-0', 'p1-1', 'p1-2']);
    } finally {
      await q1.stop();
      await q2.stop();
    }
    const q3 = await startMemory(readable(kafkaStream({ subscribe: topic, startingTimestamp: String(base + 9000) })), queryName('ts_none'));
    const error = await failureOf(q3.processAllAvailable());
    expect(error.code).toBe('KAFKA_NO_OFFSET_FOR_TIMESTAMP');
    expect(error.message).toMatch(new RegExp(`^No offset matched from request of topic-partition ${topic}-[01] and timestamp ${base + 9000} \\(option 'startingTimestamp'\\)`));
    const q4 = await startMemory(readable(kafkaStream({ subscribe: topic, startingTimestamp: String(base + 9000), startingOffsetsByTimestampStrategy: 'latest' })), queryName('ts_latest'));
    await q4.processAllAvailable();
    expect(q4.exception()).toBeNull();
    await q4.stop();
  });

  it('gives headers with includeHeaders, reads subscribePattern and assign, and picks up partitions added later', async () => {
    const prefix = uniqueTopic('pattern');
    const [a, b] = [`${prefix}-a`, `${prefix}-b`];
    await createTopic(a, 1);
    await createTopic(b, 1);
    await produce(a, [{ value: 'a0', headers: { h1: 'x', h2: ['y', 'z'] } }]);
    await produce(b, [{ value: 'b0' }]);
    const patternName = queryName('pattern');
    const pattern = await startMemory(kafkaStream({ subscribePattern: `${prefix}-.*`, startingOffsets: 'earliest', includeHeaders: 'true' })
      .selectExpr('CAST(value AS STRING) AS value', 'topic', 'headers'), patternName);
    const assignName = queryName('assign');
    const assign = await startMemory(readable(kafkaStream({ assign: JSON.stringify({ [b]: [0] }), startingOffsets: 'earliest' })), assignName);
    try {
      await pattern.processAllAvailable();
      await assign.processAllAvailable();
      const rows = (await session.table(patternName).collect()).sort((x, y) => String(x.value).localeCompare(String(y.value)));
      expect(rows.map((r) => [r.value, r.topic])).toEqual([['a0', a], ['b0', b]]);
      const headers = rows[0]!.headers as { key: string; value: Uint8Array }[];
      expect(headers.map((h) => [h.key, Buffer.from(h.value).toString()])).toEqual([['h1', 'x'], ['h2', 'y'], ['h2', 'z']]);
      expect(rows[1]!.headers).toEqual([]);
      expect((await rowsOf(assignName)).map((r) => r.value)).toEqual(['b0']);
      await withAdmin((admin) => admin.createPartitions({ topicPartitions: [{ topic: a, count: 2 }] }));
      await produce(a, [{ partition: 1, value: 'a-new-partition' }]);
      await new Promise((r) => setTimeout(r, 1100)); // partitions are rediscovered at most once a second
      await pattern.processAllAvailable();
      expect((await session.table(patternName).collect()).map((r) => r.value).sort()).toEqual(['a-new-partition', 'a0', 'b0']);
      expect(pattern.lastProgress!.sources[0]!.endOffset).toBe(`{"${a}":{"0":1,"1":1},"${b}":{"0":1}}`);
    } finally {
      await pattern.stop();
      await assign.stop();
    }
  });

  it('waits for minOffsetsPerTrigger until maxTriggerDelay passes', async () => {
    const topic = uniqueTopic('min-offsets');
    await createTopic(topic, 1);
    const name = queryName('min_offsets');
    const query = await startMemory(readable(kafkaStream({ subscribe: topic, startingOffsets: 'earliest', minOffsetsPerTrigger: '5', maxTriggerDelay: '2s' })), name);
    try {
      await produce(topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
      await query.processAllAvailable();
      expect(await rowsOf(name)).toEqual([]);
      await produce(topic, [{ value: 'd' }, { value: 'e' }]);
      await query.processAllAvailable();
      expect((await rowsOf(name)).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
      await produce(topic, [{ value: 'f' }]);
      await query.processAllAvailable();
      expect((await rowsOf(name)).length).toBe(5);
      await new Promise((r) => setTimeout(r, 2100));
      await query.processAllAvailable();
      expect((await rowsOf(name)).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    } finally {
      await query.stop();
    }
  });
});

describe('Kafka source (batch)', () => {
  it('reads exactly a fixed offset range (startingOffsets/endingOffsets JSON)', async () => {
    const topic = uniqueTopic('batch');
    await createTopic(topic, 2);
    await produce(topic, [0, 1].flatMap((p) => Array.from({ length: 6 }, (_, i) => ({ partition: p, key: `k${p}${i}`, value: `p${p}-${i}` }))));
    const df = session.read.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).options({
      subscribe: topic,
      startingOffsets: JSON.stringify({ [topic]: { 0: 2, 1: -2 } }),
      endingOffsets: JSON.stringify({ [topic]: { 0: 5, 1: 2 } }),
    }).load();
    const rows = (await readable(df).collect()).sort((a, b) => Number(a.partition) - Number(b.partition) || Number(a.offset) - Number(b.offset));
    expect(rows).toEqual([
      { key: 'k02', value: 'p0-2', topic, partition: 0, offset: 2 },
      { key: 'k03', value: 'p0-3', topic, partition: 0, offset: 3 },
      { key: 'k04', value: 'p0-4', topic, partition: 0, offset: 4 },
      { key: 'k10', value: 'p1-0', topic, partition: 1, offset: 0 },
      { key: 'k11', value: 'p1-1', topic, partition: 1, offset: 1 },
    ]);
    const all = await session.read.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).option('subscribe', topic).load()
      .filter(col('partition').equalTo(1)).count();
    expect(all).toBe(6);
  });

  it('checks batch-only rules', () => {
    const read = (options: Record<string, string>) => () => session.read.format('kafka').option('kafka.bootstrap.servers', bootstrapServers()).options(options).load();
    expect(read({ subscribe: 't', startingOffsets: 'latest' })).toThrow("starting offset can't be latest for batch queries on Kafka");
    expect(read({ subscribe: 't', endingOffsets: 'earliest' })).toThrow("ending offset can't be earliest for batch queries on Kafka");
    expect(read({ subscribe: 't', startingOffsets: '{"t":{"0":-1}}' })).toThrow("startingOffsets for t-0 can't be latest for batch queries on Kafka");
    expect(read({ subscribe: 't', endingOffsets: '{"t":{"0":-2}}' })).toThrow("endingOffsets for t-0 can't be earliest for batch queries on Kafka");
  });
});

describe('Kafka source data loss (failOnDataLoss)', () => {
  /** A query reads offsets 0-3 and stops; offsets 4-9 arrive, 4-6 go to "retention"; the query restarts from its checkpoint. */
  async function lossScenario(failOnDataLoss: string) {
    const topic = uniqueTopic('loss');
    await createTopic(topic, 1);
    await produce(topic, Array.from({ length: 4 }, (_, i) => ({ value: `v${i}` })));
    const name = queryName('loss');
    const checkpoint = mkdtempSync(join(tmpdir(), 'brook-kafka-loss-'));
    const start = () => readable(kafkaStream({ subscribe: topic, startingOffsets: 'earliest', failOnDataLoss }))
      .writeStream.format('memory').queryName(name).option('checkpointLocation', checkpoint).start();
    const first = await start();
    await first.processAllAvailable();
    await first.stop();
    await produce(topic, Array.from({ length: 6 }, (_, i) => ({ value: `v${i + 4}` })));
    await deleteRecordsBefore(topic, 0, 7);
    const query = await start();
    return { topic, name, query };
  }

  it('fails naming the topic, partition and lost offsets by default', async () => {
    const { topic, query } = await lossScenario('true');
    const error = await failureOf(query.processAllAvailable());
    expect(error.code).toBe('KAFKA_DATA_LOSS');
    expect(error.message).toBe(
      `Data loss in KafkaV2[Subscribe[${topic}]]: offsets [4, 7) of Kafka topic '${topic}' partition 0 are no longer available (the earliest offset is now 7): they were aged out by retention or deleted.\n`
      + "Hint: if the query should go on past lost data, set the source option failOnDataLoss to 'false'",
    );
    expect(query.isActive).toBe(false);
  });

  it('skips the lost offsets and reports them in metrics with failOnDataLoss=false', async () => {
    const { topic, name, query } = await lossScenario('false');
    try {
      await query.processAllAvailable();
      expect((await rowsOf(name)).map((r) => r.value)).toEqual(['v7', 'v8', 'v9']);
      expect(query.lastProgress!.sources[0]!.metrics).toEqual({
        minOffsetsBehindLatest: '0', maxOffsetsBehindLatest: '0', avgOffsetsBehindLatest: '0.0', skippedOffsets: '3', skippedRanges: `${topic}-0:[4,7)`,
      });
    } finally {
      await query.stop();
    }
  });

  it('fails on a deleted topic, or goes on without it with failOnDataLoss=false', async () => {
    const [kept, deleted] = [uniqueTopic('kept'), uniqueTopic('deleted')];
    await createTopic(kept, 1);
    await createTopic(deleted, 1);
    await produce(kept, [{ value: 'k0' }]);
    await produce(deleted, [{ value: 'd0' }]);
    const strict = await startMemory(readable(kafkaStream({ subscribe: `${kept},${deleted}`, startingOffsets: 'earliest' })), queryName('strict'));
    const lenientName = queryName('lenient');
    const lenient = await startMemory(readable(kafkaStream({ subscribe: `${kept},${deleted}`, startingOffsets: 'earliest', failOnDataLoss: 'false' })), lenientName);
    await strict.processAllAvailable();
    await lenient.processAllAvailable();
    await deleteTopic(deleted);
    await produce(kept, [{ value: 'k1' }]);
    await new Promise((r) => setTimeout(r, 1100));
    const error = await failureOf(strict.processAllAvailable());
    expect(error.code).toBe('KAFKA_DATA_LOSS');
    expect(error.message).toMatch(new RegExp(`^Data loss in KafkaV2\\[Subscribe\\[${kept},${deleted}\\]\\]: Kafka topic '${deleted}' partition 0 is gone \\(the topic was deleted\\) with offsets from 1 perhaps not read\\.\\n`));
    try {
      await lenient.processAllAvailable();
      expect((await rowsOf(lenientName)).map((r) => r.value).sort()).toEqual(['d0', 'k0', 'k1']);
      expect(lenient.lastProgress!.sources[0]!.metrics.skippedRanges).toBe(`${deleted}-0:gone`);
      expect(lenient.lastProgress!.sources[0]!.endOffset).toBe(`{"${kept}":{"0":2}}`);
    } finally {
      await lenient.stop();
    }
  });
});

describe('Kafka source errors', () => {
  it('fails clearly on an unknown topic', async () => {
    const topic = uniqueTopic('missing');
    const query = await startMemory(readable(kafkaStream({ subscribe: topic })), queryName('missing'));
    const error = await failureOf(query.processAllAvailable());
    expect(error.code).toBe('KAFKA_UNKNOWN_TOPIC');
    expect(error.message).toBe(
      `Kafka topic '${topic}' does not exist (bootstrap servers ${bootstrapServers()}); the kafka source option 'subscribe' names it\n`
      + 'Hint: create the topic first (brook never creates topics), or check the name',
    );
  });

  it('fails clearly when the broker cannot be reached, after retrying', async () => {
    const df = session.readStream.format('kafka').options({
      'kafka.bootstrap.servers': '127.0.0.1:1', subscribe: 't', 'kafka.default.api.timeout.ms': '1000',
    }).load();
    const query = await df.writeStream.format('memory').queryName(queryName('unreachable')).start();
    const error = await failureOf(query.processAllAvailable());
    expect(error.code).toBe('KAFKA_UNAVAILABLE');
    expect(error.message).toMatch(/^Kafka is unreachable at bootstrap servers 127\.0\.0\.1:1: describing topics t failed \d+ times over [01]\.\d s/);
  });

  it('rejects missing and malformed options with specific messages', () => {
    const load = (options: Record<string, string>, schema?: string) => () => {
      const reader = session.readStream.format('kafka').options(options);
      return (schema === undefined ? reader : reader.schema(schema)).load();
    };
    const servers = { 'kafka.bootstrap.servers': 'localhost:9092' };
    const cases: [Record<string, string>, string][] = [
      [{ subscribe: 't' }, "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer"],
      [servers, 'One of the following options must be specified for Kafka source: subscribe, subscribePattern, assign. See the docs for more details.'],
      [{ ...servers, subscribe: 't', assign: '{"t":[0]}' }, 'Only one of the following options can be specified for Kafka source: subscribe, subscribePattern, assign. See the docs for more details. (given: subscribe, assign)'],
      [{ ...servers, subscribe: ' , ' }, "No topics to subscribe to as specified value for option 'subscribe' is ' , '"],
      [{ ...servers, subscribePattern: '' }, "Pattern to subscribe is empty as specified value for option 'subscribePattern' is ''"],
      [{ ...servers, assign: '[0,1]' }, `Invalid value for option 'assign': expected e.g. {"topicA":[0,1],"topicB":[2,4]}, got [0,1]`],
      [{ ...servers, subscribe: 't', startingOffsets: 'newest' }, `Invalid value 'newest' for option 'startingOffsets': expected 'earliest', 'latest' or JSON such as {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}`],
      [{ ...servers, subscribe: 't', startingOffsets: '{"t":{"0":-3}}' }, `Invalid offset -3 for t-0 in option 'startingOffsets': expected an integer >= -2, e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}`],
      [{ ...servers, subscribe: 't', endingOffsets: 'latest' }, "Option 'endingOffsets' is not valid in streaming queries: it only applies to batch reads (session.read)"],
      [{ ...servers, subscribe: 't', maxOffsetsPerTrigger: '0' }, "Invalid value '0' for option 'maxOffsetsPerTrigger' of the kafka source: it must be a positive integer"],
      [{ ...servers, subscribe: 't', minOffsetsPerTrigger: '10', maxOffsetsPerTrigger: '5' }, 'The value of minOffsetPerTrigger(10) is higher than the maxOffsetsPerTrigger(5).'],
      [{ ...servers, subscribe: 't', failOnDataLoss: 'maybe' }, "Invalid value 'maybe' for option 'failOnDataLoss' of the kafka source: it must be 'true' or 'false'"],
      [{ ...servers, subscribe: 't', 'kafka.auto.offset.reset': 'earliest' }, "Kafka option 'auto.offset.reset' is not supported. Instead set the source option 'startingOffsets' to 'earliest' or 'latest' to specify where to start."],
      [{ 'kafka.bootstrap.servers': 'localhost', subscribe: 't' }, "Invalid broker address 'localhost' in option 'kafka.bootstrap.servers': expected host:port, e.g. localhost:9092"],
      [{ ...servers, subscribe: 't', 'kafka.security.protocol': 'TLS' }, "Invalid value 'TLS' for option 'kafka.security.protocol': it must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"],
      [{ ...servers, subscribe: 't', 'kafka.security.protocol': 'SASL_PLAINTEXT', 'kafka.sasl.jaas.config': 'x' }, "Unsupported value 'GSSAPI' for option 'kafka.sasl.mechanism' (Kafka's default is GSSAPI): brook supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512"],
      [{ ...servers, subscribe: 't', 'kafka.security.protocol': 'SASL_PLAINTEXT', 'kafka.sasl.mechanism': 'PLAIN', 'kafka.sasl.jaas.config': 'PlainLoginModule required password="s3cret";' },
        `Option 'kafka.sasl.jaas.config' must give a username and a password, e.g. org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="…";`],
    ];
    for (const [options, message] of cases) expect(load(options), JSON.stringify(options)).toThrow(message);
    expect(load({ ...servers, subscribe: 't' }, 'value STRING')).toThrow('Kafka source has a fixed schema and cannot be set with a custom one');
  });

  it('never shows secrets in descriptions, EXPLAIN, progress or errors', async () => {
    const secret = 'TopSecret-42';
    const df = session.readStream.format('kafka').options({
      'kafka.bootstrap.servers': '127.0.0.1:1', subscribe: 't', 'kafka.security.protocol': 'SASL_PLAINTEXT', 'kafka.sasl.mechanism': 'SCRAM-SHA-256',
      'kafka.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="${secret}";`,
      'kafka.default.api.timeout.ms': '300',
    }).load();
    const query = await df.writeStream.format('memory').queryName(queryName('secret')).start();
    const error = await failureOf(query.processAllAvailable());
    expect(query.explain(true)).toContain('KafkaV2[Subscribe[t]]');
    for (const text of [query.explain(true), error.message, JSON.stringify(query.recentProgress), String(error.stack)]) expect(text).not.toContain(secret);
  });
});

describe('group commits for lag tools', () => {
  function source(topic: string, group: string, createClient?: (c: KafkaClientConfig) => KafkaClient): KafkaSource {
    const options = { 'kafka.bootstrap.servers': bootstrapServers(), subscribe: topic, startingOffsets: 'earliest', 'kafka.group.id': group };
    return new KafkaSource(parseKafkaSourceOptions(options, false), parseKafkaClientConfig(options, 'source', 'brook-test'), { queryId: 'q', batch: false, createClient });
  }

  it('go out in the background, the newest end winning, and stop() waits for the last one', async () => {
    const topic = uniqueTopic('commits');
    await createTopic(topic, 1);
    await produce(topic, Array.from({ length: 6 }, (_, i) => ({ value: `v${i}` })));
    const s = source(topic, `g-${topic}`);
    const end = await s.latestOffset(null);
    expect(end).toEqual({ [topic]: { 0: 6 } });
    await s.commit({ [topic]: { 0: 2 } });
    await s.commit({ [topic]: { 0: 4 } });
    await s.commit(end!);
    await s.stop();
    const client = brookClient();
    expect(await client.fetchGroupOffsets(`g-${topic}`, [topic])).toEqual([{ topic, partition: 0, offset: 6 }]);
    await client.close();
    expect(s.metrics().groupCommitFailures).toBeUndefined();
  });

  it('a failed group commit is counted in the metrics and does not fail the batch', async () => {
    const topic = uniqueTopic('commit-fails');
    await createTopic(topic, 1);
    const failing = (c: KafkaClientConfig): KafkaClient => {
      const client = new KafkajsClient(c);
      client.commitGroupOffsets = () => Promise.reject(externalError('KAFKA_ERROR', 'the group coordinator refused the commit'));
      return client;
    };
    const s = source(topic, `g-${topic}`, failing);
    await expect(s.commit({ [topic]: { 0: 0 } })).resolves.toBeUndefined();
    await s.stop();
    expect(s.metrics().groupCommitFailures).toBe('1');
  });
});
