// Contract tests of the KafkaClient (kafkajs implementation) against the real broker: exact ranges, read_committed, offsets, groups, errors.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import kafkajs from 'kafkajs';
import { KafkajsClient } from '../../src/sources/kafka/kafkajs-client.js';
import { parseKafkaClientConfig } from '../../src/sources/kafka/kafka-options.js';
import { brookClient, createTopic, deleteRecordsBefore, eventually, produce, rawKafka, text, uniqueTopic } from './kafka-test-support.js';
import { rejectionOf } from '../support/errors.js';

const { Partitioners } = kafkajs;

async function transactionalProducer(id: string) {
  const producer = rawKafka().producer({ transactionalId: id, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

function bootstrapServersOf(client: { bootstrapServers: string }): string {
  return client.bootstrapServers.replace(/[.]/g, '[.]');
}

describe('KafkajsClient against a real broker', () => {
  it('reads exactly [from, to) across record batches and fetch rounds', async () => {
    const topic = uniqueTopic('exact');
    await createTopic(topic, 2);
    for (let b = 0; b < 3; b++) {
      await produce(topic, Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `v${b * 5 + i}` })));
    }
    await produce(topic, [{ partition: 1, value: 'p1-0' }, { partition: 1, value: 'p1-1' }]);
    // a tiny per-partition fetch size forces one record batch per fetch round
    const client = brookClient({ 'kafka.max.partition.fetch.bytes': '64' });
    try {
      const [a, b, c, d] = await client.readRanges([
        { topic, partition: 0, from: 3, to: 12 },
        { topic, partition: 1, from: 1, to: 2 },
        { topic, partition: 0, from: 7, to: 7 },
        { topic, partition: 0, from: 0, to: 15 },
      ]);
      expect(a!.records.map((r) => r.offset)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(a!.records.map((r) => text(r.value))).toEqual(['v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10', 'v11']);
      expect(b!.records.map((r) => text(r.value))).toEqual(['p1-1']);
      expect(c!.records).toEqual([]);
      expect(d!.records.length).toBe(15);
      const ends = await client.listOffsets([{ topic, partition: 0 }, { topic, partition: 1 }], { kind: 'latest' });
      expect(ends).toEqual([{ topic, partition: 0, offset: 15 }, { topic, partition: 1, offset: 2 }]);
    } finally {
      await client.close();
    }
  });

  it('gives keys, null values, headers (repeated keys kept), timestamps and the timestamp type', async () => {
    const topic = uniqueTopic('fields');
    await createTopic(topic, 1);
    await produce(topic, [
      { key: 'k1', value: 'hello', timestamp: '1700000000123', headers: { a: 'x', b: ['y', 'z'] } },
      { key: null, value: null, timestamp: '1700000000456' },
    ]);
    const client = brookClient();
    try {
      const [range] = await client.readRanges([{ topic, partition: 0, from: 0, to: 2 }]);
      const [first, second] = range!.records;
      expect(text(first!.key)).toBe('k1');
      expect(text(first!.value)).toBe('hello');
      expect(first!.timestampMs).toBe(1700000000123);
      expect(first!.timestampType).toBe(0);
      expect(first!.headers.map((h) => [h.key, text(h.value)])).toEqual([['a', 'x'], ['b', 'y'], ['b', 'z']]);
      expect(second!.key).toBeNull();
      expect(second!.value).toBeNull();
      expect(second!.headers).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('honours read_committed: aborted records and control markers are skipped, ranges over them are exact', async () => {
    const topic = uniqueTopic('txn');
    await createTopic(topic, 1);
    const producer = await transactionalProducer(`tx-${topic}`);
    try {
      const t1 = await producer.transaction();
      await t1.send({ topic, messages: [{ value: 'c1' }, { value: 'c2' }] }); // offsets 0, 1; commit marker 2
      await t1.commit();
      const t2 = await producer.transaction();
      await t2.send({ topic, messages: [{ value: 'a1' }, { value: 'a2' }] }); // offsets 3, 4; abort marker 5
      await t2.abort();
      const t3 = await producer.transaction();
      await t3.send({ topic, messages: [{ value: 'c3' }] }); // offset 6; commit marker 7
      await t3.commit();
    } finally {
      await producer.disconnect();
    }
    const client = brookClient();
    try {
      let end = 0;
      for (let i = 0; i < 50 && end < 8; i++) {
        end = (await client.listOffsets([{ topic, partition: 0 }], { kind: 'latest' }))[0]!.offset ?? 0;
        if (end < 8) await new Promise((r) => setTimeout(r, 100));
      }
      expect(end).toBe(8);
      const [all, aborted, across] = await client.readRanges([
        { topic, partition: 0, from: 0, to: 8 },
        { topic, partition: 0, from: 3, to: 6 },
        { topic, partition: 0, from: 1, to: 7 },
      ]);
      expect(all!.records.map((r) => [r.offset, text(r.value)])).toEqual([[0, 'c1'], [1, 'c2'], [6, 'c3']]);
      expect(aborted!.records).toEqual([]);
      expect(across!.records.map((r) => r.offset)).toEqual([1, 6]);
    } finally {
      await client.close();
    }
  });

  it('reports the last stable offset as the end while a transaction is open', async () => {
    const topic = uniqueTopic('lso');
    await createTopic(topic, 1);
    await produce(topic, [{ value: 'x0' }, { value: 'x1' }]);
    const producer = await transactionalProducer(`tx-${topic}`);
    const client = brookClient();
    try {
      const open = await producer.transaction();
      await open.send({ topic, messages: [{ value: 'pending' }] }); // offset 2, not committed yet
      const [during] = await client.listOffsets([{ topic, partition: 0 }], { kind: 'latest' });
      expect(during!.offset).toBe(2);
      const [before] = await client.readRanges([{ topic, partition: 0, from: 0, to: 2 }]);
      expect(before!.records.map((r) => text(r.value))).toEqual(['x0', 'x1']);
      await open.commit();
      let end = 2;
      for (let i = 0; i < 50 && end < 4; i++) {
        end = (await client.listOffsets([{ topic, partition: 0 }], { kind: 'latest' }))[0]!.offset ?? 0;
        if (end < 4) await new Promise((r) => setTimeout(r, 100));
      }
      expect(end).toBe(4);
      const [after] = await client.readRanges([{ topic, partition: 0, from: 2, to: 4 }]);
      expect(after!.records.map((r) => [r.offset, text(r.value)])).toEqual([[2, 'pending']]);
    } finally {
      await producer.disconnect();
      await client.close();
    }
  });

  it('lists earliest, latest and by-timestamp offsets, and fails to read offsets gone to retention', async () => {
    const topic = uniqueTopic('offsets');
    await createTopic(topic, 1);
    await produce(topic, [1000, 2000, 3000, 4000].map((t, i) => ({ value: `t${i}`, timestamp: String(1_700_000_000_000 + t) })));
    const client = brookClient();
    try {
      const tp = [{ topic, partition: 0 }];
      expect(await client.listOffsets(tp, { kind: 'earliest' })).toEqual([{ topic, partition: 0, offset: 0 }]);
      expect(await client.listOffsets(tp, { kind: 'timestamp', timestampMs: 1_700_000_001_500 })).toEqual([{ topic, partition: 0, offset: 1 }]);
      expect(await client.listOffsets(tp, { kind: 'timestamp', timestampMs: 1_700_000_009_000 })).toEqual([{ topic, partition: 0, offset: null }]);
      await deleteRecordsBefore(topic, 0, 2);
      expect(await client.listOffsets(tp, { kind: 'earliest' })).toEqual([{ topic, partition: 0, offset: 2 }]);
      const error = await rejectionOf(client.readRanges([{ topic, partition: 0, from: 0, to: 4 }]));
      expect(error.code).toBe('KAFKA_OFFSET_OUT_OF_RANGE');
      expect(error.message).toBe(
        `Kafka at ${inject('kafkaBootstrapServers')} has no longer (or not yet) topic '${topic}' partition 0 offset 0: it was aged out by retention or the topic was deleted and re-created`,
      );
    } finally {
      await client.close();
    }
  });

  it('describes topics (unknown ones absent), lists topics, and fails clearly on an unknown topic', async () => {
    const topic = uniqueTopic('meta');
    await createTopic(topic, 3);
    const client = brookClient();
    try {
      const described = await client.describeTopics([topic, `${topic}-missing`]);
      expect([...described]).toEqual([[topic, [0, 1, 2]]]);
      expect(await client.listTopics()).toContain(topic);
      expect((await client.listTopics()).some((t) => t.startsWith('__'))).toBe(false);
      const error = await rejectionOf(client.listOffsets([{ topic: `${topic}-missing`, partition: 0 }], { kind: 'latest' }));
      expect(error.code).toBe('KAFKA_UNKNOWN_TOPIC');
      expect(error.message).toContain(`listing latest offsets of ${topic}-missing-0`);
    } finally {
      await client.close();
    }
  });

  it('creates topics (false when the topic exists) and names the broker\'s reason for a refusal', async () => {
    const topic = uniqueTopic('created');
    const client = brookClient();
    try {
      expect(await client.createTopic(topic, 4)).toBe(true);
      expect([...await client.describeTopics([topic])]).toEqual([[topic, [0, 1, 2, 3]]]);
      expect(await client.createTopic(topic, 2)).toBe(false);
      expect([...await client.describeTopics([topic])]).toEqual([[topic, [0, 1, 2, 3]]]);
      const error = await rejectionOf(client.createTopic(`${topic}-none`, 0));
      expect(error.code).toBe('KAFKA_TOPIC_CREATION_FAILED');
      expect(error.message).toMatch(new RegExp(`^Kafka at ${bootstrapServersOf(client)} refused creating topic '${topic}-none' with 0 partitions: .*INVALID_PARTITIONS`));
    } finally {
      await client.close();
    }
  });

  it('commits group offsets outside a group and in a transaction (sendOffsets), and reads them back', async () => {
    const topic = uniqueTopic('groups');
    await createTopic(topic, 2);
    await produce(topic, [{ partition: 0, value: 'a' }, { partition: 1, value: 'b' }]);
    const client = brookClient();
    try {
      await client.commitGroupOffsets(`g-${topic}`, [{ topic, partition: 0, offset: 1 }, { topic, partition: 1, offset: 1 }]);
      expect(await client.fetchGroupOffsets(`g-${topic}`, [topic])).toEqual([{ topic, partition: 0, offset: 1 }, { topic, partition: 1, offset: 1 }]);
      const producer = await client.createProducer({ transactionalId: `tx-${topic}` });
      const transaction = await producer.beginTransaction();
      await transaction.send([{ topic, partition: 0, key: 'k', value: 'in-txn' }]);
      await transaction.sendOffsets(`t-${topic}`, [{ topic, partition: 0, offset: 2 }]);
      await transaction.commit();
      await producer.close();
      // the transaction's offsets become visible once the coordinator has written the commit markers
      expect(await eventually(() => client.fetchGroupOffsets(`t-${topic}`, [topic]), (o) => o.length > 0)).toEqual([{ topic, partition: 0, offset: 2 }]);
      const plain = await client.createProducer({});
      await plain.send([{ topic, partition: 1, key: null, value: 'plain', headers: [{ key: 'h', value: Buffer.from('1') }] }]);
      await plain.close();
      let end = 0;
      for (let i = 0; i < 50 && end < 3; i++) {
        end = (await client.listOffsets([{ topic, partition: 0 }], { kind: 'latest' }))[0]!.offset ?? 0;
        if (end < 3) await new Promise((r) => setTimeout(r, 100));
      }
      const [p0, p1] = await client.readRanges([{ topic, partition: 0, from: 0, to: 3 }, { topic, partition: 1, from: 0, to: 2 }]);
      expect(p0!.records.map((r) => text(r.value))).toEqual(['a', 'in-txn']);
      expect(p1!.records.map((r) => [text(r.value), r.headers.map((h) => `${h.key}=${text(h.value)}`)])).toEqual([['b', []], ['plain', ['h=1']]]);
    } finally {
      await client.close();
    }
  });

  it('retries an unreachable broker with backoff, then fails naming the bootstrap servers', async () => {
    const client = new KafkajsClient(parseKafkaClientConfig({
      'kafka.bootstrap.servers': '127.0.0.1:1', 'kafka.default.api.timeout.ms': '1500', 'kafka.retry.backoff.ms': '100',
    }, 'source', 'brook-test'));
    const started = Date.now();
    const error = await rejectionOf(client.listTopics());
    await client.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(error.code).toBe('KAFKA_UNAVAILABLE');
    expect(error.message).toMatch(/^Kafka is unreachable at bootstrap servers 127\.0\.0\.1:1: listing topics failed [3-9] times over 1\.\d s \(last error: .*ECONNREFUSED.*\)\nHint: check that the brokers run/);
  });

  it('authenticates with SASL PLAIN and SCRAM, and fails clearly on a wrong password (without showing it)', async () => {
    const sasl = inject('kafkaSaslBootstrapServers');
    expect(sasl, 'the suite needs a SASL_PLAINTEXT listener: set KAFKA_SASL_BOOTSTRAP_SERVERS with KAFKA_BOOTSTRAP_SERVERS').not.toBe('');
    const clientFor = (mechanism: string, password: string) => new KafkajsClient(parseKafkaClientConfig({
      'kafka.bootstrap.servers': sasl, 'kafka.security.protocol': 'SASL_PLAINTEXT', 'kafka.sasl.mechanism': mechanism,
      'kafka.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required username="brook" password="${password}";`,
    }, 'source', 'brook-test'));
    for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const good = clientFor(mechanism, 'brook-secret');
      expect(Array.isArray(await good.listTopics())).toBe(true);
      await good.close();
    }
    const bad = clientFor('SCRAM-SHA-256', 'not-the-password');
    const error = await rejectionOf(bad.listTopics());
    await bad.close();
    expect(error.code).toBe('KAFKA_AUTHENTICATION_FAILED');
    expect(error.message).toMatch(new RegExp(`^Authentication to Kafka at ${sasl.replace(/\./g, '\\.')} failed while listing topics: .*SCRAM`));
    expect(error.message).not.toContain('not-the-password');
  });
});
