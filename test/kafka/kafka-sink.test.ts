// The Kafka sink against the real broker: columns to records, topic option and column, schema errors, exactly-once batches (replays skipped, zombies fenced).
import { describe, expect, it } from 'vitest';
import { MemoryStream, Session } from '../../src/index.js';
import { parseSchema } from '../../src/common/schema-parser.js';
import { rowsToRecordBatch } from '../../src/compute/arrow-bridge.js';
import type { SinkContext } from '../../src/sinks/sink.js';
import type { KafkaSink } from '../../src/sinks/kafka/kafka-sink.js';
import { kafkaSinkProvider } from '../../src/sinks/kafka/kafka-sink.js';
import { bootstrapServers, brookClient, createTopic, eventually, readAll, uniqueTopic } from './kafka-test-support.js';
import { rejectionOf } from '../support/errors.js';

const session = Session.builder().appName('kafka-sink-test').getOrCreate();

function sinkContext(queryId: string): SinkContext {
  return { queryId, queryName: undefined, outputMode: 'append', timeZone: 'UTC', memoryTables: new Map(), out: { write: () => true } };
}

describe('Kafka sink', () => {
  it('writes value, key, partition and headers columns to the topic option (at-least-once, idempotent producer)', async () => {
    const topic = uniqueTopic('sink-basic');
    await createTopic(topic, 2);
    const input = MemoryStream.create(session, 'key STRING, value BINARY, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>');
    const query = await input.toDF().writeStream.format('kafka')
      .option('kafka.bootstrap.servers', bootstrapServers()).option('topic', topic).start();
    try {
      const bytes = (s: string) => new TextEncoder().encode(s);
      await input.addData([
        { key: 'k1', value: bytes('v1'), partition: 1, headers: [{ key: 'h', value: bytes('x') }, { key: 'h', value: bytes('y') }] },
        { key: null, value: bytes('v2'), partition: 0, headers: [] },
        { key: 'k3', value: null, partition: 1, headers: null },
      ]);
      await query.processAllAvailable();
      expect(query.lastProgress!.sink.description).toBe(`KafkaSink[topic=${topic}]`);
    } finally {
      await query.stop();
    }
    expect(await readAll(topic, 3)).toEqual([
      { partition: 0, offset: 0, key: null, value: 'v2', headers: {} },
      { partition: 1, offset: 0, key: 'k1', value: 'v1', headers: { h: 'x|y' } },
      { partition: 1, offset: 1, key: 'k3', value: null, headers: {} },
    ]);
  });

  it('routes rows by a topic column, and the topic option overrides it', async () => {
    const [a, b, c] = [uniqueTopic('sink-a'), uniqueTopic('sink-b'), uniqueTopic('sink-c')];
    for (const t of [a, b, c]) await createTopic(t, 1);
    const sink = kafkaSinkProvider.createSink({ 'kafka.bootstrap.servers': bootstrapServers() }, sinkContext('routes'));
    const schema = parseSchema('topic STRING, value STRING');
    await sink.addBatch(0, [rowsToRecordBatch(schema, [{ topic: a, value: 'to-a' }, { topic: b, value: 'to-b' }, { topic: a, value: 'to-a-2' }])], schema, 'append');
    const override = kafkaSinkProvider.createSink({ 'kafka.bootstrap.servers': bootstrapServers(), topic: c }, sinkContext('override'));
    await override.addBatch(0, [rowsToRecordBatch(schema, [{ topic: a, value: 'to-c' }])], schema, 'append');
    const nullTopic = rejectionOf(sink.addBatch(1, [rowsToRecordBatch(schema, [{ topic: null, value: 'x' }])], schema, 'append'));
    expect((await nullTopic).message).toBe('null topic present in the data. Use the topic option for setting a topic.');
    const missing = await rejectionOf(sink.addBatch(2, [rowsToRecordBatch(schema, [{ topic: `${a}-missing`, value: 'x' }])], schema, 'append'));
    expect(missing.code).toBe('KAFKA_UNKNOWN_TOPIC');
    expect(missing.message).toMatch(new RegExp(`^Kafka at ${bootstrapServers().replace(/\./g, '\\.')} does not know the topic or partition while writing 1 records to topic '${a}-missing': `));
    await sink.stop();
    await override.stop();
    expect((await readAll(a, 2)).map((r) => r.value)).toEqual(['to-a', 'to-a-2']);
    expect((await readAll(b, 1)).map((r) => r.value)).toEqual(['to-b']);
    expect((await readAll(c, 1)).map((r) => r.value)).toEqual(['to-c']);
  });

  it('checks the input columns with Spark\'s messages', async () => {
    const sink = kafkaSinkProvider.createSink({ 'kafka.bootstrap.servers': bootstrapServers() }, sinkContext('schema'));
    const cases: [string, string][] = [
      ['key STRING', "Required attribute 'value' not found"],
      ['value INT, topic STRING', 'value attribute type must be a string or binary (it is int)'],
      ['key INT, value STRING, topic STRING', 'key attribute type must be a string or binary (it is int)'],
      ['value STRING', "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic."],
      ['value STRING, topic INT', 'topic attribute type must be a string (it is int)'],
      ['value STRING, topic STRING, partition STRING', 'partition attribute type must be an int (it is string)'],
      ['value STRING, topic STRING, headers ARRAY<STRING>', 'headers attribute type must be an array<struct<key:string,value:binary>> (it is array<string>)'],
    ];
    for (const [ddl, message] of cases) {
      const schema = parseSchema(ddl);
      expect((await rejectionOf(sink.addBatch(0, [], schema, 'append'))).message, ddl).toBe(message);
    }
    expect(() => kafkaSinkProvider.createSink({ topic: 't' }, sinkContext('x'))).toThrow("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
    expect(() => kafkaSinkProvider.createSink({ 'kafka.bootstrap.servers': 'h:1', 'kafka.value.serializer': 'x' }, sinkContext('x')))
      .toThrow("Kafka option 'value.serializer' is not supported, as values are serialized as byte arrays.");
    expect(() => kafkaSinkProvider.createSink({ 'kafka.bootstrap.servers': 'h:1', exactlyOnce: 'yes' }, sinkContext('x')))
      .toThrow("Invalid value 'yes' for option 'exactlyOnce' of the kafka sink: it must be 'true' or 'false'");
  });

  it('exactly-once: one transaction per batch, a replayed batch id is skipped after a restart, an older instance is fenced', async () => {
    const topic = uniqueTopic('sink-eos');
    await createTopic(topic, 1);
    const options = { 'kafka.bootstrap.servers': bootstrapServers(), topic, exactlyOnce: 'true' };
    const schema = parseSchema('value STRING');
    const rows = (batch: number) => [rowsToRecordBatch(schema, [{ value: `b${batch}-r0` }, { value: `b${batch}-r1` }])];
    const queryId = `eos-${topic}`;
    const first = kafkaSinkProvider.createSink(options, sinkContext(queryId)) as KafkaSink;
    expect(first.description).toBe(`KafkaSink[topic=${topic}, exactlyOnce, transactional.id=brook-${queryId}-sink]`);
    await first.addBatch(0, rows(0), schema, 'complete');
    await first.addBatch(1, rows(1), schema, 'complete');
    await first.addBatch(1, rows(1), schema, 'complete'); // a re-run in the same process
    expect(first.lastCommittedBatchId).toBe(1);
    // a restart: a new instance with the same query id re-runs batch 1 (its commit was logged by Kafka, not by the runtime)
    const second = kafkaSinkProvider.createSink(options, sinkContext(queryId)) as KafkaSink;
    await second.addBatch(1, rows(1), schema, 'complete');
    expect(second.lastCommittedBatchId).toBe(1);
    await second.addBatch(2, rows(2), schema, 'complete');
    // the first instance is a zombie now: its transactional id was taken over
    const zombie = await rejectionOf(first.addBatch(3, rows(3), schema, 'complete'));
    expect(zombie.code).toBe('KAFKA_ERROR');
    expect(zombie.message).toMatch(/fenced|epoch|PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/i);
    await first.stop();
    await second.stop();
    expect((await readAll(topic, 6)).map((r) => r.value)).toEqual(['b0-r0', 'b0-r1', 'b1-r0', 'b1-r1', 'b2-r0', 'b2-r1']);
    const client = brookClient();
    const markers = await eventually(() => client.fetchGroupOffsets(`brook-${queryId}-sink-batches`), (m) => m.length > 0);
    expect(markers).toEqual([{ topic, partition: 0, offset: 3 }]);
    await client.close();
  });

  it('exactly-once from a streaming query: every batch once for a read_committed consumer', async () => {
    const topic = uniqueTopic('sink-eos-query');
    await createTopic(topic, 3);
    const input = MemoryStream.create(session, 'key STRING, value STRING');
    const query = await input.toDF().writeStream.format('kafka')
      .option('kafka.bootstrap.servers', bootstrapServers()).option('topic', topic).option('exactlyOnce', 'true').start();
    try {
      for (let b = 0; b < 3; b++) {
        await input.addData(Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `b${b}-${i}` })));
        await query.processAllAvailable();
      }
    } finally {
      await query.stop();
    }
    const values = (await readAll(topic, 30)).map((r) => r.value).sort();
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => `b${Math.floor(i / 10)}-${i % 10}`).sort());
  });
});
