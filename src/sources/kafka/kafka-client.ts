// The Kafka operations brook needs (metadata, offsets, exact offset-range reads, idempotent and transactional writes, group offsets), as an interface that hides the client library.

/** One partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A position in a partition: the offset of the next record to read (or, for a group, to process). */
export interface PartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** Offsets [from, to) of one partition. */
export interface OffsetRange extends TopicPartition {
  readonly from: number;
  readonly to: number;
}

/**
 * Which offset to look up per partition: the log start, the end (the last stable offset: read_committed), or the
 * first record whose timestamp is at or after `timestampMs`.
 */
export type OffsetSpec = { readonly kind: 'earliest' } | { readonly kind: 'latest' } | { readonly kind: 'timestamp'; readonly timestampMs: number };

/** A record header (Kafka allows a key to repeat; the order is the record's). */
export interface KafkaHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/** A record read from a partition. */
export interface KafkaRecord {
  readonly offset: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestampMs: number;
  /** 0 = CreateTime, 1 = LogAppendTime (the values of Spark's timestampType column). */
  readonly timestampType: number;
  readonly headers: readonly KafkaHeader[];
}

/** The committed records of one requested range, in offset order (aborted records and control markers left out). */
export interface RangeRecords extends OffsetRange {
  readonly records: readonly KafkaRecord[];
}

/** A record to write; without `partition` the default partitioner picks one (murmur2 of the key, Kafka's Java rule). */
export interface OutgoingRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key: Uint8Array | string | null;
  readonly value: Uint8Array | string | null;
  readonly headers?: readonly KafkaHeader[];
  readonly timestampMs?: number;
}

/** An open Kafka transaction: its records and group offsets become visible together on commit, or never. */
export interface KafkaTransaction {
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** Commits `offsets` to `groupId` as part of the transaction (TxnOffsetCommit). */
  sendOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ProducerOptions {
  /** Set for a transactional producer (initialising it fences older producers with the same id). */
  readonly transactionalId?: string;
  readonly transactionTimeoutMs?: number;
}

/** An idempotent producer (acks=all, one request in flight), optionally transactional. */
export interface KafkaProducer {
  /** Writes records outside any transaction (only for a non-transactional producer). */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** Begins a transaction (only for a transactional producer). */
  beginTransaction(): Promise<KafkaTransaction>;
  close(): Promise<void>;
}

/**
 * What brook asks of a Kafka client. Errors are BrookErrors: KAFKA_UNAVAILABLE (the broker could not be reached
 * within the retry window, naming the bootstrap servers), KAFKA_AUTHENTICATION_FAILED, KAFKA_UNKNOWN_TOPIC,
 * KAFKA_OFFSET_OUT_OF_RANGE (naming topic, partition and offset), KAFKA_ERROR (anything else the broker said).
 * @example
 * const client = createKafkajsClient(config);
 * const [end] = await client.listOffsets([{ topic: 'sales', partition: 0 }], { kind: 'latest' });
 * const [range] = await client.readRanges([{ topic: 'sales', partition: 0, from: 0, to: end.offset }]);
 */
export interface KafkaClient {
  /** The bootstrap servers, for messages. */
  readonly bootstrapServers: string;
  /** Every topic name of the cluster (internal topics excluded). */
  listTopics(): Promise<string[]>;
  /** The partition ids of each topic that exists; unknown (or deleted) topics are absent from the map. */
  describeTopics(topics: readonly string[]): Promise<Map<string, readonly number[]>>;
  /** One offset per requested partition, in request order; null when no record has a timestamp at or after the one asked. */
  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<(PartitionOffset | { readonly topic: string; readonly partition: number; readonly offset: null })[]>;
  /** Exactly the committed records with offsets in [from, to) of each range (read_committed), in request order. */
  readRanges(ranges: readonly OffsetRange[]): Promise<RangeRecords[]>;
  /** Stores offsets for a consumer group outside any group membership (for lag tools). */
  commitGroupOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void>;
  /** A group's committed offsets for the given topics, or for every topic it has offsets of (partitions without one are left out). */
  fetchGroupOffsets(groupId: string, topics?: readonly string[]): Promise<PartitionOffset[]>;
  /**
   * Creates a topic with `partitions` partitions (replication: the broker's default); false when it exists already.
   * A refusal is KAFKA_TOPIC_CREATION_FAILED with the broker's reason.
   */
  createTopic(topic: string, partitions: number): Promise<boolean>;
  createProducer(options: ProducerOptions): Promise<KafkaProducer>;
  close(): Promise<void>;
}

/** `topic-partition`, Kafka's own way to name a partition in messages. */
export function partitionName(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** TLS settings (PEM text, or a PKCS#12 keystore) for security.protocol SSL / SASL_SSL. */
export interface KafkaTlsConfig {
  readonly ca?: readonly string[];
  readonly cert?: string;
  readonly key?: string;
  readonly pfx?: Uint8Array;
  readonly passphrase?: string;
  /** false only when ssl.endpoint.identification.algorithm is '' (no host name check). */
  readonly checkHostName: boolean;
}

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How to reach and talk to the cluster: what the `kafka.*` options of a source or sink become. */
export interface KafkaClientConfig {
  readonly bootstrapServers: readonly string[];
  readonly clientId: string;
  readonly tls?: KafkaTlsConfig;
  readonly sasl?: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string };
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  /** How long an operation keeps retrying an unreachable broker before failing (Kafka's default.api.timeout.ms). */
  readonly apiTimeoutMs: number;
  /** First and largest pause between retries (retry.backoff.ms / retry.backoff.max.ms), doubling in between. */
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  /** Fetch sizes: per request and per partition (fetch.max.bytes / max.partition.fetch.bytes). */
  readonly fetchMaxBytes: number;
  readonly maxPartitionFetchBytes: number;
}
