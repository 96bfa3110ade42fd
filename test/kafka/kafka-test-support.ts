// Helpers for the Kafka suite: the broker address from the global setup, unique topics, raw kafkajs producers and consumers for checking.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { Admin, Message } from 'kafkajs';
import { inject } from 'vitest';
import type { KafkaClient } from '../../src/sources/kafka/kafka-client.js';
import { KafkajsClient } from '../../src/sources/kafka/kafkajs-client.js';
import { parseKafkaClientConfig } from '../../src/sources/kafka/kafka-options.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

export const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'kafka.mjs');

export function bootstrapServers(): string {
  return inject('kafkaBootstrapServers');
}

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function rawKafka(servers = bootstrapServers()): InstanceType<typeof Kafka> {
  return new Kafka({ brokers: [servers], clientId: 'brook-test', logLevel: logLevel.NOTHING });
}

/** Runs `fn` with a connected kafkajs admin. */
export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>, servers = bootstrapServers()): Promise<T> {
  const admin = rawKafka(servers).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopic(topic: string, partitions = 1, servers = bootstrapServers()): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  }, servers);
}

export async function deleteTopic(topic: string, servers = bootstrapServers()): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics: [topic] }), servers);
}

/** Moves a partition's log start to `offset` (what retention does), with Kafka's DeleteRecords. */
export async function deleteRecordsBefore(topic: string, partition: number, offset: number, servers = bootstrapServers()): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: String(offset) }] });
  }, servers);
}

/** Polls `read` until `done` holds for its result (or the time is up), and returns the last result. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** Writes messages with an idempotent kafkajs producer (one call = one request per partition). */
export async function produce(topic: string, messages: Message[], servers = bootstrapServers()): Promise<void> {
  const producer = rawKafka(servers).producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

/** The brook client used by sources and sinks, on the test broker. */
export function brookClient(extra: Record<string, string> = {}): KafkaClient {
  return new KafkajsClient(parseKafkaClientConfig({ 'kafka.bootstrap.servers': bootstrapServers(), ...extra }, 'source', 'brook-test'));
}

export interface ReadBack {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Every committed record of a topic (read_committed), sorted by partition and offset, with an independent kafkajs group consumer. */
export async function readAll(topic: string, expected: number, timeoutMs = 30_000, servers = bootstrapServers()): Promise<ReadBack[]> {
  const consumer = rawKafka(servers).consumer({ groupId: `check-${randomUUID()}`, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const out: ReadBack[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${out.length} of ${expected} records of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      const settle = (): void => {
        if (out.length >= expected) {
          clearTimeout(timer);
          // give a little time for unexpected extra records to show up
          setTimeout(resolve, 300);
        }
      };
      if (expected === 0) settle();
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join('|') : String(v);
          out.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
          settle();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Runs `node scripts/kafka.mjs ARGS…`; resolves with its exit code and output. */
export function runKafkaScript(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export function text(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}
