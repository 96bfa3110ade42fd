// KafkaClient over kafkajs 2.2.4: exact offset-range reads through kafkajs's own Cluster and Broker.fetch (internals, version pinned), the rest through its public API.
//
// kafkajs has no consumer.assign() (its issue #373), and a group consumer cannot read an exact range without joining
// a group per read. So ranges are read one level lower, with the Cluster object kafkajs builds for its own consumers:
//   cluster = kafka[Symbol 'private:Kafka:createCluster']({ isolationLevel: READ_COMMITTED })   (config, SASL, TLS as given)
//   until every range [from, to) is done:
//     refresh metadata for the ranges' topics; group the unfinished ranges by partition leader
//     per leader, one Fetch request (fetchOffset = the range's position) → decoded record batches:
//       keep records with position <= offset < to; drop control records and the records of aborted transactions
//       (the response's aborted-transactions list, as Java's read_committed consumer does);
//       position = end of the last batch returned (batches emptied by compaction or aborts still move it on)
//     a range that does not move while its position is at the last stable offset fails after the retry window
// Every call retries connection failures with exponential backoff until `apiTimeoutMs`, then fails naming the brokers.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionOptions } from 'node:tls';
import kafkajs from 'kafkajs';
import type { KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { externalError, internalError } from '../../common/errors.js';
import { classifyKafkaFailure, kafkaErrorMessage, kafkaErrorPartition, toKafkaError } from './kafka-errors.js';
import type {
  KafkaClient, KafkaClientConfig, KafkaHeader, KafkaProducer, KafkaRecord, OffsetRange, OffsetSpec,
  PartitionOffset, ProducerOptions, RangeRecords, TopicPartition,
} from './kafka-client.js';
import { partitionName } from './kafka-client.js';
import { KafkajsProducer } from './kafkajs-producer.js';

const { Kafka, Partitioners, logLevel } = kafkajs;

/** The only kafkajs version whose internals (Cluster, Broker.fetch, record decoding) this file was written against. */
export const KAFKAJS_VERSION = '2.2.4';
const READ_COMMITTED = 1;
const FETCH_MAX_WAIT_MS = 250;

interface RawRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer | null | (Buffer | null)[]>;
  readonly isControlRecord: boolean;
  readonly batchContext: {
    readonly firstOffset: string;
    readonly lastOffsetDelta: number;
    readonly producerId: string;
    readonly inTransaction: boolean;
    readonly timestampType: number;
  };
}

interface FetchPartition {
  readonly partition: number;
  readonly lastStableOffset: string;
  readonly abortedTransactions: readonly { readonly producerId: string; readonly firstOffset: string }[] | null;
  readonly messages: readonly RawRecord[];
}

