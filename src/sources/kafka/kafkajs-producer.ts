// A kafkajs producer behind the KafkaProducer interface: idempotent sends, transactions with group offsets, errors as BrookErrors naming the topics.
import type { Producer } from 'kafkajs';
import type { KafkaHeader, KafkaProducer, KafkaTransaction, OutgoingRecord } from './kafka-client.js';
import { toKafkaError } from './kafka-errors.js';

function toBytes(value: Uint8Array | string | null): Buffer | null {
  if (value === null) return null;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function outgoingHeaders(headers: readonly KafkaHeader[] | undefined): Record<string, Buffer | Buffer[]> | undefined {
  if (headers === undefined || headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const value = toBytes(h.value) ?? Buffer.alloc(0);
    const existing = out[h.key];
    out[h.key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** kafkajs's topicMessages for a list of records (grouped by topic, order kept within a topic). */
function topicMessages(records: readonly OutgoingRecord[]): { topic: string; messages: { key: Buffer | null; value: Buffer | null; partition?: number; headers?: Record<string, Buffer | Buffer[]>; timestamp?: string }[] }[] {
  const byTopic = new Map<string, { key: Buffer | null; value: Buffer | null; partition?: number; headers?: Record<string, Buffer | Buffer[]>; timestamp?: string }[]>();
  for (const r of records) {
    let list = byTopic.get(r.topic);
    if (list === undefined) byTopic.set(r.topic, (list = []));
    list.push({
      key: toBytes(r.key), value: toBytes(r.value), partition: r.partition, headers: outgoingHeaders(r.headers),
      timestamp: r.timestampMs === undefined ? undefined : String(r.timestampMs),
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** 'topic t' or 'topics a, b' for messages. */
function topicList(records: readonly OutgoingRecord[]): string {
  const topics = [...new Set(records.map((r) => r.topic))];
  return `${topics.length === 1 ? 'topic' : 'topics'} ${topics.map((t) => `'${t}'`).join(', ')}`;
}

/**
 * A kafkajs producer behind the KafkaProducer interface (made by KafkajsClient.createProducer).
 * @example const producer = await client.createProducer({}); await producer.send([{ topic: "t", key: null, value: "v" }]);
 */
export class KafkajsProducer implements KafkaProducer {
  constructor(private readonly producer: Producer, private readonly bootstrapServers: string, private readonly onClose: () => void) {}

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.producer.sendBatch({ topicMessages: topicMessages(records), acks: -1 });
    } catch (error) {
      throw toKafkaError(error, `writing ${records.length} records to ${topicList(records)}`, this.bootstrapServers);
    }
  }

  async beginTransaction(): Promise<KafkaTransaction> {
    const servers = this.bootstrapServers;
    let transaction: Awaited<ReturnType<Producer['transaction']>>;
    try {
      transaction = await this.producer.transaction();
    } catch (error) {
      throw toKafkaError(error, 'beginning a transaction', servers);
    }
    const guard = async (what: string, op: () => Promise<unknown>): Promise<void> => {
      try {
        await op();
      } catch (error) {
        throw toKafkaError(error, what, servers);
      }
    };
    return {
      send: (records) => guard(`writing ${records.length} records to ${topicList(records)} in a transaction`,
        () => (records.length === 0 ? Promise.resolve() : transaction.sendBatch({ topicMessages: topicMessages(records), acks: -1 }))),
      sendOffsets: (groupId, offsets) => guard(`adding offsets of group '${groupId}' to a transaction`, () => {
        const byTopic = new Map<string, { partition: number; offset: string }[]>();
        for (const o of offsets) {
          let list = byTopic.get(o.topic);
          if (list === undefined) byTopic.set(o.topic, (list = []));
          list.push({ partition: o.partition, offset: String(o.offset) });
        }
        return transaction.sendOffsets({ consumerGroupId: groupId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
      }),
      commit: () => guard('committing a transaction', () => transaction.commit()),
      abort: () => guard('aborting a transaction', () => transaction.abort()),
    };
  }

  async close(): Promise<void> {
    this.onClose();
    await this.producer.disconnect().catch(() => undefined);
  }
}
