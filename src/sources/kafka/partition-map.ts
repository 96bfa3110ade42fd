// A map from Kafka topic-partition to an offset (or timestamp), and its JSON form as Spark writes Kafka offsets: {"topic":{"0":534,"1":498}}.
import { externalError } from '../../common/errors.js';
import type { Offset } from '../source.js';
import type { TopicPartition } from './kafka-client.js';

/**
 * Offsets per topic and partition, iterated in topic then partition order.
 * @example PartitionMap.fromOffset({ sales: { '0': 5 } }).get({ topic: 'sales', partition: 0 }) // 5
 */
export class PartitionMap {
  private readonly topics = new Map<string, Map<number, number>>();

  get size(): number {
    let n = 0;
    for (const partitions of this.topics.values()) n += partitions.size;
    return n;
  }

  get(tp: TopicPartition): number | undefined {
    return this.topics.get(tp.topic)?.get(tp.partition);
  }

  has(tp: TopicPartition): boolean {
    return this.get(tp) !== undefined;
  }

  set(tp: TopicPartition, value: number): this {
    let partitions = this.topics.get(tp.topic);
    if (partitions === undefined) this.topics.set(tp.topic, (partitions = new Map()));
    partitions.set(tp.partition, value);
    return this;
  }

  delete(tp: TopicPartition): void {
    const partitions = this.topics.get(tp.topic);
    partitions?.delete(tp.partition);
    if (partitions?.size === 0) this.topics.delete(tp.topic);
  }

  /** The partitions, sorted by topic then partition. */
  partitions(): TopicPartition[] {
    return this.entries().map(([tp]) => tp);
  }

  entries(): [TopicPartition, number][] {
    const out: [TopicPartition, number][] = [];
    for (const topic of [...this.topics.keys()].sort()) {
      const partitions = this.topics.get(topic)!;
      for (const partition of [...partitions.keys()].sort((a, b) => a - b)) out.push([{ topic, partition }, partitions.get(partition)!]);
    }
    return out;
  }

  clone(): PartitionMap {
    const out = new PartitionMap();
    for (const [tp, v] of this.entries()) out.set(tp, v);
    return out;
  }

  /** Spark's JSON offset: {"topic":{"0":534,"1":498}}, topics and partitions in order. */
  toOffset(): Offset {
    const out: Record<string, Record<string, number>> = {};
    for (const [tp, v] of this.entries()) (out[tp.topic] ??= {})[String(tp.partition)] = v;
    return out;
  }

  static of(entries: Iterable<readonly [TopicPartition, number]>): PartitionMap {
    const out = new PartitionMap();
    for (const [tp, v] of entries) out.set(tp, v);
    return out;
  }

  /** Reads an offset the runtime logged; a malformed one (a damaged checkpoint) is an external error. */
  static fromOffset(offset: Offset): PartitionMap {
    const bad = (): never => {
      throw externalError('INVALID_KAFKA_OFFSET', `Invalid Kafka source offset ${JSON.stringify(offset)}: expected e.g. {"topic":{"0":534,"1":498}}`);
    };
    if (typeof offset !== 'object' || offset === null || Array.isArray(offset)) return bad();
    const out = new PartitionMap();
    for (const [topic, partitions] of Object.entries(offset)) {
      if (typeof partitions !== 'object' || partitions === null || Array.isArray(partitions)) return bad();
      for (const [p, v] of Object.entries(partitions)) {
        if (!/^\d+$/.test(p) || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return bad();
        out.set({ topic, partition: Number(p) }, v);
      }
    }
    return out;
  }
}