interface InternalBroker {
  fetch(request: {
    isolationLevel: number; maxWaitTime: number; minBytes: number; maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchPartition[] }[] }>;
  offsetCommit(request: {
    groupId: string; groupGenerationId: number; memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

interface TopicMetadata {
  readonly topic: string;
  readonly isInternal?: boolean;
  readonly partitionMetadata: readonly { readonly partitionId: number; readonly leader: number }[];
}

interface InternalCluster {
  readonly brokerPool: { metadata: { topicMetadata: readonly TopicMetadata[] } | null; refreshMetadata(topics: string[]): Promise<void> };
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Null when the connection to the brokers was lost while the request was out (the broker pool drops its metadata). */
  metadata(): Promise<{ topicMetadata: readonly TopicMetadata[] } | null>;
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[]):
    Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

type CreateCluster = (options: { allowAutoTopicCreation: boolean; isolationLevel: number; metadataMaxAge: number }) => InternalCluster;

/**
 * The metadata kafkajs answered with, or a connection failure (retried like one) when it answered null: the broker pool
 * drops its metadata when the connection goes away while a request is out, as when a broker stops.
 */
function loadedMetadata<T>(metadata: T | null | undefined): T {
  if (metadata === null || metadata === undefined) {
    throw Object.assign(new Error('the connection to the brokers was lost while loading metadata'), { name: 'KafkaJSMetadataNotLoaded' });
  }
  return metadata;
}

/** The per-topic errors of kafkajs's aggregate error (CreateTopics answers one error per topic) as text, if it is one. */
function topicErrors(error: unknown): string | undefined {
  const errors = typeof error === 'object' && error !== null ? (error as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors.map((e: unknown) => {
    const { message, type } = (typeof e === 'object' && e !== null ? e : {}) as { message?: unknown; type?: unknown };
    const text = typeof message === 'string' ? message : String(e);
    return typeof type === 'string' && !text.includes(type) ? `${text} [${type}]` : text;
  }).join('; ');
}

function checkKafkajsVersion(): void {
  const version = (createRequire(import.meta.url)('kafkajs/package.json') as { version: string }).version;
  if (version !== KAFKAJS_VERSION) {
    throw internalError(`the Kafka range reader uses kafkajs ${KAFKAJS_VERSION} internals, but kafkajs ${version} is installed: pin kafkajs to ${KAFKAJS_VERSION}`);
  }
  quietRequestQueueTimer();
}

interface InternalRequestQueue {
  readonly pending: readonly unknown[];
  readonly throttledUntil: number;
  readonly throttleCheckTimeoutId: unknown;
  scheduleCheckPendingRequests(): void;
}

let requestQueuePatched = false;

/**
 * kafkajs 2.2.4's request queue, with nothing pending and no throttle (throttledUntil starts at -1), arms a timer of
 * `throttledUntil − now` ms: a negative delay that Node runs after 1 ms and that Node ≥ 24 reports as a
 * TimeoutNegativeWarning on stderr for every connection. That timer has nothing to do (no request waits), so it is
 * not armed; with requests pending or a throttle in force kafkajs schedules as before.
 */
function quietRequestQueueTimer(): void {
  if (requestQueuePatched) return;
  requestQueuePatched = true;
  const queue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as { prototype?: InternalRequestQueue };
  const proto = queue.prototype;
  const schedule = proto?.scheduleCheckPendingRequests;
  if (proto === undefined || typeof schedule !== 'function') {
    throw internalError(`kafkajs ${KAFKAJS_VERSION} no longer has RequestQueue.scheduleCheckPendingRequests: the Kafka client needs updating`);
  }
  proto.scheduleCheckPendingRequests = function scheduleUnlessIdle(this: InternalRequestQueue): void {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now() && !this.throttleCheckTimeoutId) return;
    schedule.call(this);
  };
}

function tlsOptions(config: KafkaClientConfig): ConnectionOptions | undefined {
  const tls = config.tls;
  if (tls === undefined) return undefined;
  return {
    ca: tls.ca === undefined ? undefined : [...tls.ca],
    cert: tls.cert,
    key: tls.key,
    pfx: tls.pfx === undefined ? undefined : Buffer.from(tls.pfx),
    passphrase: tls.passphrase,
    checkServerIdentity: tls.checkHostName ? undefined : () => undefined,
  };
}

function kafkajsConfig(config: KafkaClientConfig): KafkaConfig {
  const sasl: SASLOptions | undefined = config.sasl === undefined ? undefined
    : { mechanism: config.sasl.mechanism, username: config.sasl.username, password: config.sasl.password } as SASLOptions;
  return {
    brokers: [...config.bootstrapServers],
    clientId: config.clientId,
    ssl: tlsOptions(config),
    sasl,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // kafkajs's own retries stay short: brook's outer loop below owns the retry window
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  };
}

const NO_HEADERS: readonly KafkaHeader[] = Object.freeze([]);

function incomingHeaders(headers: RawRecord['headers']): readonly KafkaHeader[] {
  let out: KafkaHeader[] | undefined;
  for (const key in headers) {
    out ??= [];
    const value = headers[key];
    if (Array.isArray(value)) for (const v of value) out.push({ key, value: v ?? null });
    else out.push({ key, value: value ?? null });
  }
  return out ?? NO_HEADERS;
}

/** One range being read: its position and the records kept so far. */
interface RangeState {
  readonly range: OffsetRange;
  position: number;
  readonly records: KafkaRecord[];
  /** When the position last moved (for the stuck-range check). */
  movedAt: number;
  lastStableOffset: number;
}

/** The offset after the last record batch of a fetched partition (0 when it returned none). */
function fetchedEnd(data: FetchPartition): number {
  const last = data.messages[data.messages.length - 1];
  return last === undefined ? 0 : Number(last.batchContext.firstOffset) + last.batchContext.lastOffsetDelta + 1;
}

/** Adds a partition's fetched records to its range; returns nothing, moves `state.position`. */
function applyFetch(state: RangeState, data: FetchPartition, now: number): void {
  const { to } = state.range;
  const start = state.position;
  const aborted = data.abortedTransactions === null ? [] : [...data.abortedTransactions].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  const abortedProducers = new Set<string>();
  let nextAborted = 0;
  let end = start;
  let lastContext: RawRecord['batchContext'] | undefined;
  for (const m of data.messages) {
    const context = m.batchContext;
    if (context !== lastContext) {
      lastContext = context;
      const batchEnd = Number(context.firstOffset) + context.lastOffsetDelta + 1;
      if (batchEnd > end) end = batchEnd;
    }
    const offset = Number(m.offset);
    while (nextAborted < aborted.length && Number(aborted[nextAborted]!.firstOffset) <= offset) abortedProducers.add(aborted[nextAborted++]!.producerId);
    if (m.isControlRecord) {
      // control record key: int16 version, int16 type (0 = abort, 1 = commit): an abort ends the producer's aborted run
      if (m.key !== null && m.key.length >= 4 && m.key.readInt16BE(2) === 0) abortedProducers.delete(context.producerId);
      continue;
    }
    if (offset < start || offset >= to) continue;
    if (context.inTransaction && abortedProducers.has(context.producerId)) continue;
    state.records.push({
      offset,
      key: m.key,
      value: m.value,
      timestampMs: Number(m.timestamp),
      timestampType: context.timestampType,
      headers: incomingHeaders(m.headers),
    });
  }
  state.lastStableOffset = Number(data.lastStableOffset);
  const next = Math.min(end, to);
  if (next > state.position) {
    state.position = next;
    state.movedAt = now;
  }
}

/**
 * A KafkaClient on kafkajs (see the file header for the range-read technique).
 * @example const client = new KafkajsClient(parseKafkaClientConfig({ 'kafka.bootstrap.servers': 'localhost:9092' }, 'source'));
 */
export class KafkajsClient implements KafkaClient {
  readonly bootstrapServers: string;
  private readonly config: KafkaClientConfig;
  private readonly kafka: InstanceType<typeof Kafka>;
  private readonly createCluster: CreateCluster;
  private cluster: InternalCluster | undefined;
  private admin: ReturnType<InstanceType<typeof Kafka>['admin']> | undefined;
  private readonly producers = new Set<Producer>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(config: KafkaClientConfig) {
    checkKafkajsVersion();
    this.config = config;
    this.bootstrapServers = config.bootstrapServers.join(',');
    this.kafka = new Kafka(kafkajsConfig(config));
    const symbol = Object.getOwnPropertySymbols(this.kafka).find((s) => s.description === 'private:Kafka:createCluster');
    const factory = symbol === undefined ? undefined : (this.kafka as unknown as Record<symbol, unknown>)[symbol];
    if (typeof factory !== 'function') throw internalError(`kafkajs ${KAFKAJS_VERSION} no longer has its private createCluster: the Kafka range reader needs updating`);
    this.createCluster = factory as CreateCluster;
  }

  /** Runs one operation at a time on this client (kafkajs's cluster metadata is shared state). */
  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connected(): Promise<InternalCluster> {
    if (this.cluster === undefined) {
      const cluster = this.createCluster({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED, metadataMaxAge: 300_000 });
      await cluster.connect();
      this.cluster = cluster;
    }
    return this.cluster;
  }

  private async resetConnections(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = undefined;
    await cluster?.disconnect().catch(() => undefined);
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /**
   * Runs `op`, retrying connection failures (reconnecting first) and retriable broker errors with exponential backoff
   * until the retry window (apiTimeoutMs) is over; other failures end it at once.
   */
  private async withRetry<T>(what: string, op: () => Promise<T>): Promise<T> {
    const started = Date.now();
    let backoff = this.config.retryBackoffMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (error) {
        const kind = classifyKafkaFailure(error);
        if (kind !== 'connection' && kind !== 'retriable') throw toKafkaError(error, what, this.bootstrapServers);
        const elapsed = Date.now() - started;
        if (elapsed + backoff > this.config.apiTimeoutMs) {
          const seconds = (elapsed / 1000).toFixed(1);
          const head = kind === 'connection' ? `Kafka is unreachable at bootstrap servers ${this.bootstrapServers}` : `Kafka at ${this.bootstrapServers} kept failing`;
          throw externalError('KAFKA_UNAVAILABLE', `${head}: ${what} failed ${attempt} times over ${seconds} s (last error: ${kafkaErrorMessage(error)})`, {
            hint: 'check that the brokers run and that kafka.bootstrap.servers names them; option kafka.default.api.timeout.ms sets how long brook retries',
            cause: error,
          });
        }
        if (kind === 'connection') await this.resetConnections();
        await sleep(Math.round(backoff * (0.8 + Math.random() * 0.4)));
        backoff = Math.min(backoff * 2, this.config.retryBackoffMaxMs);
      }
    }
  }

  /** Loads metadata for exactly these topics (all must exist). */
  private async metadataFor(cluster: InternalCluster, topics: readonly string[]): Promise<Map<string, TopicMetadata>> {
    await cluster.brokerPool.refreshMetadata([...new Set(topics)]);
    const out = new Map<string, TopicMetadata>();
    for (const t of loadedMetadata(cluster.brokerPool.metadata).topicMetadata) out.set(t.topic, t);
    return out;
  }

  async listTopics(): Promise<string[]> {
    return this.exclusive(() => this.withRetry('listing topics', async () => {
      const { topicMetadata } = loadedMetadata(await (await this.connected()).metadata());
      return topicMetadata.filter((t) => t.isInternal !== true && !t.topic.startsWith('__')).map((t) => t.topic).sort();
    }));
  }

  async describeTopics(topics: readonly string[]): Promise<Map<string, readonly number[]>> {
    if (topics.length === 0) return new Map();
    return this.exclusive(() => this.withRetry(`describing topics ${topics.join(', ')}`, async () => {
      const cluster = await this.connected();
      const { topicMetadata } = loadedMetadata(await cluster.metadata());
      const out = new Map<string, readonly number[]>();
      const wanted = new Set(topics);
      for (const t of topicMetadata) {
        if (wanted.has(t.topic)) out.set(t.topic, t.partitionMetadata.map((p) => p.partitionId).sort((a, b) => a - b));
      }
      return out;
    }));
  }

  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<{ topic: string; partition: number; offset: number | null }[]> {
    if (partitions.length === 0) return [];
    const what = `listing ${spec.kind} offsets of ${partitions.map(partitionName).join(', ')}`;
    return this.exclusive(() => this.withRetry(what, async () => {
      const cluster = await this.connected();
      const byTopic = new Map<string, { partition: number }[]>();
      for (const p of partitions) {
        let list = byTopic.get(p.topic);
        if (list === undefined) byTopic.set(p.topic, (list = []));
        list.push({ partition: p.partition });
      }
      await this.metadataFor(cluster, [...byTopic.keys()]);
      const request = [...byTopic].map(([topic, list]) => ({
        topic, partitions: list,
        ...(spec.kind === 'timestamp' ? { fromTimestamp: spec.timestampMs } : { fromBeginning: spec.kind === 'earliest' }),
      }));
      const response = await cluster.fetchTopicsOffset(request);
      const found = new Map<string, number>();
      for (const t of response) for (const p of t.partitions) found.set(partitionName({ topic: t.topic, partition: p.partition }), Number(p.offset));
      return partitions.map((p) => {
        const offset = found.get(partitionName(p));
        if (offset === undefined) throw externalError('KAFKA_UNKNOWN_TOPIC', `Kafka at ${this.bootstrapServers} returned no offset for partition ${partitionName(p)}`);
        return { topic: p.topic, partition: p.partition, offset: offset < 0 ? null : offset };
      });
    }));
  }

  async readRanges(ranges: readonly OffsetRange[]): Promise<RangeRecords[]> {
    const now = Date.now();
    const states: RangeState[] = ranges.map((range) => ({ range, position: range.from, records: [], movedAt: now, lastStableOffset: -1 }));
    return this.exclusive(async () => {
      for (;;) {
        // one range per partition at a time: a Fetch request names a partition once
        const seen = new Set<string>();
        const open = states.filter((s) => {
          if (s.position >= s.range.to || seen.has(partitionName(s.range))) return false;
          seen.add(partitionName(s.range));
          return true;
        });
        if (open.length === 0) break;
        await this.withRetry(`reading ${open.map((s) => `${partitionName(s.range)} [${s.position}, ${s.range.to})`).join(', ')}`, () => this.readOpen(open));
      }
      return states.map((s) => ({ ...s.range, records: s.records }));
    });
  }

  /** Reads the open ranges to their ends, one pipelined fetch loop per partition leader. */
  private async readOpen(open: readonly RangeState[]): Promise<void> {
    const cluster = await this.connected();
    const metadata = await this.metadataFor(cluster, open.map((s) => s.range.topic));
    const byLeader = new Map<number, RangeState[]>();
    for (const s of open) {
      const leader = metadata.get(s.range.topic)?.partitionMetadata.find((p) => p.partitionId === s.range.partition)?.leader;
      if (leader === undefined) {
        throw externalError('KAFKA_UNKNOWN_TOPIC', `Kafka topic '${s.range.topic}' has no partition ${s.range.partition} (bootstrap servers ${this.bootstrapServers})`);
      }
      if (leader < 0) throw Object.assign(new Error(`partition ${partitionName(s.range)} has no leader`), { name: 'KafkaJSBrokerNotFound' });
      let list = byLeader.get(leader);
      if (list === undefined) byLeader.set(leader, (list = []));
      list.push(s);
    }
    await Promise.all([...byLeader].map(async ([leader, list]) => this.readFromLeader(await cluster.findBroker({ nodeId: String(leader) }), list)));
  }

  /**
   * Fetch loop for the ranges led by one broker: the next Fetch (positions from the batch ends of the response just
   * received) is in flight while the records of the current one are filtered and kept.
   */
  private async readFromLeader(broker: InternalBroker, states: readonly RangeState[]): Promise<void> {
    let active = states.filter((s) => s.position < s.range.to);
    let pending = this.fetchFrom(broker, active, new Map(active.map((s) => [s, s.position])));
    while (active.length > 0) {
      const { response, byPartition } = await pending;
      const next = new Map<RangeState, number>();
      const data = new Map<RangeState, FetchPartition>();
      for (const t of response.responses) {
        for (const p of t.partitions) {
          const state = byPartition.get(partitionName({ topic: t.topicName, partition: p.partition }));
          if (state === undefined) continue;
          data.set(state, p);
          next.set(state, Math.min(state.range.to, Math.max(state.position, fetchedEnd(p))));
        }
      }
      const still = active.filter((s) => (next.get(s) ?? s.position) < s.range.to);
      if (still.length > 0) pending = this.fetchFrom(broker, still, new Map(still.map((s) => [s, next.get(s) ?? s.position])));
      const now = Date.now();
      for (const [state, p] of data) applyFetch(state, p, now);
      for (const s of still) {
        if (now - s.movedAt > this.config.apiTimeoutMs) {
          throw externalError('KAFKA_RANGE_UNAVAILABLE',
            `Offsets [${s.position}, ${s.range.to}) of Kafka topic '${s.range.topic}' partition ${s.range.partition} could not be read within ${this.config.apiTimeoutMs} ms: the partition's last stable offset is ${s.lastStableOffset}`);
        }
      }
      active = still;
    }
  }

  /** One Fetch request (its failure is kept in the promise, so a pipelined request never goes unhandled). */
  private fetchFrom(broker: InternalBroker, states: readonly RangeState[], positions: ReadonlyMap<RangeState, number>):
    Promise<{ response: Awaited<ReturnType<InternalBroker['fetch']>>; byPartition: Map<string, RangeState> }> {
    const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
    const byPartition = new Map<string, RangeState>();
    for (const s of states) {
      let partitions = byTopic.get(s.range.topic);
      if (partitions === undefined) byTopic.set(s.range.topic, (partitions = []));
      partitions.push({ partition: s.range.partition, fetchOffset: String(positions.get(s) ?? s.position), maxBytes: this.config.maxPartitionFetchBytes });
      byPartition.set(partitionName(s.range), s);
    }
    const request = broker.fetch({
      isolationLevel: READ_COMMITTED, maxWaitTime: FETCH_MAX_WAIT_MS, minBytes: 1, maxBytes: this.config.fetchMaxBytes,
      topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    }).then((response) => ({ response, byPartition }), (error: unknown) => {
      if (classifyKafkaFailure(error) !== 'offset-out-of-range') throw error;
      const where = kafkaErrorPartition(error);
      const state = where === undefined ? undefined : byPartition.get(partitionName(where));
      const detail = state === undefined ? 'the requested offset' : `topic '${state.range.topic}' partition ${state.range.partition} offset ${positions.get(state) ?? state.position}`;
      throw externalError('KAFKA_OFFSET_OUT_OF_RANGE', `Kafka at ${this.bootstrapServers} has no longer (or not yet) ${detail}: it was aged out by retention or the topic was deleted and re-created`, { cause: error });
    });
    request.catch(() => undefined);
    return request;
  }

  async commitGroupOffsets(groupId: string, offsets: readonly PartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.exclusive(() => this.withRetry(`committing offsets of consumer group '${groupId}'`, async () => {
      const cluster = await this.connected();
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      const byTopic = new Map<string, { partition: number; offset: string }[]>();
      for (const o of offsets) {
        let list = byTopic.get(o.topic);
        if (list === undefined) byTopic.set(o.topic, (list = []));
        list.push({ partition: o.partition, offset: String(o.offset) });
      }
      // generation -1 and no member id: a commit from outside any group membership (what admin tools do)
      await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
    }));
  }

  async fetchGroupOffsets(groupId: string, topics?: readonly string[]): Promise<PartitionOffset[]> {
    return this.exclusive(() => this.withRetry(`reading offsets of consumer group '${groupId}'`, async () => {
      const response = await (await this.connectedAdmin()).fetchOffsets({ groupId, topics: topics === undefined ? undefined : [...topics] });
      const out: PartitionOffset[] = [];
      for (const t of response) {
        for (const p of t.partitions) if (Number(p.offset) >= 0) out.push({ topic: t.topic, partition: p.partition, offset: Number(p.offset) });
      }
      return out;
    }));
  }

  /** kafkajs's admin client, connected on first use (reset with the other connections). */
  private async connectedAdmin(): Promise<NonNullable<KafkajsClient['admin']>> {
    if (this.admin === undefined) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async createTopic(topic: string, partitions: number): Promise<boolean> {
    const what = `creating topic '${topic}' with ${partitions} partitions`;
    return this.exclusive(() => this.withRetry(what, async () => {
      const admin = await this.connectedAdmin();
      try {
        return await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true, timeout: Math.max(5000, this.config.requestTimeoutMs) });
      } catch (error) {
        const detail = topicErrors(error);
        if (detail === undefined) throw error;
        throw externalError('KAFKA_TOPIC_CREATION_FAILED', `Kafka at ${this.bootstrapServers} refused ${what}: ${detail}`, {
          hint: 'create the topic yourself (kafka-topics.sh --create) and run again: an existing topic is used as it is',
          cause: error,
        });
      }
    }));
  }

  async createProducer(options: ProducerOptions): Promise<KafkaProducer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionalId: options.transactionalId,
      transactionTimeout: options.transactionTimeoutMs,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const what = options.transactionalId === undefined ? 'connecting a producer' : `initialising transactional producer '${options.transactionalId}'`;
    await this.withRetry(what, () => producer.connect());
    this.producers.add(producer);
    return new KafkajsProducer(producer, this.bootstrapServers, () => { this.producers.delete(producer); });
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.resetConnections();
      await Promise.all([...this.producers].map((p) => p.disconnect().catch(() => undefined)));
      this.producers.clear();
    });
  }
}
