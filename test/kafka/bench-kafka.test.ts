// The Kafka benchmark's measuring code on a real broker: batch latencies from record timestamps, and queries reading the Nexmark topic.
import { describe, expect, it } from 'vitest';
import { benchOptions, generatorReader } from '../../bench/nexmark.js';
import type { ReaderFactory } from '../../bench/nexmark.js';
import { kafkaBatchLatencies, kafkaReader } from '../../bench/nexmark-kafka.js';
import { BENCH_QUERIES } from '../../bench/nexmark-queries.js';
import { generateToKafka } from '../../src/cli/generate-command.js';
import { Session } from '../../src/index.js';
import { bootstrapServers, createTopic, produce, uniqueTopic } from './kafka-test-support.js';

const session = Session.builder().appName('bench-kafka-test').getOrCreate();
const EVENTS = 20_000;
const options = benchOptions({ events: String(EVENTS), batch: '5000', rate: '1000' });

/** A query's rows over every batch (or its second stage's answer), sorted, reading through `reader`. */
async function answer(name: string, reader: ReaderFactory): Promise<string[]> {
  const query = BENCH_QUERIES[name]!;
  const stage = query.secondStage?.(session);
  const rows: Record<string, unknown>[] = [];
  const running = await query.build(reader(session, query, options), options.rate).writeStream.outputMode(query.outputMode)
    .trigger({ availableNow: true })
    .foreachBatch(async (df, id) => { if (stage) await stage.run(df, id); else rows.push(...await df.collect()); })
    .start();
  await running.awaitTermination();
  return (stage ? stage.result() : rows).map((r) => JSON.stringify(r)).sort();
}

describe('the benchmark queries read from Kafka', () => {
  it('give the in-process answers on the events `brook generate` wrote (q2, q5, q8)', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('bench-nexmark');
    const summary = await generateToKafka({
      generator: 'nexmark', bootstrapServers: bootstrapServers(), topic, events: EVENTS, rate: options.rate, paced: false,
      partitions: 2, seed: options.seed, startTimestampMs: 1_700_000_000_000,
    });
    expect(summary.events).toBe(EVENTS);
    for (const name of ['q2', 'q5', 'q8']) {
      const fromKafka = await answer(name, kafkaReader(bootstrapServers(), topic, options.batch));
      const inProcess = await answer(name, generatorReader);
      expect(fromKafka.length, name).toBeGreaterThan(0);
      expect(fromKafka, name).toEqual(inProcess);
    }
  });
});

describe('kafkaBatchLatencies', () => {
  it('measures each batch from the Kafka timestamp of the newest record it read, skipping empty and warm-up batches', async () => {
    const topic = uniqueTopic('bench-latency');
    await createTopic(topic, 2);
    // partition 0: offsets 0..9 at 1000, 1100, …, 1900; partition 1: offsets 0..9 at 1050, 1150, …, 1950
    await produce(topic, Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `a${i}`, timestamp: String(1_000 + i * 100) })));
    await produce(topic, Array.from({ length: 10 }, (_, i) => ({ partition: 1, value: `b${i}`, timestamp: String(1_050 + i * 100) })));
    const batches = [
      { batchId: 0, batchEndMs: 1_300, numInputRows: 2, endOffsets: { 0: 1, 1: 1 } }, // newest 1050: inside the 0.2 s warm-up
      { batchId: 1, batchEndMs: 2_000, numInputRows: 8, endOffsets: { 0: 5, 1: 5 } }, // newest max(1400, 1450)
      { batchId: 2, batchEndMs: 2_100, numInputRows: 0, endOffsets: { 0: 5, 1: 5 } }, // a no-data batch
      { batchId: 3, batchEndMs: 3_000, numInputRows: 5, endOffsets: { 0: 10, 1: 5 } }, // only partition 0 moved: 1900
      { batchId: 4, batchEndMs: 2_500, numInputRows: 5, endOffsets: { 0: 10, 1: 10 } }, // only partition 1: 1950
    ];
    const { latencies, events } = await kafkaBatchLatencies(bootstrapServers(), topic, batches, 0.2);
    expect(latencies).toEqual([2_000 - 1_450, 3_000 - 1_900, 2_500 - 1_950]);
    expect(events).toBe(8 + 5 + 5);
  });
});
