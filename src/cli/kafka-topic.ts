// Makes sure a Kafka topic exists before `brook generate` writes to it: looks it up with brook's client and creates it when it is missing.
import { externalError, userError } from '../common/errors.js';
import type { KafkaClient, KafkaClientConfig } from '../sources/kafka/kafka-client.js';

/** A topic ready to be written: its partition ids, and whether this call created it. */
export interface TopicInfo {
  readonly topic: string;
  readonly partitions: readonly number[];
  readonly created: boolean;
}

/**
 * Throws a user error when `topic` is not a legal Kafka topic name (Kafka's rule: 1 to 249 of [a-zA-Z0-9._-], not '.' or '..').
 * @example checkTopicName('nexmark-events') // ok
 */
export function checkTopicName(topic: string): void {
  if (topic === '' || topic.length > 249 || topic === '.' || topic === '..' || !/^[a-zA-Z0-9._-]+$/.test(topic)) {
    throw userError('INVALID_TOPIC', `Invalid Kafka topic name '${topic}': a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (and not '.' or '..')`);
  }
}

/**
 * The topic's partitions, creating the topic with `partitions` partitions (replication: the broker's default) when it
 * does not exist; an existing topic is used as it is, whatever its partition count. Unreachable brokers fail after the
 * client's retry window (kafka.default.api.timeout.ms) with KAFKA_UNAVAILABLE naming the bootstrap servers.
 * @example const { partitions, created } = await ensureTopic(client, config, 'nexmark', 3)
 */
export async function ensureTopic(client: KafkaClient, config: KafkaClientConfig, topic: string, partitions: number): Promise<TopicInfo> {
  checkTopicName(topic);
  const existing = (await client.describeTopics([topic])).get(topic);
  if (existing !== undefined && existing.length > 0) return { topic, partitions: existing, created: false };
  const created = await client.createTopic(topic, partitions);
  // metadata reaches every broker shortly after creation: read it again until it names the topic
  const deadline = Date.now() + config.apiTimeoutMs;
  for (;;) {
    const now = (await client.describeTopics([topic])).get(topic);
    if (now !== undefined && now.length > 0) return { topic, partitions: now, created };
    if (Date.now() > deadline) {
      throw externalError('KAFKA_TOPIC_CREATION_FAILED', `Kafka at ${client.bootstrapServers} does not show topic '${topic}' after creating it (waited ${config.apiTimeoutMs} ms)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
